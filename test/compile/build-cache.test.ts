import { appendFile, mkdir, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContent, type BuildOptions } from '../../src/compile/build.js';
import { cacheKey, loadCache, saveCache, type CachedArticle } from '../../src/compile/cache.js';
import { loadTemplates } from '../../src/compile/template.js';
import { HaloKbError } from '../../src/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { makePdf, makePng } from '../helpers/binary-files.js';
import { makeProject, writeTree } from '../helpers/temp-tree.js';

async function kb() {
  return makeProject({
    'content/central/network/vpn.md': '---\ntitle: Connecting to the VPN\n---\n\n![Client](images/client.png)\n\nSee [Wi-Fi](wifi.md).\n',
    'content/central/network/wifi.md': '# Wi-Fi\n\nJoin **Corp-WiFi**.\n',
    'content/central/network/images/client.png': makePng(),
    'content/central/handbooks/it-onboarding.pdf': await makePdf({ pages: 2, title: 'IT onboarding' }),
    'content/central/handbooks/it-onboarding.pdf.yml': 'summary: The first week.\n',
    'content/companies/contoso/printers.md': '# Printers\n\nBadge in.\n',
  });
}

/** `bytes` with `from` (at `at`, by default its first occurrence) changed to `to`, of the same length: damage no parser would notice. */
function damaged(bytes: Buffer, from: string, to: string, at = bytes.indexOf(from)): Buffer {
  expect(at).toBeGreaterThan(-1);
  expect(Buffer.byteLength(to)).toBe(Buffer.byteLength(from));
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(to), bytes.subarray(at + Buffer.byteLength(from))]);
}

async function build(root: string, options: BuildOptions = {}) {
  const { config } = await loadConfig({ cwd: root, env: {} });
  return buildContent(config, options);
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
    // As `halo-kb build` builds: the compiled articles are read from the cache file when first read.
    const summary = await build(root, { readsArticles: false });
    expect(summary.stats).toMatchObject({ compiled: 0, reused: 4, resolveReused: true });
    expect(summary.tally).toEqual(cold.tally);
    expect(summary.stamp).toBe(cold.stamp);
    expect(summary.articles).toEqual(cold.articles);
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

  type Built = Awaited<ReturnType<typeof build>>;
  it.each<[string, Record<string, string>, (next: Built) => unknown]>([
    ['the central KB\'s list is renamed', { 'halo-kb.yml': 'faq_lists:\n  central: IT Help\n' }, (next) => next.faqLists.find((l) => l.key === 'central')!.name],
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

  it('survives a damaged cache file, and rewrites it', async () => {
    const root = await kb();
    await build(root);
    const file = path.join(root, '.halo-kb/cache/build-cache.dat');
    const whole = await readFile(file);
    await writeFile(file, whole.subarray(0, whole.length - 100)); // cut short, as by a full disk
    expect((await build(root)).stats).toMatchObject({ compiled: 4 });
    expect((await build(root)).stats).toMatchObject({ compiled: 0 });
    // Rewritten whole: the HTML, one entry per article, the trailer with every stamp, the checksum.
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.at(-1)).toBe('');
    const check = JSON.parse(lines.at(-2)!) as { body: [number, number]; trailer: [number, number] };
    expect(Object.keys(check)).toEqual(['body', 'trailer']);
    expect(check.trailer[1]).toBe(Buffer.byteLength(`${lines.at(-3)!}\n`));
    expect(check.body[1] + check.trailer[1] + Buffer.byteLength(`${lines.at(-2)!}\n`)).toBe((await readFile(file)).length);
    const trailer = JSON.parse(lines.at(-3)!) as { format: number; articles: unknown[][]; files: unknown[][] };
    expect(trailer.format).toBe(6);
    expect(trailer.articles.map((a) => a[0])).toEqual(['central/handbooks/it-onboarding.pdf', 'central/network/vpn.md', 'central/network/wifi.md', 'companies/contoso/printers.md']);
    expect(trailer.files.map((f) => f[0])).toEqual(['central/handbooks/it-onboarding.pdf', 'central/network/images/client.png']);
    expect(lines.filter((l) => l.startsWith('{"compiled"'))).toHaveLength(4);
    // Cut exactly between two lines: nothing fails to parse, yet the cache must not be trusted.
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, text.lastIndexOf('{"body"')));
    expect((await build(root)).stats).toMatchObject({ compiled: 4 });
  });

  it('does not trust a cache file changed anywhere: compiles afresh whatever it reads of it', async () => {
    const root = await kb();
    const first = await build(root);
    const file = path.join(root, '.halo-kb/cache/build-cache.dat');
    const whole = await readFile(file);
    const trailerAt = whole.lastIndexOf('\n', whole.length - 2);
    // One character of wifi.md's cached HTML, of its cached title and of its path in the trailer:
    // still valid JSON.
    for (const bytes of [
      damaged(whole, 'Join <strong>Corp-WiFi</strong>', 'Join <strong>Corp-WiFX</strong>'),
      damaged(whole, '"title":"Wi-Fi"', '"title":"Wi-FX"'),
      damaged(whole, '"central/network/wifi.md"', '"central/network/wifX.md"', whole.lastIndexOf('"central/network/wifi.md"', trailerAt)),
    ]) {
      await writeFile(file, bytes);
      const next = await build(root);
      expect(next.stats).toMatchObject({ compiled: 4, reused: 0 });
      expect(next.articles).toEqual(first.articles);
      // A build that reads the articles only if it must, with a change to compile: the same.
      await writeFile(file, bytes);
      await appendFile(path.join(root, 'content/companies/contoso/printers.md'), '\nUse the side door after 6 pm.\n');
      const after = await build(root, { readsArticles: false });
      expect(after.stats).toMatchObject({ compiled: 4, reused: 0 });
      expect(after.articles).toEqual((await build(root, { cache: false })).articles);
      await writeFile(path.join(root, 'content/companies/contoso/printers.md'), '# Printers\n\nBadge in.\n');
      await build(root);
      await writeFile(file, whole);
    }
  });

  it('falls back to compiling everything when a damaged body must be read to resolve again', async () => {
    const root = await kb();
    const first = await build(root);
    const file = path.join(root, '.halo-kb/cache/build-cache.dat');
    await writeFile(file, damaged(await readFile(file), 'Badge in.', 'Badge iX.'));
    // No source changed, but the company's list did: the tree is resolved again from the entries.
    await writeTree(root, { 'content/companies/contoso/_company.yml': 'client_name: Contoso Ltd\nfaq_list: Contoso IT\n' });
    const next = await build(root, { readsArticles: false });
    expect(next.stats).toMatchObject({ compiled: 4, reused: 0 });
    expect(next.articles.find((a) => a.key === 'companies/contoso/printers')!.html).toContain('Badge in.');
    expect(next.articles.map((a) => a.html)).toEqual(first.articles.map((a) => a.html));
  });

  it('reads the articles a build left unread from the file it loaded, though another build saved the cache since', async () => {
    const root = await kb();
    const first = await build(root);
    const early = await build(root, { readsArticles: false });
    await appendFile(path.join(root, 'content/companies/contoso/printers.md'), '\nUse the side door after 6 pm.\n');
    const later = await build(root);
    expect(later.stats).toMatchObject({ compiled: 1, reused: 3 });
    // The first build's articles are those of the cache it loaded, whole; the new cache file stays.
    expect(early.articles).toEqual(first.articles);
    expect((await build(root)).stats).toMatchObject({ compiled: 0, reused: 4 });
  });

  it('reads a trailer longer than the tail read first (a large tree)', async () => {
    const root = await kb();
    await build(root);
    const { config } = await loadConfig({ cwd: root, env: {} });
    const key = cacheKey((await loadTemplates(config.templatesDir)).hash, config);
    const cache = await loadCache(config.cacheDir, key);
    const wifi = cache.articles.get('central/network/wifi.md')!;
    // 600 copies of one entry under other paths: a trailer of about 100 KB, past the 64 KiB tail.
    for (let i = 0; i < 600; i++) {
      const contentPath = `central/network/sites/site-${i}.md`;
      const copy: CachedArticle = { size: wifi.size, mtimeMs: wifi.mtimeMs, sha256: wifi.sha256, files: [], compiled: { ...wifi.compiled, contentPath, html: `<p>Site ${i}: join <strong>Corp-WiFi</strong>.</p>` } };
      cache.articles.set(contentPath, copy);
    }
    cache.dirty = true;
    await saveCache(config.cacheDir, cache);
    const lines = (await readFile(path.join(config.cacheDir, 'build-cache.dat'), 'utf8')).split('\n');
    expect(Buffer.byteLength(lines.at(-3)!)).toBeGreaterThan(1 << 16);
    const loaded = await loadCache(config.cacheDir, key);
    expect(loaded.articles.size).toBe(604);
    expect(loaded.articles.get('central/network/sites/site-599.md')!.compiled.html).toBe('<p>Site 599: join <strong>Corp-WiFi</strong>.</p>');
    expect(loaded.articles.get('central/network/wifi.md')!.compiled).toEqual(wifi.compiled);
  });

  it('reports a cache file damaged after a build that read none of its articles, and removes it', async () => {
    const root = await kb();
    const first = await build(root);
    const file = path.join(root, '.halo-kb/cache/build-cache.dat');
    await writeFile(file, damaged(await readFile(file), 'Join <strong>Corp-WiFi</strong>', 'Join <strong>Corp-WiFX</strong>'));
    // Nothing changed and the caller reads no article: the body is not read, so not checked.
    const warm = await build(root, { readsArticles: false });
    expect(warm.stats).toMatchObject({ compiled: 0, reused: 4 });
    expect(warm.tally).toEqual(first.tally);
    expect(() => warm.articles).toThrow(HaloKbError);
    expect(() => warm.articles).toThrow(
      expect.objectContaining({
        code: 'BUILD_CACHE_DAMAGED',
        message: 'The build cache .halo-kb/cache/build-cache.dat is damaged: its compiled articles fail their checksum; it has been removed.',
        hint: 'Run the command again: it compiles every article afresh.',
      }),
    );
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
    const again = await build(root, { readsArticles: false });
    expect(again.stats).toMatchObject({ compiled: 4, reused: 0 });
    expect(again.articles).toEqual(first.articles);
  });

  it('leaves the new cache another build saved since it loaded a damaged one, and says so', async () => {
    const root = await kb();
    const first = await build(root);
    const file = path.join(root, '.halo-kb/cache/build-cache.dat');
    await writeFile(file, damaged(await readFile(file), 'Badge in.', 'Badge iX.'));
    const early = await build(root, { readsArticles: false });
    // Another build reads the articles, finds the damage, compiles afresh and saves a sound cache.
    expect((await build(root)).stats).toMatchObject({ compiled: 4, reused: 0 });
    expect(() => early.articles).toThrow(
      expect.objectContaining({
        code: 'BUILD_CACHE_DAMAGED',
        message: 'The build cache .halo-kb/cache/build-cache.dat is damaged: its compiled articles fail their checksum; another build has saved a new one since.',
        hint: 'Run the command again.',
      }),
    );
    const again = await build(root, { readsArticles: false });
    expect(again.stats).toMatchObject({ compiled: 0, reused: 4 });
    expect(again.articles).toEqual(first.articles);
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
    // Something in the way: a folder where the cache file goes.
    await mkdir(path.join(root, '.halo-kb/cache/build-cache.dat/stray'), { recursive: true });
    const result = await build(root);
    expect(result.stats).toMatchObject({ compiled: 4 });
    expect(result.articles.every((a) => !a.hasErrors)).toBe(true);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        ruleId: 'cache-not-saved',
        file: '.halo-kb/cache',
        message: expect.stringMatching(/^The build cache could not be saved \(.*\); the next build compiles everything again\.$/),
        hint: 'Check that .halo-kb/cache is a writable folder, or delete it.',
      }),
    ]);
    expect(await readdir(path.join(root, '.halo-kb/cache'))).toEqual(['build-cache.dat']);
  });

  it('forgets deleted articles', async () => {
    const root = await kb();
    await build(root);
    await rm(path.join(root, 'content/companies/contoso/printers.md'));
    expect((await build(root)).stats).toMatchObject({ sources: 3, compiled: 0 });
    expect(await readFile(path.join(root, '.halo-kb/cache/build-cache.dat'), 'utf8')).not.toContain('printers.md');
  });

  it('--no-cache compiles everything, and the fresh compiles replace the cache', async () => {
    const root = await kb();
    await build(root);
    await rm(path.join(root, '.halo-kb/cache'), { recursive: true });
    expect((await build(root, { cache: false })).stats).toMatchObject({ compiled: 4, reused: 0 });
    expect((await build(root)).stats).toMatchObject({ compiled: 0, reused: 4 });
  });
});
