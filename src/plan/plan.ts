/**
 * Planning: compiled articles + the state manifest + what Halo holds now -> the exact changes to
 * make. Pure: no disk, no network; a dry run and a real run get the same plan.
 */
import type { BuildResult } from '../compile/build.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Article } from '../model/article.js';
import { kbOfPath } from '../model/kb.js';
import { planAttachments, fileName } from './attachments.js';
import { customerOf, unmatchedCustomer } from './customer-access.js';
import { editedInHalo } from './drift.js';
import { planLists } from './faq-lists.js';
import { fieldChanges } from './field-changes.js';
import type { HaloSnapshot, SnapshotArticle } from './halo-snapshot.js';
import type { Manifest, ManifestArticle } from './manifest.js';
import { applyRetireGuards } from './retire-guards.js';
import { contentPathOf, kbInScope, limitToScope, underPaths, type ArticlePlace } from './scope.js';
import { planSentChanges } from './sent-changes.js';
import { summarize } from './summary.js';
import type { ArticleAction, ArticlePlan, Plan, PlanSettings } from './types.js';

function sameNumbers(a: readonly number[] | undefined, b: readonly number[]): boolean {
  const x = [...(a ?? [])].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  return x.length === y.length && x.every((v, i) => v === y[i]);
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
      const match = company === undefined ? ({ kind: 'none' } as const) : customerOf(company, halo);
      if (match.kind !== 'one') {
        const problem = unmatchedCustomer(a.kb, company, match);
        diagnostics.push(problem.diagnostic);
        articles.push(base(a, 'skipped', [problem.reason]));
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

  const guards = applyRetireGuards(build, articles, faqLists, settings);

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
