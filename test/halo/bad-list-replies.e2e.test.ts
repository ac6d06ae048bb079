/**
 * A damaged listing from Halo (not JSON, cut short, a sign-in page answered with 200, rows that do
 * not add up to record_count, a short page mid-listing) is never read as "Halo is empty": plan and
 * publish stop with exit code 3 and say what came back, and nothing is written to Halo.
 *
 * The damaged replies are retried first (as transient faults): each project's runs and its emulator
 * share a virtual clock, so the client's back-off is waited out without real time passing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Corruption, EmulatorOptions, InjectedFault } from '../../src/halo/emulator/options.js';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';
import { VirtualClock } from '../helpers/virtual-clock.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { makeProject, type TreeFiles } from '../helpers/temp-tree.js';
import { KB, SECRET, writesOf } from '../publish/publish-fixture.js';

// Not publish-fixture's publishProject: its afterEach closes every emulator, and these cases run
// concurrently.
const running: RunningEmulator[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

interface Project {
  emulator: RunningEmulator;
  clock: VirtualClock;
  run(...argv: string[]): Promise<CliRun>;
  manifest(): Promise<{ articles: Record<string, unknown> }>;
  writes(): number;
  counts(): { articles: number; faqLists: number };
}

async function project(files: TreeFiles = KB, options: EmulatorOptions = {}): Promise<Project> {
  const root = await makeProject(files);
  const clock = new VirtualClock();
  const emulator = await startEmulator({ clientSecret: SECRET, clock, ...options });
  running.push(emulator);
  const env = { HALO_URL: emulator.url, HALO_CLIENT_ID: emulator.clientId, HALO_CLIENT_SECRET: SECRET, HALO_TENANT: emulator.tenant };
  return {
    emulator,
    clock,
    run: (...argv) => runCli(argv, root, env, clock),
    manifest: async () => JSON.parse(await readFile(path.join(root, 'state', 'manifest.json'), 'utf8')) as { articles: Record<string, unknown> },
    writes: () => writesOf(emulator),
    counts: () => ({ articles: emulator.data().articles.length, faqLists: emulator.data().faqLists.length }),
  };
}

/** A project published once, cleanly. */
async function published(files: TreeFiles = KB): Promise<Project> {
  const p = await project(files);
  const first = await p.run('publish');
  expect(first.code).toBe(0);
  p.emulator.resetStats();
  return p;
}

function damage(p: Project, path: string, corruption: Corruption, more: Partial<InjectedFault> = {}): void {
  p.emulator.injectFault({ kind: 'corrupt', method: 'GET', path, corruption, times: 1000, ...more });
}

const ARTICLES = 'GET /api/KBArticle';
const LISTS = 'GET /api/FAQLists';

/** What each damage looks like in the error, for the article listing and the FAQ-list listing. */
const CASES: { corruption: Corruption; path: string; message: (url: string) => string }[] = [
  { corruption: 'truncated', path: '/api/kbarticle', message: () => `error: Could not list knowledge-base articles: ${ARTICLES} (page 1) answered 200 OK with JSON cut short after ` },
  {
    corruption: 'invalid-json',
    path: '/api/kbarticle',
    message: () => `error: Could not list knowledge-base articles: ${ARTICLES} (page 1) answered 200 OK with a body that is not JSON: ")]}', {\\"record_count\\":4,`,
  },
  { corruption: 'empty', path: '/api/kbarticle', message: () => `error: Could not list knowledge-base articles: ${ARTICLES} (page 1) answered 200 OK with an empty body.\n` },
  {
    corruption: 'html',
    path: '/api/kbarticle',
    message: (url) => `error: HALO_URL (${url}) does not look like Halo's API: ${ARTICLES} answered 200 OK with an HTML page (text/html; charset=utf-8) titled "Sign in to your account".\n`,
  },
  {
    corruption: 'wrong-count',
    path: '/api/kbarticle',
    message: () => 'error: Could not list knowledge-base articles: record_count says 9 articles, but only 4 came (GET /api/KBArticle page 2 held none).\n',
  },
  { corruption: 'truncated', path: '/api/faqlists', message: () => `error: Could not list FAQ lists: ${LISTS} answered 200 OK with JSON cut short after ` },
  { corruption: 'invalid-json', path: '/api/faqlists', message: () => `error: Could not list FAQ lists: ${LISTS} answered 200 OK with a body that is not JSON: ")]}', [{\\"id\\":1,` },
  { corruption: 'empty', path: '/api/faqlists', message: () => `error: Could not list FAQ lists: ${LISTS} answered 200 OK with an empty body.\n` },
  {
    corruption: 'html',
    path: '/api/faqlists',
    message: (url) => `error: HALO_URL (${url}) does not look like Halo's API: ${LISTS} answered 200 OK with an HTML page (text/html; charset=utf-8) titled "Sign in to your account".\n`,
  },
];

describe.concurrent('a damaged listing stops plan and publish with exit code 3, writing nothing', () => {
  for (const c of CASES) {
    it(`${c.corruption} on ${c.path}`, async () => {
      const p = await published();
      const before = p.counts();
      damage(p, c.path, c.corruption);
      const waited = p.clock.waits.length;
      // Both stop while reading Halo, so they may run side by side.
      const [plan, publish] = await Promise.all([p.run('plan'), p.run('publish')]);
      for (const run of [plan, publish]) {
        expect(run.code).toBe(3);
        expect(run.stderr).toContain(c.message(p.emulator.url));
        expect(run.stdout).not.toContain('to create');
      }
      expect(p.writes()).toBe(0);
      expect(p.counts()).toEqual(before);
      // Each run backed off and retried three times (four attempts) before it stopped.
      expect(p.clock.waits.slice(waited).filter((ms) => ms > 0)).toHaveLength(6);
      // The manifest still knows every article: nothing was taken for deleted.
      expect(Object.keys((await p.manifest()).articles)).toHaveLength(4);
    }, 30_000);
  }

  it('a short page in the middle of a paged listing is not the end of the list', async () => {
    const files: TreeFiles = { ...KB, 'halo-kb.yml': 'halo:\n  page_size: 2\n' };
    for (const n of [1, 2]) files[`content/central/network/printer-${n}.md`] = `# Printer ${n}\n\nOn floor ${n}.\n`;
    const p = await published(files);
    const before = p.counts();
    expect(before.articles).toBe(6);
    // Page 1 comes whole, page 2 one row short, page 3 whole: 5 of 6 rows.
    damage(p, '/api/kbarticle', 'short-page', { query: 'page_no=2' });
    const [plan, publish] = await Promise.all([p.run('plan'), p.run('publish')]);
    expect(plan.code).toBe(3);
    expect(plan.stderr).toContain('error: Could not list knowledge-base articles: GET /api/KBArticle page 2 held 1 article where 2 were asked for, yet record_count says 6 exist.\n');
    expect(publish.code).toBe(3);
    expect(p.writes()).toBe(0);
    expect(p.counts()).toEqual(before);
  }, 30_000);

  it('state rebuild does not write a manifest from a damaged listing', async () => {
    const p = await published();
    const manifest = await p.manifest();
    damage(p, '/api/kbarticle', 'truncated');
    const rebuilt = await p.run('state', 'rebuild');
    expect(rebuilt.code).toBe(3);
    expect(rebuilt.stderr).toContain('error: Could not list knowledge-base articles: GET /api/KBArticle (page 1) answered 200 OK with JSON cut short after ');
    expect((await p.manifest()).articles).toEqual(manifest.articles);
  }, 30_000);

  it('one damaged reply is retried, and the run goes on with the whole picture', async () => {
    const p = await published();
    damage(p, '/api/kbarticle', 'truncated', { times: 1 });
    damage(p, '/api/faqlists', 'html', { times: 1 });
    const plan = await p.run('plan');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to retire, 4 unchanged, 1 skipped.');
    expect(p.emulator.stats().byKind['GET /api/kbarticle']).toBe(2);
  }, 30_000);

  it('a server that caps pages lower than asked is still followed to the end', async () => {
    const files: TreeFiles = { ...KB };
    for (const n of [1, 2, 3]) files[`content/central/network/printer-${n}.md`] = `# Printer ${n}\n\nOn floor ${n}.\n`;
    const p = await project(files, { maxPageSize: 2 });
    expect((await p.run('publish')).code).toBe(0);
    p.emulator.resetStats();
    const plan = await p.run('plan');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to retire, 7 unchanged, 1 skipped.');
    expect(p.emulator.stats().byKind['GET /api/kbarticle']).toBe(4);
  }, 30_000);
});
