/**
 * Where an article's reference points, by the resolve stage's rules: the content path it names, and
 * whether it is a file to attach or an article to link to.
 */
import path from 'node:path';
import { isArticlePath } from '../content/article-path.js';
import type { CompiledArticle } from './compile-article.js';
import type { LocalRef } from './markdown.js';

/** The content path a reference points at (it may start with `..` when it leaves the tree). */
export function targetPath(article: { contentPath: string }, ref: LocalRef): string {
  const joined = ref.fromRoot ? ref.path : path.posix.join(path.posix.dirname(article.contentPath), ref.path);
  return path.posix.normalize(joined);
}

/** Whether reference `index` is a file to attach rather than a cross-link: a PDF article's reference 0 is its own PDF. */
export function isFileRef(article: Pick<CompiledArticle, 'kind'>, index: number, target: string): boolean {
  return !isArticlePath(target) || (article.kind === 'pdf' && index === 0);
}
