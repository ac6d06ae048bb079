import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildContent } from '../../src/compile/build.js';
import { cacheKey, loadCache, saveCache } from '../../src/compile/cache.js';
import { loadTemplates } from '../../src/compile/template.js';
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
  // Mark two cached articles, so reuse is visible.
  const templates = await loadTemplates(config.templatesDir);
  const cache = await loadCache(config.cacheDir, cacheKey(templates.hash, config));
  expect(cache.articles.size).toBe(4);
  for (const p of ['central/network/vpn.md', 'central/accounts/password-reset.md']) cache.articles.get(p)!.compiled.title = 'FROM CACHE';
  cache.dirty = true;
  await saveCache(config.cacheDir, cache);
  const later = new Date(Date.now() + 5000);
  await utimes(path.join(root, 'content/central/accounts/password-reset.md'), later, later);

  const state = await buildState(config);
  expect(state.articles.get('central/network/vpn.md')?.title).toBe('FROM CACHE');
  expect(state.articles.get('central/accounts/password-reset.md')?.title).toBe('Resetting your password');
});
