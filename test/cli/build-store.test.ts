/**
 * `halo-kb build` over a damaged build store, through the real CLI: the store only saves time, so
 * damage is a warning, every affected article is compiled afresh, the output is right and the
 * next build is clean.
 */
import { appendFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';

const FILES = {
  'content/central/network/vpn.md': '---\ntitle: Connecting to the VPN\n---\n\nSee [Wi-Fi](wifi.md).\n',
  'content/central/network/wifi.md': '# Wi-Fi\n\nJoin **Corp-WiFi**.\n',
  'content/companies/contoso/printers/floor-3-printer.md': '# Floor 3 printer\n\nBadge in at the printer.\n',
};
const STORE = '.halo-kb/cache/build-store.json';
const HINT = '    Nothing to do; if this repeats, check the disk and delete .halo-kb/cache.';

async function storedHtmlFile(root: string, contentPath: string): Promise<string> {
  const store = JSON.parse(await readFile(path.join(root, STORE), 'utf8')) as { sources: Record<string, { bodySha256: string }> };
  return `.halo-kb/cache/bodies/${store.sources[contentPath]!.bodySha256}.body`;
}

/** A writer's edit, so that the next build reads the store's index (see last-build.ts). */
async function editArticle(root: string): Promise<void> {
  await appendFile(path.join(root, 'content/central/network/wifi.md'), '\nThe password is on the poster in reception.\n');
}

/** The output folder holds the same files, byte for byte, as a build that trusts nothing writes. */
async function expectSameAsFreshBuild(root: string): Promise<void> {
  expect((await runCli(['build', '--no-cache', '--quiet', '--out', 'fresh'], root)).code).toBe(0);
  const files = async (dir: string) => (await readdir(path.join(root, dir), { recursive: true })).sort();
  expect(await files('.halo-kb/build')).toEqual(await files('fresh'));
  for (const file of await files('fresh')) {
    if (file.endsWith('.html') || file === 'index.json') expect(await readFile(path.join(root, '.halo-kb/build', file), 'utf8'), file).toBe(await readFile(path.join(root, 'fresh', file), 'utf8'));
  }
}

describe('halo-kb build over a damaged build store', () => {
  it('warns about an index cut short once a change needs it, compiles everything afresh and exits 0', async () => {
    const root = await makeProject(FILES);
    expect((await runCli(['build', '--quiet'], root)).code).toBe(0);
    const text = await readFile(path.join(root, STORE), 'utf8');
    await writeFile(path.join(root, STORE), text.slice(0, text.length / 2));
    // Nothing changed: the build is the last one's result (last-build.json), and the index is not read.
    const unchanged = await runCli(['build'], root);
    expect(unchanged.code).toBe(0);
    expect(unchanged.lines[0]).toMatch(/0 warnings\. compiled 0, reused 3 from cache/);
    await editArticle(root);
    const run = await runCli(['build'], root);
    expect(run.code).toBe(0);
    expect(run.lines.slice(0, 2)).toEqual([
      '.halo-kb/cache/build-store.json: warning: The build store .halo-kb/cache/build-store.json is not valid JSON (cut short or edited?); every article is compiled afresh and the store written again. [build-store-damaged]',
      HINT,
    ]);
    expect(run.lines[2]).toMatch(/1 warning\. compiled 3, reused 0 from cache/);
    const again = await runCli(['build'], root);
    expect(again.lines[0]).toMatch(/0 warnings\. compiled 0, reused 3 from cache/);
  });

  type Entry = Record<string, Record<string, unknown>>;

  it.each([
    // The store leaves empty lists out, so a list gone is an empty one; a list that is not one is damage.
    ['an entry whose compiled problems are not a list', (e: Entry) => (e['compiled']!['diagnostics'] = 'none')],
    ['an entry whose resolution has problems that are not a list', (e: Entry) => (e['resolved']!['diagnostics'] = 7)],
    ['an entry without its hashes', (e: Entry) => delete e['sha256']],
    ['an entry whose resolution lost its hash', (e: Entry) => (e['resolved'] = {})],
    ['an entry whose compiled article lost its title and kind', (e: Entry) => (e['compiled'] = {})],
    ['an entry whose headings are not a list', (e: Entry) => (e['compiled']!['headings'] = null)],
    ['an entry whose FAQ lists are not a list', (e: Entry) => (e['resolved']!['faqLists'] = 'central/network')],
    ['an entry that is not an object', (_e: Entry, sources: Record<string, unknown>) => (sources['central/network/wifi.md'] = 7)],
    ['an entry filed outside every KB', (e: Entry, sources: Record<string, unknown>) => (sources['notes/vpn.md'] = e)],
  ])('warns about %s instead of failing, and compiles afresh', async (_what, damage) => {
    const root = await makeProject(FILES);
    expect((await runCli(['build', '--quiet'], root)).code).toBe(0);
    const store = JSON.parse(await readFile(path.join(root, STORE), 'utf8')) as { sources: Record<string, Entry> };
    damage(store.sources['central/network/vpn.md']!, store.sources);
    await writeFile(path.join(root, STORE), JSON.stringify(store));
    await editArticle(root);
    const run = await runCli(['build'], root);
    expect(run.code).toBe(0);
    expect(run.lines.slice(0, 2)).toEqual([
      '.halo-kb/cache/build-store.json: warning: The build store .halo-kb/cache/build-store.json is incomplete; every article is compiled afresh and the store written again. [build-store-damaged]',
      HINT,
    ]);
    expect(run.lines[2]).toMatch(/1 warning\. compiled 3, reused 0 from cache/);
  });

  it('warns about a stored body changed by hand when it must write the output, and writes the right HTML', async () => {
    const root = await makeProject(FILES);
    expect((await runCli(['build', '--quiet'], root)).code).toBe(0);
    const file = await storedHtmlFile(root, 'companies/contoso/printers/floor-3-printer.md');
    await writeFile(path.join(root, file), (await readFile(path.join(root, file), 'utf8')).replace('Badge in', 'Badge iX'));
    // Nothing changed, so the stored body is read only to write the output, gone here.
    await rm(path.join(root, '.halo-kb/build'), { recursive: true });
    const run = await runCli(['build'], root);
    expect(run.code).toBe(0);
    expect(run.lines.slice(0, 2)).toEqual([`${file}: warning: A compiled article in the build store was missing or damaged (${file}); it was compiled afresh. [build-store-damaged]`, HINT]);
    expect(run.lines[2]).toMatch(/1 warning\. compiled 1, reused 2 from cache/);
    expect(await readFile(path.join(root, '.halo-kb/build/articles/companies/contoso/printers/floor-3-printer.html'), 'utf8')).toContain('Badge in at the printer.');
    // index.json lists the warning too: it was made again once the damage was found.
    const index = JSON.parse(await readFile(path.join(root, '.halo-kb/build/index.json'), 'utf8')) as { problems: { ruleId: string; file: string }[] };
    expect(index.problems).toEqual([expect.objectContaining({ ruleId: 'build-store-damaged', file })]);
    const again = await runCli(['build'], root);
    expect(again.code).toBe(0);
    expect(again.lines[0]).toMatch(/0 warnings\. compiled 0, reused 3 from cache/);
  });

  it('warns about a missing stored body found while resolving a link again', async () => {
    const root = await makeProject(FILES);
    expect((await runCli(['build', '--quiet'], root)).code).toBe(0);
    const file = await storedHtmlFile(root, 'central/network/vpn.md');
    await rm(path.join(root, file));
    await writeFile(path.join(root, 'content/central/network/wifi.md'), '# Wi-Fi\n\nJoin **Corp-WiFi-2**.\n');
    const run = await runCli(['build'], root);
    expect(run.code).toBe(0);
    expect(run.lines.slice(0, 2)).toEqual([`${file}: warning: A compiled article in the build store was missing or damaged (${file}); it was compiled afresh. [build-store-damaged]`, HINT]);
    expect(run.lines[2]).toMatch(/compiled 2, reused 1 from cache/);
  });

  it('reads from the store only the HTML of the output files it writes', async () => {
    const root = await makeProject(FILES);
    expect((await runCli(['build', '--quiet'], root)).code).toBe(0);
    // Stored bodies of articles whose output does not change is never read, so its loss goes unseen.
    const unread = await storedHtmlFile(root, 'companies/contoso/printers/floor-3-printer.md');
    await rm(path.join(root, unread));
    await writeFile(path.join(root, 'content/central/network/wifi.md'), '# Wi-Fi\n\nJoin **Corp-WiFi-2**.\n');
    const run = await runCli(['build'], root);
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([expect.stringMatching(/ 0 warnings\. compiled 1, reused 2 from cache/), 'Wrote .halo-kb/build/index.json (1 HTML file updated).']);
    expect(await readFile(path.join(root, '.halo-kb/build/articles/central/network/wifi.html'), 'utf8')).toContain('Corp-WiFi-2');
  });

  it('knows from the store what the output it wrote holds: a change reads no old index, and the output matches a fresh build', async () => {
    const root = await makeProject({ ...FILES, 'content/central/network/printers.md': '# Printers\n\nPick up at the desk.\n' });
    expect((await runCli(['build', '--quiet'], root)).code).toBe(0);
    // Below its stamp, index.json is not read again: a damaged body does not make every file be written.
    const indexFile = path.join(root, '.halo-kb/build/index.json');
    const index = await readFile(indexFile, 'utf8');
    await writeFile(indexFile, `${index.slice(0, index.indexOf('"articles"'))}"articles": [ cut short`);
    await writeFile(path.join(root, 'content/central/network/wifi.md'), '# Wi-Fi\n\nJoin **Corp-WiFi-2**.\n');
    await rm(path.join(root, 'content/central/network/printers.md'));
    await writeFile(path.join(root, 'content/central/network/guest-wifi.md'), '# Guest Wi-Fi\n\nAsk at the desk.\n');
    const run = await runCli(['build'], root);
    expect(run.code).toBe(0);
    expect(run.lines[1]).toBe('Wrote .halo-kb/build/index.json (2 HTML files updated, 1 removed).');
    await expectSameAsFreshBuild(root);
  });

  it('writes every output file again after a build that stopped while writing them, even when the sources are back as they were', async () => {
    const root = await makeProject(FILES);
    expect((await runCli(['build', '--quiet'], root)).code).toBe(0);
    const vpn = path.join(root, 'content/central/network/vpn.md');
    const wifi = path.join(root, 'content/central/network/wifi.md');
    const [vpnBefore, wifiBefore] = await Promise.all([readFile(vpn, 'utf8'), readFile(wifi, 'utf8')]);
    await writeFile(vpn, vpnBefore.replace('See', 'First see'));
    await writeFile(wifi, '# Wi-Fi\n\nJoin **Corp-WiFi-2**.\n');
    // Its HTML file cannot be written (a folder in its place): the build stops after vpn.html,
    // before index.json.
    const wifiHtml = path.join(root, '.halo-kb/build/articles/central/network/wifi.html');
    await rm(wifiHtml);
    await mkdir(wifiHtml);
    expect((await runCli(['build', '--quiet'], root)).code).not.toBe(0);
    expect(await readFile(path.join(root, '.halo-kb/build/articles/central/network/vpn.html'), 'utf8')).toContain('First see');
    // The sources back as the last whole build had them, and the folder gone.
    await rm(wifiHtml, { recursive: true });
    await Promise.all([writeFile(vpn, vpnBefore), writeFile(wifi, wifiBefore)]);
    const run = await runCli(['build'], root);
    expect(run.code).toBe(0);
    expect(run.lines[1]).toBe('Wrote .halo-kb/build/index.json (3 HTML files updated).');
    await expectSameAsFreshBuild(root);
  });
});
