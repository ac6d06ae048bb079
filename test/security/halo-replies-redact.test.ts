/** `redact` masks a secret in every form it can be echoed in, and nothing else. */
import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, redact, registerSecret } from '../../src/secrets.js';
import { leakedForms, secretForms } from './secret-forms.js';

afterEach(() => clearSecrets());

const NASTY = `p@ss w"rd\\ (x)!'~* Ünïcødé ☃ 𝄞 <&> end`;
const ID = 'halo-kb client';

describe('every encoding of a registered secret is masked', () => {
  for (const [name, form] of Object.entries(secretForms(NASTY, ID))) {
    it(name, () => {
      registerSecret(NASTY);
      const text = `Halo said: received ${form} (that was it).`;
      const shown = redact(text);
      expect(leakedForms(shown, NASTY, ID)).toEqual([]);
      expect(shown.startsWith('Halo said: received ')).toBe(true);
      expect(shown.endsWith(' (that was it).')).toBe(true);
      expect(shown).toContain('***');
    });
  }

  it('inside a longer base64 blob, at every alignment', () => {
    registerSecret(NASTY);
    for (const prefix of ['', 'a', 'ab', 'abc', 'Authorization: Basic ']) {
      const blob = Buffer.from(`${prefix}${NASTY}--trailing bytes`).toString('base64');
      const shown = redact(`header: ${blob}`);
      expect(shown).toContain('***');
      // What is left of the blob decodes to no more than a byte or two of the secret at each end.
      const left = shown.replace('header: ', '').split('***');
      expect(left.join('').length).toBeLessThan(blob.length - Math.floor((NASTY.length * 4) / 3) + 4);
    }
  });

  it('a token made of letters and digits is masked as it is', () => {
    registerSecret('4f1c0ffee9a2b7d3e5');
    expect(redact('Authorization: Bearer 4f1c0ffee9a2b7d3e5, again 4f1c0ffee9a2b7d3e5')).toBe('Authorization: Bearer ***, again ***');
  });

  it('ordinary text is left alone', () => {
    registerSecret(NASTY);
    registerSecret('emulator-secret');
    const text = 'error: Halo rejected the client credentials (invalid_client) at http://127.0.0.1:8765/auth/token. p@ss w';
    expect(redact(text)).toBe(text);
  });

  it('short values are not treated as secrets', () => {
    registerSecret('abc');
    expect(redact('abc abc')).toBe('abc abc');
  });
});
