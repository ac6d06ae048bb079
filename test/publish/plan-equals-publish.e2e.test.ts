/**
 * Plan and publish agree, always: on each state a user can be in (fresh, published, edited, a
 * rebuilt manifest, a run that failed half-way, a removed source, a changed setting), what `publish`
 * did equals what `plan` said just before, and the plan after it is empty.
 */
import { appendFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePng } from '../helpers/binary-files.js';
import { KB, publishProject, type Project } from './publish-fixture.js';

const TREE = {
  ...KB,
  'content/central/network/vpn.md':
    '---\nid: network/vpn\ntitle: Connecting to the VPN\ntags: [vpn]\n---\n\nInstall **GlobalConnect**.\n\n![The client](images/client.png)\n\n## Connect\n\nSign in with your account.\n',
  'content/central/network/images/client.png': makePng(),
  'content/central/network/images/tray.png': Buffer.concat([Buffer.from(makePng()), Buffer.from('tray')]),
  'content/central/network/wifi.md': '# Office Wi-Fi\n\nStaff devices join CORP-SECURE automatically.\n\n![Tray icon](images/tray.png)\n',
};

interface Counts {
  create: number;
  update: number;
  retire: number;
  uploads: number;
  faqListsCreate: number;
  faqListsUpdate: number;
  faqListsRemove: number;
}

interface JsonReport {
  summary: Counts;
  result?: {
    articles: { kind: string }[];
    attachments: { kind: string }[];
    faqLists: { kind: string }[];
    undone: string[];
  };
}

async function planned(p: Project): Promise<Counts> {
  const run = await p.run('plan', '--json');
  expect(run.stderr).not.toContain('error');
  const { summary } = JSON.parse(run.stdout) as JsonReport;
  return {
    create: summary.create,
    update: summary.update,
    retire: summary.retire,
    uploads: summary.uploads,
    faqListsCreate: summary.faqListsCreate,
    faqListsUpdate: summary.faqListsUpdate,
    faqListsRemove: summary.faqListsRemove,
  };
}

async function published(p: Project): Promise<Counts> {
  const run = await p.run('publish', '--json');
  expect(run.code, run.stdout + run.stderr).toBe(0);
  const { result } = JSON.parse(run.stdout) as JsonReport;
  const kinds = (rows: { kind: string }[], ...wanted: string[]): number => rows.filter((r) => wanted.includes(r.kind)).length;
  expect(result!.undone).toEqual([]);
  return {
    create: kinds(result!.articles, 'created'),
    update: kinds(result!.articles, 'updated'),
    retire: kinds(result!.articles, 'retired', 'unlisted'),
    uploads: kinds(result!.attachments, 'uploaded'),
    faqListsCreate: kinds(result!.faqLists, 'created'),
    faqListsUpdate: kinds(result!.faqLists, 'updated'),
    faqListsRemove: kinds(result!.faqLists, 'removed', 'hidden', 'kept'),
  };
}

/** Plan, publish, compare; then the next plan is empty. */
async function agree(p: Project, expected: Partial<Counts>): Promise<void> {
  const plan = await planned(p);
  expect(plan).toMatchObject(expected);
  expect(await published(p)).toEqual(plan);
  expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
}

const states: { name: string; arrange(p: Project): Promise<void>; expected: Partial<Counts> }[] = [
  { name: 'fresh: nothing in Halo, no manifest', arrange: async () => {}, expected: { create: 4, uploads: 2, faqListsCreate: 5 } },
  { name: 'published: nothing to do', arrange: async (p) => void (await p.run('publish')), expected: { create: 0, update: 0, uploads: 0 } },
  {
    name: 'one article and one image edited',
    arrange: async (p) => {
      await p.run('publish');
      await appendFile(path.join(p.root, 'content/central/network/wifi.md'), '\nGuests use CORP-GUEST.\n');
      await writeFile(path.join(p.root, 'content/central/network/images/client.png'), Buffer.concat([Buffer.from(makePng()), Buffer.from('v2')]));
    },
    expected: { update: 2, uploads: 1 },
  },
  {
    name: 'the manifest rebuilt from Halo, then an edit',
    arrange: async (p) => {
      await p.run('publish');
      await rm(path.join(p.root, 'state', 'manifest.json'));
      expect((await p.run('state', 'rebuild')).code).toBe(0);
      await appendFile(path.join(p.root, 'content/central/network/vpn.md'), '\nUse MFA.\n');
    },
    expected: { update: 1, uploads: 0, create: 0 },
  },
  {
    name: 'a run that failed half-way: its image uploads refused',
    arrange: async (p) => {
      // The first upload (which finds how this Halo links files) goes through; the next is refused.
      p.emulator.injectFault({ kind: 'error', status: 400, method: 'POST', path: '/api/attachment', after: 1 });
      expect((await p.run('publish')).code).toBe(1);
    },
    expected: { create: 0, uploads: 1 },
  },
  {
    name: 'a source removed and a company gone',
    arrange: async (p) => {
      await p.run('publish');
      await rm(path.join(p.root, 'content/central/network/wifi.md'));
      await rm(path.join(p.root, 'content/companies/contoso'), { recursive: true });
    },
    expected: { retire: 2, faqListsRemove: 1 },
  },
  {
    name: 'the article URL template changed',
    arrange: async (p) => {
      await p.run('publish');
      await appendFile(path.join(p.root, 'halo-kb.yml'), 'halo:\n  article_url: "{url}/portal/kb?id={id}"\n');
    },
    expected: { update: 1 },
  },
];

describe('plan and publish agree', () => {
  for (const state of states) {
    it(state.name, async () => {
      const p = await publishProject(TREE);
      await state.arrange(p);
      await agree(p, state.expected);
    });
  }
});
