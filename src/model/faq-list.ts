import type { KbRef } from './kb.js';

/** A FAQ list the content tree implies: one per KB, one per folder below it. */
export interface FaqListNode {
  /** `central`, `central/network`, `companies/contoso`, `companies/contoso/network`. */
  key: string;
  name: string;
  /** Undefined for a KB's top list, which sits under the grouping list. */
  parent?: string;
  kb: KbRef;
}
