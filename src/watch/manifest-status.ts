/**
 * What publishing would do with each article, from the state manifest of the last publish
 * (`state/manifest.json`: `articles: { [key]: { hash, haloId, ... } }`). Read tolerantly: the
 * preview works the same without a manifest, with one from another version, or with a broken one;
 * it only loses the create/update/unchanged statuses.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Article } from '../model/article.js';

/** Key -> published hash. Undefined when there is no usable manifest. */
export type PublishedHashes = ReadonlyMap<string, string>;

export type ArticleStatus = 'error' | 'draft' | 'create' | 'update' | 'unchanged' | 'new';

export const STATUS_LABELS: Record<ArticleStatus, string> = {
  error: 'error: not published',
  draft: 'draft: not published',
  create: 'will create',
  update: 'will update',
  unchanged: 'unchanged',
  new: 'ready',
};

/** The published hashes in `file`, or undefined when it is missing or unreadable. */
export async function readPublishedHashes(file: string): Promise<PublishedHashes | undefined> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const articles = (data as { articles?: unknown }).articles;
  if (typeof articles !== 'object' || articles === null || Array.isArray(articles)) return undefined;
  const hashes = new Map<string, string>();
  for (const [key, entry] of Object.entries(articles as Record<string, unknown>)) {
    const hash = typeof entry === 'object' && entry !== null ? (entry as { hash?: unknown }).hash : undefined;
    // An entry without a hash still means the article exists in Halo: publishing updates it.
    hashes.set(key, typeof hash === 'string' ? hash : '');
  }
  return hashes;
}

export function articleStatus(article: Pick<Article, 'key' | 'hash' | 'draft' | 'hasErrors'>, published: PublishedHashes | undefined): ArticleStatus {
  if (article.hasErrors) return 'error';
  if (article.draft) return 'draft';
  if (published === undefined) return 'new';
  const hash = published.get(article.key);
  if (hash === undefined) return 'create';
  return hash === article.hash ? 'unchanged' : 'update';
}

/**
 * The published hashes, read again only when the manifest file changed. The watcher may not see the
 * manifest appear (a first publish creates its folder too), so pages check it when they render.
 */
export function publishedReader(file: string): () => Promise<PublishedHashes | undefined> {
  let stamp: string | undefined;
  let hashes: PublishedHashes | undefined;
  return async () => {
    const s = await stat(file).catch(() => undefined);
    const now = s === undefined ? 'missing' : `${s.size}:${s.mtimeMs}`;
    if (now !== stamp) {
      stamp = now;
      hashes = s === undefined ? undefined : await readPublishedHashes(file);
    }
    return hashes;
  };
}
