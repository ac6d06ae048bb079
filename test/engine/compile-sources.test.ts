/**
 * A source whose compile throws becomes an article with one error that says whose it is to fix:
 * the writer's (the file cannot be read) or halo-kb's (compiling failed), never a crashed build.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSettingsOf } from '../../src/compile/compile-settings.js';
import { loadTemplates } from '../../src/compile/template.js';
import { loadConfig } from '../../src/config/load.js';
import { scanContent } from '../../src/content/scan.js';
import { compileSources } from '../../src/engine/compile-sources.js';
import { makeProject } from '../helpers/temp-tree.js';

async function project() {
  const root = await makeProject({
    'content/central/network/vpn.md': '---\ntitle: Connecting to the VPN\n---\n\nInstall the VPN client from the Company Portal.\n',
    'content/central/network/wifi.md': '---\ntitle: Guest Wi-Fi\n---\n\nThe guest network password changes every Monday.\n',
  });
  const { config } = await loadConfig({ cwd: root, env: {} });
  const settings = compileSettingsOf(config, await loadTemplates(config.templatesDir));
  const { sources } = await scanContent(config.contentDir, config.root);
  return { root, settings, sources };
}

describe('compileSources', () => {
  it("gives a source the system cannot read the writer's error, with the system's reason, and compiles the rest", async () => {
    const { root, settings, sources } = await project();
    // A folder where the scan saw a file (replaced by a checkout between the scan and the compile).
    const folder = path.join(root, 'content/central/network/wifi-folder');
    await mkdir(folder);
    const [vpn, wifi] = sources;
    const results = await compileSources([vpn!, { ...wifi!, absPath: folder }], settings);
    expect(results[0]!.diagnostics).toEqual([]);
    expect(results[1]).toMatchObject({ title: 'Wifi', html: '', refs: [] });
    expect(results[1]!.diagnostics).toEqual([
      {
        ruleId: 'source-unreadable',
        severity: 'error',
        file: 'content/central/network/wifi.md',
        message: 'The file cannot be read: EISDIR: illegal operation on a directory, read',
        hint: 'Check the file and its permissions, then save it again.',
      },
    ]);
  });

  it("gives a compile that fails inside halo-kb its own error, which does not send the writer to the file's permissions", async () => {
    const { settings, sources } = await project();
    // Templates that are not text: rendering one fails in halo-kb's code, not in the file.
    const broken = { ...settings, templates: { article: 42 as unknown as string, pdf: '' } };
    const results = await compileSources(sources, broken);
    expect(results.map((r) => r.diagnostics.map((d) => d.ruleId))).toEqual([['compile-failed'], ['compile-failed']]);
    expect(results[0]!.diagnostics[0]).toEqual({
      ruleId: 'compile-failed',
      severity: 'error',
      file: 'content/central/network/vpn.md',
      message: expect.stringMatching(/^halo-kb failed while compiling this file \(.+\); it is not published\.$/),
      hint: 'This is a fault in halo-kb, not in the file: please report it with the file attached. The other articles are not affected.',
    });
  });
});
