/**
 * The fields of an article that its source and frontmatter give, and the article of a source that
 * could not be compiled at all: those fields, no body, its title from the file name, and the one
 * error that says why. A light module (no Markdown stack), for the threads that hand out compiles
 * as much as for those that run them.
 */
import path from 'node:path';
import { keyFromPath, titleFromFileName } from '../content/article-path.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { errorMessage } from '../errors.js';
import type { ArticleMeta, SourceFile } from '../model/source.js';
import type { CompiledArticle } from './compile-article.js';

/**
 * The rules of failures that come from outside the file's content (it could not be read; halo-kb
 * failed): an article with one of them is compiled again on the next build even if its file's
 * size and time are the same (permissions fixed with chmod change neither).
 */
export const RETRIED_RULES: ReadonlySet<string> = new Set(['source-unreadable', 'compile-failed']);

/** The fields of an article that its source and frontmatter give (all but its title and body). */
export function articleBase(source: SourceFile, meta: ArticleMeta, diagnostics: Diagnostic[]): Omit<CompiledArticle, 'title' | 'html' | 'headings' | 'refs'> {
  const article: Omit<CompiledArticle, 'title' | 'html' | 'headings' | 'refs'> = {
    key: meta.id ?? keyFromPath(source.contentPath),
    kind: source.kind,
    contentPath: source.contentPath,
    displayPath: source.displayPath,
    kb: source.kb,
    folders: source.folders,
    draft: meta.draft ?? false,
    tags: [...new Set(meta.tags ?? [])],
    extraFaqLists: meta.faq_lists ?? [],
    publicLinks: meta.public_links ?? {},
    diagnostics,
  };
  if (meta.summary !== undefined) article.summary = meta.summary;
  if (meta.review_date !== undefined) article.reviewDate = meta.review_date;
  if (meta.public_link !== undefined) article.publicLink = meta.public_link;
  return article;
}

/** The article of a source that could not be compiled, with the `problem` that says why. */
export function failedArticle(source: SourceFile, problem: Diagnostic): CompiledArticle {
  return { ...articleBase(source, {}, [problem]), title: titleFromFileName(path.basename(source.contentPath)), html: '', headings: [], refs: [] };
}

/**
 * Why compiling `source` threw: the file could not be read (an error from the system, with its
 * code), or compiling it failed in halo-kb itself, which is not the writer's to fix.
 */
export function compileFailure(source: SourceFile, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) {
    return diagnostic(
      'error',
      'compile-failed',
      source.displayPath,
      `halo-kb failed while compiling this file (${errorMessage(error)}); it is not published.`,
      {},
      'This is a fault in halo-kb, not in the file: please report it with the file attached. The other articles are not affected.',
    );
  }
  const gone = code === 'ENOENT';
  return diagnostic(
    'error',
    'source-unreadable',
    source.displayPath,
    gone ? 'The file disappeared while it was being read (a save in progress?).' : `The file cannot be read: ${errorMessage(error)}`,
    {},
    gone ? 'Save it again.' : 'Check the file and its permissions, then save it again.',
  );
}

/** The error of a source whose compile ran past the deadline and was stopped (see worker-lanes.ts). */
export function compileTimedOut(source: SourceFile, deadlineMs: number): Diagnostic {
  return diagnostic(
    'error',
    'compile-timeout',
    source.displayPath,
    `Compiling this file took longer than ${deadlineMs / 1000} s, so it was stopped; it is not published.`,
    {},
    'Something in it makes the Markdown parser slow: thousands of unclosed brackets or emphasis markers, lists nested hundreds of levels deep, or sheer length (its time grows faster than the file: a megabyte of ordinary sections, lists and tables takes about a minute). Simplify or split it; if the file was generated, fix what generated it.',
  );
}

/** The error of a source that ran out of memory even on a worker of its own with `heapMb` of heap (see worker-lanes.ts). */
export function compileOutOfMemory(source: SourceFile, heapMb: number): Diagnostic {
  return diagnostic(
    'error',
    'compile-out-of-memory',
    source.displayPath,
    `Compiling this file needed more than the ${heapMb} MB of memory halo-kb gives one file, so it was stopped; it is not published.`,
    {},
    'Something in it makes the Markdown parser build a huge tree: tens of thousands of list items, links or emphasis markers. Split it into smaller articles; if the file was generated, fix what generated it.',
  );
}
