/**
 * A clock for the Halo client and the emulator whose waits take no real time: it runs with the
 * real one, plus every wait anyone asked of it. Time still passes while requests are in flight, so
 * what a test sees is what a client that really waited would see, minus the waiting.
 */
import type { Clock } from '../../src/halo/clock.js';

export class VirtualClock implements Clock {
  #skipped = 0;
  /** Every wait asked for, in ms, in order. */
  readonly waits: number[] = [];

  now(): number {
    return Date.now() + this.#skipped;
  }

  async sleep(ms: number): Promise<void> {
    this.waits.push(ms);
    const until = this.now() + Math.max(0, ms);
    // Let the caller's other work run first, as a real timer would.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Waits running side by side end at the latest of their ends, not at their sum.
    this.#skipped = Math.max(this.#skipped, until - Date.now());
  }
}
