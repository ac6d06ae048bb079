/**
 * Compile sources without ever failing the build: a file deleted or unreadable
 * mid-save becomes an article with an error on it (the next watcher event corrects it), not a
 * crashed watcher.
 */
import type { CompileSettings, CompiledArticle } from '../compile/compile-article.js';
import { compileFailure, failedArticle } from '../compile/failed-article.js';
import { compileMany, needsWorker, PARALLEL_MIN, type CompileManyOptions, type PoolResult } from '../compile/pool.js';
import type { SourceFile } from '../model/source.js';

/**
 * Compile `sources` in order; large batches, and any large Markdown source, go to the worker pool
 * (where a compile that runs past the deadline is stopped: see pool.ts).
 */
export async function compileSources(sources: readonly SourceFile[], settings: CompileSettings, options: CompileManyOptions = {}): Promise<PoolResult[]> {
  if (sources.length >= (options.parallelMin ?? PARALLEL_MIN) || sources.some(needsWorker)) {
    try {
      return await compileMany(sources, settings, options);
    } catch {
      // One source failed inside a worker: compile them here, one by one, to pin it down.
    }
  }
  const results: CompiledArticle[] = [];
  if (sources.length === 0) return results;
  // Loaded here, not at the top: the Markdown and PDF stack takes a fifth of a second to load,
  // which a build with nothing to compile never needs (as in pool.ts).
  const { compileArticle } = await import('../compile/compile-article.js');
  for (const source of sources) {
    try {
      results.push(await compileArticle(source, settings));
    } catch (error) {
      results.push(failedArticle(source, compileFailure(source, error)));
    }
  }
  return results;
}
