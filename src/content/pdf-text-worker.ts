/** The thread that reads PDFs (see pdf-thread.ts): a request in, its text out, one at a time. */
import { parentPort } from 'node:worker_threads';
import { readPdfTextHere } from './pdf-text.js';

let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', (request: { id: number; bytes: Uint8Array; maxPages?: number }) => {
  queue = queue.then(async () => {
    parentPort?.postMessage({ id: request.id, text: await readPdfTextHere(request.bytes, { maxPages: request.maxPages }) });
  });
});
