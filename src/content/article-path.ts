/**
 * What a file's name says about it: whether it is an article, and the key and title it has when its
 * frontmatter names neither. Plain string functions, so every stage can use them without loading the
 * Markdown compiler.
 */
import type { SourceKind } from '../model/source.js';

const ARTICLE_EXTENSION = /\.(md|markdown|pdf)$/i;

/** The kind of article a file name is, or undefined when it is not an article. */
export function sourceKind(name: string): SourceKind | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'markdown';
  if (lower.endsWith('.pdf')) return 'pdf';
  return undefined;
}

/** True when a path names an article (Markdown or PDF) rather than an attachment. */
export function isArticlePath(p: string): boolean {
  return ARTICLE_EXTENSION.test(p);
}

/** The key derived from a path: `central/network/vpn.md` -> `central/network/vpn`. */
export function keyFromPath(contentPath: string): string {
  return contentPath.replace(ARTICLE_EXTENSION, '');
}

/** `reset-mfa.md` -> `Reset mfa`: the title of an article whose frontmatter and text name none. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.replace(ARTICLE_EXTENSION, '').replace(/[-_]+/g, ' ').trim();
  return base === '' ? fileName : base.charAt(0).toUpperCase() + base.slice(1);
}

/** Where a source file (its path from the project root) is browsable under `source_url`. */
export function sourceFileUrl(sourceUrl: string, displayPath: string): string {
  const base = sourceUrl.endsWith('/') ? sourceUrl : `${sourceUrl}/`;
  return base + displayPath.split('/').map(encodeURIComponent).join('/');
}
