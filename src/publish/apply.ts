/**
 * Apply a plan to Halo, in this order: FAQ lists (the grouping list, then each level below it); the
 * files of articles Halo already has (so that their one write links to them); articles, in batches;
 * the files of the articles just created; one batched pass for articles whose links or files could
 * only be resolved once their targets had ids; Halo's `date_edited` read back where the replies did
 * not carry it; retirements. The manifest is written after every successful write, so a run that
 * dies half-way loses at most the write in flight, and the next run picks up where this one stopped.
 * What the plan named and was not done is listed in the result (`undone`).
 */
import type { BuildResult } from '../compile/build.js';
import type { Article } from '../model/article.js';
import { errorMessage } from '../errors.js';
import type { HaloClient } from '../halo/client.js';
import type { ArticleWrite, SavedArticle } from '../halo/types.js';
import { recordedFields } from '../plan/field-changes.js';
import { manifestArticle, type Manifest, type ManifestArticle } from '../plan/manifest.js';
import type { ArticlePlan, Plan } from '../plan/types.js';
import { applyFaqLists } from './apply-faq-lists.js';
import { EditDates } from './edit-dates.js';
import { articleWrite, fingerprintArticle, payloadContext, renderArticle } from './article-payload.js';
import { keptFiles } from './kept-files.js';
import type { PublishedHtml } from './render-html.js';
import { removeLists } from './remove-lists.js';
import type { PublishResult } from './results.js';
import { retireArticles } from './retire-articles.js';
import { undoneWork } from './undone.js';
import { uploadFiles } from './upload-files.js';

export interface ApplyContext {
  client: HaloClient;
  build: BuildResult;
  manifest: Manifest;
  /** Persist the manifest (called after every successful write). */
  save(manifest: Manifest): Promise<void>;
  contentDir: string;
  haloBase: string;
  articleUrlTemplate: string;
  batchSize: number;
  showForAll: boolean;
  companyShowForAll: boolean;
  onProgress?: (done: number, total: number, what: string) => void;
}

interface Pending {
  plan: ArticlePlan;
  article: Article;
  haloId?: number;
  rendered: PublishedHtml;
}

/** Publish the plan. Never throws for one article's failure: it is recorded and the others carry on. */
export async function applyPlan(plan: Plan, ctx: ApplyContext): Promise<PublishResult> {
  const result: PublishResult = { faqLists: [], articles: [], attachments: [], errors: [], undone: [] };
  const byKey = new Map(ctx.build.articles.map((a) => [a.key, a]));
  const m = ctx.manifest;
  const listIds = await applyFaqLists(plan, ctx, result.faqLists).catch((error: unknown) => {
    result.errors.push(errorMessage(error));
    return undefined;
  });
  if (listIds === undefined) {
    for (const p of plan.articles) {
      if (p.action === 'create' || p.action === 'update' || p.action === 'retire') {
        result.articles.push({ key: p.key, kind: 'failed', title: p.title, source: p.source, message: 'not written: its FAQ lists could not be saved' });
      }
    }
    result.undone = undoneWork(plan, result, m);
    return result;
  }
  const dates = new EditDates();

  // Ids Halo already has for articles and files that stay; the manifest adds those written in this run.
  const payload = payloadContext(m, plan.articles, listIds, {
    articleUrlTemplate: ctx.articleUrlTemplate,
    haloBase: ctx.haloBase,
    showForAll: ctx.showForAll,
    companyShowForAll: ctx.companyShowForAll,
  });
  const idOf = payload.articleId;
  const fileId = payload.fileId;
  const render = (a: Article): PublishedHtml => renderArticle(a, payload);
  const listsOf = (a: Article): number[] => articleWrite(a, '', [], payload).faqListIds;
  const toWrite = (p: ArticlePlan, a: Article, html: string, id: number | undefined): ArticleWrite => articleWrite(a, html, p.clientIds, payload, id);
  /** Record what was sent, so that the next plan sees any change to it. */
  const sent = (entry: ManifestArticle, p: ArticlePlan, a: Article, rendered: PublishedHtml): void => {
    entry.sent = fingerprintArticle(a, p.clientIds, payload, rendered.resolved);
  };

  const record = (p: ArticlePlan, a: Article, saved: SavedArticle, rendered: PublishedHtml, at: string): void => {
    const previous = m.articles[a.key];
    const entry = manifestArticle(saved.id, { source: a.displayPath, title: a.title, hash: a.hash, faqLists: listsOf(a), clients: p.clientIds }, a);
    entry.publishedAt = at;
    const attachments = keptFiles(p, a, previous);
    if (Object.keys(attachments).length > 0) entry.attachments = attachments;
    if (rendered.pendingLinks.length > 0) entry.pendingLinks = rendered.pendingLinks;
    if (rendered.pendingFiles.length > 0) entry.pendingFiles = rendered.pendingFiles;
    sent(entry, p, a, rendered);
    m.articles[a.key] = entry;
    // A new article's files go up next, which may move its date (see edit-dates.ts): its date is
    // taken from the link pass or read back, never left at the create's.
    const filesNext = p.haloId === undefined && p.attachments.some((x) => x.action === 'upload');
    dates.written(m, a.key, filesNext ? undefined : saved.record?.date_edited);
  };

  /**
   * The manifest entry of an article Halo has, for recording files uploaded before the article is
   * written. One made here has no content hash: should the run stop before the write, the next plan
   * still updates the article.
   */
  const entryFor = (p: ArticlePlan, a: Article) => (): ManifestArticle => {
    const existing = m.articles[p.key];
    if (existing !== undefined && existing.retired === undefined && existing.haloId === p.haloId) return existing;
    const entry = manifestArticle(p.haloId!, { source: a.displayPath, title: a.title, hash: '', faqLists: listsOf(a), clients: p.clientIds }, a);
    const attachments = keptFiles(p, a, existing);
    if (Object.keys(attachments).length > 0) entry.attachments = attachments;
    m.articles[p.key] = entry;
    return entry;
  };

  // 1. Unchanged articles are recorded as they are; the others are queued for writing.
  const queued: { plan: ArticlePlan; article: Article }[] = [];
  for (const p of plan.articles) {
    const a = byKey.get(p.key);
    if (a === undefined) continue;
    if (p.action === 'unchanged') {
      result.articles.push({ key: p.key, kind: 'unchanged', title: p.title, source: p.source, haloId: p.haloId! });
      const previous = m.articles[p.key];
      if (previous === undefined || previous.haloId !== p.haloId) {
        // Adopted without a write: record what Halo holds, so later edits in Halo show as drift.
        const entry = manifestArticle(p.haloId!, { source: a.displayPath, title: a.title, hash: a.hash, faqLists: listsOf(a), clients: p.clientIds }, a);
        if (p.haloDateEdited !== undefined) entry.dateEdited = p.haloDateEdited;
        m.articles[p.key] = entry;
      } else if (previous.dateEdited === undefined && p.haloDateEdited !== undefined) {
        // Halo's reply to the last write did not say when; the listing does.
        previous.dateEdited = p.haloDateEdited;
      }
      // Files Halo already held that the manifest did not record.
      const entry = m.articles[p.key]!;
      const files = keptFiles(p, a, entry);
      if (Object.keys(files).length > 0) entry.attachments = files;
      // A manifest written before fingerprints were kept: Halo holds what would be sent now.
      if (entry.sent === undefined && p.sent !== undefined) entry.sent = p.sent;
      // Nor tags, review date and public links: unchanged, what was published is what the build has.
      if (entry.tags === undefined && entry.hash === a.hash) Object.assign(entry, recordedFields(a));
      continue;
    }
    if (p.action === 'skipped') {
      result.articles.push({ key: p.key, kind: 'skipped', title: p.title, source: p.source, message: p.reasons.join('; ') });
      continue;
    }
    if (p.action === 'create' || p.action === 'update') queued.push({ plan: p, article: a });
  }

  // 2. Files of articles Halo already has go up before the article is written, so that the one
  //    write carries links to them that resolve.
  const before = queued.filter(({ plan: p }) => p.haloId !== undefined);
  await uploadFiles(
    ctx,
    m,
    before.map(({ plan: p, article: a }) => ({ key: p.key, articleId: p.haloId!, entry: entryFor(p, a), files: p.attachments })),
    result,
    dates,
  );

  // 3. Articles: creates and updates, in batches; the manifest is saved after each.
  const writes: Pending[] = queued.map(({ plan: p, article: a }) => {
    const pending: Pending = { plan: p, article: a, rendered: render(a) };
    if (p.haloId !== undefined) pending.haloId = p.haloId;
    return pending;
  });
  const total = writes.length;
  let done = 0;
  const written: Pending[] = [];
  for (let i = 0; i < writes.length; i += ctx.batchSize) {
    const batch = writes.slice(i, i + ctx.batchSize);
    try {
      const saved = await ctx.client.saveArticles(batch.map((w) => toWrite(w.plan, w.article, w.rendered.html, w.haloId)));
      const at = new Date().toISOString();
      batch.forEach((w, j) => {
        const s = saved[j]!;
        w.haloId = s.id;
        record(w.plan, w.article, s, w.rendered, at);
        written.push(w);
        result.articles.push({ key: w.plan.key, kind: w.plan.action === 'create' ? 'created' : 'updated', title: w.plan.title, source: w.plan.source, haloId: s.id });
      });
      await ctx.save(m);
    } catch (error) {
      const message = errorMessage(error);
      result.errors.push(message);
      for (const w of batch) result.articles.push({ key: w.plan.key, kind: 'failed', title: w.plan.title, source: w.plan.source, message });
    }
    done += batch.length;
    ctx.onProgress?.(done, total, 'articles');
  }

  // 4. Files of the articles just created (they had no Halo id to attach them to before).
  const created = written.filter((w) => w.plan.haloId === undefined);
  await uploadFiles(
    ctx,
    m,
    created.map((w) => ({ key: w.article.key, articleId: w.haloId!, entry: () => m.articles[w.article.key]!, files: w.plan.attachments })),
    result,
    dates,
  );

  // 5. The link pass: one batched update of the articles whose references can now be resolved:
  //    those just written, and unchanged ones written earlier while a target had no id (a run that
  //    stopped before its link pass, or a target created only now).
  const second = written.map((w) => ({ w, again: render(w.article) })).filter(({ w, again }) => again.html !== w.rendered.html);
  for (const p of plan.articles) {
    const a = byKey.get(p.key);
    const entry = m.articles[p.key];
    if (p.action !== 'unchanged' || a === undefined || entry === undefined || entry.retired !== undefined) continue;
    const links = (entry.pendingLinks ?? []).some((k) => idOf(k) !== undefined);
    const files = (entry.pendingFiles ?? []).some((f) => fileId(p.key, f) !== undefined);
    if (!links && !files) continue;
    const w: Pending = { plan: p, article: a, haloId: entry.haloId, rendered: { html: '', resolved: '', pendingLinks: entry.pendingLinks ?? [], pendingFiles: entry.pendingFiles ?? [] } };
    second.push({ w, again: render(a) });
  }
  const shownByKey = new Map(result.articles.map((r) => [r.key, r]));
  for (let i = 0; i < second.length; i += ctx.batchSize) {
    const batch = second.slice(i, i + ctx.batchSize);
    try {
      const saved = await ctx.client.saveArticles(batch.map(({ w, again }) => toWrite(w.plan, w.article, again.html, w.haloId)));
      const at = new Date().toISOString();
      batch.forEach(({ w, again }, j) => {
        const entry = m.articles[w.article.key]!;
        entry.publishedAt = at;
        if (again.pendingLinks.length > 0) entry.pendingLinks = again.pendingLinks;
        else delete entry.pendingLinks;
        if (again.pendingFiles.length > 0) entry.pendingFiles = again.pendingFiles;
        else delete entry.pendingFiles;
        sent(entry, w.plan, w.article, again);
        dates.written(m, w.article.key, saved[j]?.record?.date_edited);
        const shown = shownByKey.get(w.plan.key);
        if (shown !== undefined && shown.kind === 'unchanged') {
          shown.kind = 'updated';
          shown.message = 'links filled in';
        }
      });
      await ctx.save(m);
    } catch (error) {
      result.errors.push(`Links could not be filled in: ${errorMessage(error)}`);
    }
  }

  // 6. Halo's date_edited of what was written, where the replies did not carry it: one listing.
  if (dates.pending > 0) {
    await dates.readBack(ctx.client, m);
    await ctx.save(m);
  }

  // 7. Retirements: delete, and where Halo refuses (it does), unlist and deactivate instead.
  await retireArticles(plan, ctx.client, m, ctx.save, result);
  // 8. FAQ lists no content wants any more, now that their articles are retired.
  await removeLists(plan, ctx.client, m, ctx.save, result);
  result.undone = undoneWork(plan, result, m);
  return result;
}
