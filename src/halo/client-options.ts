/**
 * The settings a `HaloClient` is made with: where Halo is, how to log in, and how hard to push
 * (pacing, batches, pages, attachment linking, retries).
 */
import type { Clock } from './clock.js';
import type { HaloEventHandler } from './events.js';
import type { RetryPolicy } from './retry-policy.js';
import type { AttachmentMode } from './types.js';

export interface HaloClientOptions {
  /** The Halo address in any form users paste (see `url.ts`). */
  url: string;
  authUrl?: string | undefined;
  tenant?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** Also ask for `read:customers`, to map company folders to Halo customers. */
  readCustomers?: boolean;
  /** Default 300 per 300 s, hosted Halo's limit. */
  requestsPerWindow?: number;
  windowSeconds?: number;
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  /** Per request; default 30. */
  timeoutSeconds?: number;
  /** One deadline for the first contact: finding the token endpoint and logging in; default 20. */
  connectTimeoutSeconds?: number;
  /** Articles per POST; default 50. */
  batchSize?: number;
  /** Largest POST body in KiB; default 4096. */
  batchMaxKb?: number;
  /**
   * How attachments are linked to articles; default `auto`: the way recorded for this Halo
   * (`assumeAttachmentMode`), or found out on the first upload (see `upload-attachments.ts`).
   */
  attachmentMode?: 'auto' | AttachmentMode;
  /**
   * Attachment `type` meaning "KB article" for `attachment-endpoint` mode. Halo's value is unknown;
   * the emulator uses the default.
   */
  attachmentType?: number;
  /** Files over this are refused before upload; default 25 MB, Halo's usual limit. */
  maxAttachmentBytes?: number;
  /** Rows per list page; default 1000 (a server that caps pages lower is detected and followed). */
  pageSize?: number;
  retry?: Partial<RetryPolicy>;
  onEvent?: HaloEventHandler;
  /** The time pacing, retries and token renewal go by; the system clock by default (see clock.ts). */
  clock?: Clock | undefined;
}

/** The attachment `type` halo-kb uses for KB articles in `attachment-endpoint` mode (Halo's value unknown). */
export const KB_ATTACHMENT_TYPE = 2;
