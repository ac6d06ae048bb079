/**
 * `halo-kb status --articles`: what Halo holds of each article, through the real CLI, after a real
 * publish to the emulator on 127.0.0.1: text and JSON, edits made in Halo (`--check-halo`, one
 * listing), sources not yet published and sources removed, a manifest from an older halo-kb, paths,
 * and the errors a user meets.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { publishProject, removeFile, SECRET, type Project } from '../publish/publish-fixture.js';

interface Entry {
  haloId: number;
  publishedAt?: string;
  dateEdited?: string;
}

async function entries(p: Project): Promise<Record<string, Entry>> {
  return (await p.manifest()).articles as unknown as Record<string, Entry>;
}

/** `2026-05-04T09:12:44.120Z` as the text report shows it. */
function shown(at: string | undefined): string {
  return `${at!.slice(0, 10)} ${at!.slice(11, 16)} UTC`;
}

async function published(): Promise<{ p: Project; e: Record<string, Entry>; url: string }> {
  const p = await publishProject();
  expect((await p.run('publish')).code).toBe(0);
  return { p, e: await entries(p), url: p.emulator.url };
}

/** The lines after the five Last Sync lines and the blank line. */
function table(stdout: string): string[] {
  return stdout.split('\n').slice(6, -1);
}

describe('status --articles', () => {
  it('lists every article with its state, Halo id, last publish, source (and key where the path does not give it) and Halo URL', async () => {
    const { p, e, url } = await published();
    p.emulator.resetStats();
    const run = await p.run('status', '--articles');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const id = (k: string): string => `#${e[k]!.haloId}`.padEnd(7);
    const at = (k: string): string => shown(e[k]!.publishedAt);
    expect(run.stdout.split('\n').slice(0, 6)).toEqual([
      'State: state/manifest.json',
      `Halo: ${url}`,
      'Articles: 4 published, 0 retired',
      expect.stringMatching(/^Last Sync: \S+ \(ok; 4 created, 1 skipped\)$/),
      'Last Error: none',
      '',
    ]);
    expect(table(run.stdout)).toEqual([
      'STATE                  HALO ID  LAST PUBLISHED        SOURCE                                            URL',
      'not published (draft)  -        -                     content/central/accounts/mfa.md                   -',
      `published              ${id('central/getting-started')}  ${at('central/getting-started')}  content/central/getting-started.md                ${url}/kb?id=${e['central/getting-started']!.haloId}`,
      `published              ${id('network/vpn')}  ${at('network/vpn')}  content/central/network/vpn.md [key network/vpn]  ${url}/kb?id=${e['network/vpn']!.haloId}`,
      `published              ${id('central/network/wifi')}  ${at('central/network/wifi')}  content/central/network/wifi.md                   ${url}/kb?id=${e['central/network/wifi']!.haloId}`,
      `published              ${id('companies/contoso/printers')}  ${at('companies/contoso/printers')}  content/companies/contoso/printers.md             ${url}/kb?id=${e['companies/contoso/printers']!.haloId}`,
      '5 articles: 4 published, 1 not published. Edits made in Halo not checked (--check-halo reads them with one listing).',
    ]);
    // Without --check-halo, Halo is not asked anything.
    expect(p.emulator.stats().total).toBe(0);
  });

  it('as JSON: the status fields, and per article every field, exactly', async () => {
    const { p, e, url } = await published();
    const run = await p.run('status', '--articles', '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ state: 'state/manifest.json', halo: url, articles: 4, published: 4, status: 'ok' });
    const row = (key: string, source: string, title: string) => ({
      key,
      source,
      title,
      state: 'published',
      note: null,
      haloId: e[key]!.haloId,
      url: `${url}/kb?id=${e[key]!.haloId}`,
      lastPublished: e[key]!.publishedAt,
      halo: null,
      editedInHalo: null,
    });
    expect(json.sync).toEqual({
      checkedHalo: false,
      counts: { published: 4, changed: 0, unpublished: 1, removed: 0, retired: 0, editedInHalo: null, missingInHalo: null },
      articles: [
        {
          key: 'central/accounts/mfa',
          source: 'content/central/accounts/mfa.md',
          title: 'MFA setup',
          state: 'unpublished',
          note: 'draft',
          haloId: null,
          url: null,
          lastPublished: null,
          halo: null,
          editedInHalo: null,
        },
        row('central/getting-started', 'content/central/getting-started.md', 'Getting started'),
        row('network/vpn', 'content/central/network/vpn.md', 'Connecting to the VPN'),
        row('central/network/wifi', 'content/central/network/wifi.md', 'Office Wi-Fi'),
        row('companies/contoso/printers', 'content/companies/contoso/printers.md', 'Printing at Contoso'),
      ],
    });
    // --format json is the same report.
    expect((await p.run('status', '--articles', '--format', 'json')).stdout).toBe(run.stdout);
  });

  it('--check-halo: an article edited in Halo shows as edited, read with one listing and nothing else', async () => {
    const { p, e } = await published();
    const wifi = e['central/network/wifi']!.haloId;
    const edited = p.emulator.editArticle(wifi, { html: '<p>Edited by an agent</p>' })!;
    p.emulator.resetStats();
    const run = await p.run('status', '--check-halo');
    expect(run.code).toBe(0);
    const lines = table(run.stdout);
    expect(lines[0]).toBe('STATE                  HALO ID  LAST PUBLISHED        IN HALO  SOURCE                                            URL');
    expect(lines[1]).toBe('not published (draft)  -        -                     -        content/central/accounts/mfa.md                   -');
    expect(lines.find((l) => l.includes('wifi.md'))).toMatch(/^published {14}#\d+ +\S+ \S+ UTC {2}edited {3}content\/central\/network\/wifi\.md /);
    expect(lines.filter((l) => / {2}same {2}/.test(l))).toHaveLength(3);
    expect(lines.at(-1)).toBe('5 articles: 4 published, 1 not published. Halo: 1 article edited there since published.');
    // One listing of the articles (and the login): never a request per article.
    const kinds = p.emulator.stats().byKind;
    expect(Object.keys(kinds).filter((k) => !/auth/i.test(k))).toEqual(['GET /api/kbarticle']);
    expect(kinds['GET /api/kbarticle']).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(SECRET);

    const json = JSON.parse((await p.run('status', '--check-halo', '--json')).stdout);
    expect(json.sync.checkedHalo).toBe(true);
    expect(json.sync.counts).toMatchObject({ editedInHalo: 1, missingInHalo: 0 });
    expect(json.sync.articles.find((a: { key: string }) => a.key === 'central/network/wifi')).toMatchObject({ halo: 'edited', editedInHalo: edited.date_edited });
    expect(json.sync.articles.find((a: { key: string }) => a.key === 'network/vpn')).toMatchObject({ halo: 'same', editedInHalo: null });

    // Publishing overwrites the edit, and the drift is gone.
    await p.run('publish');
    expect((await p.run('status', '--check-halo')).stdout).toContain('Halo: 0 articles edited there since published.');
  });

  it('lists sources not yet published and published articles whose source is gone; --check-halo finds one made inactive in Halo', async () => {
    const { p, e } = await published();
    await writeFile(path.join(p.root, 'content/central/network/printers.md'), '# Printers\n\nAsk the desk.\n');
    await writeFile(path.join(p.root, 'content/central/network/wifi.md'), '# Office Wi-Fi\n\nStaff devices join CORP-SECURE-2 now.\n');
    await removeFile(p.root, 'content/companies/contoso/printers.md');
    const run = await p.run('status', '--articles');
    expect(run.code).toBe(0);
    const lines = table(run.stdout);
    expect(lines.find((l) => l.includes('network/printers.md'))).toBe('not published          -        -                     content/central/network/printers.md               -');
    expect(lines.find((l) => l.includes('wifi.md'))).toMatch(/^changed {16}#\d+ /);
    expect(lines.find((l) => l.includes('contoso'))).toBe(
      `source removed         #${e['companies/contoso/printers']!.haloId}       ${shown(e['companies/contoso/printers']!.publishedAt)}  content/companies/contoso/printers.md             ${p.emulator.url}/kb?id=${e['companies/contoso/printers']!.haloId}`,
    );
    expect(lines.at(-1)).toBe('6 articles: 2 published, 1 changed since published, 2 not published, 1 source removed. Edits made in Halo not checked (--check-halo reads them with one listing).');
    const json = JSON.parse((await p.run('status', '--articles', '--json')).stdout);
    expect(json.sync.articles.find((a: { key: string }) => a.key === 'companies/contoso/printers')).toMatchObject({ state: 'removed', note: 'source removed: a full publish retires it' });

    // An article an agent marked inactive in Halo, behind halo-kb's back.
    p.emulator.editArticle(e['network/vpn']!.haloId, { inactive: true });
    const checked = await p.run('status', '--check-halo');
    expect(table(checked.stdout).find((l) => l.includes('vpn.md'))).toMatch(/ UTC {2}inactive {2}content\/central\/network\/vpn\.md /);
    expect(table(checked.stdout).at(-1)).toBe(
      '6 articles: 2 published, 1 changed since published, 2 not published, 1 source removed. Halo: 0 articles edited there since published, 1 missing or inactive.',
    );

    // Once retired, the removed source shows as retired (Halo refuses deletes: unlisted).
    expect((await p.run('publish')).code).toBe(0);
    const after = table((await p.run('status', '--articles')).stdout);
    expect(after.find((l) => l.includes('contoso'))).toMatch(/^retired {16}#\d+ /);
  });

  it('with the manifest lost, --check-halo finds the articles Halo holds by their key markers', async () => {
    const { p, e, url } = await published();
    await removeFile(p.root, 'state/manifest.json');
    const run = await p.run('status', '--check-halo', 'content/central/network/wifi.md');
    expect(run.code).toBe(0);
    const id = e['central/network/wifi']!.haloId;
    const state = `not published (in Halo as #${id} by its key marker)`;
    expect(table(run.stdout)).toEqual([
      `${'STATE'.padEnd(state.length)}  HALO ID  LAST PUBLISHED  IN HALO  SOURCE                           URL`,
      `${state}  ${`#${id}`.padEnd(7)}  -               -        content/central/network/wifi.md  ${url}/kb?id=${id}`,
      '1 article: 0 published, 1 not published. Halo: 0 articles edited there since published.',
    ]);
    const json = JSON.parse((await p.run('status', '--check-halo', '--json', 'content/central/network/wifi.md')).stdout);
    expect(json.sync.articles[0]).toMatchObject({ state: 'unpublished', haloId: id, note: `in Halo as #${id} by its key marker: the next publish adopts it` });
  });

  it('paths list only the articles at or under them, as plan and publish take them', async () => {
    const { p } = await published();
    const run = await p.run('status', 'content/central/network');
    expect(run.code).toBe(0);
    const lines = table(run.stdout);
    expect(lines.map((l) => l.split(/\s{2,}/)[3])).toEqual(['SOURCE', 'content/central/network/vpn.md [key network/vpn]', 'content/central/network/wifi.md', undefined]);
    expect(lines.at(-1)).toBe('2 articles: 2 published. Edits made in Halo not checked (--check-halo reads them with one listing).');
  });

  it('reads a manifest written before publish times were kept: Halo\'s date of the last write stands in, and no date is "-"', async () => {
    const { p, e } = await published();
    const file = path.join(p.root, 'state', 'manifest.json');
    const data = JSON.parse(await readFile(file, 'utf8'));
    for (const entry of Object.values(data.articles) as Entry[]) delete entry.publishedAt;
    delete data.articles['central/getting-started'].dateEdited;
    delete data.articles['central/getting-started'].sent;
    delete data.articles['central/getting-started'].tags;
    await writeFile(file, JSON.stringify(data));
    const run = await p.run('status', '--check-halo');
    expect(run.code).toBe(0);
    const lines = table(run.stdout);
    const vpnDate = e['network/vpn']!.dateEdited!;
    expect(lines.find((l) => l.includes('vpn.md'))).toContain(`#${e['network/vpn']!.haloId}       ${vpnDate.endsWith('Z') ? shown(vpnDate) : vpnDate}  same `);
    // No date recorded at all: nothing to compare with Halo's, so it is unknown rather than a guess.
    expect(lines.find((l) => l.includes('getting-started.md'))).toMatch(/^published {14}#\d+ +- +unknown {2}content\/central\/getting-started\.md /);
    const json = JSON.parse((await p.run('status', '--articles', '--json')).stdout);
    expect(json.sync.articles.find((a: { key: string }) => a.key === 'network/vpn').lastPublished).toBe(vpnDate);
  });

  it('refuses a path outside the content folder or with no article (exit 64), before Halo is asked', async () => {
    const { p } = await published();
    p.emulator.resetStats();
    const outside = await p.run('status', 'templates');
    expect(outside.code).toBe(64);
    expect(outside.stderr).toContain('templates is not inside the content folder content.');
    const none = await p.run('status', '--check-halo', 'content/central/nothing-here');
    expect(none.code).toBe(64);
    expect(none.stderr).toContain('No article lies at or under content/central/nothing-here.');
    expect(p.emulator.stats().total).toBe(0);
  });

  it('--check-halo without a Halo to read, or against another Halo, is a connection problem (exit 3)', async () => {
    const { p } = await published();
    const noUrl = await runCli(['status', '--check-halo'], p.root, {});
    expect(noUrl.code).toBe(3);
    expect(noUrl.stderr).toContain('No Halo URL is set.');
    expect(noUrl.stdout).toBe('');

    const other = await publishProject();
    const elsewhere = await runCli(['status', '--check-halo'], p.root, { ...p.env, HALO_URL: other.emulator.url, HALO_CLIENT_ID: other.emulator.clientId, HALO_TENANT: other.emulator.tenant });
    expect(elsewhere.code).toBe(3);
    expect(elsewhere.stderr).toContain(
      `The state manifest ${path.join(p.root, 'state', 'manifest.json')} was written for the Halo at ${p.emulator.url}, but HALO_URL is ${other.emulator.url}, where none of its 4 published articles are found.`,
    );
    expect(elsewhere.stderr).toContain('Set HALO_URL to the Halo the manifest was published to, or leave out --check-halo to see what the manifest records.');
    expect(elsewhere.stdout + elsewhere.stderr).not.toContain(SECRET);
  });

  it('before any publish: every source is not published, and no URL is made up', async () => {
    const p = await publishProject();
    const run = await runCli(['status', '--articles'], p.root, {});
    expect(run.code).toBe(0);
    expect(table(run.stdout).at(-1)).toBe('5 articles: 0 published, 5 not published. Edits made in Halo not checked (--check-halo reads them with one listing).');
    expect(run.stdout).not.toContain('http');
  });
});
