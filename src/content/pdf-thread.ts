/**
 * PDF text, read by pdf.js in a thread of its own. pdf.js's Node build carries polyfills that
 * replace built-ins of the thread that loads it: on Node 20, Array.prototype.push becomes a
 * JavaScript function (every Markdown article compiled after a PDF took about a tenth longer), and
 * `navigator` and `self` appear, which libraries read to tell where they run. So the thread that
 * loads pdf.js runs nothing else. It starts on the first PDF, is kept for the next ones (until
 * `stopPdfThread`), and does not keep the process alive while it waits.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { workerModule } from '../worker-file.js';
import { firstLine, readPdfTextHere, type PdfText } from './pdf-text.js';

export interface ReadPdfTextOptions {
  /** Read the first pages only (all when undefined). */
  maxPages?: number | undefined;
}

interface PdfThread {
  worker: Worker;
  /** Requests sent and not answered, by id. */
  pending: Map<number, (text: PdfText) => void>;
}

const threadUrl = workerModule('./pdf-text-worker.js', import.meta.url);
let thread: PdfThread | undefined;
let nextId = 0;
let threadHeap: ResourceLimits | undefined;

/** The heap limits of threads started from now on (V8's defaults when undefined): tests starve one. */
export function setPdfThreadHeap(heap: ResourceLimits | undefined): void {
  threadHeap = heap;
}

function startThread(url: URL, heap: ResourceLimits | undefined): PdfThread {
  const worker = new Worker(url, heap === undefined ? {} : { resourceLimits: heap });
  const started: PdfThread = { worker, pending: new Map() };
  worker.unref();
  worker.on('message', (answer: { id: number; text: PdfText }) => {
    const done = started.pending.get(answer.id);
    started.pending.delete(answer.id);
    if (started.pending.size === 0) worker.unref();
    done?.(answer.text);
  });
  // A thread that fails (out of memory on a huge PDF, say) fails the files it was reading, not the
  // run: their text is not read, and the next PDF starts a new thread.
  const stopped = (why: string): void => {
    if (thread === started) thread = undefined;
    for (const done of started.pending.values()) done({ ok: false, reason: `pdf.js stopped while reading it (${why})`, stopped: true });
    started.pending.clear();
  };
  worker.on('error', (error) => stopped(firstLine(error)));
  worker.on('exit', (code) => stopped(`exit code ${code}`));
  return started;
}

/** Stop the thread, when it is not reading (a build that read its PDFs frees its memory). */
export async function stopPdfThread(): Promise<void> {
  if (thread === undefined || thread.pending.size > 0) return;
  const { worker } = thread;
  thread = undefined;
  await worker.terminate();
}

/**
 * The text of a PDF's first `maxPages` pages (all when undefined), as `readPdfTextHere` gives it.
 * Never throws. Run from TypeScript sources, where no compiled thread module exists, it reads in
 * this thread.
 */
export async function readPdfText(bytes: Uint8Array, options: ReadPdfTextOptions = {}): Promise<PdfText> {
  if (threadUrl === undefined) return readPdfTextHere(bytes, options);
  thread ??= startThread(threadUrl, threadHeap);
  const { worker, pending } = thread;
  const id = nextId++;
  return new Promise((resolve) => {
    if (pending.size === 0) worker.ref();
    pending.set(id, resolve);
    worker.postMessage({ id, bytes, maxPages: options.maxPages });
  });
}
