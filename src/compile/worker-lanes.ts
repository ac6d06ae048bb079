/**
 * Batches of sources compiled on worker threads taken from a shared queue, each batch under a
 * deadline, with every way a worker can end under a batch handled there: the pool's mechanism
 * (pool.ts decides when it is used).
 */
import { Worker } from 'node:worker_threads';
import { errorMessage } from '../errors.js';
import type { SourceFile } from '../model/source.js';
import { threadDeadline } from '../thread-deadline.js';
import { workerModule } from '../worker-file.js';
import type { CompileSettings } from './compile-settings.js';
import { compileFailure, compileOutOfMemory, compileTimedOut, failedArticle } from './failed-article.js';
import type { CompileManyOptions, PoolResult } from './pool.js';

/** Sources sent to a worker as one message. */
export const BATCH = 25;

/** The compiled worker (worker.ts); undefined when running from TypeScript sources, as under the test runner. */
const workerUrl = workerModule('./worker.js', import.meta.url);

/** The module the compile workers run (`options.workerModule`, or worker.ts compiled); undefined when there is none. */
export function workerModuleOf(options: Pick<CompileManyOptions, 'workerModule'>): URL | undefined {
  return options.workerModule ?? workerUrl;
}

export interface WorkerHeap {
  maxYoungGenerationSizeMb: number;
  maxOldGenerationSizeMb: number;
}

/** Batches a worker holds at once, so it never waits for this thread to hand out the next one. */
const IN_FLIGHT = 2;

/**
 * A worker only ever holds one batch's syntax trees, but compiling allocates fast (about 2 MB per
 * article). The young generation's size sets how often a worker scavenges; V8 rounds each of its
 * two semi-spaces up to a power of two, so 24 MB gives 8 MB semi-spaces and anything from 25 to
 * 48 MB gives 16. Measured on the bench tree (10,000 articles, 2 cores): 48 MB compiled about 5%
 * faster than 24, and 16 about 10% slower.
 * A worker holds about 30 MB for good (the Markdown stack), yet left alone V8 lets its old
 * generation grow to some 200 MB of garbage before collecting: a cold build of the bench tree
 * peaked at 610 MB. An old generation of 160 MB brings the peak to about 420 MB for about 4% more
 * time. A source that needs more than that runs the worker out of memory, and is compiled again
 * alone with `SOLO_HEAP` (see `compileOnWorkers`). This thread stays free of Markdown garbage: it
 * holds every compiled article, and major collections over that would be slow.
 */
const WORKER_HEAP: WorkerHeap = { maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 160 };

/**
 * The heap of the worker a source is compiled on alone when it ran a pool worker out of memory.
 * Long articles overflow the pool's heap: 500 KB of ordinary sections, tables and lists needs
 * more than 160 MB (and compiles in 320), and 3.9 MB compiles within this one (in ten minutes:
 * the deadline stops it first).
 * Hostile shapes (tens of thousands of formatted list items) can need more than the machine has,
 * and without a limit would take this process's memory with them.
 */
const SOLO_HEAP: WorkerHeap = { maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 1536 };

/**
 * How long one batch may run on a worker. Articles take milliseconds each, but a few Markdown
 * shapes (thousands of unclosed brackets or emphasis markers, lists nested hundreds deep) take the
 * parser minutes to hours: a worker past the deadline is stopped, its batch is tried again one
 * source at a time, and a source that alone runs past it gets the `compile-timeout` error.
 */
export const COMPILE_DEADLINE_MS = 60_000;

/** A run of sources, `count` from `start`, sent to a worker as one message. */
interface Batch {
  start: number;
  count: number;
}

/**
 * Why a worker ended under the batch it was compiling: it ran past the deadline, ran out of
 * memory, or stopped for another reason (a fault in halo-kb or the system, not in the file).
 */
type Loss = { kind: 'late' } | { kind: 'memory' } | { kind: 'crash'; reason: string };

function lossOf(error: Error & { code?: string }): Loss {
  return error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { kind: 'memory' } : { kind: 'crash', reason: error.message };
}

/**
 * Compile `sources`, in input order, on up to `most` worker threads taking batches from a shared
 * queue. No source is compiled in this thread, where nothing could stop it: a worker that ends
 * under a batch (past the deadline, out of memory, crashed) is replaced by a fresh one, and the
 * batch is tried again source by source; a source that alone runs a worker out of memory is
 * compiled again on a worker of its own with a larger heap (see `SOLO_HEAP`), still under the
 * deadline. A source that fails there too gets the error that says why. Only workers that cannot
 * even load (a heap too small for the Markdown stack) fail the whole compile: the caller then
 * compiles in this thread.
 */
export async function compileOnWorkers(sources: readonly SourceFile[], settings: CompileSettings, options: CompileManyOptions, most: number): Promise<PoolResult[]> {
  const count = Math.min(most, Math.ceil(sources.length / BATCH));
  if (count === 0) return [];
  const url = workerModuleOf(options);
  // compileMany starts workers only where there is a worker module; a caller that did not check fails here.
  if (url === undefined) throw new Error('There is no compiled compile worker beside this module.');
  const deadlineMs = options.deadlineMs ?? COMPILE_DEADLINE_MS;
  const soloHeap = options.soloHeap ?? SOLO_HEAP;
  const results: PoolResult[] = new Array(sources.length);
  const queue: Batch[] = [];
  for (let start = 0; start < sources.length; start += BATCH) queue.push({ start, count: Math.min(BATCH, sources.length - start) });
  const sourcesOf = (batch: Batch): SourceFile[] => sources.slice(batch.start, batch.start + batch.count);
  const place = (batch: Batch, compiled: readonly PoolResult[]): void => {
    compiled.forEach((article, i) => {
      results[batch.start + i] = article;
    });
  };
  const workers = new Set<Worker>();
  /** Set once this function is returning or throwing: no worker starts after it. */
  let closed = false;
  /**
   * Sources compiled again alone (see `lost`), one after another: each worker of their own may
   * take `soloHeap`, and a tree of long articles may have many. Never rejects.
   */
  let alone: Promise<void> = Promise.resolve();
  const startWorker = (resourceLimits: WorkerHeap): Worker => {
    const worker = new Worker(url, { workerData: { settings, bodyDir: options.bodyDir }, resourceLimits });
    workers.add(worker);
    return worker;
  };
  const stopWorker = async (worker: Worker): Promise<void> => {
    workers.delete(worker);
    await worker.terminate();
  };

  /**
   * A batch whose worker ended under it (`solo`: the worker of its own a source is given after
   * running one out of memory): tried again source by source, compiled again alone, or its
   * source given its error.
   */
  const lost = (batch: Batch, loss: Loss, solo: boolean): void => {
    if (closed) return;
    if (batch.count > 1) {
      queue.unshift(...Array.from({ length: batch.count }, (_, i) => ({ start: batch.start + i, count: 1 })));
      return;
    }
    if (loss.kind === 'memory' && !solo) {
      alone = alone.then(() => compileAlone(batch));
      return;
    }
    const source = sources[batch.start]!;
    const problem =
      loss.kind === 'late'
        ? compileTimedOut(source, deadlineMs)
        : loss.kind === 'memory'
          ? compileOutOfMemory(source, soloHeap.maxOldGenerationSizeMb)
          : compileFailure(source, new Error(`its compile thread stopped: ${loss.reason}`));
    results[batch.start] = failedArticle(source, problem);
  };

  /**
   * One worker taking batches from `from` until it is empty: 'done', or 'stopped' when the worker
   * ended under a batch (its other batches are back in `from`, the one it was on `lost`).
   */
  const runWorker = (worker: Worker, from: Batch[], solo: boolean): Promise<'done' | 'stopped'> =>
    new Promise((resolve, reject) => {
      /** Batches sent and not answered yet, in the order the worker compiles them. */
      const held: Batch[] = [];
      let timer: NodeJS.Timeout | undefined;
      let ended = false;
      /** Whether the worker has loaded its modules (it says so): a batch's time counts from then. */
      let ready = false;
      const end = (then: () => void): void => {
        ended = true;
        clearTimeout(timer);
        then();
      };
      const died = (loss: Loss, error: Error): void => {
        if (ended) return;
        // A pool worker that never loaded failed for want of memory or files, not for a source.
        if (!ready && !solo) {
          end(() => reject(error));
          return;
        }
        const batch = held.shift();
        from.unshift(...held);
        end(() => {
          if (batch !== undefined) lost(batch, loss, solo);
          resolve('stopped');
        });
      };
      // The worker starts a batch when it has answered the one before: the deadline runs from then.
      const watch = (): void => {
        clearTimeout(timer);
        if (ready && held.length > 0) {
          const running = held[0];
          timer = threadDeadline(deadlineMs, () => held[0] === running && !closed && died({ kind: 'late' }, new Error('late')));
        }
      };
      const send = (): void => {
        const idle = held.length === 0;
        while (held.length < IN_FLIGHT) {
          const batch = from.shift();
          if (batch === undefined) break;
          held.push(batch);
          worker.postMessage({ id: batch.start, sources: sourcesOf(batch) });
        }
        if (held.length === 0) end(() => resolve('done'));
        else if (idle) watch();
      };
      worker.on('message', (message: { ready?: true; id: number; results?: PoolResult[]; error?: string }) => {
        if (ended) return;
        if (message.ready === true) {
          ready = true;
          return watch();
        }
        if (message.error !== undefined || message.results === undefined) return end(() => reject(new Error(`A compile worker failed: ${message.error ?? 'no results'}`)));
        place(held.shift()!, message.results);
        watch();
        send();
      });
      // What ended the worker is decided at 'exit', which comes after every message it posted. An
      // uncaught exception's 'error' can come before them (out of memory's comes after): acting on
      // it there would lose a batch it answered, or take a loaded worker for one that never loaded.
      let failure: { loss: Loss; error: Error } | undefined;
      worker.on('error', (error: Error & { code?: string }) => {
        failure ??= { loss: lossOf(error), error };
      });
      worker.on('exit', (code) => {
        const { loss, error } = failure ?? { loss: { kind: 'crash', reason: `exit code ${code}` }, error: new Error(`A compile worker stopped early (exit code ${code}).`) };
        died(loss, error);
      });
      send();
    });

  /** A source that ran a pool worker out of memory, compiled on a worker of its own with `soloHeap`. */
  const compileAlone = async (batch: Batch): Promise<void> => {
    if (closed) return;
    let worker: Worker | undefined;
    try {
      // Inside the try: a thread that cannot even be created is this source's failure, not the chain's.
      worker = startWorker(soloHeap);
      await runWorker(worker, [batch], true);
    } catch (error) {
      lost(batch, { kind: 'crash', reason: errorMessage(error) }, true);
    } finally {
      if (worker !== undefined) await stopWorker(worker);
    }
  };
  const lane = async (): Promise<void> => {
    // A lane whose worker ended under a batch starts another while batches are left.
    for (let first = true; !closed && (first || queue.length > 0); first = false) {
      const worker = startWorker(options.workerHeap ?? WORKER_HEAP);
      try {
        if ((await runWorker(worker, queue, false)) === 'done') return;
      } finally {
        await stopWorker(worker);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: count }, lane));
    // The lanes are done with the queue; a source compiled alone adds nothing to it.
    await alone;
  } finally {
    closed = true;
    queue.length = 0;
    await Promise.all([...workers].map((w) => w.terminate()));
    await alone;
  }
  return results;
}
