/**
 * An article whose file could not be read is compiled again on the next update even when the
 * file's size and time are unchanged (a permission fixed with chmod changes neither), where any
 * other compiled article with the same stamps is reused; and no build that met it is kept as the
 * last build.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../../src/compile/template.js';
import { loadConfig } from '../../src/config/load.js';
import { scanContent } from '../../src/content/scan.js';
import { lastBuildOf } from '../../src/engine/last-build.js';
import { loadState } from '../../src/engine/state.js';
import { update } from '../../src/engine/update.js';
import { makeProject } from '../helpers/temp-tree.js';

describe('update after a file could not be read', () => {
  it('compiles that article again with the same stamps, and reuses the others', async () => {
    const root = await makeProject({
      'content/central/network/vpn.md': '---\ntitle: Connecting to the VPN\n---\n\nInstall the VPN client from the Company Portal.\n',
      'content/central/network/wifi.md': '---\ntitle: Guest Wi-Fi\n---\n\nThe guest network password changes every Monday.\n',
    });
    const { config } = await loadConfig({ cwd: root, env: {} });
    const state = await loadState(config, await loadTemplates(config.templatesDir), false);
    const tree = await scanContent(config.contentDir, config.root);
    const wifi = 'central/network/wifi.md';
    // The scan saw the file, but it could not be read when compiled (its absolute path leads nowhere here).
    const unreadable = { ...tree, sources: tree.sources.map((s) => (s.contentPath === wifi ? { ...s, absPath: path.join(root, 'gone.md') } : s)) };
    const first = await update(state, { sources: { kind: 'scan', tree: unreadable } });
    expect(first.compiled).toEqual(['central/network/vpn.md', wifi]);
    expect(state.entries.get(wifi)!.compiled.diagnostics.map((d) => d.ruleId)).toEqual(['source-unreadable']);
    // Nor is this result kept as the last build's (last-build.ts): the next build must try again.
    // (The state as a build leaves it once the store is saved: nothing left unsaved.)
    const result = () => ({ stamp: 'a'.repeat(64), faqLists: state.faqLists, companies: state.companies, diagnostics: [], tally: state.tally, stats: { sources: 2 } });
    state.dirty = false;
    expect(lastBuildOf(state, unreadable, result())).toBeUndefined();

    // Readable again, with the same size and time as the scan saw.
    const second = await update(state, { sources: { kind: 'scan', tree } });
    expect(second.compiled).toEqual([wifi]);
    expect(state.entries.get(wifi)!.compiled).toMatchObject({ title: 'Guest Wi-Fi', diagnostics: [] });
    state.dirty = false;
    expect(lastBuildOf(state, tree, result())).toMatchObject({ key: state.key, result: { tally: { articles: 2, ready: 2 } } });

    const third = await update(state, { sources: { kind: 'scan', tree } });
    expect(third.compiled).toEqual([]);
  });
});
