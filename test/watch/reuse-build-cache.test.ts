import { readFile, utimes, writeFile } from 'node:fs/promises';
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

it('starts from the compiled articles halo-kb build cached, and compiles sources changed since', async () => {
  const { config } = await loadConfig({ cwd: root, env: {} });
  await buildContent(config);
  // Mark one cached article, so reuse is visible.
  const cacheFile = path.join(config.cacheDir, 'build-cache.json');
  const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as { articles: Record<string, { compiled: { title: string } }> };
  cache.articles['central/network/vpn.md']!.compiled.title = 'FROM CACHE';
  cache.articles['central/accounts/password-reset.md']!.compiled.title = 'FROM CACHE';
  await writeFile(cacheFile, JSON.stringify(cache));
  const later = new Date(Date.now() + 5000);
  await utimes(path.join(root, 'content/central/accounts/password-reset.md'), later, later);

  const state = await buildState(config);
  expect(state.articles.get('central/network/vpn.md')?.title).toBe('FROM CACHE');
  expect(state.articles.get('central/accounts/password-reset.md')?.title).toBe('Resetting your password');
});
