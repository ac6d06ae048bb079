/**
 * What Halo receives for an article: the write (name, resolved HTML, FAQ lists, tags, customers,
 * visibility, review date) and a fingerprint of it. Pure, so that the planner can work out what a
 * publish would send today and compare it with what the last publish sent: a change to anything
 * that reaches Halo (the article URL template, Halo's address, a link target's or a file's Halo
 * id, a visibility setting) shows as an update, not only a change of the source.
 */
import { createHash } from 'node:crypto';
import type { Article } from '../model/article.js';
import type { ArticleWrite } from '../halo/types.js';
import type { Manifest } from '../plan/manifest.js';
import type { ArticlePlan } from '../plan/types.js';
import { dropUnresolved, renderPublishedHtml, resolveReferences, type LinkTargets, type PublishedHtml, type RenderedHtml } from './render-html.js';

/** Where references and lists resolve to, and the settings that shape every write. */
export interface PayloadContext {
  /** Halo id of the article with this key, when it has one. */
  articleId(key: string): number | undefined;
  /** Halo id of a file of an article, when it was uploaded. */
  fileId(articleKey: string, path: string): number | undefined;
  /** Halo id of the FAQ list with this key, when it has one. */
  listId(key: string): number | undefined;
  articleUrlTemplate: string;
  haloBase: string;
  showForAll: boolean;
  companyShowForAll: boolean;
}

/** The settings every write takes, whatever the article. */
export type PayloadSettings = Pick<PayloadContext, 'articleUrlTemplate' | 'haloBase' | 'showForAll' | 'companyShowForAll'>;

/**
 * Where references resolve to, for the planner and for publishing alike, so that what the plan
 * expects to send is what publishing sends: an article's Halo id from the manifest's live entry,
 * else from the plan (an article Halo already has); a file's from the manifest, else from the plan
 * (a file found in Halo). The manifest is read at each call: publishing records ids as it goes.
 */
export function payloadContext(manifest: Manifest, plans: readonly ArticlePlan[], listIds: ReadonlyMap<string, number>, settings: PayloadSettings): PayloadContext {
  const planned = new Map(plans.filter((p) => p.haloId !== undefined && p.action !== 'retire' && p.action !== 'skipped').map((p) => [p.key, p.haloId!]));
  const found = new Map(plans.map((p) => [p.key, new Map(p.attachments.flatMap((x) => (x.haloId === undefined ? [] : [[x.path, x.haloId] as const])))]));
  return {
    articleId: (key) => {
      const entry = manifest.articles[key];
      return entry !== undefined && entry.retired === undefined ? entry.haloId : planned.get(key);
    },
    fileId: (article, path) => manifest.articles[article]?.attachments?.[path]?.haloId ?? found.get(article)?.get(path),
    listId: (key) => listIds.get(key),
    ...settings,
  };
}

/** Fingerprints of what was sent: the body, and everything else in the write. */
export interface SentFingerprint {
  html: string;
  meta: string;
}

/** Halo URL of an uploaded attachment. Where Halo serves attachments to agents is not documented. */
export function attachmentUrl(haloBase: string, id: number): string {
  return `${haloBase.replace(/\/+$/, '')}/api/Attachment/${id}`;
}

function targetsOf(a: Article, ctx: PayloadContext): LinkTargets {
  return {
    articleId: (key) => ctx.articleId(key),
    fileUrl: (path) => {
      const id = ctx.fileId(a.key, path);
      return id === undefined ? undefined : attachmentUrl(ctx.haloBase, id);
    },
  };
}

/** The article's HTML to send, with every reference resolved that can be resolved now. */
export function renderArticle(a: Article, ctx: PayloadContext): PublishedHtml {
  return renderPublishedHtml(a.html, targetsOf(a, ctx), ctx.articleUrlTemplate, ctx.haloBase);
}

/**
 * The fingerprint of what a publish would send for the article now. `resolved` is its HTML before
 * the final sanitising pass, where the caller has it; otherwise references are resolved here,
 * which costs a scan of the HTML and no parse.
 */
export function fingerprintArticle(a: Article, clientIds: readonly number[], ctx: PayloadContext, resolved?: string): SentFingerprint {
  return sentFingerprint(articleWrite(a, resolved ?? resolveArticle(a, ctx).html, clientIds, ctx));
}

/** The article's references resolved, without the final sanitising pass: a scan, no parse. */
export function resolveArticle(a: Article, ctx: PayloadContext): RenderedHtml {
  return resolveReferences(a.html, targetsOf(a, ctx), ctx.articleUrlTemplate, ctx.haloBase);
}

/** The write for an article, its body `html` as rendered (references still unresolved point nowhere). */
export function articleWrite(a: Article, html: string, clientIds: readonly number[], ctx: PayloadContext, id?: number): ArticleWrite {
  const write: ArticleWrite = {
    key: a.key,
    name: a.title,
    html: dropUnresolved(html),
    faqListIds: a.faqLists.map((k) => ctx.listId(k)).filter((x): x is number => x !== undefined),
    tags: a.tags,
    clientIds: [...clientIds],
    inactive: false,
    showForAll: a.kb.kind === 'central' ? ctx.showForAll : ctx.companyShowForAll,
  };
  if (id !== undefined) write.id = id;
  if (a.reviewDate !== undefined) write.nextReviewDate = `${a.reviewDate}T00:00:00Z`;
  return write;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The fingerprint of a write, without its id (a create and its later update send the same article). */
export function sentFingerprint(write: ArticleWrite): SentFingerprint {
  const meta = {
    name: write.name,
    faqListIds: [...write.faqListIds].sort((x, y) => x - y),
    tags: write.tags ?? [],
    clientIds: [...(write.clientIds ?? [])].sort((x, y) => x - y),
    inactive: write.inactive === true,
    showForAll: write.showForAll ?? null,
    nextReviewDate: write.nextReviewDate ?? null,
  };
  return { html: sha256(write.html), meta: sha256(JSON.stringify(meta)) };
}
