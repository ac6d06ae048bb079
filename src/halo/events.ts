/**
 * What the client reports while it works, for a progress display or a debug log. Plain data; never
 * a token, a secret or a request body.
 */
import type { AttachmentMode } from './types.js';

export type HaloEvent =
  | { type: 'request'; kind: string; attempt: number }
  | { type: 'response'; kind: string; status: number; ms: number }
  | { type: 'retry'; kind: string; attempt: number; waitMs: number; reason: string }
  | { type: 'rate-limit-wait'; waitMs: number }
  | { type: 'token'; tokenUrl: string; expiresInSeconds: number }
  /** Still no answer while connecting: `url` is HALO_URL; sent every few seconds until the deadline. */
  | { type: 'waiting'; url: string; waitedMs: number; deadlineMs: number }
  | { type: 'recover-create'; what: string; names: string[] }
  /**
   * `attachment_mode: auto` found how this Halo links a file to an article, on the first upload;
   * `leftBehind` names what the way that did not link left in Halo (and could not be removed).
   */
  | { type: 'attachment-mode'; mode: AttachmentMode; leftBehind: string[] };

export type HaloEventHandler = (event: HaloEvent) => void;
