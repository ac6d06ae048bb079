/**
 * An article's content hash, over what is published of it: its fields, which files it has and how,
 * and its HTML.
 */
import { createHash } from 'node:crypto';
import type { Article } from '../model/article.js';

export function articleHash(article: Pick<Article, 'title' | 'draft' | 'tags' | 'summary' | 'reviewDate' | 'faqLists' | 'html' | 'attachments'>): string {
  const meta = {
    title: article.title,
    draft: article.draft,
    tags: article.tags,
    summary: article.summary,
    reviewDate: article.reviewDate,
    faqLists: article.faqLists,
    attachments: article.attachments.map((a) => ({ path: a.path, sha256: a.sha256, mode: a.mode, url: a.url })),
  };
  // `meta` is built here in a fixed key order, so plain JSON is already canonical. The HTML goes in
  // as it is: serialising it into JSON would copy and escape every body on every build.
  return createHash('sha256').update(JSON.stringify(meta)).update('\0').update(article.html).digest('hex');
}
