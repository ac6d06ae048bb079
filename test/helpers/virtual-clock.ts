/**
 * A clock for the Halo client and the emulator whose waits take no real time: it runs with the
 * real one, plus every wait it skipped. Waits end one at a time, the earliest first, each once the
 * work already under way has had its turn (the next turn of the event loop), so code that waits
 * side by side sees the order real timers would give. A request in flight over a socket is not
 * waited for: a wait that ends meanwhile moves its time on too.
 */
import type { Clock } from '../../src/halo/clock.js';

interface Timer {
  at: number;
  wake: () => void;
}

export class VirtualClock implements Clock {
  #skipped = 0;
  #timers: Timer[] = [];
  #ticking = false;
  /** Every wait asked for, in ms, in order. */
  readonly waits: number[] = [];

  now(): number {
    return Date.now() + this.#skipped;
  }

  sleep(ms: number): Promise<void> {
    this.waits.push(ms);
    return new Promise<void>((wake) => {
      this.#timers.push({ at: this.now() + Math.max(0, ms), wake });
      this.#tick();
    });
  }

  #tick(): void {
    if (this.#ticking) return;
    this.#ticking = true;
    setImmediate(() => {
      this.#ticking = false;
      this.#timers.sort((a, b) => a.at - b.at);
      const next = this.#timers.shift();
      if (next === undefined) return;
      this.#skipped = Math.max(this.#skipped, next.at - Date.now());
      next.wake();
      if (this.#timers.length > 0) this.#tick();
    });
  }
}
