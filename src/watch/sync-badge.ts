/**
 * What Halo holds of an article, as the state manifest records it, for the preview's pages:
 * "published as #1042 · open in Halo", "changed since last publish" (the build's hash is not the
 * one published), or "not yet published". The link is the `halo.article_url` template filled in,
 * given only when it is an http(s) URL; every text is HTML-escaped.
 */
import type { Article } from '../model/article.js';
import { escapeHtml } from '../compile/template.js';
import type { Config } from '../config/schema.js';
import { haloArticleLink, publishedHalo } from '../report/article-link.js';
import type { PublishedState } from './manifest-status.js';

export type SyncKind = 'published' | 'changed' | 'unpublished';

export interface Sync {
  kind: SyncKind;
  haloId?: number;
  url?: string;
}

export function previewSync(article: Pick<Article, 'key' | 'hash'>, published: PublishedState | undefined, config: Pick<Config, 'halo'>): Sync {
  const entry = published?.articles.get(article.key);
  if (entry === undefined || entry.retired || entry.haloId === undefined) return { kind: 'unpublished' };
  const sync: Sync = { kind: entry.hash === article.hash ? 'published' : 'changed', haloId: entry.haloId };
  const url = haloArticleLink(config.halo.articleUrl, publishedHalo(published?.halo, config), entry.haloId);
  if (url !== undefined) sync.url = url;
  return sync;
}

export function syncBadgeHtml(sync: Sync): string {
  if (sync.kind === 'unpublished') return '<span class="sync unpublished" data-sync="unpublished">not yet published</span>';
  const link = sync.url === undefined ? '' : ` · <a href="${escapeHtml(sync.url)}" target="_blank" rel="noopener noreferrer">open in Halo</a>`;
  const what = `published as #${sync.haloId ?? ''}${link}`;
  return `<span class="sync ${sync.kind}" data-sync="${sync.kind}">${sync.kind === 'changed' ? `changed since last publish · ${what}` : what}</span>`;
}
