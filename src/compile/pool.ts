/**
 * Compile many sources on every core. unified is CPU-bound, so a cold build of a large tree is
 * spread over worker threads; small builds (and runs from TypeScript sources, as under the test
 * runner, where no compiled worker exists) stay in this thread, where start-up costs nothing.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../content/model.js';
import { compileArticle, type CompileSettings, type CompiledArticle } from './compile-article.js';

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
  for (const source of sources) results.push(await compileArticle(source, settings));
  return results;
}

/** Compile `sources`, in input order. */
export async function compileMany(
  sources: readonly SourceFile[],
  settings: CompileSettings,
  options: CompileManyOptions = {},
): Promise<CompiledArticle[]> {
  const count = Math.min(options.workers ?? availableParallelism(), Math.ceil(sources.length / BATCH));
  if (count <= 1 || sources.length < (options.parallelMin ?? PARALLEL_MIN) || !workersAvailable()) {
    return compileSerial(sources, settings);
  }
  const results: CompiledArticle[] = new Array(sources.length);
  let next = 0;
  const workers = Array.from({ length: count }, () => new Worker(workerUrl, { workerData: settings }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let start = 0;
            const send = (): void => {
              if (next >= sources.length) {
                resolve();
                return;
              }
              start = next;
              next = Math.min(next + BATCH, sources.length);
              worker.postMessage({ id: start, sources: sources.slice(start, next) });
            };
            worker.on('message', (message: { id: number; results?: CompiledArticle[]; error?: string }) => {
              if (message.error !== undefined || message.results === undefined) {
                reject(new Error(`A compile worker failed: ${message.error ?? 'no results'}`));
                return;
              }
              message.results.forEach((r, i) => {
                results[message.id + i] = r;
              });
              send();
            });
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
