/**
 * What compiling an article takes besides its source, and the size limit it enforces: a light
 * module, so that a build with nothing to compile never loads the Markdown stack (compile-article.ts
 * is imported only where a source is compiled).
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { articleMaxBytes, type Config } from '../config/schema.js';
import { formatSize } from '../format-size.js';
import type { Templates } from './template.js';

export interface CompileSettings {
  templates: { article: string; pdf: string };
  /** Base URL where sources are browsable; the source path is appended. */
  sourceUrl: string | undefined;
  /** A Markdown source larger than this is not compiled (`publish.max_article_kb`). */
  maxArticleBytes: number;
}

/** The compile settings of a configuration and its templates. */
export function compileSettingsOf(config: Config, templates: Pick<Templates, 'article' | 'pdf'>): CompileSettings {
  return { templates: { article: templates.article, pdf: templates.pdf }, sourceUrl: config.sourceUrl, maxArticleBytes: articleMaxBytes(config) };
}

/** The error of an article too large for Halo to accept in one request. */
export function articleTooLarge(file: string, what: string, bytes: number, maxBytes: number): Diagnostic {
  return diagnostic(
    'error',
    'article-too-large',
    file,
    `${what} ${formatSize(bytes)}, over the ${formatSize(maxBytes)} an article may be (publish.max_article_kb): Halo would refuse to save it, so it is not published.`,
    {},
    'Split it into smaller articles, or move bulky content (data, long logs) into attached files; raise publish.max_article_kb only if your Halo accepts larger requests.',
  );
}
