/**
 * A build of a tree as the last build left it is that build's result, read from last-build.json
 * without the store's index; any change to what a build is made from runs the engine, and the
 * result is then the one a build from nothing gives. Real trees, real files.
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree, type BuildSummary, type TreeBuild } from '../../src/compile/build.js';
import { prepareOutput } from '../../src/compile/build-output.js';
import { loadConfig } from '../../src/config/load.js';
import { makePng } from '../helpers/binary-files.js';
import { networkKb as kb } from '../helpers/network-kb.js';
import { tempDir, writeTree } from '../helpers/temp-tree.js';

const STORE = '.halo-kb/cache/build-store.json';
const LAST = '.halo-kb/cache/last-build.json';

/** A build as `halo-kb build` makes it when its output is current: no article asked for. */
async function summary(root: string, cache = true): Promise<TreeBuild> {
  const { config } = await loadConfig({ cwd: root, env: {} });
  return buildTree(config, { cache });
}

/** Cut the store's index in half: a build that reads it warns (`build-store-damaged`). */
async function cutIndex(root: string): Promise<void> {
  const text = await readFile(path.join(root, STORE), 'utf8');
  await writeFile(path.join(root, STORE), text.slice(0, text.length / 2));
}

/** Write `last` as last-build.json with a hash to match, as a hand that knows the format would. */
async function forgeLast(root: string, last: Record<string, unknown>): Promise<void> {
  const { format, check: _check, ...rest } = last;
  const check = createHash('sha256').update(JSON.stringify(rest)).digest('hex');
  await writeFile(path.join(root, LAST), JSON.stringify({ format, check, ...rest }));
}

/** What a build reports, without its timings. */
function reported(build: BuildSummary) {
  const { faqLists, companies, diagnostics, tally, stamp } = build;
  return { faqLists, companies, diagnostics, tally, stamp };
}

describe('the last build', () => {
  it("is the result of a build of the same tree, which reads none of the store's index", async () => {
    const root = await kb();
    const first = await summary(root);
    await cutIndex(root);
    const again = await summary(root);
    expect(again.stats).toMatchObject({ sources: 4, compiled: 0, reused: 4, resolveReused: true });
    expect(reported(again)).toEqual(reported(first));
    // Asked for its articles, the build runs the engine, which finds the damage and compiles afresh.
    const listing = await (await summary(root)).listing();
    expect(listing.diagnostics.map((d) => d.ruleId)).toEqual(['build-store-damaged']);
    expect(listing.stats).toMatchObject({ compiled: 4, reused: 0 });
    expect(listing.articles.map((a) => a.key)).toEqual(['central/handbooks/it-onboarding', 'central/network/vpn', 'central/network/wifi', 'companies/contoso/printers']);
  });

  const later = new Date(Date.now() + 60_000);
  it.each<[string, (root: string) => Promise<unknown>]>([
    ['an article is edited', (root) => appendFile(path.join(root, 'content/central/network/wifi.md'), '\nGuests use **Corp-Guest**.\n')],
    ['an article becomes a draft', (root) => writeTree(root, { 'content/central/network/wifi.md': '---\ndraft: true\n---\n\n# Wi-Fi\n' })],
    ['an article is added', (root) => writeTree(root, { 'content/central/network/guest.md': '# Guest Wi-Fi\n\nAsk at reception.\n' })],
    ['an article is deleted', (root) => rm(path.join(root, 'content/central/network/wifi.md'))],
    ['a linked image changes', (root) => writeFile(path.join(root, 'content/central/network/images/client.png'), Buffer.concat([Buffer.from(makePng()), Buffer.from('changed')]))],
    ['a linked image is deleted', (root) => rm(path.join(root, 'content/central/network/images/client.png'))],
    [
      'a linked image becomes a link to a file outside the content folder',
      async (root) => {
        const outside = path.join(await tempDir(), 'client.png');
        await writeFile(outside, makePng());
        await rm(path.join(root, 'content/central/network/images/client.png'));
        await symlink(outside, path.join(root, 'content/central/network/images/client.png'));
      },
    ],
    ['a PDF sidecar changes', (root) => writeTree(root, { 'content/central/handbooks/it-onboarding.pdf.yml': 'summary: Your first week, day by day.\n' })],
    ['a company file changes', (root) => writeTree(root, { 'content/companies/contoso/_company.yml': 'client_name: Contoso Ltd\n' })],
    ['a company file breaks', (root) => writeTree(root, { 'content/companies/contoso/_company.yml': 'client_name: [Contoso\n' })],
    ['a setting changes', (root) => writeTree(root, { 'halo-kb.yml': 'attachments:\n  max_size_mb: 0.00001\n' })],
    ["the central KB's list is renamed", (root) => writeTree(root, { 'halo-kb.yml': 'faq_lists:\n  central: IT Help\n' })],
    ['a template changes', (root) => writeTree(root, { 'templates/article.html': '<div class="note">From docs.</div>\n{{{body}}}\n' })],
    ['a stray file appears', (root) => writeTree(root, { 'content/notes.txt': 'Scratch notes.\n' })],
    ['an article is touched without a change', (root) => utimes(path.join(root, 'content/central/network/wifi.md'), later, later)],
  ])('gives way to the engine when %s: the result is a fresh build’s', async (_what, change) => {
    const root = await kb();
    await summary(root);
    await summary(root); // the last build's result, as the next one finds it
    await change(root);
    const next = await summary(root);
    // That result is kept: the build after gives it without the store's index (cut short here).
    await cutIndex(root);
    const after = await summary(root);
    expect(after.stats.compiled).toBe(0);
    expect(reported(after)).toEqual(reported(next));
    expect(reported(next)).toEqual(reported(await summary(root, false)));
  });

  it('is not used when cut short or edited: the engine runs and writes it again', async () => {
    const root = await kb();
    const first = await summary(root);
    const text = await readFile(path.join(root, LAST), 'utf8');
    for (const damaged of [text.slice(0, text.length / 2), text.replace('"ready":4', '"ready":5'), '[]']) {
      await writeFile(path.join(root, LAST), damaged);
      // The index cut short too shows the engine ran: it warns of it.
      await writeFile(path.join(root, STORE), '{"format":');
      const next = await summary(root);
      expect(next.tally.ready).toBe(first.tally.ready);
      expect(next.diagnostics.map((d) => d.ruleId)).toEqual(['build-store-damaged']);
      expect(await readFile(path.join(root, LAST), 'utf8')).not.toBe(damaged);
      expect(reported(await summary(root))).toEqual(reported(first));
    }
  });

  it('is not trusted past the engine: once it runs, its result is the one reported, written and kept', async () => {
    const root = await kb();
    const first = await summary(root);
    const last = JSON.parse(await readFile(path.join(root, LAST), 'utf8')) as { result: { tally: { ready: number } } };
    last.result.tally.ready = 99;
    await forgeLast(root, last as unknown as Record<string, unknown>);
    const { config } = await loadConfig({ cwd: root, env: {} });
    const tree = await buildTree(config);
    expect(tree.tally.ready).toBe(99);
    // Writing the output runs the engine (no output yet): what it reports and writes is the engine's.
    const { result } = await prepareOutput(tree, { outDir: config.outDir, group: config.faqLists.group, generator: 'test', strict: false, index: false, write: true, rewrite: false });
    expect(result.tally.ready).toBe(first.tally.ready);
    expect(JSON.parse(await readFile(path.join(root, LAST), 'utf8')).result.tally.ready).toBe(first.tally.ready);
    expect(reported(await summary(root))).toEqual(reported(first));
  });

  it('is not used when put together by hand in a shape a build never writes, hash and all', async () => {
    const root = await kb();
    const first = await summary(root);
    const last = JSON.parse(await readFile(path.join(root, LAST), 'utf8')) as Record<string, unknown>;
    for (const forged of [
      { ...last, files: [null] },
      { ...last, result: { ...(last['result'] as object), faqLists: [7] } },
      { ...last, hashes: { 'central/network/images/client.png': 'same' } },
    ]) {
      await forgeLast(root, forged);
      await cutIndex(root);
      const next = await summary(root);
      expect(next.diagnostics.map((d) => d.ruleId)).toEqual(['build-store-damaged']);
      expect(next.tally).toEqual(first.tally);
    }
  });

  it('is removed by a build whose store could not be saved, so the next build does not skip the warning', async () => {
    const root = await kb();
    await summary(root);
    const wifi = path.join(root, 'content/central/network/wifi.md');
    const before = await stat(wifi);
    const text = await readFile(wifi, 'utf8');
    // A folder where the store's log goes: nothing can be saved.
    await mkdir(path.join(root, '.halo-kb/cache/build-store.log'));
    await appendFile(wifi, '\nGuests use **Corp-Guest**.\n');
    expect((await summary(root)).diagnostics.map((d) => d.ruleId)).toEqual(['build-store-not-saved']);
    await expect(readFile(path.join(root, LAST))).rejects.toMatchObject({ code: 'ENOENT' });
    // Back as the last build that was kept saw it: the store still cannot be saved, and the build says so.
    await writeFile(wifi, text);
    await utimes(wifi, before.atime, before.mtime);
    expect((await summary(root)).diagnostics.map((d) => d.ruleId)).toEqual(['build-store-not-saved']);
  });
});
