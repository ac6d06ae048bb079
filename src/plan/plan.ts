/**
 * Planning: compiled articles + the state manifest + what Halo holds now -> the exact changes to
 * make. Pure: no disk, no network; a dry run and a real run get the same plan.
 */
import type { BuildResult } from '../compile/build.js';
import type { Article, Attachment } from '../model/article.js';
import type { FaqListNode } from '../model/faq-list.js';
import { kbKey, kbOfPath } from '../model/kb.js';
import type { Company } from '../model/company.js';
import { matchCustomerName, type CustomerMatch, type NamedCustomer } from '../halo/customer-match.js';
import type { Diagnostic } from '../diagnostics.js';
import { matchAttachment } from '../halo/match-attachment.js';
import { plural } from '../report/plural.js';
import type { SentFingerprint } from '../publish/article-payload.js';
import { fieldChanges, type FieldChange } from './field-changes.js';
import type { Manifest, ManifestArticle } from './manifest.js';
import { planListRemovals } from './list-removals.js';
import { contentPathOf, kbInScope, limitToScope, underPaths, type ArticlePlace, type PublishScope } from './scope.js';
import { editedInHalo } from './drift.js';
import { planSentChanges } from './sent-changes.js';

/** The grouping list's key in plans and the manifest. */
export const GROUP_KEY = '_group';

/** What planning needs to know of Halo (read by `read-halo.ts`). */
export interface HaloSnapshot {
  faqLists: { id: number; name: string; groupId: number; isGroup: boolean; showForAll: boolean; thirdPartyId?: string }[];
  articles: SnapshotArticle[];
  /** Customers by id and name, when any company folder needs mapping by name. */
  clients?: { id: number; name: string }[];
}

export interface SnapshotArticle {
  id: number;
  name: string;
  inactive: boolean;
  dateEdited?: string;
  /** The halo-kb key read from the article's marker, where it has one. */
  key?: string;
  /** The body as Halo holds it, where the listing carried it. */
  html?: string;
  faqListIds: number[];
  /**
   * The files Halo holds for the article, where they were read: only for articles with files the
   * manifest does not record (a run stopped between an upload and saving the manifest, or a lost
   * manifest), so that a file Halo already has is recorded rather than uploaded again.
   */
  attachments?: SnapshotAttachment[];
}

export interface SnapshotAttachment {
  id: number;
  filename: string;
  /** Bytes, where Halo gives it. */
  filesize?: number;
}

export interface PlanSettings {
  groupName: string;
  showForAll: boolean;
  companyShowForAll: boolean;
  maxRetire: number;
  /** Retire even past the guards' limit. */
  force: boolean;
  /** `halo.article_url`: cross-links are written from it. */
  articleUrlTemplate: string;
  /** The Halo address published to: links to articles and files are written from it. */
  haloBase: string;
  /** Send every article again (`publish --republish-all`). */
  republishAll?: boolean;
  /** The KBs and paths this run acts on (see scope.ts); everything when absent. */
  scope?: PublishScope;
}

export type FaqListAction = 'create' | 'update' | 'unchanged' | 'remove';

export interface FaqListPlan {
  key: string;
  name: string;
  /** The parent list's key; the grouping list has none. */
  parent?: string;
  isGroup: boolean;
  showForAll: boolean;
  action: FaqListAction;
  haloId?: number;
  reasons: string[];
  /** A removal a guard held back (`Plan.guards` says why). */
  heldBack?: true;
  /** For a removal: the Halo id of the list it sits under now, kept if the list is only hidden. */
  haloGroupId?: number;
}

export type AttachmentAction = 'upload' | 'unchanged' | 'link' | 'refused';

export interface AttachmentPlan {
  path: string;
  size: number;
  sha256: string;
  action: AttachmentAction;
  url?: string;
  /**
   * Set when the manifest does not record the file but Halo already holds it (same name, same size
   * where Halo gives one): it is recorded with this id instead of being uploaded again.
   */
  haloId?: number;
}

export type ArticleAction = 'create' | 'update' | 'unchanged' | 'retire' | 'skipped';

export interface ArticlePlan {
  key: string;
  action: ArticleAction;
  title: string;
  /** Source path; for retired articles, where it used to be. */
  source: string;
  haloId?: number;
  reasons: string[];
  /** Edited in Halo since halo-kb's last write: those edits will be overwritten. */
  drift?: boolean;
  /** Adopted: found in Halo by its key marker, not by the manifest. */
  adopted?: boolean;
  /** A retirement a guard held back (`Plan.guards` says why). */
  heldBack?: true;
  faqLists: string[];
  tags: string[];
  clientIds: number[];
  hash: string;
  attachments: AttachmentPlan[];
  /** The body Halo holds now, where known: what a content diff compares against. */
  currentHtml?: string;
  /** Halo's `date_edited` now, where known: recorded for articles adopted without a write. */
  haloDateEdited?: string;
  /** Fingerprints of what publishing would send Halo for it now (see `article-payload.ts`). */
  sent?: SentFingerprint;
  /**
   * For an update: what changes besides the text, field by field, against the last publish. Empty
   * for other actions, and for fields whose last published value the manifest does not record.
   */
  changes: FieldChange[];
}

export interface PlanSummary {
  create: number;
  update: number;
  unchanged: number;
  retire: number;
  skipped: number;
  drift: number;
  faqListsCreate: number;
  faqListsUpdate: number;
  /** halo-kb's lists that no content wants any more. */
  faqListsRemove: number;
  uploads: number;
  links: number;
  refused: number;
}

export interface Plan {
  faqLists: FaqListPlan[];
  articles: ArticlePlan[];
  summary: PlanSummary;
  /** Content problems, and problems that keep articles or retirements back. */
  diagnostics: Diagnostic[];
  /** Why retirements were held back, when they were. */
  guards: string[];
  /** What the run leaves alone: KBs out of scope, and a run limited to paths. */
  scope?: string[];
}

/** The `third_party_id` that marks a FAQ list as halo-kb's own, so it is found again whatever its name. */
export function thirdPartyId(key: string): string {
  return `halo-kb:${key}`;
}

/** The desired FAQ lists: the grouping list, then each KB's lists in tree order. */
function desiredLists(nodes: readonly FaqListNode[], settings: PlanSettings, names: ReadonlyMap<string, string>): Omit<FaqListPlan, 'action' | 'reasons'>[] {
  const parents = new Set(nodes.map((n) => n.parent).filter((p): p is string => p !== undefined));
  const lists: Omit<FaqListPlan, 'action' | 'reasons'>[] = [{ key: GROUP_KEY, name: settings.groupName, isGroup: true, showForAll: settings.showForAll }];
  for (const node of nodes) {
    lists.push({
      key: node.key,
      name: names.get(node.key) ?? node.name,
      parent: node.parent ?? GROUP_KEY,
      // Halo nests a list only under one marked "Use this FAQ list for grouping other FAQ lists".
      isGroup: parents.has(node.key),
      showForAll: node.kb.kind === 'central' ? settings.showForAll : settings.companyShowForAll,
    });
  }
  return lists;
}

/**
 * A company's list is named after its customer unless `faq_list` says otherwise; matched by name
 * whatever its case, the customer's name is written as Halo spells it (`client_name: northwind
 * traders` makes the list "Northwind Traders").
 */
function customerListNames(companies: readonly Company[], halo: HaloSnapshot): Map<string, string> {
  const names = new Map<string, string>();
  for (const company of companies) {
    if (company.faqList !== company.clientName) continue;
    const match = company.clientId === undefined ? matchCustomerName(company.clientName, halo.clients ?? []) : undefined;
    if (match?.kind === 'one') names.set(kbKey({ kind: 'company', folder: company.folder }), match.customer.name);
  }
  return names;
}

function depth(key: string): number {
  return key === GROUP_KEY ? 0 : key.split('/').length;
}

function planLists(build: BuildResult, manifest: Manifest, halo: HaloSnapshot, settings: PlanSettings): FaqListPlan[] {
  const byThirdParty = new Map(halo.faqLists.filter((l) => l.thirdPartyId !== undefined).map((l) => [l.thirdPartyId!, l]));
  const byId = new Map(halo.faqLists.map((l) => [l.id, l]));
  const ids = new Map<string, number>();
  const plans: FaqListPlan[] = [];
  for (const want of desiredLists(build.faqLists, settings, customerListNames(build.companies, halo)).sort((a, b) => depth(a.key) - depth(b.key))) {
    const parentId = want.parent === undefined ? 0 : ids.get(want.parent);
    let found = byThirdParty.get(thirdPartyId(want.key));
    const recorded = manifest.faqLists[want.key];
    if (found === undefined && recorded !== undefined) found = byId.get(recorded.haloId);
    if (found === undefined && parentId !== undefined) {
      found = halo.faqLists.find((l) => l.name === want.name && l.groupId === parentId && (l.thirdPartyId === undefined || l.thirdPartyId === ''));
    }
    if (found === undefined) {
      plans.push({ ...want, action: 'create', reasons: ['new FAQ list'] });
      continue;
    }
    ids.set(want.key, found.id);
    const reasons: string[] = [];
    if (found.name !== want.name) reasons.push(`renamed from "${found.name}"`);
    if (parentId !== undefined && found.groupId !== parentId) reasons.push('moved to another parent list');
    if (found.isGroup !== want.isGroup) reasons.push(want.isGroup ? 'now groups other lists' : 'no longer groups other lists');
    if (found.showForAll !== want.showForAll) reasons.push(`"show for all users" ${want.showForAll ? 'on' : 'off'}`);
    if (found.thirdPartyId !== thirdPartyId(want.key)) reasons.push('marked as a halo-kb list');
    plans.push({ ...want, haloId: found.id, action: reasons.length > 0 ? 'update' : 'unchanged', reasons });
  }
  // Deepest first, so that a list is removed after the lists below it.
  const removals = planListRemovals(new Set(plans.map((p) => p.key)), manifest, halo).sort((a, b) => depth(b.key) - depth(a.key));
  return [...plans, ...removals];
}

/**
 * Upload what Halo does not have yet. An attachment recorded with the same content stays; one the
 * manifest does not record but Halo already holds (`inHalo`, where it was read) is taken as it is.
 */
function planAttachments(attachments: readonly Attachment[], previous: ManifestArticle | undefined, inHalo?: readonly SnapshotAttachment[]): AttachmentPlan[] {
  // Ids that belong to recorded files (or to older versions of them) are never taken for another.
  const taken = new Set(Object.values(previous?.attachments ?? {}).flatMap((x) => (x.haloId === undefined ? [] : [x.haloId])));
  return attachments.map((a) => {
    const plan: AttachmentPlan = { path: a.path, size: a.size, sha256: a.sha256, action: 'upload' };
    if (a.mode === 'link') {
      plan.action = 'link';
      if (a.url !== undefined) plan.url = a.url;
    } else if (a.mode === 'refused') {
      plan.action = 'refused';
    } else if (previous?.attachments?.[a.path]?.sha256 === a.sha256) {
      plan.action = 'unchanged';
    } else if (inHalo !== undefined) {
      const found = matchAttachment(inHalo, { filename: fileName(a.path), size: a.size }, taken);
      if (found !== undefined) {
        taken.add(found.id);
        plan.action = 'unchanged';
        plan.haloId = found.id;
      }
    }
    return plan;
  });
}

/** The name a file is uploaded under: the last part of its content path. */
export function fileName(contentPath: string): string {
  return contentPath.slice(contentPath.lastIndexOf('/') + 1);
}

/** The upload-mode files of an article the manifest does not record with this content. */
export function unrecordedFiles(article: Article, previous: ManifestArticle | undefined): Attachment[] {
  return article.attachments.filter((x) => x.mode === 'upload' && previous?.attachments?.[x.path]?.sha256 !== x.sha256);
}

function sameNumbers(a: readonly number[] | undefined, b: readonly number[]): boolean {
  const x = [...(a ?? [])].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * The Halo customer a company's articles are restricted to: its `client_id`, or the one customer
 * its name matches (the rule `doctor` checks, in customer-match.ts).
 */
function customerOf(company: Company, halo: HaloSnapshot): CustomerMatch<NamedCustomer> {
  if (company.clientId !== undefined) return { kind: 'one', customer: { id: company.clientId, name: company.clientName } };
  return matchCustomerName(company.clientName, halo.clients ?? []);
}

/** Plan every change that publishing the build implies. */
export function planChanges(build: BuildResult, manifest: Manifest, halo: HaloSnapshot, settings: PlanSettings): Plan {
  const diagnostics: Diagnostic[] = [...build.diagnostics, ...build.articles.flatMap((a) => a.diagnostics)];
  let faqLists = planLists(build, manifest, halo, settings);
  const listIds = new Map(faqLists.filter((l) => l.haloId !== undefined).map((l) => [l.key, l.haloId!]));
  const haloById = new Map(halo.articles.map((a) => [a.id, a]));
  const haloByKey = new Map<string, SnapshotArticle>();
  for (const a of halo.articles) if (a.key !== undefined && !haloByKey.has(a.key)) haloByKey.set(a.key, a);
  const companies = new Map(build.companies.map((c) => [c.folder, c]));
  const listKeys = new Map(Object.entries(manifest.faqLists).map(([key, l]) => [l.haloId, key]));
  const customers = new Map((halo.clients ?? []).map((c) => [c.id, c.name]));
  let articles: ArticlePlan[] = [];
  const inBuild = new Set(build.articles.map((a) => a.key));
  const duplicateKeys = new Set(build.articles.filter((a) => a.diagnostics.some((d) => d.ruleId === 'duplicate-key')).map((a) => a.key));

  const base = (a: Article, action: ArticleAction, reasons: string[]): ArticlePlan => ({
    key: a.key,
    action,
    title: a.title,
    source: a.displayPath,
    reasons,
    faqLists: a.faqLists,
    tags: a.tags,
    clientIds: [],
    hash: a.hash,
    attachments: [],
    changes: [],
  });

  const retire = (key: string, previous: ManifestArticle | undefined, found: SnapshotArticle | undefined, reason: string): void => {
    const id = found?.id ?? previous?.haloId;
    if (id === undefined) return;
    const plan: ArticlePlan = {
      key,
      action: 'retire',
      title: previous?.title ?? found?.name ?? key,
      source: previous?.source ?? '(not in the content tree)',
      haloId: id,
      reasons: [reason],
      faqLists: [],
      tags: [],
      clientIds: [],
      hash: previous?.hash ?? '',
      attachments: [],
      changes: [],
    };
    if (found?.html !== undefined) plan.currentHtml = found.html;
    articles.push(plan);
  };

  for (const a of build.articles) {
    // Left out of this run: not planned at all, so that (say) a company left out whose customer
    // is not found in Halo raises no error. limitToScope counts it as out of scope.
    if (settings.scope !== undefined && (!kbInScope(a.kb, settings.scope) || (settings.scope.paths !== undefined && !underPaths(a.contentPath, settings.scope.paths)))) {
      articles.push(base(a, 'skipped', ['out of scope']));
      continue;
    }
    const previous = manifest.articles[a.key];
    const live = previous?.retired === undefined ? previous : undefined;
    const byManifest = previous === undefined ? undefined : haloById.get(previous.haloId);
    const found = byManifest ?? (duplicateKeys.has(a.key) ? undefined : haloByKey.get(a.key));
    if (a.draft) {
      if (live !== undefined && found !== undefined && !found.inactive) {
        retire(a.key, previous, found, 'turned back into a draft');
      } else {
        articles.push(base(a, 'skipped', ['draft: not published']));
      }
      continue;
    }
    if (a.hasErrors) {
      const first = a.diagnostics.find((d) => d.severity === 'error');
      const skipped = base(a, 'skipped', [`has errors: ${first?.message ?? 'see above'}`]);
      skipped.attachments = planAttachments(a.attachments, previous);
      articles.push(skipped);
      continue;
    }
    const company = a.kb.kind === 'company' ? companies.get(a.kb.folder) : undefined;
    const clientIds: number[] = [];
    if (a.kb.kind === 'company') {
      const name = company?.clientName ?? a.kb.folder;
      const match = company === undefined ? ({ kind: 'none' } as const) : customerOf(company, halo);
      if (match.kind !== 'one') {
        const file = company?.configPath ?? `content/companies/${a.kb.folder}`;
        const ambiguous = match.kind === 'ambiguous' ? match.matches : [];
        diagnostics.push(
          ambiguous.length > 0
            ? {
                severity: 'error',
                ruleId: 'ambiguous-client',
                file,
                message: `${ambiguous.length} Halo customers are named "${name}" (${ambiguous.map((c) => `id ${c.id}`).join(', ')}), so halo-kb cannot tell which may read the articles of ${kbKey(a.kb)}.`,
                hint: `Add client_id: <the right customer's id> to ${file.endsWith('.yml') ? file : `${file}/_company.yml`}.`,
              }
            : {
                severity: 'error',
                ruleId: 'unknown-client',
                file,
                message: `No Halo customer is named "${name}", so the articles of ${kbKey(a.kb)} cannot be restricted to it.`,
                hint: "Set client_name to the customer's exact name in Halo, or client_id to its id, in the folder's _company.yml.",
              },
        );
        articles.push(base(a, 'skipped', [ambiguous.length > 0 ? `${ambiguous.length} Halo customers are named "${name}"` : `the Halo customer "${name}" was not found`]));
        continue;
      }
      const id = match.customer.id;
      clientIds.push(id);
    }
    const plan = base(a, 'create', []);
    plan.clientIds = clientIds;
    if (found === undefined) {
      plan.reasons.push(previous === undefined ? 'new article' : 'no longer in Halo: created again');
      plan.attachments = planAttachments(a.attachments, undefined, []);
      articles.push(plan);
      continue;
    }
    plan.haloId = found.id;
    if (found.html !== undefined) plan.currentHtml = found.html;
    if (found.dateEdited !== undefined) plan.haloDateEdited = found.dateEdited;
    const reasons: string[] = [];
    if (previous === undefined || byManifest === undefined) {
      plan.adopted = true;
      reasons.push(`adopted: found in Halo by its key marker (article ${found.id})`);
    }
    if (previous !== undefined && previous.hash !== a.hash) reasons.push('content changed');
    if (previous?.retired !== undefined || found.inactive) reasons.push('published again after being retired');
    const wantLists = a.faqLists.map((k) => listIds.get(k));
    // Halo's list rows do not carry FAQ list membership; without a manifest entry it is unknown, not wrong.
    const knownLists = previous?.faqLists ?? (found.faqListIds.length > 0 ? found.faqListIds : undefined);
    if (wantLists.some((id) => id === undefined) || (knownLists !== undefined && !sameNumbers(knownLists, wantLists as number[]))) {
      reasons.push('FAQ lists changed');
    }
    if (!sameNumbers(previous?.clients, clientIds) && previous !== undefined) reasons.push('customer access changed');
    const resolvable = (previous?.pendingLinks ?? []).filter((k) => manifest.articles[k] !== undefined || haloByKey.has(k));
    if (resolvable.length > 0) reasons.push(`links to ${resolvable.join(', ')} can now be filled in`);
    if (editedInHalo(previous?.dateEdited, found.dateEdited)) {
      plan.drift = true;
      reasons.push(`edited in Halo on ${found.dateEdited}: those edits will be overwritten`);
    }
    const onlyAdopted = reasons.length === 1 && plan.adopted === true;
    plan.action = reasons.length === 0 || (onlyAdopted && previous !== undefined && previous.hash === a.hash) ? 'unchanged' : 'update';
    // An adopted article whose body is already exactly ours needs no write: the state is simply
    // recorded again. Compared on the body Halo returned, when the listing carried it.
    if (onlyAdopted && previous === undefined && found.html !== undefined && stripVolatile(found.html) === stripVolatile(a.html)) {
      plan.action = 'unchanged';
    }
    plan.attachments = planAttachments(a.attachments, previous, found.attachments);
    // Files are uploaded to the article before it is written, so that its links to them resolve.
    const uploads = plan.attachments.filter((x) => x.action === 'upload').map((x) => fileName(x.path));
    if (uploads.length > 0 && plan.action === 'unchanged') {
      plan.action = 'update';
      reasons.push(`${uploads.length === 1 ? 'file' : 'files'} to upload: ${uploads.join(', ')}`);
    }
    // Written while a file's Halo URL was unknown: its link points nowhere until written again.
    const known = new Set(plan.attachments.filter((x) => x.action === 'unchanged').map((x) => x.path));
    const unresolved = (previous?.pendingFiles ?? []).filter(
      (f) => known.has(f) && (previous?.attachments?.[f]?.haloId !== undefined || plan.attachments.some((x) => x.path === f && x.haloId !== undefined)),
    );
    if (unresolved.length > 0 && plan.action === 'unchanged') {
      plan.action = 'update';
      reasons.push(`links to ${unresolved.map(fileName).join(', ')} can now be filled in`);
    }
    plan.reasons = reasons;
    // Compared with the last publish only: an adopted or retired article has no such record.
    if (plan.action === 'update' && live !== undefined && plan.adopted !== true) {
      plan.changes = fieldChanges(live, { ...a, clientIds }, listKeys, customers);
    }
    articles.push(plan);
  }

  planSentChanges(articles, new Map(build.articles.map((a) => [a.key, a])), manifest, listIds, {
    articleUrlTemplate: settings.articleUrlTemplate,
    haloBase: settings.haloBase,
    showForAll: settings.showForAll,
    companyShowForAll: settings.companyShowForAll,
    republishAll: settings.republishAll === true,
  });

  // Sources that are gone: everything the manifest or Halo's markers know that the build does not.
  for (const [key, previous] of Object.entries(manifest.articles)) {
    if (inBuild.has(key) || previous.retired !== undefined) continue;
    const found = haloById.get(previous.haloId);
    if (found === undefined) continue; // already gone from Halo: nothing to retire
    if (found.inactive) continue;
    retire(key, previous, found, 'source removed');
  }
  for (const found of halo.articles) {
    if (found.key === undefined || inBuild.has(found.key) || manifest.articles[found.key] !== undefined || found.inactive) continue;
    if (articles.some((p) => p.haloId === found.id)) continue;
    retire(found.key, undefined, found, 'no source: found in Halo by its key marker');
  }

  let scopeNotes: string[] = [];
  if (settings.scope !== undefined) {
    const scope = settings.scope;
    const sources = new Map(build.articles.map((a) => [a.key, a]));
    const placeOf = (p: ArticlePlan): ArticlePlace => {
      const a = sources.get(p.key);
      if (a !== undefined) return { contentPath: a.contentPath, kb: a.kb };
      const recorded = manifest.articles[p.key]?.source;
      const contentPath = recorded === undefined ? undefined : contentPathOf(recorded, scope.contentFolder);
      const kb = contentPath === undefined ? undefined : kbOfPath(contentPath);
      return { ...(contentPath === undefined ? {} : { contentPath }), ...(kb === undefined ? {} : { kb }) };
    };
    ({ articles, faqLists, notes: scopeNotes } = limitToScope(articles, faqLists, placeOf, scope));
  }

  const guards: string[] = [];
  const retiring = articles.filter((p) => p.action === 'retire');
  const removing = faqLists.filter((l) => l.action === 'remove');
  if (retiring.length + removing.length > 0) {
    const errors = build.articles.filter((a) => a.hasErrors).length;
    if (errors > 0) guards.push(`${errors} article${errors === 1 ? ' has' : 's have'} errors; nothing is retired until they are fixed.`);
    if (build.articles.length === 0) guards.push('The content tree has no articles; nothing is retired (is the content folder right?).');
    if (retiring.length > settings.maxRetire && !settings.force) {
      guards.push(`${plural(retiring.length, 'article')} would be retired, more than publish.max_retire (${settings.maxRetire}); run with --force if that is intended.`);
    }
    if (guards.length > 0) {
      for (const l of removing) {
        l.action = 'unchanged';
        l.heldBack = true;
        l.reasons = [`not removed (${l.reasons.join(', ')}): ${guards[0]}`];
      }
      for (const p of retiring) {
        p.action = 'skipped';
        p.heldBack = true;
        p.reasons = [`not retired (${p.reasons.join(', ')}): ${guards[0]}`];
      }
    }
  }

  articles.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return { faqLists, articles, summary: summarize(faqLists, articles), diagnostics, guards, scope: scopeNotes };
}

/**
 * The build HTML still carries halo-kb:// references; Halo's copy has them resolved, so link targets
 * are left out of the comparison. Except `#`: a reference that could not be resolved when the
 * article was written points there, and such a copy is not what the tree would publish now.
 */
function stripVolatile(html: string): string {
  return html
    .replace(/(href|src)="(?!#")[^"]*"/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export function summarize(faqLists: readonly FaqListPlan[], articles: readonly ArticlePlan[]): PlanSummary {
  const count = (action: ArticleAction): number => articles.filter((a) => a.action === action).length;
  const attachments = articles.filter((a) => a.action === 'create' || a.action === 'update' || a.action === 'unchanged').flatMap((a) => a.attachments);
  return {
    create: count('create'),
    update: count('update'),
    unchanged: count('unchanged'),
    retire: count('retire'),
    skipped: count('skipped'),
    drift: articles.filter((a) => a.drift === true).length,
    faqListsCreate: faqLists.filter((l) => l.action === 'create').length,
    faqListsUpdate: faqLists.filter((l) => l.action === 'update').length,
    faqListsRemove: faqLists.filter((l) => l.action === 'remove').length,
    uploads: attachments.filter((x) => x.action === 'upload').length,
    links: attachments.filter((x) => x.action === 'link').length,
    refused: articles.flatMap((a) => a.attachments).filter((x) => x.action === 'refused').length,
  };
}

/** Whether applying the plan would change anything in Halo. */
export function hasChanges(plan: Plan): boolean {
  const s = plan.summary;
  return s.create + s.update + s.retire + s.faqListsCreate + s.faqListsUpdate + s.faqListsRemove + s.uploads > 0;
}
