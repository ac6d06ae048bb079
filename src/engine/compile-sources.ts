/**
 * Compile sources without ever failing the build: a file deleted or unreadable
 * mid-save becomes an article with an error on it (the next watcher event corrects it), not a
 * crashed watcher.
 */
import path from 'node:path';
import type { CompileSettings, CompiledArticle } from '../compile/compile-article.js';
import { compileMany, PARALLEL_MIN, type CompileManyOptions, type PoolResult } from '../compile/pool.js';
import { keyFromPath, titleFromFileName } from '../content/article-path.js';
import type { SourceFile } from '../model/source.js';
import { diagnostic } from '../diagnostics.js';
import { errorMessage } from '../errors.js';

function unreadable(source: SourceFile, error: unknown): CompiledArticle {
  const gone = (error as NodeJS.ErrnoException).code === 'ENOENT';
  return {
    key: keyFromPath(source.contentPath),
    kind: source.kind,
    contentPath: source.contentPath,
    displayPath: source.displayPath,
    kb: source.kb,
    folders: source.folders,
    title: titleFromFileName(path.basename(source.contentPath)),
    draft: false,
    tags: [],
    extraFaqLists: [],
    publicLinks: {},
    html: '',
    headings: [],
    refs: [],
    diagnostics: [
      diagnostic(
        'error',
        'source-unreadable',
        source.displayPath,
        gone ? 'The file disappeared while it was being read (a save in progress?).' : `The file cannot be read: ${errorMessage(error)}`,
        {},
        gone ? 'Save it again.' : 'Check the file and its permissions, then save it again.',
      ),
    ],
  };
}

/** Compile `sources` in order; large batches go to the worker pool. */
export async function compileSources(sources: readonly SourceFile[], settings: CompileSettings, options: CompileManyOptions = {}): Promise<PoolResult[]> {
  if (sources.length >= (options.parallelMin ?? PARALLEL_MIN)) {
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
      results.push(unreadable(source, error));
    }
  }
  return results;
}
