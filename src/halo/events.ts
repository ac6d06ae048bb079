/**
 * What the client reports while it works, for a progress display or a debug log. Plain data; never
 * a token, a secret or a request body.
 */
import type { AttachmentMode } from './types.js';

export type HaloEvent =
  /** `path`: the request's path as sent, without origin or query (`/api/KBArticle/12`). */
  | { type: 'request'; kind: string; path: string; attempt: number }
  | { type: 'response'; kind: string; path: string; status: number; ms: number }
  /**
   * `attempt` failed for `reason`; the next attempt goes after `waitMs`. Where known: the path, and
   * the next attempt's number among the most this kind of failure allows (`nextAttempt` of
   * `maxAttempts`); for a 429, how many of the rate limiter's window are in use (`used` of `limit`).
   */
  | {
      type: 'retry';
      kind: string;
      attempt: number;
      waitMs: number;
      reason: string;
      path?: string;
      nextAttempt?: number;
      maxAttempts?: number;
      used?: number;
      limit?: number;
    }
  /** Held back by the rate limiter for `waitMs`, with `used` of the window's `limit` requests in use. */
  | { type: 'rate-limit-wait'; waitMs: number; used: number; limit: number }
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
