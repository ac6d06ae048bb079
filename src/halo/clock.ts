/**
 * The time the Halo client paces and waits by. The system clock in use; tests give the client and
 * the emulator one shared clock whose waits take no real time (test/helpers/virtual-clock.ts), so
 * a rate-limit window or a token's life is waited out in milliseconds.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface Clock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number;
  /** Wait `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms) => {
    await sleep(ms);
  },
};
