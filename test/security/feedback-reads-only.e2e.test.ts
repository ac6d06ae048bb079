/**
 * `halo-kb feedback` reads only, and never shows a secret: whatever the format and with every
 * request logged, the client secret and the tokens stay out of its output, nothing is written to
 * Halo, and the state manifest is left as it was.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishProject, SECRET } from '../publish/publish-fixture.js';

describe('halo-kb feedback', () => {
  it('writes nothing to Halo or the manifest, and shows no secret in any format', async () => {
    const p = await publishProject();
    expect((await p.run('publish')).code).toBe(0);
    const manifestFile = path.join(p.root, 'state', 'manifest.json');
    const manifest = await readFile(manifestFile, 'utf8');
    p.emulator.resetStats();
    for (const format of ['text', 'markdown', 'json']) {
      const r = await p.run('feedback', '--format', format, '--verbose', '--top', '3');
      expect(r.code).toBe(0);
      expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/access_token|Bearer /i);
      // --verbose logs each request by method and path only.
      expect(r.stderr).toContain('GET /api/KBArticle -> 200');
    }
    expect(p.writes()).toBe(0);
    expect(await readFile(manifestFile, 'utf8')).toBe(manifest);
  });
});
