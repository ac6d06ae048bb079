/**
 * Compile many sources on every core. unified is CPU-bound, so a cold build of a large tree is
 * spread over worker threads; small builds (and runs from TypeScript sources, as under the test
 * runner, where no compiled worker exists) stay in this thread, where start-up costs nothing.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../model/source.js';
import { stopPdfThread } from '../content/pdf-thread.js';
import { workerModule } from '../worker-file.js';
import type { CompiledArticle } from './compile-article.js';
import type { CompileSettings } from './compile-settings.js';
import { compileTimedOut, failedArticle } from './failed-article.js';

/** Below this many sources to compile, workers cost more than they save. */
export const PARALLEL_MIN = 200;
const BATCH = 25;

const workerUrl = workerModule('./worker.js', import.meta.url);

/**
 * A compiled article as the pool returns it: with `bodySha256` when a worker wrote its body to
 * the options' `bodyDir` (its `html` is then empty; see body-files.ts).
 */
export type PoolResult = CompiledArticle & { bodySha256?: string };

export interface CompileManyOptions {
  /** Worker count; 0 or 1 compiles in this thread. Default: one per core. */
  workers?: number;
  parallelMin?: number;
  /**
   * Where workers write the bodies they compile (the build store's, see body-files.ts),
   * returning only their hash for the HTML, so that this thread does not hold every one at once.
   */
  bodyDir?: string;
  /** Each worker's heap limits (default `WORKER_HEAP`). */
  workerHeap?: { maxYoungGenerationSizeMb: number; maxOldGenerationSizeMb: number };
  /** How long a batch may run on a worker (default `COMPILE_DEADLINE_MS`). */
  deadlineMs?: number;
}

/** Compile `sources` in this thread, in order. */
export async function compileSerial(sources: readonly SourceFile[], settings: CompileSettings): Promise<CompiledArticle[]> {
  const results: CompiledArticle[] = [];
  if (sources.length === 0) return results;
  // Loaded here, not at the top: the Markdown and PDF stack takes a fifth of a second to load, which
  // a build with nothing to compile (or whose workers do the compiling) never needs.
  const { compileArticle } = await import('./compile-article.js');
  for (const source of sources) results.push(await compileArticle(source, settings));
  return results;
}

/**
 * How many worker threads `compileMany` uses for `sources` sources; 0 means this thread alone.
 * (At most: the Markdown among them, which is all the workers compile, may need fewer.)
 */
export function workerCount(sources: number, options: CompileManyOptions = {}): number {
  const count = Math.min(options.workers ?? availableParallelism(), Math.ceil(sources / BATCH));
  if (count <= 1 || sources < (options.parallelMin ?? PARALLEL_MIN) || workerUrl === undefined) return 0;
  return count;
}

/**
 * A Markdown source larger than this compiles on a worker, under the deadline, even in a build
 * that compiles in this thread: below it, the slowest Markdown shapes known take the parser
 * seconds, not hours. Articles people write are a few kilobytes.
 */
export const IN_THREAD_MAX_BYTES = 32 * 1024;

/** Whether `source` compiles on a worker however few sources its build has. */
export function needsWorker(source: SourceFile): boolean {
  return source.kind === 'markdown' && source.size > IN_THREAD_MAX_BYTES;
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
 * time. A source that needs more than that runs the worker out of memory; its batches are then
 * compiled in this thread (see `compileOnWorkers`). This thread stays free of Markdown garbage
 * otherwise: it holds every compiled article, and major collections over that would be slow.
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 160 };

/**
 * Compile `sources`, in input order: Markdown on worker threads, PDFs in this thread beside them.
 * A PDF's compile mostly waits for pdf.js, which reads in a thread of its own (pdf-thread.ts):
 * here, one such thread serves the whole build, where each worker would start its own, and it
 * stops once the PDFs are read, as the workers do once the Markdown is compiled.
 */
export async function compileMany(sources: readonly SourceFile[], settings: CompileSettings, options: CompileManyOptions = {}): Promise<PoolResult[]> {
  const count = workerCount(sources.length, options) || (workerUrl !== undefined && sources.some(needsWorker) ? 1 : 0);
  if (count === 0) return compileSerial(sources, settings);
  const pdfs: number[] = [];
  const markdown: number[] = [];
  for (const [i, source] of sources.entries()) (source.kind === 'pdf' ? pdfs : markdown).push(i);
  const results: PoolResult[] = new Array(sources.length);
  const sourcesAt = (at: number[]): SourceFile[] => at.map((i) => sources[i]!);
  const place = (at: number[], compiled: PoolResult[]): void => {
    for (const [i, article] of compiled.entries()) results[at[i]!] = article;
  };
  const pdfsCompiled = async (): Promise<void> => {
    try {
      place(pdfs, await compileSerial(sourcesAt(pdfs), settings));
    } finally {
      await stopPdfThread();
    }
  };
  const markdownCompiled = async (): Promise<void> => place(markdown, await compileOnWorkers(sourcesAt(markdown), settings, options, count));
  // Both sides end before a failure is passed on: the caller then compiles everything again.
  const done = await Promise.allSettled([pdfsCompiled(), markdownCompiled()]);
  for (const side of done) if (side.status === 'rejected') throw side.reason;
  return results;
}

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
 * Compile `sources`, in input order, on up to `most` worker threads taking batches from a shared
 * queue. A worker that runs out of memory hands its batches to this thread, which then takes the
 * worker's place at the queue: the build is slower, not failed. A worker whose batch runs past
 * the deadline is stopped and a fresh one takes its place (see `COMPILE_DEADLINE_MS`).
 */
async function compileOnWorkers(sources: readonly SourceFile[], settings: CompileSettings, options: CompileManyOptions, most: number): Promise<PoolResult[]> {
  const count = Math.min(most, Math.ceil(sources.length / BATCH));
  if (count === 0 || workerUrl === undefined) return compileSerial(sources, settings);
  const url = workerUrl;
  const deadlineMs = options.deadlineMs ?? COMPILE_DEADLINE_MS;
  const results: PoolResult[] = new Array(sources.length);
  const queue: Batch[] = [];
  for (let start = 0; start < sources.length; start += BATCH) queue.push({ start, count: Math.min(BATCH, sources.length - start) });
  const sourcesOf = (batch: Batch): SourceFile[] => sources.slice(batch.start, batch.start + batch.count);
  const place = (batch: Batch, compiled: readonly PoolResult[]): void => {
    compiled.forEach((article, i) => {
      results[batch.start + i] = article;
    });
  };
  /** Compile in this thread the batches `held`, then every batch left in the queue. */
  const inThread = async (held: Batch[]): Promise<void> => {
    for (let batch = held.shift() ?? queue.shift(); batch !== undefined; batch = held.shift() ?? queue.shift()) place(batch, await compileSerial(sourcesOf(batch), settings));
  };
  /** The batch that ran past the deadline: tried again source by source, or, alone, given its error. */
  const timedOut = (batch: Batch): void => {
    if (batch.count > 1) {
      queue.unshift(...Array.from({ length: batch.count }, (_, i) => ({ start: batch.start + i, count: 1 })));
      return;
    }
    const source = sources[batch.start]!;
    results[batch.start] = failedArticle(source, compileTimedOut(source, deadlineMs));
  };
  /**
   * One worker taking batches until the queue is empty: 'done', or 'stopped' when its batch ran
   * past the deadline (its batches are back in the queue, or given their error).
   */
  const runWorker = (worker: Worker): Promise<'done' | 'stopped'> =>
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
      // The worker starts a batch when it has answered the one before: the deadline runs from then.
      const watch = (): void => {
        clearTimeout(timer);
        if (ready && held.length > 0) {
          const running = held[0];
          // Past the deadline, the answers already waiting are read first (they come in before
          // `setImmediate`): a thread busy compiling for longer leaves them unread, and its timers
          // run first, which would stop a worker whose batch was done.
          timer = setTimeout(() => setImmediate(() => held[0] === running && stop()), deadlineMs);
        }
      };
      const stop = (): void => {
        if (ended || closed) return;
        const late = held.shift()!;
        queue.unshift(...held);
        end(() => {
          timedOut(late);
          resolve('stopped');
        });
      };
      const send = (): void => {
        const idle = held.length === 0;
        while (held.length < IN_FLIGHT) {
          const batch = queue.shift();
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
      worker.on('error', (error: Error & { code?: string }) => {
        if (ended) return;
        if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') return end(() => reject(error));
        end(() => {
          inThread(held).then(
            () => resolve('done'),
            (failure: unknown) => reject(failure),
          );
        });
      });
      worker.on('exit', (code) => {
        if (!ended) end(() => reject(new Error(`A compile worker stopped early (exit code ${code}).`)));
      });
      send();
    });
  const workers = new Set<Worker>();
  /** Set once this function is returning or throwing: no lane starts a worker after it. */
  let closed = false;
  const lane = async (): Promise<void> => {
    // A lane whose worker was stopped starts another while batches are left.
    for (let first = true; !closed && (first || queue.length > 0); first = false) {
      const worker = new Worker(url, { workerData: { settings, bodyDir: options.bodyDir }, resourceLimits: options.workerHeap ?? WORKER_HEAP });
      workers.add(worker);
      try {
        if ((await runWorker(worker)) === 'done') return;
      } finally {
        workers.delete(worker);
        await worker.terminate();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: count }, lane));
  } finally {
    // A lane this thread took over stops at its next batch: the queue is empty now.
    closed = true;
    queue.length = 0;
    await Promise.all([...workers].map((w) => w.terminate()));
  }
  return results;
}
