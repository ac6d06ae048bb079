/**
 * Keeps requests under Halo's rolling-window limit (hosted Halo: 300 requests per rolling 5 minutes)
 * instead of running into it: a request may start only when fewer than `limit` requests started in
 * the last window. A 429 can still happen (another integration shares the limit); `pauseUntil` then
 * holds every request back until Halo's wait is over.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface RateLimiterOptions {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /**
   * Extra time added to the window, so that a request sent just as an old one leaves the client's
   * window does not reach Halo while the old one is still inside Halo's window.
   */
  marginMs?: number;
}

export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  /** Start times of the requests inside the current window, oldest first. */
  readonly #starts: number[] = [];
  #pausedUntil = 0;
  /** Callers wait in order, so a burst does not starve an early caller. */
  #queue: Promise<void> = Promise.resolve();

  constructor(options: RateLimiterOptions) {
    this.#limit = Math.max(1, Math.floor(options.limit));
    this.#windowMs = options.windowMs + (options.marginMs ?? Math.min(1000, Math.ceil(options.windowMs * 0.02)));
  }

  /** Wait until one more request may start, and count it. */
  acquire(): Promise<void> {
    const turn = this.#queue.then(() => this.#waitForSlot());
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** Hold every request back until `time` (ms since epoch), e.g. after a 429 with Retry-After. */
  pauseUntil(time: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, time);
  }

  /** How long the next request would wait now, in ms (0 when it may start at once). */
  delayMs(now = Date.now()): number {
    this.#forget(now);
    const pause = Math.max(0, this.#pausedUntil - now);
    if (this.#starts.length < this.#limit) return pause;
    const oldest = this.#starts[this.#starts.length - this.#limit] ?? now;
    return Math.max(pause, oldest + this.#windowMs - now);
  }

  async #waitForSlot(): Promise<void> {
    for (;;) {
      const wait = this.delayMs();
      if (wait <= 0) break;
      await sleep(wait);
    }
    this.#starts.push(Date.now());
  }

  #forget(now: number): void {
    while (this.#starts.length > 0 && (this.#starts[0] ?? now) <= now - this.#windowMs) this.#starts.shift();
  }
}
