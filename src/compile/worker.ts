/**
 * A compile worker: receives batches of sources, answers with compiled articles. Settings (and the
 * folder of the build store's bodies, when the bodies go there) arrive once, as workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SourceFile } from '../model/source.js';
import { compileArticle, type CompiledArticle } from './compile-article.js';
import type { CompileSettings } from './compile-settings.js';
import { writeBodyFile } from './body-files.js';
import type { PoolResult } from './pool.js';

const { settings, bodyDir } = workerData as { settings: CompileSettings; bodyDir?: string };

/** The article with its body written to `bodyDir` and its HTML dropped, when it can be (see body-files.ts). */
function storingBody(article: CompiledArticle): PoolResult {
  if (bodyDir === undefined) return article;
  try {
    return { ...article, html: '', bodySha256: writeBodyFile(bodyDir, article) };
  } catch {
    return article; // a store that cannot be written costs memory, not the build
  }
}

// Batches queue up (the pool keeps more than one in flight); compile them one after another.
let queue: Promise<void> = Promise.resolve();

async function compileBatch(message: { id: number; sources: SourceFile[] }): Promise<void> {
  try {
    const results = [];
    for (const source of message.sources) results.push(storingBody(await compileArticle(source, settings)));
    parentPort?.postMessage({ id: message.id, results });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

parentPort?.on('message', (message: { id: number; sources: SourceFile[] }) => {
  queue = queue.then(() => compileBatch(message));
});
// Loaded: the pool's deadline for a batch runs from here, not from the thread's start.
parentPort?.postMessage({ ready: true });
