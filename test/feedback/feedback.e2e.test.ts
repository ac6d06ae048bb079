/**
 * `halo-kb feedback` against the emulator, through the real CLI: a small KB is published, readers'
 * views and votes and reviewers' dates are set through the emulator's control route, and the
 * report is read in each format, with the requests it cost.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../../src/halo/emulator/options.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';
import { KB, publishProject, SECRET, type Project } from '../publish/publish-fixture.js';

const SOURCE_URL = 'https://github.com/acme/kb/blob/main';
const AS_OF = ['--as-of', '2026-12-01'];

interface Published extends Project {
  /** Halo id of the article with this key. */
  id(key: string): number;
  /** Set views, votes and review date as Halo's readers and reviewers would (the control route). */
  feedback(key: string, body: Record<string, unknown>): Promise<void>;
  /** Requests to Halo's article paths since the last reset, by kind. */
  articleReads(): { list: number; details: number };
}

async function published(options: EmulatorOptions = {}): Promise<Published> {
  const p = await publishProject({ ...KB, 'halo-kb.yml': `source_url: ${SOURCE_URL}\n` }, options);
  const pub = await p.run('publish');
  expect(pub.code).toBe(0);
  const ids = Object.fromEntries(Object.entries((await p.manifest()).articles).map(([k, a]) => [k, a.haloId]));
  const id = (key: string): number => {
    const found = ids[key];
    if (found === undefined) throw new Error(`no article ${key}`);
    return found;
  };
  p.emulator.resetStats();
  return {
    ...p,
    id,
    async feedback(key, body) {
      const res = await fetch(`${p.emulator.url}/_emulator/feedback/${id(key)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${p.emulator.controlToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      p.emulator.resetStats();
    },
    articleReads() {
      const byKind = p.emulator.stats().byKind;
      return { list: byKind['GET /api/kbarticle'] ?? 0, details: byKind['GET /api/kbarticle/:id'] ?? 0 };
    },
  };
}

/** The feedback most tests start from: one article voted down, one past its review date. */
async function withVotes(p: Published): Promise<void> {
  await p.feedback('network/vpn', { view_count: 120, useful_count: 1, notuseful_count: 4 });
  await p.feedback('central/network/wifi', { view_count: 7, useful_count: 2, notuseful_count: 0, next_review_date: '2026-10-01T00:00:00' });
  await p.feedback('central/getting-started', { view_count: 45, useful_count: 9, notuseful_count: 1, next_review_date: '2027-03-01T00:00:00' });
}

function noSecrets(...runs: { stdout: string; stderr: string }[]): void {
  for (const r of runs) expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
}

describe('halo-kb feedback', () => {
  it('reports the articles voted not useful or past their review date, reading each article once where the listing has no counters', async () => {
    const p = await published();
    await withVotes(p);
    const r = await p.run('feedback', ...AS_OF);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Feedback from Halo on 4 published articles (as of 2026-12-01):',
        `! content/central/network/vpn.md  "Connecting to the VPN" (article ${p.id('network/vpn')}): voted not useful: 4 of 5 votes (80%); 120 views, 1 useful, 4 not useful`,
        `! content/central/network/wifi.md  "Office Wi-Fi" (article ${p.id('central/network/wifi')}): review overdue: next review was 2026-10-01, 61 days ago; 7 views, 2 useful, 0 not useful`,
        'Feedback: 2 of 4 articles need attention (1 voted not useful, 1 review overdue); 172 views, 12 useful and 5 not-useful votes in all. 7 requests to Halo (4 articles read one by one).',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe("Reading 4 articles one by one (4 requests, paced under Halo's limit of about 300 per 5 minutes): Halo's article listing does not carry views and votes.\n");
    // One listing, then each article's details; nothing written.
    expect(p.articleReads()).toEqual({ list: 1, details: 4 });
    expect(p.writes()).toBe(0);
    noSecrets(r);
  });

  it('takes the counters from the listing when its rows carry them: one request for all articles', async () => {
    const p = await published({ listRowCounters: true });
    await withVotes(p);
    const r = await p.run('feedback', ...AS_OF, '--top', '2');
    expect(r.code).toBe(0);
    expect(r.lines.slice(3)).toEqual([
      'Most viewed: content/central/network/vpn.md (120), content/central/getting-started.md (45)',
      'Least viewed: content/companies/contoso/printers.md (0), content/central/network/wifi.md (7)',
      'Feedback: 2 of 4 articles need attention (1 voted not useful, 1 review overdue); 172 views, 12 useful and 5 not-useful votes in all. 3 requests to Halo (counters from the article listing).',
    ]);
    expect(r.stderr).toBe('');
    expect(p.articleReads()).toEqual({ list: 1, details: 0 });
    // A row whose counter is empty (null) may be one only the details fill in: that article is read.
    await p.feedback('network/vpn', { useful_count: null });
    const one = await p.run('feedback', ...AS_OF);
    expect(one.stderr).toBe("Reading 1 article one by one (1 request, paced under Halo's limit of about 300 per 5 minutes): not in the article listing with their counters.\n");
    expect(one.lines.at(-1)).toContain('4 requests to Halo (counters of 3 articles from the listing, 1 read one by one).');
    expect(p.articleReads()).toEqual({ list: 1, details: 1 });
  });

  it('writes a Markdown table for an issue or a job summary, sources linked through source_url', async () => {
    const p = await published();
    await withVotes(p);
    const r = await p.run('feedback', ...AS_OF, '--format', 'markdown', '--top', '1', '--quiet');
    expect(r.code).toBe(0);
    const vpn = p.id('network/vpn');
    const wifi = p.id('central/network/wifi');
    const printers = p.id('companies/contoso/printers');
    expect(r.stdout).toBe(
      [
        '## halo-kb feedback',
        '',
        '2 of 4 articles need attention (1 voted not useful, 1 review overdue), as of 2026-12-01.',
        '',
        '| Article | Title | Halo | Views | Useful | Not useful | Next review | Reason |',
        '| --- | --- | --- | ---: | ---: | ---: | --- | --- |',
        `| [content/central/network/vpn.md](${SOURCE_URL}/content/central/network/vpn.md) | Connecting to the VPN | [${vpn}](${p.emulator.url}/kb?id=${vpn}) | 120 | 1 | 4 |  | voted not useful: 4 of 5 votes (80%) |`,
        `| [content/central/network/wifi.md](${SOURCE_URL}/content/central/network/wifi.md) | Office Wi-Fi | [${wifi}](${p.emulator.url}/kb?id=${wifi}) | 7 | 2 | 0 | 2026-10-01 | review overdue: next review was 2026-10-01, 61 days ago |`,
        '',
        '### Most viewed',
        '',
        '| Article | Title | Halo | Views | Useful | Not useful | Next review |',
        '| --- | --- | --- | ---: | ---: | ---: | --- |',
        `| [content/central/network/vpn.md](${SOURCE_URL}/content/central/network/vpn.md) | Connecting to the VPN | [${vpn}](${p.emulator.url}/kb?id=${vpn}) | 120 | 1 | 4 |  |`,
        '',
        '### Least viewed',
        '',
        '| Article | Title | Halo | Views | Useful | Not useful | Next review |',
        '| --- | --- | --- | ---: | ---: | ---: | --- |',
        `| [content/companies/contoso/printers.md](${SOURCE_URL}/content/companies/contoso/printers.md) | Printing at Contoso | [${printers}](${p.emulator.url}/kb?id=${printers}) | 0 | 0 | 0 |  |`,
        '',
        '172 views, 12 useful and 5 not-useful votes in all. 7 requests to Halo (4 articles read one by one).',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
  });

  it('writes the documented JSON shape', async () => {
    const p = await published();
    await withVotes(p);
    const r = await p.run('feedback', ...AS_OF, '--json', '--not-useful', '2', '--review-grace', '30');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    const vpn = p.id('network/vpn');
    expect(json).toEqual({
      schema: 'halo-kb/feedback@1',
      halo: p.emulator.url,
      asOf: '2026-12-01',
      thresholds: { notUsefulVotes: 2, notUsefulShare: 50, reviewGraceDays: 30, top: 0 },
      requests: { total: 7, fromList: 0, perArticle: 4 },
      summary: { articles: 4, needAttention: 2, notUseful: 1, reviewOverdue: 1, deleted: 0, inactive: 0, withoutCounters: 0, views: 172, usefulVotes: 12, notUsefulVotes: 5 },
      articles: expect.any(Array) as unknown,
      mostViewed: [],
      leastViewed: [],
    });
    const articles = json['articles'] as Record<string, unknown>[];
    expect(articles.map((a) => a['source'])).toEqual([
      'content/central/getting-started.md',
      'content/central/network/vpn.md',
      'content/central/network/wifi.md',
      'content/companies/contoso/printers.md',
    ]);
    expect(articles[1]).toEqual({
      key: 'network/vpn',
      source: 'content/central/network/vpn.md',
      sourceUrl: `${SOURCE_URL}/content/central/network/vpn.md`,
      title: 'Connecting to the VPN',
      haloId: vpn,
      url: `${p.emulator.url}/kb?id=${vpn}`,
      status: 'found',
      inactive: false,
      views: 120,
      useful: 1,
      notUseful: 4,
      nextReviewDate: null,
      reviewOverdueDays: null,
      attention: ['not-useful'],
      reasons: ['voted not useful: 4 of 5 votes (80%)'],
    });
    // 61 days past the review date is past a 30-day grace.
    expect(articles[2]).toMatchObject({ reviewOverdueDays: 61, attention: ['review-overdue'] });
    // One not-useful vote is under --not-useful 2.
    expect(articles[0]).toMatchObject({ views: 45, useful: 9, notUseful: 1, nextReviewDate: '2027-03-01', attention: [] });
  });

  it('exits 2 with --fail-on-attention when an article needs attention, 0 when none does', async () => {
    const p = await published();
    const calm = await p.run('feedback', ...AS_OF, '--fail-on-attention', '--quiet');
    expect(calm.code).toBe(0);
    expect(calm.lines.at(-1)).toBe('Feedback: None of 4 articles needs attention; 0 views, 0 useful and 0 not-useful votes in all. 7 requests to Halo (4 articles read one by one).');
    await p.feedback('network/vpn', { notuseful_count: 1 });
    expect((await p.run('feedback', ...AS_OF, '--fail-on-attention', '--quiet')).code).toBe(2);
    expect((await p.run('feedback', ...AS_OF, '--quiet')).code).toBe(0);
  });
});

describe('what Halo may send', () => {
  it('reads counters as strings, and takes missing, null, negative and fractional ones as unknown, never as 0', async () => {
    const p = await published();
    await p.feedback('network/vpn', { view_count: '12', useful_count: ' 3 ', notuseful_count: '5' });
    await p.feedback('central/network/wifi', { view_count: null, useful_count: -2, notuseful_count: 1.5 });
    await p.feedback('central/getting-started', { omit: ['view_count', 'useful_count', 'notuseful_count'] });
    const r = await p.run('feedback', ...AS_OF, '--json', '--quiet');
    const byKey = new Map((JSON.parse(r.stdout) as { articles: Record<string, unknown>[] }).articles.map((a) => [a['key'], a]));
    expect(byKey.get('network/vpn')).toMatchObject({ views: 12, useful: 3, notUseful: 5, attention: ['not-useful'] });
    expect(byKey.get('central/network/wifi')).toMatchObject({ views: null, useful: null, notUseful: null, attention: [] });
    expect(byKey.get('central/getting-started')).toMatchObject({ status: 'found', views: null, useful: null, notUseful: null, attention: [] });
    const text = await p.run('feedback', ...AS_OF, '--verbose', '--quiet');
    expect(text.lines).toContain(`  content/central/network/wifi.md  "Office Wi-Fi" (article ${p.id('central/network/wifi')}): ? views, ? useful, ? not useful`);
    expect(text.lines.at(-1)).toBe(
      'Feedback: 1 of 4 articles needs attention (1 voted not useful); 12 views, 3 useful and 5 not-useful votes in all; 2 articles without readable counters from Halo (shown as ?). 7 requests to Halo (4 articles read one by one).',
    );
  });

  it('with not-useful votes but no useful count, names the votes and no share worked out from a guessed 0', async () => {
    const p = await published();
    await p.feedback('network/vpn', { useful_count: null, notuseful_count: 1 });
    const r = await p.run('feedback', ...AS_OF, '--json', '--quiet');
    const vpn = (JSON.parse(r.stdout) as { articles: Record<string, unknown>[] }).articles.find((a) => a['key'] === 'network/vpn');
    expect(vpn).toMatchObject({ useful: null, notUseful: 1, attention: ['not-useful'], reasons: ['voted not useful: 1 vote (Halo sent no useful count)'] });
  });

  it("reads review dates with and without a zone, and takes absent, null and Halo's empty date as none", async () => {
    const p = await published({ listRowCounters: true });
    await p.feedback('network/vpn', { next_review_date: '2026-11-30T08:00:00+02:00' });
    await p.feedback('central/network/wifi', { next_review_date: '1900-01-01T00:00:00' });
    await p.feedback('central/getting-started', { next_review_date: '2026-06-01T00:00:00Z' });
    await p.feedback('companies/contoso/printers', { omit: ['next_review_date'] });
    const r = await p.run('feedback', ...AS_OF, '--json');
    const byKey = new Map((JSON.parse(r.stdout) as { articles: Record<string, unknown>[] }).articles.map((a) => [a['key'], a]));
    expect(byKey.get('network/vpn')).toMatchObject({ nextReviewDate: '2026-11-30', reviewOverdueDays: 1, reasons: ['review overdue: next review was 2026-11-30, 1 day ago'] });
    expect(byKey.get('central/network/wifi')).toMatchObject({ nextReviewDate: null, reviewOverdueDays: null, attention: [] });
    expect(byKey.get('central/getting-started')).toMatchObject({ nextReviewDate: '2026-06-01', reviewOverdueDays: 183 });
    expect(byKey.get('companies/contoso/printers')).toMatchObject({ nextReviewDate: null, attention: [] });
    await p.feedback('companies/contoso/printers', { next_review_date: null });
    const again = JSON.parse((await p.run('feedback', ...AS_OF, '--json', 'content/companies')).stdout) as { articles: Record<string, unknown>[] };
    expect(again.articles).toHaveLength(1);
    expect(again.articles[0]).toMatchObject({ key: 'companies/contoso/printers', nextReviewDate: null });
  });

  it('reports an article deleted in Halo (404) and one made inactive there, and carries on', async () => {
    const p = await published({ forbidArticleDelete: false });
    const token = await accessToken(p);
    const gone = p.id('central/network/wifi');
    const del = await fetch(`${p.emulator.url}/api/KBArticle/${gone}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(del.status).toBe(200);
    p.emulator.editArticle(p.id('network/vpn'), { inactive: true });
    p.emulator.resetStats();
    const r = await p.run('feedback', ...AS_OF, '--fail-on-attention');
    expect(r.code).toBe(2);
    expect(r.lines).toEqual([
      'Feedback from Halo on 4 published articles (as of 2026-12-01):',
      `! content/central/network/vpn.md  "Connecting to the VPN" (article ${p.id('network/vpn')}): inactive in Halo: readers do not see it; 0 views, 0 useful, 0 not useful`,
      `! content/central/network/wifi.md  "Office Wi-Fi" (article ${gone}): not in Halo any more (404): deleted there? "halo-kb plan" shows what publishing would do`,
      'Feedback: 2 of 4 articles need attention (1 deleted in Halo, 1 inactive in Halo); 0 views, 0 useful and 0 not-useful votes in all. 7 requests to Halo (4 articles read one by one).',
    ]);
    expect(p.articleReads()).toEqual({ list: 1, details: 4 });
  });
});

describe('choosing articles', () => {
  it('reads only the articles under the paths and with the ids given', async () => {
    const p = await published();
    await withVotes(p);
    const r = await p.run('feedback', ...AS_OF, 'content/central/network', '--id', String(p.id('central/getting-started')), '--quiet');
    expect(r.code).toBe(0);
    expect(r.lines.at(-1)).toBe(
      'Feedback: 2 of 3 articles need attention (1 voted not useful, 1 review overdue); 172 views, 12 useful and 5 not-useful votes in all. 6 requests to Halo (3 articles read one by one).',
    );
    expect(p.articleReads()).toEqual({ list: 1, details: 3 });
  });

  it('refuses a path or an id that names no published article, and bad flag values, with exit code 64', async () => {
    const p = await published();
    const path1 = await p.run('feedback', 'content/central/nothing-here');
    expect(path1.code).toBe(64);
    expect(path1.stderr).toBe(
      'error: content/central/nothing-here holds no article published from this project (state/manifest.json records none there).\n  Give a content file or folder of a published article, such as content/central; "halo-kb status --articles" lists them.\n',
    );
    const id = await p.run('feedback', '--id', '999');
    expect(id.code).toBe(64);
    expect(id.stderr).toBe(
      'error: --id 999: no article published from this project has Halo id 999 (state/manifest.json).\n  Give the Halo id of an article halo-kb published; the JSON report ("halo-kb feedback --json") lists them.\n',
    );
    const top = await p.run('feedback', '--top', 'many');
    expect(top.code).toBe(64);
    expect(top.stderr).toBe("error: option '--top <n>' argument 'many' is invalid. expected a whole number of articles, such as 5.\n(run with --help for usage)\n");
    const share = await p.run('feedback', '--not-useful-share', '150');
    expect(share.code).toBe(64);
    expect(share.stderr).toContain("error: option '--not-useful-share <percent>' argument '150' is invalid. expected a whole percentage from 0 to 100, such as 50.");
    const asOf = await p.run('feedback', '--as-of', '2026-02-30');
    expect(asOf.code).toBe(64);
    expect(asOf.stderr).toContain("error: option '--as-of <date>' argument '2026-02-30' is invalid. expected a date as YYYY-MM-DD, such as 2027-01-31.");
    // Nothing was asked of Halo.
    expect(p.emulator.stats().total).toBe(0);
  });
});

describe('another Halo', () => {
  it('warns when the manifest was written for another Halo: its ids may name other articles there', async () => {
    const p = await published();
    const file = path.join(p.root, 'state', 'manifest.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...manifest, halo: 'https://old.example.halopsa.com' }, null, 2));
    const r = await p.run('feedback', ...AS_OF);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(
      `warning: state/manifest.json was written for the Halo at https://old.example.halopsa.com; reading from ${p.emulator.url}: its article ids may name other articles there.`,
    );
  });
});

describe('a manifest of another Halo', () => {
  it('stops before reading any article when none of its articles is in this Halo (exit 3)', async () => {
    const p = await published();
    const file = path.join(p.root, 'state', 'manifest.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as { halo: string; articles: Record<string, { haloId: number }> };
    for (const entry of Object.values(manifest.articles)) entry.haloId += 9000;
    await writeFile(file, JSON.stringify({ ...manifest, halo: 'https://other.example.halopsa.com' }, null, 2));
    p.emulator.resetStats();
    const r = await p.run('feedback', ...AS_OF);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `error: The state manifest state/manifest.json was written for the Halo at https://other.example.halopsa.com, but HALO_URL is ${p.emulator.url}, where none of its 4 published articles are found.\n  Set HALO_URL to the Halo the manifest was published to, or --state to the manifest of this Halo.\n`,
    );
    expect(p.emulator.stats().byKind['GET /api/kbarticle/:id'] ?? 0).toBe(0);
  });
});

describe('when there is nothing to read', () => {
  it('says to publish first when there is no state manifest, or it records no published article (exit 3)', async () => {
    const root = await makeProject(KB);
    const env = { HALO_URL: 'http://127.0.0.1:9', HALO_CLIENT_ID: 'x', HALO_CLIENT_SECRET: SECRET };
    const none = await runCli(['feedback'], root, env);
    expect(none.code).toBe(3);
    expect(none.stderr).toBe(
      'error: There is no state manifest at state/manifest.json: the feedback report reads Halo\'s views and votes on the articles halo-kb published.\n  Publish first ("halo-kb publish"), or point --state at the manifest your publishes write.\n',
    );
    await mkdir(path.join(root, 'state'), { recursive: true });
    await writeFile(path.join(root, 'state', 'manifest.json'), '{"version": 1, "faqLists": {}, "articles": {}}\n');
    const empty = await runCli(['feedback'], root, env);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toBe(
      'error: state/manifest.json records no published article: the feedback report reads Halo\'s views and votes on the articles halo-kb published.\n  Publish first ("halo-kb publish"), or point --state at the manifest your publishes write.\n',
    );
    noSecrets(none, empty);
  });

  it('stops with exit code 3 when Halo cannot be reached, naming where it tried', async () => {
    const p = await published();
    await p.emulator.close();
    // A short connect deadline keeps the test quick; the retries are the client's, as for every command.
    await writeFile(path.join(p.root, 'halo-kb.yml'), 'halo:\n  connect_timeout_seconds: 1\n');
    const r = await p.run('feedback');
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error: Nothing accepted the connection to ${p.emulator.url}/api/authinfo.`);
    noSecrets(r);
  });
});

async function accessToken(p: Project): Promise<string> {
  const res = await fetch(`${p.emulator.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: p.emulator.clientId, client_secret: SECRET, scope: 'all', tenant: p.emulator.tenant }).toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('help', () => {
  it('lists the command and documents its thresholds, request cost and exit codes', async () => {
    const root = await makeProject({});
    const all = await runCli(['--help'], root);
    expect(all.stdout).toMatch(/\n {2}feedback \[options\] \[paths\.\.\.\] +Report Halo's feedback on the published\n/);
    const help = await runCli(['feedback', '--help'], root);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--fail-on-attention');
    expect(help.stdout).toContain('  2   with --fail-on-attention: at least one article needs attention');
    expect(help.stdout).toContain('one request per article whose\ncounters the listing does not carry');
  });
});
