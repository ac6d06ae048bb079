/**
 * Compile sources without ever failing the build: a file deleted or unreadable mid-save becomes an
 * article with an error on it (the next watcher event corrects it), not a crashed watcher.
 */
import type { CompileSettings } from '../compile/compile-settings.js';
import { compileMany, compileSerial, needsWorker, PARALLEL_MIN, type CompileManyOptions, type PoolResult } from '../compile/pool.js';
import type { SourceFile } from '../model/source.js';

/**
 * Compile `sources` in order; large batches, and any large Markdown source, go to the worker pool
 * (where a compile that runs past the deadline or out of memory is stopped: see worker-lanes.ts).
 */
export async function compileSources(sources: readonly SourceFile[], settings: CompileSettings, options: CompileManyOptions = {}): Promise<PoolResult[]> {
  if (sources.length >= (options.parallelMin ?? PARALLEL_MIN) || sources.some(needsWorker)) {
    try {
      return await compileMany(sources, settings, options);
    } catch {
      // The workers could not load (a heap too small for the Markdown stack, say): compile here. A
      // source that stops a worker is an article with its error, never this.
    }
  }
  return compileSerial(sources, settings);
}
