/**
 * Halo records as the client reads them, and the writes halo-kb sends. Field names of Halo records
 * are Halo's own (snake_case); other fields Halo returns are kept as they came.
 */

export interface FaqListRef {
  id: number;
  name?: string;
}

/** A KB article (Halo's `KBEntry`). List rows may carry fewer fields than a detail read. */
export interface HaloArticle {
  id: number;
  name: string;
  description?: string;
  description_html?: string;
  faqlists?: FaqListRef[];
  tags?: { id?: number; text: string }[];
  kbentryclientaccess?: { client_id: number; client_name?: string }[];
  inactive?: boolean;
  showforall?: boolean;
  next_review_date?: string | null;
  date_edited?: string;
  attachments?: HaloAttachment[];
  [field: string]: unknown;
}

/** One article to create (no `id`) or update (`id`). */
export interface ArticleWrite {
  /** Halo's id: set to update that article, absent to create one. */
  id?: number;
  /**
   * halo-kb's stable key of the article. The HTML should carry it in its key marker (see
   * `key-marker.ts`); it lets the client find an article whose create reply was lost.
   */
  key?: string;
  name: string;
  /** The rendered article; sent as both `description` and `description_html`. */
  html: string;
  faqListIds: number[];
  tags?: string[];
  /** Customers allowed to see the article (`kbentryclientaccess`); empty for everyone. */
  clientIds?: number[];
  inactive?: boolean;
  showForAll?: boolean;
  /** ISO date, or null to clear it. */
  nextReviewDate?: string | null;
}

/** One saved article, in the order of the writes. */
export interface SavedArticle {
  id: number;
  name: string;
  key?: string;
  action: 'created' | 'updated';
  /** True when the id was found by looking the article up rather than read from the reply. */
  resolved: boolean;
  /** The record as Halo returned it, where the reply carried it. */
  record?: HaloArticle;
}

/** What became of a delete: Halo's API normally refuses to delete articles, which is expected. */
export type DeleteResult = { kind: 'deleted'; id: number } | { kind: 'forbidden'; id: number; message: string } | { kind: 'not-found'; id: number };

export interface HaloFaqList {
  id: number;
  name: string;
  /** The parent list's id; 0 or absent at the top. */
  group_id?: number;
  /** "Use this FAQ list for grouping other FAQ lists". */
  is_group?: boolean;
  /** "Show for all users". */
  showforall?: boolean;
  third_party_id?: string;
  [field: string]: unknown;
}

export interface FaqListWrite {
  id?: number;
  name: string;
  /** True for the list that groups the others. */
  isGroup?: boolean;
  /** The grouping list this one sits under. */
  groupId?: number;
  /** Always explicit: Halo's own default (on) would override client restrictions. */
  showForAll: boolean;
  /** halo-kb's own identifier of the list, so it can find it again whatever its name becomes. */
  thirdPartyId?: string;
}

export interface HaloAttachment {
  id: number;
  filename: string;
  filesize?: number;
  type?: number;
  unique_id?: number;
  [field: string]: unknown;
}

export interface AttachmentUpload {
  articleId: number;
  filename: string;
  data: Uint8Array;
  /**
   * Ids of the article's attachments that are other files, or older versions of this one: never
   * taken for this upload when looking for it after a lost reply.
   */
  otherIds?: readonly number[];
}

/** How a file is linked to a KB article: inside the article write, or through `POST /Attachment`. */
export type AttachmentMode = 'inline' | 'attachment-endpoint';

export interface UploadedAttachment {
  /** Halo's attachment id, where Halo told it. */
  id?: number;
  articleId: number;
  filename: string;
  mode: AttachmentMode;
}

/** A Halo customer (Halo's `Client`). */
export interface HaloCustomer {
  id: number;
  name: string;
  inactive?: boolean;
  [field: string]: unknown;
}

export interface ListArticlesQuery {
  faqListId?: number;
  clientId?: number;
  search?: string;
  /** Include retired (inactive) articles; whether Halo does by default is unknown, so say it. */
  includeInactive?: boolean;
}

/** What Test Connection found. */
export interface ConnectionReport {
  apiBase: string;
  tokenUrl: string;
  tokenUrlSource: 'auth-url' | 'authinfo' | 'fallback';
  tenant?: string;
  /** The scopes Halo granted, as it said in the token reply. */
  scopes: string[];
  articleCount: number;
  faqListCount: number;
  /** Only when read:customers was asked for. */
  customerCount?: number;
}
