/**
 * A KB article as halo-kb builds, plans, publishes and previews it: plain data, the same for every
 * stage. The compile stage makes what an article holds from its own source; the resolve stage adds
 * what depends on the rest of the tree (links, attachments, FAQ lists, the content hash).
 */
import type { Diagnostic } from '../diagnostics.js';
import type { KbRef } from './kb.js';
import type { SourceKind } from './source.js';

/** What an article holds from its own source alone: compiled, and kept once it is resolved. */
export interface ArticleBase {
  key: string;
  kind: SourceKind;
  contentPath: string;
  displayPath: string;
  kb: KbRef;
  folders: string[];
  title: string;
  draft: boolean;
  tags: string[];
  summary?: string;
  reviewDate?: string;
  /** The HTML, with link tokens (link-token.ts) where it links other articles and files. */
  html: string;
  headings: string[];
  pdf?: { pageCount: number; documentTitle?: string };
  diagnostics: Diagnostic[];
  /** sha256 of the source (and sidecar) as read for this compile: the build cache's key. */
  sourceSha256?: string;
  sidecarSha256?: string;
}

export type AttachmentMode = 'upload' | 'link' | 'refused';

export interface Attachment {
  /** Path relative to the content root. */
  path: string;
  size: number;
  sha256: string;
  mode: AttachmentMode;
  /** The public URL, for `link`. */
  url?: string;
}

export interface CrossLink {
  key: string;
  anchor?: string;
}

/** A fully resolved article: what the build writes and what publishing works from. */
export interface Article extends ArticleBase {
  /** FAQ list keys, the first one the article's own folder. */
  faqLists: string[];
  attachments: Attachment[];
  crossLinks: CrossLink[];
  /** sha256 over everything that is published: HTML, metadata, attachment contents. */
  hash: string;
  hasErrors: boolean;
}

/** A resolved article without its HTML: all that the index, the tally and the reports read. */
export type ListedArticle = Omit<Article, 'html'>;
