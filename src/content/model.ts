/**
 * The content model: what a docs repository's content tree holds, as plain data.
 *
 * content/central/**            the central KB
 * content/companies/<folder>/** one company's KB, mapped to a Halo client by `_company.yml`
 * Sub-folders are FAQ lists nested under their KB's list.
 */
import type { Diagnostic } from '../diagnostics.js';

/** Which knowledge base a file belongs to. */
export type KbRef = { kind: 'central' } | { kind: 'company'; folder: string };

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

/** A company folder and the Halo client it maps to. */
export interface Company {
  folder: string;
  /** Client name in Halo (default: the folder name). */
  clientName: string;
  /** Client id in Halo, when the mapping names it; otherwise resolved by name at publish time. */
  clientId?: number;
  /** Name of the company's FAQ list (default: the client name). */
  faqList: string;
  /** `_company.yml`, for messages. */
  configPath?: string;
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
