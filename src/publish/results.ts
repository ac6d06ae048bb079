/**
 * What a publish returns, as plain data: a result for each FAQ list, article and file it touched,
 * the errors it met, and what the plan named that was not done.
 */

export type ArticleResultKind = 'created' | 'updated' | 'unchanged' | 'retired' | 'unlisted' | 'skipped' | 'failed';

export interface ArticleResult {
  key: string;
  kind: ArticleResultKind;
  title: string;
  source: string;
  haloId?: number;
  message?: string;
}

export interface FaqListResult {
  key: string;
  name: string;
  kind: 'created' | 'updated' | 'unchanged' | 'removed' | 'hidden' | 'kept' | 'failed';
  haloId?: number;
  message?: string;
}

export interface AttachmentResult {
  key: string;
  path: string;
  kind: 'uploaded' | 'failed';
  message?: string;
}

export interface PublishResult {
  faqLists: FaqListResult[];
  articles: ArticleResult[];
  attachments: AttachmentResult[];
  errors: string[];
  /** What the plan named that was not done, and why; a run with any is not a success. */
  undone: string[];
}
