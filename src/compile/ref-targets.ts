/**
 * Where a compiled article's references point, as content paths, by the resolve stage's own rules:
 * the build stats the files, and watch mode knows which articles to resolve again when a target
 * appears, changes or goes away.
 */
import path from 'node:path';
import type { CompiledArticle } from './compile-article.js';
import { isFileRef, targetPath } from './ref-path.js';

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
    const target = targetPath(article, ref);
    if (target.startsWith('..') || path.posix.isAbsolute(target)) return;
    if (isFileRef(article, index, target)) files.add(target);
    else articles.add(target);
  });
  return { articles: [...articles], files: [...files] };
}
