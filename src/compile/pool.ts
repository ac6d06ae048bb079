/**
 * Compile many sources on every core. unified is CPU-bound, so a cold build of a large tree is
 * spread over worker threads; small builds (and runs from TypeScript sources, as under the test
 * runner, where no compiled worker exists) stay in this thread, where start-up costs nothing.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../model/source.js';
import type { CompileSettings, CompiledArticle } from './compile-article.js';

/** Below this many sources to compile, workers cost more than they save. */
export const PARALLEL_MIN = 200;
const BATCH = 25;

const workerUrl = new URL('./worker.js', import.meta.url);

export function workersAvailable(): boolean {
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(workerUrl));
}

export interface CompileManyOptions {
  /** Worker count; 0 or 1 compiles in this thread. Default: one per core. */
  workers?: number;
  parallelMin?: number;
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

/** How many worker threads `compileMany` uses for `sources` sources; 0 means this thread alone. */
export function workerCount(sources: number, options: CompileManyOptions = {}): number {
  const count = Math.min(options.workers ?? availableParallelism(), Math.ceil(sources / BATCH));
  if (count <= 1 || sources < (options.parallelMin ?? PARALLEL_MIN) || !workersAvailable()) return 0;
  return count;
}

/** Batches a worker holds at once, so it never waits for this thread to hand out the next one. */
const IN_FLIGHT = 2;

/**
 * A worker only ever holds one batch's syntax trees, but compiling allocates fast (about 2 MB per
 * article). The young generation's size sets how often a worker scavenges; V8 rounds each of its
 * two semi-spaces up to a power of two, so 24 MB gives 8 MB semi-spaces and anything from 25 to
 * 48 MB gives 16. Measured on the bench tree (10,000 articles, 2 cores): 48 MB compiled about 5%
 * faster than 24. Any old-generation limit makes V8 collect far more often (a cold build about 20%
 * slower at 128 or 256 MB).
 * This thread stays free of compile garbage: it holds every compiled article, and major
 * collections over that would be slow.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 48 };

/** Compile `sources`, in input order, on worker threads taking batches from a shared queue. */
export async function compileMany(sources: readonly SourceFile[], settings: CompileSettings, options: CompileManyOptions = {}): Promise<CompiledArticle[]> {
  const count = workerCount(sources.length, options);
  if (count === 0) return compileSerial(sources, settings);
  const results: CompiledArticle[] = new Array(sources.length);
  let next = 0;
  const take = (): number | undefined => {
    if (next >= sources.length) return undefined;
    const start = next;
    next = Math.min(next + BATCH, sources.length);
    return start;
  };
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < count; i++) workers.push(new Worker(workerUrl, { workerData: settings, resourceLimits: WORKER_LIMITS }));
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let inFlight = 0;
            const send = (): void => {
              while (inFlight < IN_FLIGHT) {
                const start = take();
                if (start === undefined) break;
                inFlight++;
                worker.postMessage({ id: start, sources: sources.slice(start, Math.min(start + BATCH, sources.length)) });
              }
              if (inFlight === 0) resolve();
            };
            worker.on('message', (message: { id: number; results?: CompiledArticle[]; error?: string }) => {
              if (message.error !== undefined || message.results === undefined) {
                reject(new Error(`A compile worker failed: ${message.error ?? 'no results'}`));
                return;
              }
              message.results.forEach((r, i) => {
                results[message.id + i] = r;
              });
              inFlight--;
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => reject(new Error(`A compile worker stopped early (exit code ${code}).`)));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
