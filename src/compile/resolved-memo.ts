/**
 * What resolving adds to a compiled article, and the article assembled from the two: its
 * reference tokens replaced, its diagnostics, lists, files, links and hash set.
 */
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import type { Article, Attachment, CrossLink, ListedArticle } from '../model/article.js';
import { rewriteLinkTokens } from '../model/link-token.js';
import type { CompiledArticle } from './compile-article.js';
import { checkedUrl } from './safe-html.js';

/**
 * What resolving adds to a compiled article. The build store keeps it, so an article whose
 * inputs did not change is not resolved (nor hashed) again: it is rebuilt from its compiled form
 * and this.
 */
export interface ResolvedMemo {
  /** By reference index: what its `halo-kb://…/N` token becomes (null: left as it is). */
  replacements: (string | null)[];
  diagnostics: Diagnostic[];
  faqLists: string[];
  attachments: Attachment[];
  crossLinks: CrossLink[];
  hash: string;
}

/**
 * The compiled HTML with its reference tokens replaced. Replacements land inside an attribute
 * value: URLs from frontmatter and keys or paths from file names are escaped, so a quote in them
 * cannot add attributes to the sanitised HTML.
 */
export function replaceTokens(html: string, replacements: readonly (string | null | undefined)[]): string {
  if (replacements.length === 0) return html;
  return rewriteLinkTokens(html, (token) => {
    const replacement = /^\d+$/.test(token.target) ? replacements[Number(token.target)] : undefined;
    if (replacement === undefined || replacement === null) return undefined;
    // Public links were checked where they were read; this keeps any other from slipping through.
    return checkedUrl(replacement) + token.hash;
  });
}

/** An article, without its HTML, from its compiled form and its resolution. */
export function listedArticle(article: Omit<CompiledArticle, 'html' | 'refs'>, memo: ResolvedMemo): ListedArticle {
  // Field by field, not by rest-spreading the compiled article: a build lists every article of
  // the tree, and object rest is several times slower.
  const listed: ListedArticle = {
    key: article.key,
    kind: article.kind,
    contentPath: article.contentPath,
    displayPath: article.displayPath,
    kb: article.kb,
    folders: article.folders,
    title: article.title,
    draft: article.draft,
    tags: article.tags,
    headings: article.headings,
    diagnostics: memo.diagnostics,
    faqLists: memo.faqLists,
    attachments: memo.attachments,
    crossLinks: memo.crossLinks,
    hash: memo.hash,
    hasErrors: hasErrors(memo.diagnostics),
  };
  if (article.summary !== undefined) listed.summary = article.summary;
  if (article.reviewDate !== undefined) listed.reviewDate = article.reviewDate;
  if (article.pdf !== undefined) listed.pdf = article.pdf;
  if (article.sourceSha256 !== undefined) listed.sourceSha256 = article.sourceSha256;
  if (article.sidecarSha256 !== undefined) listed.sidecarSha256 = article.sidecarSha256;
  return listed;
}

/** An article from its compiled form, its resolution and its final HTML. */
export function assemble(article: CompiledArticle, memo: ResolvedMemo, html: string): Article {
  return { ...listedArticle(article, memo), html };
}

/** An article as resolving `article` gave `memo` (for the same compiled article and the same tree). */
export function articleFromMemo(article: CompiledArticle, memo: ResolvedMemo): Article {
  return assemble(article, memo, replaceTokens(article.html, memo.replacements));
}
