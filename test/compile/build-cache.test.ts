import { appendFile, cp, mkdir, readdir, readFile, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContent, buildTree, type BuildOptions } from '../../src/compile/build.js';
import { loadConfig } from '../../src/config/load.js';
import { LOG_FILE, STORE_FORMAT, loadIndex, storeKey, storePlace } from '../../src/engine/store.js';
import { loadTemplates } from '../../src/compile/template.js';
import { makePdf, makePng } from '../helpers/binary-files.js';
import { networkKb as kb } from '../helpers/network-kb.js';
import { makeProject, writeTree } from '../helpers/temp-tree.js';

const STORE = '.halo-kb/cache/build-store.json';
const LOG = `.halo-kb/cache/${LOG_FILE}`;

async function build(root: string, options: BuildOptions = {}) {
  const { config } = await loadConfig({ cwd: root, env: {} });
  return buildContent(config, options);
}

/** What the store holds, as a build loads it: its index with its log applied. */
async function readStore(root: string) {
  const { config } = await loadConfig({ cwd: root, env: {} });
  return (await loadIndex(storePlace(config), storeKey((await loadTemplates(config.templatesDir)).hash, config))).index;
}

/** The stored body file of the article at `contentPath`. */
async function bodyFileOf(root: string, contentPath: string): Promise<string> {
  return path.join(root, '.halo-kb/cache/bodies', `${(await readStore(root)).sources[contentPath]!.bodySha256}.body`);
}

describe('build cache', () => {
  it('compiles everything cold, nothing warm, and gives the same articles', async () => {
    const root = await kb();
    const cold = await build(root);
    expect(cold.stats).toMatchObject({ sources: 4, compiled: 4, reused: 0 });
    const warm = await build(root);
    expect(warm.stats).toMatchObject({ sources: 4, compiled: 0, reused: 4, resolveReused: true });
    expect(warm.articles).toEqual(cold.articles);
    expect(warm.faqLists).toEqual(cold.faqLists);
    expect(warm.tally).toEqual(cold.tally);
    // The same inputs, the same stamp, whether the result came from the cache or not.
    expect(warm.stamp).toBe(cold.stamp);
    expect((await build(root, { cache: false })).stamp).toBe(cold.stamp);
    // As `halo-kb build` builds: the articles' HTML is read from the store only when asked for.
    const { config } = await loadConfig({ cwd: root, env: {} });
    const summary = await buildTree(config);
    expect(summary.stats).toMatchObject({ compiled: 0, reused: 4, resolveReused: true });
    expect(summary.tally).toEqual(cold.tally);
    expect(summary.stamp).toBe(cold.stamp);
    expect((await summary.withArticles()).articles).toEqual(cold.articles);
  });

  it('keeps out of the store what each content path gives, and builds the same articles from it', async () => {
    const root = await kb();
    await writeTree(root, { 'content/companies/contoso/printers/floor-3.md': '---\nid: printer-floor-3\n---\n\n# Floor 3 printer\n\nBadge in at the printer.\n' });
    const cold = await build(root);
    const stored = (JSON.parse(await readFile(path.join(root, STORE), 'utf8')) as { sources: Record<string, { compiled: Record<string, unknown> }> }).sources;
    const given = ['contentPath', 'displayPath', 'kb', 'folders'];
    for (const [p, entry] of Object.entries(stored)) {
      const kept = Object.keys(entry.compiled).filter((name) => given.includes(name));
      expect(kept, p).toEqual([]);
    }
    // The key is kept only where the frontmatter names another than the path's.
    expect(stored['central/network/vpn.md']!.compiled).not.toHaveProperty('key');
    expect(stored['companies/contoso/printers/floor-3.md']!.compiled['key']).toBe('printer-floor-3');
    const warm = await build(root);
    expect(warm.stats).toMatchObject({ compiled: 0, reused: 5 });
    expect(warm.articles).toEqual(cold.articles);
    expect(warm.articles.find((a) => a.key === 'printer-floor-3')).toMatchObject({
      contentPath: 'companies/contoso/printers/floor-3.md',
      displayPath: 'content/companies/contoso/printers/floor-3.md',
      kb: { kind: 'company', folder: 'contoso' },
      folders: ['printers'],
    });
  });

  it('gives a warm build the same article as a cold one for a source too large to compile', async () => {
    const root = await kb();
    await writeTree(root, { 'halo-kb.yml': 'publish:\n  max_article_kb: 1\n', 'content/central/network/long.md': `# Long\n\n${'Restart the router. '.repeat(100)}\n` });
    const cold = await build(root);
    expect(cold.articles.find((a) => a.key === 'central/network/long')!.diagnostics.map((d) => d.severity)).toContain('error');
    const warm = await build(root);
    expect(warm.stats).toMatchObject({ compiled: 0 });
    expect(warm.articles).toEqual(cold.articles);
  });

  it('resolves again, as a fresh build would, when a link target changes', async () => {
    const root = await kb();
    const first = await build(root);
    await writeFile(path.join(root, 'content/central/network/wifi.md'), '---\ndraft: true\n---\n\n# Wi-Fi\n\nJoin **Corp-WiFi**.\n');
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 1, resolveReused: false });
    // vpn.md was not compiled again, but its link now points at a draft.
    expect(next.articles.find((a) => a.key === 'central/network/vpn')!.diagnostics.map((d) => d.ruleId)).toEqual(['link-to-draft']);
    expect(next.articles).toEqual((await build(root, { cache: false })).articles);
    expect((await build(root)).stats.resolveReused).toBe(true);
    expect(next.stamp).not.toBe(first.stamp);
  });

  it('resolves again when the attachment limit changes', async () => {
    const root = await kb();
    const first = await build(root);
    await writeTree(root, { 'halo-kb.yml': 'attachments:\n  max_size_mb: 0.00001\n' });
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 0, resolveReused: false });
    expect(next.articles.find((a) => a.key === 'central/network/vpn')!.attachments[0]!.mode).toBe('refused');
    expect(next.stamp).not.toBe(first.stamp);
  });

  it('counts drafts, errors and attachments warm exactly as cold', async () => {
    const root = await kb();
    await writeTree(root, {
      'content/central/network/guest.md': '---\ndraft: true\n---\n\n# Guest Wi-Fi\n\nComing soon.\n',
      'content/central/network/printers.md': '# Printers\n\nSee [the driver page](drivers.md).\n',
    });
    const cold = await build(root);
    const warm = await build(root);
    expect(warm.stats).toMatchObject({ compiled: 0, resolveReused: true });
    expect(warm.tally).toEqual(cold.tally);
    expect(warm.tally).toMatchObject({ articles: 6, ready: 4, drafts: 1, withErrors: 1, uploads: 2, links: 0 });
    expect(warm.tally.diagnostics).toEqual([expect.objectContaining({ ruleId: 'missing-link-target', file: 'content/central/network/printers.md', line: 3 })]);
  });

  it("names a company's FAQ list after its new _company.yml without compiling anything", async () => {
    const root = await kb();
    const first = await build(root);
    expect(first.faqLists.find((l) => l.key === 'companies/contoso')!.name).toBe('contoso');
    await writeTree(root, { 'content/companies/contoso/_company.yml': 'client_name: Contoso Ltd\n' });
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 0, resolveReused: true });
    expect(next.faqLists.find((l) => l.key === 'companies/contoso')!.name).toBe('Contoso Ltd');
    expect(next.faqLists).toEqual((await build(root, { cache: false })).faqLists);
    expect(next.stamp).not.toBe(first.stamp);
  });

  it('recompiles exactly the one article that changed', async () => {
    const root = await kb();
    await build(root);
    await appendFile(path.join(root, 'content/central/network/wifi.md'), '\nGuests use **Corp-Guest**.\n');
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 1, reused: 3 });
    expect(next.articles.find((a) => a.key === 'central/network/wifi')!.html).toContain('Corp-Guest');
  });

  it('recompiles a PDF when only its sidecar changed', async () => {
    const root = await kb();
    await build(root);
    await writeFile(path.join(root, 'content/central/handbooks/it-onboarding.pdf.yml'), 'summary: Your first week, day by day.\n');
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 1, reused: 3 });
    expect(next.articles.find((a) => a.kind === 'pdf')!.summary).toBe('Your first week, day by day.');
  });

  it('reuses an article whose mtime changed but whose content did not', async () => {
    const root = await kb();
    const first = await build(root);
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(root, 'content/central/network/wifi.md'), later, later);
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 0, reused: 4, resolveReused: true });
    expect(next.stamp).toBe(first.stamp);
    // ...and, with the new mtime recorded, the next build does not read it again.
    expect((await build(root)).stats).toMatchObject({ compiled: 0, reused: 4 });
  });

  it('recompiles everything when a template changes', async () => {
    const root = await kb();
    const first = await build(root);
    await writeTree(root, { 'templates/article.html': '<div class="note">From docs.</div>\n{{{body}}}\n' });
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 4, reused: 0 });
    expect(next.articles[0]!.html.startsWith('<div class="note">From docs.</div>')).toBe(true);
    expect(next.stamp).not.toBe(first.stamp);
  });

  it('sees a changed image in the hash without recompiling the article', async () => {
    const root = await kb();
    const first = await build(root);
    await writeFile(path.join(root, 'content/central/network/images/client.png'), Buffer.concat([Buffer.from(makePng()), Buffer.from('changed')]));
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 0, resolveReused: false });
    const vpn = (r: typeof first) => r.articles.find((a) => a.key === 'central/network/vpn')!;
    expect(vpn(next).hash).not.toBe(vpn(first).hash);
    expect(next.stamp).not.toBe(first.stamp);
  });

  it('hashes again a linked image whose symbolic link now points at another file of the same size and time', async () => {
    const root = await kb();
    const images = path.join(root, 'content/central/network/images');
    const when = new Date('2026-11-02T09:00:00Z');
    await writeFile(path.join(images, 'client-v1.png'), Buffer.concat([Buffer.from(makePng()), Buffer.from('v1')]));
    await writeFile(path.join(images, 'client-v2.png'), Buffer.concat([Buffer.from(makePng()), Buffer.from('v2')]));
    for (const name of ['client-v1.png', 'client-v2.png']) await utimes(path.join(images, name), when, when);
    await rm(path.join(images, 'client.png'));
    await symlink('client-v1.png', path.join(images, 'client.png'));
    const first = await build(root);
    await rm(path.join(images, 'client.png'));
    await symlink('client-v2.png', path.join(images, 'client.png'));
    const next = await build(root);
    const image = (r: Built) => r.articles.find((a) => a.key === 'central/network/vpn')!.attachments[0]!;
    expect(image(first)).toMatchObject({ path: 'central/network/images/client.png' });
    expect(image(next).sha256).not.toBe(image(first).sha256);
    expect(next.articles).toEqual((await build(root, { cache: false })).articles);
  });

  type Built = Awaited<ReturnType<typeof build>>;
  it.each<[string, Record<string, string>, (next: Built) => unknown]>([
    ["the central KB's list is renamed", { 'halo-kb.yml': 'faq_lists:\n  central: IT Help\n' }, (next) => next.faqLists.find((l) => l.key === 'central')!.name],
    ['a company file changes', { 'content/companies/contoso/_company.yml': 'client_name: Contoso Ltd\n' }, (next) => next.companies[0]!.clientName],
    ['a stray file becomes a tree problem', { 'content/notes.txt': 'Scratch notes.\n' }, (next) => next.diagnostics.map((d) => d.ruleId)],
  ])('gives a new stamp when %s, though no article is compiled again', async (_what, files, changed) => {
    const root = await kb();
    const first = await build(root);
    await writeTree(root, files);
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 0 });
    expect(changed(next)).not.toEqual(changed(first));
    expect(next.stamp).not.toBe(first.stamp);
  });

  it('gives the stamp of a fresh build once a PDF that another article links to is deleted', async () => {
    const root = await makeProject({
      'content/central/handbooks/it-onboarding.pdf': await makePdf({ pages: 1, title: 'IT onboarding' }),
      'content/central/start-here.md': '# Start here\n\nRead [the onboarding handbook](handbooks/it-onboarding.pdf) first.\n',
    });
    await build(root);
    await rm(path.join(root, 'content/central/handbooks/it-onboarding.pdf'));
    const next = await build(root);
    const fresh = await build(root, { cache: false });
    expect(next.articles).toEqual(fresh.articles);
    // The PDF's file is no article's file now (the link was to the article): its facts are not kept.
    expect(next.stamp).toBe(fresh.stamp);
    expect(Object.keys((await readStore(root)).facts)).toEqual([]);
  });

  it('compiles again when the content folder moves, so banners name the new place', async () => {
    const root = await kb();
    const first = await build(root);
    await rename(path.join(root, 'content'), path.join(root, 'docs'));
    await writeTree(root, { 'halo-kb.yml': 'content: docs\n' });
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 4, reused: 0 });
    const wifi = next.articles.find((a) => a.key === 'central/network/wifi')!;
    expect(wifi.displayPath).toBe('docs/central/network/wifi.md');
    expect(wifi.html).toContain('This article is maintained in docs/central/network/wifi.md.');
    expect(next.stamp).not.toBe(first.stamp);
  });

  it('survives a store index cut short: warns, compiles afresh and writes it again', async () => {
    const root = await kb();
    const first = await build(root);
    const text = await readFile(path.join(root, STORE), 'utf8');
    await writeFile(path.join(root, STORE), text.slice(0, text.length - 100)); // as by a full disk
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 4, reused: 0 });
    expect(next.articles).toEqual(first.articles);
    expect(next.diagnostics).toEqual([
      {
        severity: 'warning',
        ruleId: 'build-store-damaged',
        file: '.halo-kb/cache/build-store.json',
        message: 'The build store .halo-kb/cache/build-store.json is not valid JSON (cut short or edited?); every article is compiled afresh and the store written again.',
        hint: 'Nothing to do; if this repeats, check the disk and delete .halo-kb/cache.',
      },
    ]);
    const again = await build(root);
    expect(again.stats).toMatchObject({ compiled: 0, reused: 4 });
    expect(again.diagnostics).toEqual([]);
    const store = await readStore(root);
    expect(store.format).toBe(STORE_FORMAT);
    expect(Object.keys(store.sources)).toEqual(['central/handbooks/it-onboarding.pdf', 'central/network/vpn.md', 'central/network/wifi.md', 'companies/contoso/printers.md']);
    // The compiled articles are kept without their bodies (HTML and references), in files named by their hash.
    expect(store.sources['central/network/wifi.md']!.compiled).not.toHaveProperty('html');
    expect(await readFile(await bodyFileOf(root, 'central/network/wifi.md'), 'utf8')).toContain('Join <strong>Corp-WiFi</strong>');
  });

  it.each([
    ['JSON of another shape', '{"sources": []}', [expect.objectContaining({ ruleId: 'build-store-damaged', message: expect.stringContaining('is not a build store;') })]],
    ['another format version', '{"format": 99, "key": "x", "sources": {}}', []],
  ])('compiles afresh over a store index that is %s', async (_what, text, diagnostics) => {
    const root = await kb();
    const first = await build(root);
    await writeFile(path.join(root, STORE), text);
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 4, reused: 0 });
    expect(next.articles).toEqual(first.articles);
    expect(next.diagnostics).toEqual(diagnostics);
    expect((await build(root)).stats).toMatchObject({ compiled: 0 });
  });

  const VPN = 'central/network/vpn.md';
  const IMAGE = 'central/network/images/client.png';
  it.each<[string, string[], unknown]>([
    ["a compiled article's problem that is not one", ['sources', VPN, 'compiled', 'diagnostics'], [null]],
    ['a referenced file that is not a path', ['sources', VPN, 'targets', 'files'], [5]],
    ["a resolved article's attachment that is not one", ['sources', VPN, 'resolved', 'attachments'], [null]],
    ["a resolved article's problem that is not one", ['sources', VPN, 'resolved', 'diagnostics'], [null]],
    ["a resolved article's FAQ list that is not a path", ['sources', VPN, 'resolved', 'faqLists'], [5]],
    ['a tag that is not text', ['sources', VPN, 'compiled', 'tags'], [{}]],
    ['a public link that is not a URL', ['sources', VPN, 'compiled', 'publicLinks'], { 'files/a.zip': 7 }],
    ["a file's facts that are not a record", ['facts', IMAGE], null],
    ["a file's remembered hash that is not one", ['hashes', IMAGE], null],
  ])('warns and compiles afresh over a store whose entry holds %s, edited by hand', async (_what, where, value) => {
    const root = await kb();
    const first = await build(root);
    const store = JSON.parse(await readFile(path.join(root, STORE), 'utf8')) as Record<string, unknown>;
    const field = where.at(-1)!;
    const holder = where.slice(0, -1).reduce((part, name) => (part as Record<string, unknown>)[name], store as unknown) as Record<string, unknown>;
    holder[field] = value;
    await writeFile(path.join(root, STORE), JSON.stringify(store));
    const next = await build(root);
    expect(next.diagnostics.map((d) => [d.ruleId, d.message])).toEqual([
      ['build-store-damaged', 'The build store .halo-kb/cache/build-store.json is incomplete; every article is compiled afresh and the store written again.'],
    ]);
    expect(next.stats).toMatchObject({ compiled: 4, reused: 0 });
    expect(next.articles).toEqual(first.articles);
    expect((await build(root)).diagnostics).toEqual([]);
  });

  it.each([
    ['changed by one character', async (file: string) => writeFile(file, (await readFile(file, 'utf8')).replace('Corp-WiFi', 'Corp-WiFX'))],
    ['missing', async (file: string) => rm(file)],
  ])('compiles afresh an article whose stored body is %s, and warns', async (_what, damage) => {
    const root = await kb();
    const first = await build(root);
    const file = await bodyFileOf(root, 'central/network/wifi.md');
    await damage(file);
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 1, reused: 3 });
    expect(next.articles).toEqual(first.articles);
    expect(next.diagnostics).toEqual([
      {
        severity: 'warning',
        ruleId: 'build-store-damaged',
        file: `.halo-kb/cache/bodies/${path.basename(file)}`,
        message: `A compiled article in the build store was missing or damaged (.halo-kb/cache/bodies/${path.basename(file)}); it was compiled afresh.`,
        hint: 'Nothing to do; if this repeats, check the disk and delete .halo-kb/cache.',
      },
    ]);
    // Written again: wifi.md has no references, then its HTML.
    expect(await readFile(file, 'utf8')).toBe(`[]\n${first.articles.find((a) => a.key === 'central/network/wifi')!.html}`);
    const again = await build(root);
    expect(again.stats).toMatchObject({ compiled: 0 });
    expect(again.diagnostics).toEqual([]);
  });

  it('compiles afresh a damaged stored body found while resolving again, though no article is read', async () => {
    const root = await kb();
    await build(root);
    await rm(await bodyFileOf(root, 'central/network/vpn.md'));
    // wifi.md becomes a draft: vpn.md, which links to it, is resolved again and its body read.
    await writeFile(path.join(root, 'content/central/network/wifi.md'), '---\ndraft: true\n---\n\n# Wi-Fi\n\nJoin **Corp-WiFi**.\n');
    const { config } = await loadConfig({ cwd: root, env: {} });
    const tree = await buildTree(config);
    expect(tree.stats).toMatchObject({ compiled: 2, reused: 2 });
    expect(tree.diagnostics.map((d) => d.ruleId)).toEqual(['build-store-damaged']);
    expect(tree.tally.diagnostics.map((d) => d.ruleId)).toEqual(['link-to-draft']);
    expect((await tree.withArticles()).articles).toEqual((await build(root, { cache: false })).articles);
  });

  it('names the other articles sharing a key in path order, whichever was compiled last', async () => {
    const root = await makeProject({
      'content/central/a.md': '---\nid: printers\n---\n\n# A\n',
      'content/central/b.md': '---\nid: printers\n---\n\n# B\n',
      'content/central/c.md': '---\nid: printers\n---\n\n# C\n',
    });
    await build(root);
    await writeFile(path.join(root, 'content/central/c.md'), '---\nid: printers\n---\n\n# C, edited\n');
    const next = await build(root);
    expect(next.articles.find((a) => a.contentPath === 'central/a.md')!.diagnostics.map((d) => d.message)).toEqual([
      'The article key "printers" is also used by content/central/b.md, content/central/c.md; every article needs its own key.',
    ]);
    expect(next.articles).toEqual((await build(root, { cache: false })).articles);
  });

  it('resolves the articles linking to an article compiled afresh from their own HTML, as a fresh build does', async () => {
    const root = await kb();
    await writeTree(root, { 'content/central/getting-started.md': '# Getting started\n\nFirst [connect to the VPN](network/vpn.md).\n' });
    await build(root);
    await rm(await bodyFileOf(root, 'central/network/vpn.md'));
    // The image vpn.md embeds changes: vpn.md is resolved again, its body is found damaged and it
    // is compiled afresh, and so getting-started.md, which links to it, is resolved again too.
    await writeFile(path.join(root, 'content/central/network/images/client.png'), Buffer.concat([Buffer.from(makePng()), Buffer.from('changed')]));
    const next = await build(root);
    expect(next.diagnostics.map((d) => d.ruleId)).toEqual(['build-store-damaged']);
    const start = next.articles.find((a) => a.key === 'central/getting-started')!;
    expect(start.html).toContain('halo-kb://article/central/network/vpn');
    expect(start.crossLinks).toEqual([{ key: 'central/network/vpn' }]);
    expect(next.articles).toEqual((await build(root, { cache: false })).articles);
    // And the next build, finding nothing changed, keeps it so.
    expect((await build(root)).articles).toEqual(next.articles);
  });

  it("appends a build's changes to the log, then writes the store whole, removing bodies no article uses any more", async () => {
    const root = await kb();
    await mkdir(path.join(root, '.halo-kb/cache'), { recursive: true });
    await writeFile(path.join(root, '.halo-kb/cache/build-cache.dat'), 'an older format');
    await build(root);
    expect((await readdir(path.join(root, '.halo-kb/cache'))).sort()).toEqual(['bodies', 'build-store.json', 'last-build.json']);
    // Format 4 kept HTML in html/: its files go, and the folder once empty; nothing else there does.
    await writeTree(root, { [`.halo-kb/cache/html/${'a'.repeat(64)}.html`]: '<p>old</p>', [`.halo-kb/cache/html/${'b'.repeat(64)}.html`]: '<p>old</p>' });
    await rm(path.join(root, STORE));
    await build(root);
    expect((await readdir(path.join(root, '.halo-kb/cache'))).sort()).toEqual(['bodies', 'build-store.json', 'last-build.json']);
    await writeTree(root, { [`.halo-kb/cache/html/${'a'.repeat(64)}.html`]: '<p>old</p>', '.halo-kb/cache/html/notes.txt': 'mine' });
    await rm(path.join(root, STORE));
    await build(root);
    expect(await readdir(path.join(root, '.halo-kb/cache/html'))).toEqual(['notes.txt']);
    await rm(path.join(root, '.halo-kb/cache/html'), { recursive: true });
    const index = await readFile(path.join(root, STORE), 'utf8');
    const before = await bodyFileOf(root, 'central/network/wifi.md');
    await appendFile(path.join(root, 'content/central/network/wifi.md'), '\nGuests use **Corp-Guest**.\n');
    expect((await build(root)).stats).toMatchObject({ compiled: 1 });
    // One line for the one build, naming the article changed (and vpn.md, resolved again for its link).
    expect(await readFile(path.join(root, STORE), 'utf8')).toBe(index);
    const log = (await readFile(path.join(root, LOG), 'utf8')).split('\n');
    expect(log).toHaveLength(2);
    expect(Object.keys(JSON.parse(log[0]!).sources).sort()).toEqual(['central/network/vpn.md', 'central/network/wifi.md']);
    expect((await build(root)).stats).toMatchObject({ compiled: 0, reused: 4 });
    expect(await readFile(path.join(root, 'content/central/network/wifi.md'), 'utf8')).toContain('Corp-Guest');
    // The log of this small tree is past a quarter of its index: the next change writes it whole.
    await appendFile(path.join(root, 'content/central/network/wifi.md'), '\nVisitors ask at the desk.\n');
    expect((await build(root)).stats).toMatchObject({ compiled: 1 });
    expect((await readdir(path.join(root, '.halo-kb/cache'))).sort()).toEqual(['bodies', 'build-store.json', 'last-build.json']);
    await expect(readFile(before)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(path.join(root, '.halo-kb/cache/bodies'))).toHaveLength(4);
    expect((await build(root)).stats).toMatchObject({ compiled: 0, reused: 4 });
  });

  it('applies a log line only onto the store it was made from: two builds appending at once leave no stale article', async () => {
    const root = await kb();
    await build(root);
    const cache = path.join(root, '.halo-kb/cache');
    await cp(cache, `${cache}-before`, { recursive: true });
    // One build changes wifi.md (and resolves vpn.md, which links to it, again)...
    await appendFile(path.join(root, 'content/central/network/wifi.md'), '\nGuests use **Corp-Guest**.\n');
    await build(root);
    const first = await readFile(path.join(root, LOG), 'utf8');
    // ...while another, started from the same store, changes printers.md.
    await rm(cache, { recursive: true });
    await rename(`${cache}-before`, cache);
    await appendFile(path.join(root, 'content/companies/contoso/printers.md'), '\nColour printing is on floor 2.\n');
    await build(root);
    const second = await readFile(path.join(root, LOG), 'utf8');
    await writeFile(path.join(root, LOG), first + second);
    const next = await build(root);
    expect(next.diagnostics).toEqual([]);
    expect(next.stats).toMatchObject({ compiled: 1, reused: 3 });
    expect(next.articles).toEqual((await build(root, { cache: false })).articles);
  });

  it('ignores a log line cut short by a crash: its sources are compiled again, with no warning', async () => {
    const root = await kb();
    const first = await build(root);
    await appendFile(path.join(root, 'content/central/network/wifi.md'), '\nGuests use **Corp-Guest**.\n');
    const edited = await build(root);
    const log = await readFile(path.join(root, LOG), 'utf8');
    await writeFile(path.join(root, LOG), log.slice(0, log.length - 40));
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 1, reused: 3 });
    expect(next.diagnostics).toEqual([]);
    expect(next.articles).toEqual(edited.articles);
    expect(next.articles).not.toEqual(first.articles);
    // The store was written whole, without the damaged log.
    expect((await readdir(path.join(root, '.halo-kb/cache'))).sort()).toEqual(['bodies', 'build-store.json', 'last-build.json']);
    expect((await build(root)).stats).toMatchObject({ compiled: 0, reused: 4 });
  });

  it('gives the same HTML cold and warm when frontmatter escapes half a surrogate pair', async () => {
    const root = await kb();
    await writeTree(root, { 'content/central/network/odd.md': '---\nsummary: "Broken \\uD83D emoji"\n---\n\nText.\n' });
    const cold = (await build(root)).articles.find((a) => a.key === 'central/network/odd')!;
    const warm = (await build(root)).articles.find((a) => a.key === 'central/network/odd')!;
    expect(cold.html).toContain('Broken \uFFFD emoji');
    expect(warm.html).toBe(cold.html);
    expect(warm.hash).toBe(cold.hash);
  });

  it('keeps every article HTML exactly, whatever characters it holds', async () => {
    const root = await kb();
    await writeTree(root, { 'content/central/network/umlaut.md': '# Größe ändern 📏\n\nZeilen\r\nmit CRLF, "Anführungszeichen" und \\ Backslash.\n' });
    const first = await build(root);
    const next = await build(root);
    expect(next.stats).toMatchObject({ compiled: 0 });
    expect(next.articles.map((a) => a.html)).toEqual(first.articles.map((a) => a.html));
    expect(next.articles.find((a) => a.key === 'central/network/umlaut')!.title).toBe('Größe ändern 📏');
    // Saved again around one changed article: the others' HTML goes back as it was read.
    await appendFile(path.join(root, 'content/central/network/wifi.md'), '\nAsk the desk for the guest code.\n');
    expect((await build(root)).stats).toMatchObject({ compiled: 1 });
    const again = await build(root);
    expect(again.stats).toMatchObject({ compiled: 0 });
    expect(again.articles).toEqual((await build(root, { cache: false })).articles);
  });

  it('still builds when the cache cannot be saved, warns, and leaves no temporary file', async () => {
    const root = await kb();
    // Something in the way: a folder where the store's index goes.
    await mkdir(path.join(root, STORE, 'stray'), { recursive: true });
    const result = await build(root);
    expect(result.stats).toMatchObject({ compiled: 4 });
    expect(result.articles.every((a) => !a.hasErrors)).toBe(true);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        ruleId: 'build-store-not-saved',
        file: '.halo-kb/cache',
        message: expect.stringMatching(/^The build store could not be saved \(.*\); the next build compiles everything again\.$/),
        hint: 'Check that .halo-kb/cache is a writable folder, or delete it.',
      }),
    ]);
    // No temporary file, and no last build: the next build has the store to save, and says so.
    expect((await readdir(path.join(root, '.halo-kb/cache'))).sort()).toEqual(['bodies', 'build-store.json']);
  });

  it('forgets deleted articles', async () => {
    const root = await kb();
    await build(root);
    await rm(path.join(root, 'content/companies/contoso/printers.md'));
    expect((await build(root)).stats).toMatchObject({ sources: 3, compiled: 0 });
    expect(Object.keys((await readStore(root)).sources)).not.toContain('companies/contoso/printers.md');
  });

  it('--no-cache compiles everything, and the fresh compiles replace the cache', async () => {
    const root = await kb();
    await build(root);
    await rm(path.join(root, '.halo-kb/cache'), { recursive: true });
    expect((await build(root, { cache: false })).stats).toMatchObject({ compiled: 4, reused: 0 });
    expect((await build(root)).stats).toMatchObject({ compiled: 0, reused: 4 });
  });
});
