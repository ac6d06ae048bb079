/**
 * Resolve only some articles, with results identical to resolving the whole tree. resolveArticles
 * looks beyond an article only at the articles it links to (existence, audience, draft, headings,
 * key) and at the articles sharing its key (duplicates), so resolving the subset together with those
 * neighbours gives exact results for the subset, at a cost proportional to the change.
 */
import type { CompiledArticle } from '../compile/compile-article.js';
import { resolveArticles, type ResolveSettings } from '../compile/resolve.js';
import type { Article } from '../model/article.js';
import type { FileFact } from '../model/file-fact.js';
import { claimantsOf, type DependencyIndex } from './dependency-index.js';
import { refTargets } from '../compile/ref-targets.js';

export function resolveSubset(
  paths: Iterable<string>,
  compiled: ReadonlyMap<string, CompiledArticle>,
  index: DependencyIndex,
  facts: ReadonlyMap<string, FileFact>,
  settings: ResolveSettings,
): Map<string, Article> {
  const wanted = new Set<string>();
  const context = new Map<string, CompiledArticle>();
  for (const p of paths) {
    const article = compiled.get(p);
    if (article === undefined) continue;
    wanted.add(p);
    context.set(p, article);
    for (const target of refTargets(article).articles) {
      const linked = compiled.get(target);
      if (linked !== undefined) context.set(target, linked);
    }
    for (const same of claimantsOf(index, article.key)) {
      const other = compiled.get(same);
      if (other !== undefined) context.set(same, other);
    }
  }
  const resolved = new Map<string, Article>();
  if (wanted.size === 0) return resolved;
  for (const article of resolveArticles([...context.values()], facts, settings)) {
    if (wanted.has(article.contentPath)) resolved.set(article.contentPath, article);
  }
  return resolved;
}
