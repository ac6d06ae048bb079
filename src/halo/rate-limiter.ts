/**
 * Keeps requests under Halo's rolling-window limit (hosted Halo: 300 requests per rolling 5 minutes)
 * instead of running into it. A request holds a slot from the moment it is sent until one window
 * after its answer came: Halo counted it somewhere in between, so by then it has surely left Halo's
 * window too, however slow the network was. A 429 can still happen (another integration may share
 * the limit); `pauseUntil` then holds every request back until Halo's wait is over.
 */
import { systemClock, type Clock } from './clock.js';

export interface RateLimiterOptions {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** Extra time added to the window, for clock granularity. Default 2 % of the window, at most 1 s. */
  marginMs?: number;
  clock?: Clock;
}

/**
 * Call when the answer (or the failure) came; with `unused`, when the request was not sent after all
 * (its token went stale while it waited): the slot is given back at once.
 */
export type ReleaseSlot = (unused?: boolean) => void;

interface Slot {
  /** When the answer came; undefined while the request is in flight. */
  done: number | undefined;
}

export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #clock: Clock;
  readonly #slots: Slot[] = [];
  #pausedUntil = 0;
  /** Callers wait in order, so a burst does not starve an early caller. */
  #queue: Promise<void> = Promise.resolve();
  #wakeUp: (() => void) | undefined;

  constructor(options: RateLimiterOptions) {
    this.#limit = Math.max(1, Math.floor(options.limit));
    this.#clock = options.clock ?? systemClock;
    this.#windowMs = options.windowMs + (options.marginMs ?? Math.min(1000, Math.ceil(options.windowMs * 0.02)));
  }

  /**
   * Wait until one more request may be sent; call the returned function when it is answered.
   * `onWait` hears of each timed wait before it starts (its length in ms), for progress lines.
   */
  acquire(onWait?: (waitMs: number) => void): Promise<ReleaseSlot> {
    const turn = this.#queue.then(() => this.#waitForSlot(onWait));
    this.#queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** Hold every request back until `time` (ms since epoch), e.g. after a 429 with Retry-After. */
  pauseUntil(time: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, time);
  }

  /**
   * How long the next request would wait now, in ms: 0 when it may go at once, `Infinity` while it
   * waits for requests in flight to be answered.
   */
  delayMs(now = this.#clock.now()): number {
    this.#forget(now);
    const pause = Math.max(0, this.#pausedUntil - now);
    if (this.#slots.length < this.#limit) return pause;
    // The slot that must expire for one more request to fit.
    const ends = this.#slots
      .map((s) => s.done)
      .filter((d): d is number => d !== undefined)
      .sort((a, b) => a - b);
    const needed = this.#slots.length - this.#limit;
    const end = ends[needed];
    return end === undefined ? Number.POSITIVE_INFINITY : Math.max(pause, end + this.#windowMs - now);
  }

  /** Requests of the current window (answered within it, or in flight) and the limit, for progress lines. */
  usage(now = this.#clock.now()): { used: number; limit: number } {
    this.#forget(now);
    return { used: this.#slots.length, limit: this.#limit };
  }

  async #waitForSlot(onWait: ((waitMs: number) => void) | undefined): Promise<ReleaseSlot> {
    for (;;) {
      const wait = this.delayMs();
      if (wait <= 0) break;
      if (wait === Number.POSITIVE_INFINITY) await new Promise<void>((resolve) => (this.#wakeUp = resolve));
      else {
        onWait?.(wait);
        await this.#clock.sleep(wait);
      }
    }
    const slot: Slot = { done: undefined };
    this.#slots.push(slot);
    return (unused = false) => {
      if (slot.done !== undefined) return;
      slot.done = this.#clock.now();
      if (unused) this.#slots.splice(this.#slots.indexOf(slot), 1);
      const wake = this.#wakeUp;
      this.#wakeUp = undefined;
      wake?.();
    };
  }

  #forget(now: number): void {
    for (let i = this.#slots.length - 1; i >= 0; i -= 1) {
      const done = this.#slots[i]?.done;
      if (done !== undefined && done <= now - this.#windowMs) this.#slots.splice(i, 1);
    }
  }
}
