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
import type { CompileSettings, CompiledArticle } from './compile-article.js';

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
}

async function compileSerial(sources: readonly SourceFile[], settings: CompileSettings): Promise<CompiledArticle[]> {
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
  const count = workerCount(sources.length, options);
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
 * Compile `sources`, in input order, on up to `most` worker threads taking batches from a shared
 * queue. A worker that runs out of memory hands its batches to this thread, which then takes the
 * worker's place at the queue: the build is slower, not failed.
 */
async function compileOnWorkers(sources: readonly SourceFile[], settings: CompileSettings, options: CompileManyOptions, most: number): Promise<PoolResult[]> {
  const count = Math.min(most, Math.ceil(sources.length / BATCH));
  if (count === 0 || workerUrl === undefined) return compileSerial(sources, settings);
  const results: PoolResult[] = new Array(sources.length);
  let next = 0;
  const take = (): number | undefined => {
    if (next >= sources.length) return undefined;
    const start = next;
    next = Math.min(next + BATCH, sources.length);
    return start;
  };
  const batchOf = (start: number): SourceFile[] => sources.slice(start, Math.min(start + BATCH, sources.length));
  /** Compile in this thread the batches at `starts`, then every batch left in the queue. */
  const inThread = async (starts: Iterable<number>): Promise<void> => {
    const compile = async (start: number): Promise<void> => {
      for (const [i, article] of (await compileSerial(batchOf(start), settings)).entries()) results[start + i] = article;
    };
    for (const start of starts) await compile(start);
    for (let start = take(); start !== undefined; start = take()) await compile(start);
  };
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < count; i++) workers.push(new Worker(workerUrl, { workerData: { settings, bodyDir: options.bodyDir }, resourceLimits: options.workerHeap ?? WORKER_HEAP }));
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            /** Batches sent and not answered yet, by their first source's index. */
            const held = new Set<number>();
            let handedBack = false;
            const send = (): void => {
              while (held.size < IN_FLIGHT) {
                const start = take();
                if (start === undefined) break;
                held.add(start);
                worker.postMessage({ id: start, sources: batchOf(start) });
              }
              if (held.size === 0) resolve();
            };
            worker.on('message', (message: { id: number; results?: PoolResult[]; error?: string }) => {
              if (message.error !== undefined || message.results === undefined) {
                reject(new Error(`A compile worker failed: ${message.error ?? 'no results'}`));
                return;
              }
              message.results.forEach((r, i) => {
                results[message.id + i] = r;
              });
              held.delete(message.id);
              send();
            });
            worker.on('error', (error: Error & { code?: string }) => {
              if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') return reject(error);
              handedBack = true;
              inThread([...held]).then(resolve, reject);
            });
            worker.on('exit', (code) => {
              if (!handedBack) reject(new Error(`A compile worker stopped early (exit code ${code}).`));
            });
            send();
          }),
      ),
    );
  } finally {
    // A lane this thread took over stops at its next batch: the queue is empty now.
    next = sources.length;
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
