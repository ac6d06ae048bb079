import { appendFile, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildContent } from '../../src/compile/build.js';
import { loadConfig } from '../../src/config/load.js';
import { buildState } from '../../src/watch/watch-state.js';
import { baseFiles, makeProject } from './fixture.js';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ root, cleanup } = await makeProject(baseFiles()));
});
afterEach(async () => {
  await cleanup();
});

it('starts from the compiled articles halo-kb build stored, and compiles sources changed since', async () => {
  const { config } = await loadConfig({ cwd: root, env: {} });
  await buildContent(config);
  // Mark two stored articles, so reuse is visible.
  const file = path.join(config.cacheDir, 'build-store.json');
  const store = JSON.parse(await readFile(file, 'utf8')) as { sources: Record<string, { compiled: { title: string } }> };
  expect(Object.keys(store.sources)).toHaveLength(4);
  for (const p of ['central/network/vpn.md', 'central/accounts/password-reset.md']) store.sources[p]!.compiled.title = 'FROM CACHE';
  await writeFile(file, JSON.stringify(store));
  // One touched (its content the same: still reused), one edited (compiled again).
  const later = new Date(Date.now() + 5000);
  await utimes(path.join(root, 'content/central/network/vpn.md'), later, later);
  await appendFile(path.join(root, 'content/central/accounts/password-reset.md'), '\nCall the desk if you are locked out.\n');

  const state = await buildState(config);
  expect(state.articles.get('central/network/vpn.md')?.title).toBe('FROM CACHE');
  expect(state.articles.get('central/accounts/password-reset.md')?.title).toBe('Resetting your password');
});
