/**
 * What planning needs to know of Halo: its FAQ lists, its articles (with their key markers and,
 * where read, their files) and its customers, as `read-halo.ts` reads them.
 */

/** What planning needs to know of Halo (read by `read-halo.ts`). */
export interface HaloSnapshot {
  faqLists: { id: number; name: string; groupId: number; isGroup: boolean; showForAll: boolean; thirdPartyId?: string }[];
  articles: SnapshotArticle[];
  /** Customers by id and name, when any company folder needs mapping by name. */
  clients?: { id: number; name: string }[];
}

export interface SnapshotArticle {
  id: number;
  name: string;
  inactive: boolean;
  dateEdited?: string;
  /** The halo-kb key read from the article's marker, where it has one. */
  key?: string;
  /** The body as Halo holds it, where the listing carried it. */
  html?: string;
  faqListIds: number[];
  /**
   * The files Halo holds for the article, where they were read: only for articles with files the
   * manifest does not record (a run stopped between an upload and saving the manifest, or a lost
   * manifest), so that a file Halo already has is recorded rather than uploaded again.
   */
  attachments?: SnapshotAttachment[];
}

export interface SnapshotAttachment {
  id: number;
  filename: string;
  /** Bytes, where Halo gives it. */
  filesize?: number;
}
