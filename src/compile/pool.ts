/**
 * Compile many sources on every core. unified is CPU-bound, so a cold build of a large tree is
 * spread over worker threads; small builds (and runs from TypeScript sources, as under the test
 * runner, where no compiled worker exists) stay in this thread, where start-up costs nothing.
 */
import { availableParallelism } from 'node:os';
import type { SourceFile } from '../model/source.js';
import { stopPdfThread } from '../content/pdf-thread.js';
import type { CompiledArticle } from './compile-article.js';
import type { CompileSettings } from './compile-settings.js';
import { BATCH, compileOnWorkers, workerModuleOf, type WorkerHeap } from './worker-lanes.js';

/** Below this many sources to compile, workers cost more than they save. */
export const PARALLEL_MIN = 200;

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
  workerHeap?: WorkerHeap;
  /** The heap limits of the worker a source is compiled on alone after running one out of memory (default `SOLO_HEAP`). */
  soloHeap?: WorkerHeap;
  /** How long a batch may run on a worker (default `COMPILE_DEADLINE_MS`). */
  deadlineMs?: number;
  /**
   * The module each worker runs (default: worker.js beside this module). Tests give one that
   * loads it and then fails as no real source can make it: a crash is otherwise out of reach.
   */
  workerModule?: URL;
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
  if (count <= 1 || sources < (options.parallelMin ?? PARALLEL_MIN) || workerModuleOf(options) === undefined) return 0;
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

/**
 * Compile `sources`, in input order: Markdown on worker threads, PDFs in this thread beside them.
 * A PDF's compile mostly waits for pdf.js, which reads in a thread of its own (pdf-thread.ts):
 * here, one such thread serves the whole build, where each worker would start its own, and it
 * stops once the PDFs are read, as the workers do once the Markdown is compiled.
 */
export async function compileMany(sources: readonly SourceFile[], settings: CompileSettings, options: CompileManyOptions = {}): Promise<PoolResult[]> {
  const count = workerCount(sources.length, options) || (workerModuleOf(options) !== undefined && sources.some(needsWorker) ? 1 : 0);
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
