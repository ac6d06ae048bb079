/**
 * What a build's summary says of its articles: how many are ready, drafts or broken, what they
 * upload and link, and their problems. Worked out once per tree: the build cache keeps it, so a
 * build in which nothing changed reports without reading a single article.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Article } from '../model/article.js';

export interface ArticleTally {
  articles: number;
  /** Neither a draft nor with errors: what publishing sends. */
  ready: number;
  drafts: number;
  withErrors: number;
  /** Attachments of ready articles: uploaded, and linked to by public URL. */
  uploads: number;
  links: number;
  /** Every article's diagnostics, article by article in build order. */
  diagnostics: Diagnostic[];
}

export function tallyArticles(articles: readonly Pick<Article, 'diagnostics' | 'hasErrors' | 'draft' | 'attachments'>[]): ArticleTally {
  const tally: ArticleTally = { articles: articles.length, ready: 0, drafts: 0, withErrors: 0, uploads: 0, links: 0, diagnostics: [] };
  for (const article of articles) {
    tally.diagnostics.push(...article.diagnostics);
    if (article.hasErrors) {
      tally.withErrors++;
      continue;
    }
    if (article.draft) {
      tally.drafts++;
      continue;
    }
    // Only articles that will be published upload anything: not drafts, not articles with errors.
    tally.ready++;
    for (const attachment of article.attachments) {
      if (attachment.mode === 'upload') tally.uploads++;
      else if (attachment.mode === 'link') tally.links++;
    }
  }
  return tally;
}
