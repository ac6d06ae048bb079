/**
 * What publishing would do with each article, and what Halo holds of it, from the state manifest of
 * the last publish (`state/manifest.json`: `halo`, `articles: { [key]: { hash, haloId, retired, ... } }`).
 * Read tolerantly: the preview works the same without a manifest, with one from another version, or
 * with a broken one; it only loses the create/update/unchanged statuses and the published badges.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Article } from '../model/article.js';

/** What the last publish recorded of an article. */
export interface PublishedArticle {
  hash: string;
  /** Halo's id, where the entry holds a usable one. */
  haloId?: number;
  /** Retired since: no longer in Halo's lists. */
  retired: boolean;
}

/** The last publish as the manifest records it. Undefined when there is no usable manifest. */
export interface PublishedState {
  /** The Halo published to, as the manifest says (not yet checked to be a URL). */
  halo?: string;
  articles: ReadonlyMap<string, PublishedArticle>;
}

export type ArticleStatus = 'error' | 'draft' | 'create' | 'update' | 'unchanged' | 'new';

export const STATUS_LABELS: Record<ArticleStatus, string> = {
  error: 'error: not published',
  draft: 'draft: not published',
  create: 'will create',
  update: 'will update',
  unchanged: 'unchanged',
  new: 'ready',
};

/** The last publish recorded in `file`, or undefined when it is missing or unreadable. */
export async function readPublishedState(file: string): Promise<PublishedState | undefined> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const articles = (data as { articles?: unknown }).articles;
  if (typeof articles !== 'object' || articles === null || Array.isArray(articles)) return undefined;
  const published = new Map<string, PublishedArticle>();
  for (const [key, entry] of Object.entries(articles as Record<string, unknown>)) {
    const fields = typeof entry === 'object' && entry !== null ? (entry as { hash?: unknown; haloId?: unknown; retired?: unknown }) : {};
    // An entry without a hash still means the article exists in Halo: publishing updates it.
    const article: PublishedArticle = { hash: typeof fields.hash === 'string' ? fields.hash : '', retired: fields.retired !== undefined };
    if (typeof fields.haloId === 'number' && Number.isSafeInteger(fields.haloId) && fields.haloId > 0) article.haloId = fields.haloId;
    published.set(key, article);
  }
  const halo = (data as { halo?: unknown }).halo;
  return typeof halo === 'string' ? { halo, articles: published } : { articles: published };
}

export function articleStatus(article: Pick<Article, 'key' | 'hash' | 'draft' | 'hasErrors'>, published: PublishedState | undefined): ArticleStatus {
  if (article.hasErrors) return 'error';
  if (article.draft) return 'draft';
  if (published === undefined) return 'new';
  const entry = published.articles.get(article.key);
  if (entry === undefined) return 'create';
  return entry.hash === article.hash ? 'unchanged' : 'update';
}

/**
 * The last publish, read again only when the manifest file changed. The watcher may not see the
 * manifest appear (a first publish creates its folder too), so pages check it when they render.
 * A publish writes the manifest after every write to Halo, each time to a new file renamed into
 * place: two writes within the file system's clock tick can have the same size and mtime (an
 * article's new hash is as long as its old one), but not the same inode.
 *
 * A page and the watcher's event often ask at once: a caller that finds the file as the read under
 * way found it waits for that read, and every caller gets the newest read begun, not one an older
 * read finished after.
 */
export function publishedReader(file: string): () => Promise<PublishedState | undefined> {
  let stamp: string | undefined;
  let reading: Promise<PublishedState | undefined> = Promise.resolve(undefined);
  return async () => {
    const s = await stat(file).catch(() => undefined);
    const now = s === undefined ? 'missing' : `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
    if (now !== stamp) {
      stamp = now;
      reading = s === undefined ? Promise.resolve(undefined) : readPublishedState(file);
    }
    for (;;) {
      const pending = reading;
      const published = await pending;
      if (pending === reading) return published;
    }
  };
}
