/**
 * The planner on its own: a build, the state manifest and what Halo holds, as literal data, in;
 * the exact FAQ list and article actions out. Each row starts from one published world (a central
 * KB with a network folder, a company KB for the customer Contoso, everything recorded and in
 * Halo as last published) and changes one thing.
 */
import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/compile/build.js';
import type { Article } from '../../src/model/article.js';
import type { Company } from '../../src/model/company.js';
import type { FaqListNode } from '../../src/model/faq-list.js';
import type { KbRef } from '../../src/model/kb.js';
import { MANIFEST_VERSION, type Manifest } from '../../src/plan/manifest.js';
import { planChanges } from '../../src/plan/plan.js';
import type { HaloSnapshot, SnapshotArticle } from '../../src/plan/halo-snapshot.js';
import type { Plan, PlanSettings } from '../../src/plan/types.js';

const CENTRAL: KbRef = { kind: 'central' };
const CONTOSO: KbRef = { kind: 'company', folder: 'contoso' };
const PUBLISHED = '2026-05-01T10:00:00Z';

function article(key: string, contentPath: string, kb: KbRef, faqLists: string[], fields: Partial<Article> = {}): Article {
  return {
    key,
    kind: 'markdown',
    contentPath,
    displayPath: `content/${contentPath}`,
    kb,
    folders: contentPath.split('/').slice(kb.kind === 'central' ? 1 : 2, -1),
    title: key.toUpperCase(),
    draft: false,
    tags: [],
    html: `<p>${key}</p>`,
    headings: [],
    diagnostics: [],
    faqLists,
    attachments: [],
    crossLinks: [],
    hash: `hash-${key}`,
    hasErrors: false,
    ...fields,
  };
}

function node(key: string, name: string, kb: KbRef, parent?: string): FaqListNode {
  return parent === undefined ? { key, name, kb } : { key, name, kb, parent };
}

function haloArticle(id: number, key: string, faqListIds: number[], fields: Partial<SnapshotArticle> = {}): SnapshotArticle {
  return { id, name: key.toUpperCase(), inactive: false, key, dateEdited: PUBLISHED, faqListIds, ...fields };
}

interface World {
  build: BuildResult;
  manifest: Manifest;
  halo: HaloSnapshot;
  settings: PlanSettings;
}

/** Everything published and unchanged since: vpn (central/network), printers (contoso). */
function published(): World {
  const contoso: Company = { folder: 'contoso', clientName: 'Contoso', clientId: 7, faqList: 'Contoso', configPath: 'content/companies/contoso/_company.yml' };
  const articles = [article('vpn', 'central/network/vpn.md', CENTRAL, ['central/network']), article('printers', 'companies/contoso/printers.md', CONTOSO, ['companies/contoso'])];
  return {
    build: {
      articles,
      faqLists: [node('central', 'Central', CENTRAL), node('central/network', 'Network', CENTRAL, 'central'), node('companies/contoso', 'Contoso', CONTOSO)],
      companies: [contoso],
      diagnostics: [],
      tally: { articles: 2, ready: 2, drafts: 0, withErrors: 0, uploads: 0, links: 0, diagnostics: [] },
      stamp: 'stamp',
      stats: { sources: 2, compiled: 0, reused: 2, ms: 1 },
    },
    manifest: {
      version: MANIFEST_VERSION,
      faqLists: {
        _group: { haloId: 1, name: 'Knowledge base' },
        central: { haloId: 2, name: 'Central' },
        'central/network': { haloId: 3, name: 'Network' },
        'companies/contoso': { haloId: 4, name: 'Contoso' },
      },
      articles: {
        vpn: { haloId: 101, source: 'content/central/network/vpn.md', title: 'VPN', hash: 'hash-vpn', faqLists: [3], tags: [], dateEdited: PUBLISHED },
        printers: { haloId: 102, source: 'content/companies/contoso/printers.md', title: 'PRINTERS', hash: 'hash-printers', faqLists: [4], clients: [7], tags: [], dateEdited: PUBLISHED },
      },
    },
    halo: {
      faqLists: [
        { id: 1, name: 'Knowledge base', groupId: 0, isGroup: true, showForAll: true, thirdPartyId: 'halo-kb:_group' },
        { id: 2, name: 'Central', groupId: 1, isGroup: true, showForAll: true, thirdPartyId: 'halo-kb:central' },
        { id: 3, name: 'Network', groupId: 2, isGroup: false, showForAll: true, thirdPartyId: 'halo-kb:central/network' },
        { id: 4, name: 'Contoso', groupId: 1, isGroup: false, showForAll: false, thirdPartyId: 'halo-kb:companies/contoso' },
      ],
      articles: [haloArticle(101, 'vpn', [3]), haloArticle(102, 'printers', [4])],
    },
    settings: {
      groupName: 'Knowledge base',
      showForAll: true,
      companyShowForAll: false,
      maxRetire: 2,
      force: false,
      articleUrlTemplate: '{url}/kb?id={id}',
      haloBase: 'https://halo.test',
    },
  };
}

/** A plan as lines a reader checks at a glance: every list and article, its action, its reasons. */
function lines(plan: Plan): { lists: string[]; articles: string[]; guards: string[]; scope: string[]; problems: string[] } {
  const show = (head: string, reasons: string[]): string => (reasons.length === 0 ? head : `${head}: ${reasons.join('; ')}`);
  return {
    lists: plan.faqLists.map((l) => show(`${l.key} ${l.action}${l.haloId === undefined ? '' : ` #${l.haloId}`}`, l.reasons)),
    articles: plan.articles.map((a) => show(`${a.key} ${a.action}${a.haloId === undefined ? '' : ` #${a.haloId}`} ${a.source}`, a.reasons)),
    guards: plan.guards,
    scope: plan.scope ?? [],
    problems: plan.diagnostics.map((d) => `${d.file}: ${d.message}`),
  };
}

const LISTS_UNCHANGED = ['_group unchanged #1', 'central unchanged #2', 'central/network unchanged #3', 'companies/contoso unchanged #4'];
const VPN = 'vpn unchanged #101 content/central/network/vpn.md';
const PRINTERS = 'printers unchanged #102 content/companies/contoso/printers.md';

function addArticle(w: World, a: Article): void {
  w.build.articles.push(a);
}

function removeArticle(w: World, key: string): void {
  w.build.articles = w.build.articles.filter((a) => a.key !== key);
}

function replaceArticle(w: World, key: string, fields: Partial<Article>): void {
  w.build.articles = w.build.articles.map((a) => (a.key === key ? { ...a, ...fields } : a));
}

function haloEdit(w: World, id: number, fields: Partial<SnapshotArticle>): void {
  w.halo.articles = w.halo.articles.map((a) => (a.id === id ? { ...a, ...fields } : a));
}

interface Row {
  name: string;
  change: (w: World) => void;
  lists?: string[];
  articles: string[];
  guards?: string[];
  scope?: string[];
  problems?: string[];
}

const rows: Row[] = [
  { name: 'nothing changed: everything unchanged', change: () => {}, articles: [PRINTERS, VPN] },
  {
    name: 'a new article is created',
    change: (w) => addArticle(w, article('wifi', 'central/network/wifi.md', CENTRAL, ['central/network'])),
    articles: [PRINTERS, VPN, 'wifi create content/central/network/wifi.md: new article'],
  },
  {
    name: 'changed content is an update',
    change: (w) => replaceArticle(w, 'vpn', { hash: 'hash-vpn-2', html: '<p>vpn, again</p>' }),
    articles: [PRINTERS, 'vpn update #101 content/central/network/vpn.md: content changed'],
  },
  {
    name: 'an article edited in Halo since the last publish is drift, overwritten',
    change: (w) => haloEdit(w, 101, { dateEdited: '2026-05-02T09:00:00Z' }),
    articles: [PRINTERS, 'vpn update #101 content/central/network/vpn.md: edited in Halo on 2026-05-02T09:00:00Z: those edits will be overwritten'],
  },
  {
    name: 'an article deleted in Halo is created again',
    change: (w) => {
      w.halo.articles = w.halo.articles.filter((a) => a.id !== 101);
    },
    articles: [PRINTERS, 'vpn create content/central/network/vpn.md: no longer in Halo: created again'],
  },
  {
    name: 'an unmanaged article in Halo with the same key and body is adopted without a write',
    change: (w) => {
      addArticle(w, article('wifi', 'central/network/wifi.md', CENTRAL, ['central/network']));
      w.halo.articles.push(haloArticle(103, 'wifi', [], { html: '<p>wifi</p>' }));
    },
    articles: [PRINTERS, VPN, 'wifi unchanged #103 content/central/network/wifi.md: adopted: found in Halo by its key marker (article 103)'],
  },
  {
    name: 'an unmanaged article in Halo with the same key and another body is adopted and written',
    change: (w) => {
      addArticle(w, article('wifi', 'central/network/wifi.md', CENTRAL, ['central/network']));
      w.halo.articles.push(haloArticle(103, 'wifi', [], { html: '<p>wifi as someone typed it in Halo</p>' }));
    },
    articles: [PRINTERS, VPN, 'wifi update #103 content/central/network/wifi.md: adopted: found in Halo by its key marker (article 103)'],
  },
  { name: 'a removed source is retired', change: (w) => removeArticle(w, 'vpn'), articles: [PRINTERS, 'vpn retire #101 content/central/network/vpn.md: source removed'] },
  {
    name: 'an article in Halo with a key marker and no source is retired',
    change: (w) => w.halo.articles.push(haloArticle(109, 'stray', [3])),
    articles: [PRINTERS, 'stray retire #109 (not in the content tree): no source: found in Halo by its key marker', VPN],
  },
  {
    name: 'an article already retired in Halo is not retired again',
    change: (w) => {
      removeArticle(w, 'vpn');
      haloEdit(w, 101, { inactive: true });
    },
    articles: [PRINTERS],
  },
  {
    name: 'guard: no retirement while an article has errors',
    change: (w) => {
      removeArticle(w, 'vpn');
      replaceArticle(w, 'printers', {
        hasErrors: true,
        diagnostics: [{ severity: 'error', ruleId: 'bad-link', file: 'content/companies/contoso/printers.md', message: 'The link to ./gone.md goes nowhere.' }],
      });
    },
    articles: [
      'printers skipped content/companies/contoso/printers.md: has errors: The link to ./gone.md goes nowhere.',
      'vpn skipped #101 content/central/network/vpn.md: not retired (source removed): 1 article has errors; nothing is retired until they are fixed.',
    ],
    guards: ['1 article has errors; nothing is retired until they are fixed.'],
    problems: ['content/companies/contoso/printers.md: The link to ./gone.md goes nowhere.'],
  },
  {
    name: 'guard: no retirement when the content tree is empty',
    change: (w) => {
      w.build.articles = [];
    },
    articles: [
      'printers skipped #102 content/companies/contoso/printers.md: not retired (source removed): The content tree has no articles; nothing is retired (is the content folder right?).',
      'vpn skipped #101 content/central/network/vpn.md: not retired (source removed): The content tree has no articles; nothing is retired (is the content folder right?).',
    ],
    guards: ['The content tree has no articles; nothing is retired (is the content folder right?).'],
  },
  {
    name: 'guard: no more retirements than publish.max_retire',
    change: (w) => {
      addArticle(w, article('wifi', 'central/network/wifi.md', CENTRAL, ['central/network']));
      removeArticle(w, 'vpn');
      removeArticle(w, 'printers');
      w.settings.maxRetire = 1;
    },
    articles: [
      'printers skipped #102 content/companies/contoso/printers.md: not retired (source removed): 2 articles would be retired, more than publish.max_retire (1); run with --force if that is intended.',
      'vpn skipped #101 content/central/network/vpn.md: not retired (source removed): 2 articles would be retired, more than publish.max_retire (1); run with --force if that is intended.',
      'wifi create content/central/network/wifi.md: new article',
    ],
    guards: ['2 articles would be retired, more than publish.max_retire (1); run with --force if that is intended.'],
  },
  {
    name: 'guard: --force retires past publish.max_retire',
    change: (w) => {
      addArticle(w, article('wifi', 'central/network/wifi.md', CENTRAL, ['central/network']));
      removeArticle(w, 'vpn');
      removeArticle(w, 'printers');
      w.settings.maxRetire = 1;
      w.settings.force = true;
    },
    articles: [
      'printers retire #102 content/companies/contoso/printers.md: source removed',
      'vpn retire #101 content/central/network/vpn.md: source removed',
      'wifi create content/central/network/wifi.md: new article',
    ],
  },
  {
    name: 'a file renamed in its folder (same key) keeps its article, recorded under the new path',
    change: (w) => replaceArticle(w, 'vpn', { contentPath: 'central/network/remote-access.md', displayPath: 'content/central/network/remote-access.md' }),
    articles: [PRINTERS, 'vpn unchanged #101 content/central/network/remote-access.md'],
  },
  {
    name: 'a file moved to another folder (same key) moves its article to that list',
    change: (w) => replaceArticle(w, 'vpn', { contentPath: 'central/vpn.md', displayPath: 'content/central/vpn.md', folders: [], faqLists: ['central'] }),
    articles: [PRINTERS, 'vpn update #101 content/central/vpn.md: FAQ lists changed'],
  },
  {
    name: 'a new folder is a new FAQ list',
    change: (w) => {
      w.build.faqLists.push(node('central/printing', 'Printing', CENTRAL, 'central'));
      addArticle(w, article('toner', 'central/printing/toner.md', CENTRAL, ['central/printing']));
    },
    lists: ['_group unchanged #1', 'central unchanged #2', 'central/network unchanged #3', 'companies/contoso unchanged #4', 'central/printing create: new FAQ list'],
    articles: [PRINTERS, 'toner create content/central/printing/toner.md: new article', VPN],
  },
  {
    name: 'a renamed folder list is renamed in Halo',
    change: (w) => {
      w.build.faqLists[1] = node('central/network', 'Networking', CENTRAL, 'central');
    },
    lists: ['_group unchanged #1', 'central unchanged #2', 'central/network update #3: renamed from "Network"', 'companies/contoso unchanged #4'],
    articles: [PRINTERS, VPN],
  },
  {
    name: 'a folder no content wants any more: its list is removed',
    change: (w) => {
      w.build.faqLists = w.build.faqLists.filter((n) => n.key !== 'central/network');
      replaceArticle(w, 'vpn', { contentPath: 'central/vpn.md', displayPath: 'content/central/vpn.md', folders: [], faqLists: ['central'] });
    },
    lists: ['_group unchanged #1', 'central update #2: no longer groups other lists', 'companies/contoso unchanged #4', 'central/network remove #3: no content wants it any more'],
    articles: [PRINTERS, 'vpn update #101 content/central/vpn.md: FAQ lists changed'],
  },
  {
    name: 'a company left out of the run: its articles and list are out of scope',
    change: (w) => {
      w.settings.scope = { central: true, companies: [], contentFolder: 'content' };
    },
    lists: ['_group unchanged #1', 'central unchanged #2', 'central/network unchanged #3'],
    articles: [VPN],
    scope: ['Out of scope: 1 article of companies/contoso'],
  },
  {
    name: 'a run limited to a path retires nothing and touches only what lies under it',
    change: (w) => {
      w.settings.scope = { central: true, companies: 'all', contentFolder: 'content', paths: ['companies/contoso'] };
      replaceArticle(w, 'vpn', { hash: 'hash-vpn-2' });
      replaceArticle(w, 'printers', { hash: 'hash-printers-2' });
      w.halo.articles.push(haloArticle(109, 'stray', [3]));
    },
    articles: ['printers update #102 content/companies/contoso/printers.md: content changed'],
    scope: ['Only what lies under companies/contoso in the content folder is published: retirements are only planned on a full run.'],
  },
  {
    name: "a list of the same name under the same parent, not yet halo-kb's, is taken over and marked",
    change: (w) => {
      delete w.manifest.faqLists['central/network'];
      w.halo.faqLists = w.halo.faqLists.map((l) => (l.id === 3 ? { id: 3, name: 'Network', groupId: 2, isGroup: false, showForAll: true } : l));
    },
    lists: ['_group unchanged #1', 'central unchanged #2', 'central/network update #3: marked as a halo-kb list', 'companies/contoso unchanged #4'],
    articles: [PRINTERS, VPN],
  },
  {
    name: 'a retired article whose source is back is published again',
    change: (w) => {
      w.manifest.articles['vpn']!.retired = 'unlisted';
      haloEdit(w, 101, { inactive: true });
    },
    articles: [PRINTERS, 'vpn update #101 content/central/network/vpn.md: published again after being retired'],
  },
  {
    name: 'a new draft is not published',
    change: (w) => addArticle(w, article('wifi', 'central/network/wifi.md', CENTRAL, ['central/network'], { draft: true })),
    articles: [PRINTERS, VPN, 'wifi skipped content/central/network/wifi.md: draft: not published'],
  },
  {
    name: 'a published article turned back into a draft is retired',
    change: (w) => replaceArticle(w, 'vpn', { draft: true }),
    articles: [PRINTERS, 'vpn retire #101 content/central/network/vpn.md: turned back into a draft'],
  },
  {
    name: 'a company whose customer Halo does not know: its articles are held back',
    change: (w) => {
      w.build.companies = [{ folder: 'contoso', clientName: 'Contoso Ltd', faqList: 'Contoso' }];
      w.halo.clients = [{ id: 7, name: 'Contoso' }];
    },
    articles: ['printers skipped content/companies/contoso/printers.md: the Halo customer "Contoso Ltd" was not found', VPN],
    problems: ['content/companies/contoso: No Halo customer is named "Contoso Ltd", so the articles of companies/contoso cannot be restricted to it.'],
  },
];

describe('planner', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const w = published();
    row.change(w);
    const got = lines(planChanges(w.build, w.manifest, w.halo, w.settings));
    expect(got).toEqual({ lists: row.lists ?? LISTS_UNCHANGED, articles: row.articles, guards: row.guards ?? [], scope: row.scope ?? [], problems: row.problems ?? [] });
  });
});
