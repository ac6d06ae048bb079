/**
 * A compile worker: receives batches of sources, answers with compiled articles. Settings arrive
 * once, as workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SourceFile } from '../model/source.js';
import { compileArticle, type CompileSettings } from './compile-article.js';

const settings = workerData as CompileSettings;

// Batches queue up (the pool keeps more than one in flight); compile them one after another.
let queue: Promise<void> = Promise.resolve();

async function compileBatch(message: { id: number; sources: SourceFile[] }): Promise<void> {
  try {
    const results = [];
    for (const source of message.sources) results.push(await compileArticle(source, settings));
    parentPort?.postMessage({ id: message.id, results });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

parentPort?.on('message', (message: { id: number; sources: SourceFile[] }) => {
  queue = queue.then(() => compileBatch(message));
});
