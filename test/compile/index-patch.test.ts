/**
 * A build that changed a few articles patches index.json: the lines of the others are kept as the
 * last build wrote them. The patched index must be byte for byte the one written whole, and when
 * that is not certain the index is written whole.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/compile/build.js';
import { prepareOutput } from '../../src/compile/build-output.js';
import { writeOutput } from '../../src/compile/write-output.js';
import { loadConfig } from '../../src/config/load.js';
import { VERSION } from '../../src/version.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject, writeTree } from '../helpers/temp-tree.js';

async function kb(): Promise<string> {
  const root = await makeProject({
    'content/central/network/vpn.md': '---\ntitle: Connecting to the VPN\ntags: [vpn]\n---\n\nSee [Wi-Fi](wifi.md#join).\n',
    'content/central/network/wifi.md': '# Wi-Fi\n\n## Join\n\nJoin **Corp-WiFi**.\n',
    'content/central/accounts/password-reset.md': '---\ntitle: Reset a password\nsummary: For staff locked out.\n---\n\nUse the portal.\n',
    'content/companies/contoso/_company.yml': 'client_name: Contoso\n',
    'content/companies/contoso/printers.md': '# Printers\n\nBadge in at the printer.\n',
  });
  expect((await runCli(['build', '--quiet'], root)).code).toBe(0);
  return root;
}

/** Build and write as `halo-kb build` does; whether index.json was patched (no whole index made). */
async function build(root: string): Promise<{ patched: boolean; queued: string[]; stale: string[] }> {
  const { config } = await loadConfig({ cwd: root, env: {} });
  const tree = await buildTree(config);
  const request = { outDir: config.outDir, group: config.faqLists.group, generator: `halo-kb ${VERSION}`, strict: false, index: false, write: true, rewrite: false };
  const { index, changes, html } = await prepareOutput(tree, request);
  if (changes !== undefined) await writeOutput(config.outDir, changes, html);
  return { patched: index === undefined, queued: (changes?.queue ?? []).map((e) => e.key), stale: changes?.stale ?? [] };
}

/** index.json as `build --no-cache` writes it whole, into another folder (whatever problems the articles have). */
async function wholeIndex(root: string): Promise<string> {
  await runCli(['build', '--no-cache', '--quiet', '--out', 'whole'], root);
  return readFile(path.join(root, 'whole/index.json'), 'utf8');
}

const INDEX = '.halo-kb/build/index.json';

describe('index.json patched', () => {
  it('keeps the other lines of an edited article, byte for byte what writing it whole gives', async () => {
    const root = await kb();
    await writeTree(root, { 'content/central/accounts/password-reset.md': '---\ntitle: Reset a password\nsummary: For staff locked out.\ntags: [accounts]\n---\n\nUse the self-service portal.\n' });
    expect(await build(root)).toEqual({ patched: true, queued: ['central/accounts/password-reset'], stale: [] });
    expect(await readFile(path.join(root, INDEX), 'utf8')).toBe(await wholeIndex(root));
  });

  it('keeps a run of lines before a changed last one', async () => {
    const root = await kb();
    await writeTree(root, { 'content/companies/contoso/printers.md': '# Printers\n\nBadge in at the printer on floor 3.\n' });
    expect(await build(root)).toEqual({ patched: true, queued: ['companies/contoso/printers'], stale: [] });
    expect(await readFile(path.join(root, INDEX), 'utf8')).toBe(await wholeIndex(root));
  });

  it('adds and removes lines, and the removed article is stale', async () => {
    const root = await kb();
    await rm(path.join(root, 'content/companies/contoso/printers.md'));
    await writeTree(root, { 'content/central/network/dns.md': '# DNS\n\nUse the resolver at 10.0.0.53.\n' });
    expect(await build(root)).toEqual({ patched: true, queued: ['central/network/dns'], stale: ['articles/companies/contoso/printers.html'] });
    expect(await readFile(path.join(root, INDEX), 'utf8')).toBe(await wholeIndex(root));
  });

  it('writes the line of an article whose link broke with another, though its HTML file stays', async () => {
    const root = await kb();
    await writeTree(root, { 'content/central/network/wifi.md': '# Wi-Fi\n\n## Connect\n\nJoin **Corp-WiFi**.\n' });
    expect(await build(root)).toEqual({ patched: true, queued: ['central/network/wifi'], stale: [] });
    const index = await readFile(path.join(root, INDEX), 'utf8');
    expect(index.split('\n').find((line) => line.includes('"key":"central/network/vpn"'))).toContain('"warnings":[{"severity":"warning","ruleId":"missing-anchor"');
    expect(index).toBe(await wholeIndex(root));
  });

  it.each([
    ['a company renamed (its articles name their FAQ list)', async (root: string) => writeTree(root, { 'content/companies/contoso/_company.yml': 'client_name: Contoso Ltd\n' })],
    [
      'index.json written by another build (its stamp)',
      async (root: string) => {
        const text = await readFile(path.join(root, INDEX), 'utf8');
        await writeFile(path.join(root, INDEX), text.replace(/"stamp": "[0-9a-f]{64}"/, `"stamp": "${'0'.repeat(64)}"`));
        await writeTree(root, { 'content/central/network/wifi.md': '# Wi-Fi\n\n## Join\n\nJoin **Corp-WiFi-5G**.\n' });
      },
    ],
    [
      'index.json not in the form a build writes',
      async (root: string) => {
        const index = JSON.parse(await readFile(path.join(root, INDEX), 'utf8')) as unknown;
        await writeFile(path.join(root, INDEX), JSON.stringify(index, null, 2));
        await writeTree(root, { 'content/central/network/wifi.md': '# Wi-Fi\n\n## Join\n\nJoin **Corp-WiFi-5G**.\n' });
      },
    ],
    [
      'index.json written by a --strict build (its problems differ)',
      async (root: string) => {
        await writeTree(root, { 'content/central/network/vpn.md': '---\ntitle: Connecting to the VPN\nauthor: it-team\n---\n\nSee [Wi-Fi](wifi.md#join).\n' });
        await runCli(['build', '--strict', '--quiet'], root);
        await writeTree(root, { 'content/central/network/wifi.md': '# Wi-Fi\n\n## Join\n\nJoin **Corp-WiFi-5G**.\n' });
      },
    ],
    [
      'an article line edited so its key is not JSON (the stamp left as it was)',
      async (root: string) => {
        const text = await readFile(path.join(root, INDEX), 'utf8');
        await writeFile(path.join(root, INDEX), text.replace('{"key":"central/network/vpn",', '{"key":central/network/vpn,'));
        await writeTree(root, { 'content/central/network/wifi.md': '# Wi-Fi\n\n## Join\n\nJoin **Corp-WiFi-5G**.\n' });
      },
    ],
    ['a key two articles share', async (root: string) => writeTree(root, { 'content/central/network/wifi.md': '---\nid: central/network/vpn\n---\n\n# Wi-Fi\n\n## Join\n\nJoin.\n' })],
  ])('writes the index whole after %s', async (_what, change) => {
    const root = await kb();
    await change(root);
    expect((await build(root)).patched).toBe(false);
    expect(await readFile(path.join(root, INDEX), 'utf8')).toBe(await wholeIndex(root));
  });
});
