/**
 * Who depends on whom, kept up to date as articles are compiled and removed: for every path an
 * article references, the articles that reference it; for every key, the articles that claim it.
 * A change to one article then re-resolves only it and the articles whose output can change with it.
 */
import type { CompiledArticle } from '../compile/compile-article.js';
import { refTargets } from '../compile/ref-targets.js';

export interface DependencyIndex {
  /** Referenced path (article or file) -> content paths of the articles referencing it. */
  referrers: Map<string, Set<string>>;
  /** Article key -> content paths of the articles with that key (more than one is an error). */
  byKey: Map<string, Set<string>>;
}

/** What the index reads of an article (its HTML is not needed). */
type Indexed = Pick<CompiledArticle, 'contentPath' | 'kind' | 'refs' | 'key'>;

export function emptyIndex(): DependencyIndex {
  return { referrers: new Map(), byKey: new Map() };
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

function remove(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set === undefined) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

export function indexArticle(index: DependencyIndex, article: Indexed): void {
  const targets = refTargets(article);
  for (const t of [...targets.articles, ...targets.files]) add(index.referrers, t, article.contentPath);
  add(index.byKey, article.key, article.contentPath);
}

export function unindexArticle(index: DependencyIndex, article: Indexed): void {
  const targets = refTargets(article);
  for (const t of [...targets.articles, ...targets.files]) remove(index.referrers, t, article.contentPath);
  remove(index.byKey, article.key, article.contentPath);
}

/** Articles referencing `target`. */
export function referrersOf(index: DependencyIndex, target: string): ReadonlySet<string> {
  return index.referrers.get(target) ?? new Set();
}

/** Articles with `key`. */
export function claimantsOf(index: DependencyIndex, key: string): ReadonlySet<string> {
  return index.byKey.get(key) ?? new Set();
}
