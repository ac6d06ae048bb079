/**
 * A compile worker: receives batches of sources, answers with compiled articles. Settings (and the
 * folder of the build store's HTML files, when the HTML goes there) arrive once, as workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SourceFile } from '../model/source.js';
import { compileArticle, type CompileSettings, type CompiledArticle } from './compile-article.js';
import { writeHtmlFile } from './html-files.js';
import type { PoolResult } from './pool.js';

const { settings, htmlDir } = workerData as { settings: CompileSettings; htmlDir?: string };

/** The article with its HTML written to `htmlDir` and only its hash kept, when it can be. */
function storingHtml(article: CompiledArticle): PoolResult {
  if (htmlDir === undefined) return article;
  try {
    return { ...article, html: '', htmlSha256: writeHtmlFile(htmlDir, article.html) };
  } catch {
    return article; // a store that cannot be written costs memory, not the build
  }
}

// Batches queue up (the pool keeps more than one in flight); compile them one after another.
let queue: Promise<void> = Promise.resolve();

async function compileBatch(message: { id: number; sources: SourceFile[] }): Promise<void> {
  try {
    const results = [];
    for (const source of message.sources) results.push(storingHtml(await compileArticle(source, settings)));
    parentPort?.postMessage({ id: message.id, results });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

parentPort?.on('message', (message: { id: number; sources: SourceFile[] }) => {
  queue = queue.then(() => compileBatch(message));
});
