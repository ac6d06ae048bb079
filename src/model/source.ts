/**
 * What a docs repository's content tree holds, as the scan finds it: article sources, their
 * frontmatter, the company folders.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Company } from './company.js';
import type { KbRef } from './kb.js';

export type SourceKind = 'markdown' | 'pdf';

/** An article source found by the scan. */
export interface SourceFile {
  kind: SourceKind;
  /** Path relative to the content root, forward slashes: `central/network/vpn.md`. */
  contentPath: string;
  /** Path relative to the project root, for messages: `content/central/network/vpn.md`. */
  displayPath: string;
  absPath: string;
  kb: KbRef;
  /** Folder names between the KB root and the file. */
  folders: string[];
  size: number;
  mtimeMs: number;
  /** The sidecar metadata file of a PDF (`name.pdf.yml`), when there is one. */
  sidecar?: { absPath: string; displayPath: string; size: number; mtimeMs: number };
}

/** Frontmatter (or PDF sidecar) fields, validated. */
export interface ArticleMeta {
  title?: string;
  draft?: boolean;
  tags?: string[];
  id?: string;
  summary?: string;
  review_date?: string;
  faq_lists?: string[];
  public_links?: Record<string, string>;
  public_link?: string;
  /** PDF sidecars only: whether the PDF's text goes into the article body (default true). */
  extract_text?: boolean;
  /** PDF sidecars only: the text of the first N pages only. */
  extract_text_pages?: number;
}

/** The outcome of scanning the content tree. */
export interface ContentTree {
  contentDir: string;
  sources: SourceFile[];
  companies: Company[];
  diagnostics: Diagnostic[];
}
