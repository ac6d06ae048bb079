/**
 * The plan as plain data: the settings planning takes, and the changes it returns for each FAQ
 * list, article and attachment, which publishing applies and the reports show.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { SentFingerprint } from '../publish/article-payload.js';
import type { FieldChange } from './field-changes.js';
import type { PublishScope } from './scope.js';

export interface PlanSettings {
  groupName: string;
  showForAll: boolean;
  companyShowForAll: boolean;
  maxRetire: number;
  /** Retire even past the guards' limit. */
  force: boolean;
  /** `halo.article_url`: cross-links are written from it. */
  articleUrlTemplate: string;
  /** The Halo address published to: links to articles and files are written from it. */
  haloBase: string;
  /** Send every article again (`publish --republish-all`). */
  republishAll?: boolean;
  /** The KBs and paths this run acts on (see scope.ts); everything when absent. */
  scope?: PublishScope;
}

export type FaqListAction = 'create' | 'update' | 'unchanged' | 'remove';

export interface FaqListPlan {
  key: string;
  name: string;
  /** The parent list's key; the grouping list has none. */
  parent?: string;
  isGroup: boolean;
  showForAll: boolean;
  action: FaqListAction;
  haloId?: number;
  reasons: string[];
  /** A removal a guard held back (`Plan.guards` says why). */
  heldBack?: true;
  /** For a removal: the Halo id of the list it sits under now, kept if the list is only hidden. */
  haloGroupId?: number;
}

export type AttachmentAction = 'upload' | 'unchanged' | 'link' | 'refused';

export interface AttachmentPlan {
  path: string;
  size: number;
  sha256: string;
  action: AttachmentAction;
  url?: string;
  /**
   * Set when the manifest does not record the file but Halo already holds it (same name, same size
   * where Halo gives one): it is recorded with this id instead of being uploaded again.
   */
  haloId?: number;
}

export type ArticleAction = 'create' | 'update' | 'unchanged' | 'retire' | 'skipped';

export interface ArticlePlan {
  key: string;
  action: ArticleAction;
  title: string;
  /** Source path; for retired articles, where it used to be. */
  source: string;
  haloId?: number;
  reasons: string[];
  /** Edited in Halo since halo-kb's last write: those edits will be overwritten. */
  drift?: boolean;
  /** Adopted: found in Halo by its key marker, not by the manifest. */
  adopted?: boolean;
  /** A retirement a guard held back (`Plan.guards` says why). */
  heldBack?: true;
  faqLists: string[];
  tags: string[];
  clientIds: number[];
  hash: string;
  attachments: AttachmentPlan[];
  /** The body Halo holds now, where known: what a content diff compares against. */
  currentHtml?: string;
  /** Halo's `date_edited` now, where known: recorded for articles adopted without a write. */
  haloDateEdited?: string;
  /** Fingerprints of what publishing would send Halo for it now (see `article-payload.ts`). */
  sent?: SentFingerprint;
  /**
   * For an update: what changes besides the text, field by field, against the last publish. Empty
   * for other actions, and for fields whose last published value the manifest does not record.
   */
  changes: FieldChange[];
}

export interface PlanSummary {
  create: number;
  update: number;
  unchanged: number;
  retire: number;
  skipped: number;
  drift: number;
  faqListsCreate: number;
  faqListsUpdate: number;
  /** halo-kb's lists that no content wants any more. */
  faqListsRemove: number;
  uploads: number;
  links: number;
  refused: number;
}

export interface Plan {
  faqLists: FaqListPlan[];
  articles: ArticlePlan[];
  summary: PlanSummary;
  /** Content problems, and problems that keep articles or retirements back. */
  diagnostics: Diagnostic[];
  /** Why retirements were held back, when they were. */
  guards: string[];
  /** What the run leaves alone: KBs out of scope, and a run limited to paths. */
  scope?: string[];
}
