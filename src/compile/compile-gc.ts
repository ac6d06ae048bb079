/**
 * V8's garbage-collector settings while worker threads compile on every core.
 *
 * V8 normally spreads an isolate's collection work over helper threads: parallel scavenges and
 * concurrent marking. When every core already runs a compile worker, those helpers only take
 * CPU from another worker. And each worker's old generation (about 20 MB live) may grow to four
 * times that before a full collection, which is most of a large build's peak memory.
 *
 * Measured on the bench tree (10,000 articles, 2 cores, workers' young generation 24 MB), in
 * interleaved runs (this machine's speed drifts by tens of percent over minutes):
 * - The compile stage alone, 13 rounds: 11% less time on average, from 5% more to 25% less.
 * - Whole cold builds, 10 pairs: 5% less time on average.
 * - Peak RSS of a cold build: 294-307 MB, against 371-377 MB.
 * Turning the helpers off alone gains about as much time but keeps the memory; the lower growth
 * factor with the helpers on made cold builds about 15% slower, its extra concurrent markings
 * taking the other worker's CPU. pool.ts spends the memory saved on a larger young generation.
 *
 * The flags are process-wide, and V8 reads them as it goes: `parallel-scavenge` at each scavenge,
 * `heap-growing-percent` when a full collection sets the next limit, `concurrent-marking` when
 * marking starts, at each marking step and at each scavenge (to pause the marking threads). The
 * workers' isolates start after the change and run with it throughout; this thread's isolate runs
 * with it too while the pool runs. Turning concurrent marking off while this isolate is half-way
 * through marking would let a scavenge move objects under a still running marking thread, so a
 * full collection runs first: it finishes any marking, and the flags change before the next can
 * start. It costs about 10 ms over a 30 MB heap, once per pool of at least 200 compiles. Turning it back on mid-marking is safe (the next step schedules a marking job, as after
 * any pause). `--single-threaded-gc` itself, or turning parallel marking off, cannot be set this
 * way (V8 aborts). The defaults are restored once no compile pool is running. A process started
 * with any of these flags on its command line is left as its user set it.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

const TUNED = ['--no-parallel-scavenge', '--no-concurrent-marking', '--heap-growing-percent=100'];
const DEFAULTS = ['--parallel-scavenge', '--concurrent-marking', '--heap-growing-percent=0'];

let collect: (() => void) | undefined;

/** A full, finished garbage collection of this thread's isolate (V8's `gc()`, exposed nowhere else when node did not). */
function collectGarbage(): void {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') collect = exposed as () => void;
  if (collect === undefined) {
    v8.setFlagsFromString('--expose-gc');
    try {
      collect = runInNewContext('gc') as () => void;
    } finally {
      v8.setFlagsFromString('--no-expose-gc');
    }
  }
  collect();
}

/** V8 flags (named without `--` or `--no-`) that set what this module changes, or imply it. */
const NAMES = new Set(['parallel-scavenge', 'concurrent-marking', 'incremental-marking', 'minor-mc', 'heap-growing-percent', 'single-threaded-gc', 'single-threaded', 'predictable', 'predictable-gc-schedule']);

/** The V8 flag an argument names: `--no_concurrent_marking` -> `concurrent-marking`. V8 accepts `_` for `-` and `--no` for `--no-`. */
function flagName(arg: string): string {
  return arg.split('=')[0]!.replaceAll('_', '-').replace(/^--(no-?)?/, '');
}

/** Whether node was started with a flag that sets what this module changes, or implies it. */
export function gcFlagsSetByUser(execArgv: readonly string[] = process.execArgv): boolean {
  return execArgv.some((arg) => arg.startsWith('--') && NAMES.has(flagName(arg)));
}

let active = 0;

/**
 * Switch to the compile settings until the returned function is called. Pools may overlap: the
 * defaults come back when the last one ends.
 */
export function useCompileGc(execArgv: readonly string[] = process.execArgv): () => void {
  if (gcFlagsSetByUser(execArgv)) return () => undefined;
  if (active++ === 0) {
    collectGarbage();
    for (const flag of TUNED) v8.setFlagsFromString(flag);
  }
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    if (--active === 0) for (const flag of DEFAULTS) v8.setFlagsFromString(flag);
  };
}

/** How many compile pools are running with the compile settings on (for tests). */
export function compileGcActive(): number {
  return active;
}
