import { describe, expect, it } from 'vitest';
import { entryLoader, storedEntryOf, type Entry } from '../../src/engine/stored-entry.js';

const SHA = (c: string): string => c.repeat(64);

/** A plain how-to article as most of a tree's are: no problems, no files, one folder of its own. */
function plainEntry(): Entry {
  return {
    size: 812,
    mtimeMs: 1796190761898.7046,
    sha256: SHA('a'),
    bodySha256: SHA('b'),
    targets: { articles: [], files: [] },
    bodyStored: true,
    compiled: {
      key: 'central/network/reset-vpn-token',
      kind: 'markdown',
      contentPath: 'central/network/reset-vpn-token.md',
      displayPath: 'content/central/network/reset-vpn-token.md',
      kb: { kind: 'central' },
      folders: ['network'],
      title: 'Reset a VPN token',
      draft: false,
      tags: [],
      headings: [],
      diagnostics: [],
      extraFaqLists: [],
      publicLinks: {},
      sourceSha256: SHA('a'),
    },
    resolved: { replacements: [], diagnostics: [], faqLists: ['central/network'], attachments: [], crossLinks: [], hash: SHA('c') },
  };
}

/** A company's PDF with a sidecar, an `id:` of its own, a public link and a warning. */
function fullEntry(): Entry {
  const warning = { severity: 'warning' as const, ruleId: 'damaged-pdf', file: 'content/companies/contoso/printers/manual.pdf', message: 'This PDF may be damaged.' };
  return {
    size: 30_000_000,
    mtimeMs: 1796190000000,
    sha256: SHA('d'),
    sidecar: { size: 120, mtimeMs: 1796190000001, sha256: SHA('e') },
    bodySha256: SHA('f'),
    targets: { articles: ['central/network/reset-vpn-token.md'], files: ['companies/contoso/printers/manual.pdf'] },
    bodyStored: true,
    compiled: {
      key: 'contoso-printer-manual',
      kind: 'pdf',
      contentPath: 'companies/contoso/printers/manual.pdf',
      displayPath: 'content/companies/contoso/printers/manual.pdf',
      kb: { kind: 'company', folder: 'contoso' },
      folders: ['printers'],
      title: 'Floor 3 printer manual',
      draft: true,
      tags: ['printers'],
      summary: 'The vendor manual.',
      reviewDate: '2027-01-01',
      headings: ['setup'],
      pdf: { pageCount: 12, documentTitle: 'LaserJet' },
      diagnostics: [warning],
      extraFaqLists: ['hardware'],
      publicLinks: { 'manual.pdf': 'https://files.contoso.example/manual.pdf' },
      publicLink: 'https://files.contoso.example/manual.pdf',
      sourceSha256: SHA('d'),
      sidecarSha256: SHA('e'),
    },
    resolved: {
      replacements: ['https://files.contoso.example/manual.pdf'],
      diagnostics: [warning],
      faqLists: ['companies/contoso/printers', 'companies/contoso/hardware'],
      attachments: [{ path: 'companies/contoso/printers/manual.pdf', size: 30_000_000, sha256: SHA('d'), mode: 'link', url: 'https://files.contoso.example/manual.pdf' }],
      crossLinks: [{ key: 'central/network/reset-vpn-token', anchor: 'steps' }],
      hash: SHA('0'),
    },
  };
}

/** Through the store and back: what the store keeps, as JSON, read by a loader for `content`. */
function roundTrip(p: string, entry: Entry): { stored: Record<string, unknown>; loaded: Entry } {
  const text = JSON.stringify(storedEntryOf(p, entry));
  return { stored: JSON.parse(text) as Record<string, unknown>, loaded: entryLoader('content')(p, JSON.parse(text)) };
}

describe('stored entries', () => {
  it('leave out what the path gives, the repeated source hash, and every empty part of a plain article', () => {
    const { stored } = roundTrip('central/network/reset-vpn-token.md', plainEntry());
    expect(stored).toEqual({
      size: 812,
      mtimeMs: 1796190761898.7046,
      sha256: SHA('a'),
      bodySha256: SHA('b'),
      targets: {},
      compiled: { kind: 'markdown', title: 'Reset a VPN token' },
      resolved: { faqLists: ['central/network'], hash: SHA('c') },
    });
  });

  it.each([
    ['a plain article', 'central/network/reset-vpn-token.md', plainEntry],
    ['a company PDF with a sidecar, its own id and every part filled', 'companies/contoso/printers/manual.pdf', fullEntry],
  ])('come back whole: %s', (_what, p, make) => {
    expect(roundTrip(p, make()).loaded).toStrictEqual(make());
  });

  it('keep a compiled article without source hashes as one (a source too large to read)', () => {
    const entry = plainEntry();
    delete entry.compiled.sourceSha256;
    const { stored, loaded } = roundTrip('central/network/reset-vpn-token.md', entry);
    expect(stored['compiled']).toMatchObject({ sourceSha256: '' });
    expect(loaded.compiled).not.toHaveProperty('sourceSha256');
    expect(loaded).toStrictEqual(entry);
  });

  it('give back empty parts that cannot be changed in place, so one article never changes another', () => {
    const { loaded } = roundTrip('central/network/reset-vpn-token.md', plainEntry());
    expect(() => loaded.compiled.diagnostics.push(fullEntry().compiled.diagnostics[0]!)).toThrow(TypeError);
    expect(() => loaded.compiled.tags.push('vpn')).toThrow(TypeError);
  });
});
