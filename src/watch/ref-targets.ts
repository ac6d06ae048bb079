/**
 * Where a compiled article's references point, as content paths. The same rules as the resolve
 * stage (relative to the article's folder, or to the content root with a leading "/"), so the watch
 * index knows which articles must be resolved again when a target appears, changes or goes away.
 */
import path from 'node:path';
import type { CompiledArticle } from '../compile/compile-article.js';
import { isArticlePath } from '../compile/markdown.js';

export interface RefTargets {
  /** Other articles this one links to (whether or not they exist). */
  articles: string[];
  /** Files this one embeds or links to, a PDF article's own file included. */
  files: string[];
}

export function refTargets(article: Pick<CompiledArticle, 'contentPath' | 'kind' | 'refs'>): RefTargets {
  const articles = new Set<string>();
  const files = new Set<string>();
  article.refs.forEach((ref, index) => {
    const target = path.posix.normalize(ref.fromRoot ? ref.path : path.posix.join(path.posix.dirname(article.contentPath), ref.path));
    if (target.startsWith('..') || path.posix.isAbsolute(target)) return;
    // A PDF article's reference 0 is its own file, an attachment rather than a cross-link.
    if (isArticlePath(target) && !(article.kind === 'pdf' && index === 0)) articles.add(target);
    else files.add(target);
  });
  return { articles: [...articles], files: [...files] };
}
