/**
 * Who depends on whom, kept up to date as articles are compiled and removed: for every path an
 * article references, the articles that reference it; for every key, the articles that claim it.
 * A change to one article then re-resolves only it and the articles whose output can change with it.
 */
import type { RefTargets } from '../compile/ref-targets.js';

export interface DependencyIndex {
  /** Referenced path (article or file) -> content paths of the articles referencing it. */
  referrers: Map<string, Set<string>>;
  /** Article key -> content paths of the articles with that key (more than one is an error). */
  byKey: Map<string, Set<string>>;
}

/** What the index reads of an article: its path, its key and where its references point. */
interface Indexed {
  contentPath: string;
  key: string;
  targets: RefTargets;
}

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

export function indexArticle(index: DependencyIndex, { contentPath, key, targets }: Indexed): void {
  for (const t of targets.articles) add(index.referrers, t, contentPath);
  for (const t of targets.files) add(index.referrers, t, contentPath);
  add(index.byKey, key, contentPath);
}

export function unindexArticle(index: DependencyIndex, { contentPath, key, targets }: Indexed): void {
  for (const t of targets.articles) remove(index.referrers, t, contentPath);
  for (const t of targets.files) remove(index.referrers, t, contentPath);
  remove(index.byKey, key, contentPath);
}

/** Articles referencing `target`. */
export function referrersOf(index: DependencyIndex, target: string): ReadonlySet<string> {
  return index.referrers.get(target) ?? new Set();
}

/** Articles with `key`. */
export function claimantsOf(index: DependencyIndex, key: string): ReadonlySet<string> {
  return index.byKey.get(key) ?? new Set();
}
