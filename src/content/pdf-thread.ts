/**
 * PDF text, read by pdf.js in a thread of its own. pdf.js's Node build carries polyfills that
 * replace built-ins of the thread that loads it: on Node 20, Array.prototype.push becomes a
 * JavaScript function (every Markdown article compiled after a PDF took about a tenth longer), and
 * `navigator` and `self` appear, which libraries read to tell where they run. So the thread that
 * loads pdf.js runs nothing else. It starts on the first PDF, is kept for the next ones (until
 * `stopPdfThread`), and does not keep the process alive while it waits.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { threadDeadline } from '../thread-deadline.js';
import { workerModule } from '../worker-file.js';
import { firstLine, readPdfTextHere, type PdfText } from './pdf-text.js';

export interface ReadPdfTextOptions {
  /** Read the first pages only (all when undefined). */
  maxPages?: number | undefined;
}

interface PdfThread {
  worker: Worker;
  /** Requests sent and not answered, by id: what answers each, and its deadline's timer. */
  pending: Map<number, { done: (text: PdfText) => void; timer: NodeJS.Timeout }>;
}

/**
 * How long pdf.js may take over one PDF, from the request: a 300-page manual takes seconds, and a
 * PDF built to send pdf.js round in circles would hold the build for ever. Past it the thread is
 * stopped and the PDF published without its text (`pdf-text-unread`).
 */
export const PDF_DEADLINE_MS = 120_000;

const threadUrl = workerModule('./pdf-text-worker.js', import.meta.url);
let thread: PdfThread | undefined;
let nextId = 0;
let threadHeap: ResourceLimits | undefined;
let deadlineMs = PDF_DEADLINE_MS;

/** The heap limits of threads started from now on (V8's defaults when undefined): tests starve one. */
export function setPdfThreadHeap(heap: ResourceLimits | undefined): void {
  threadHeap = heap;
}

/** The deadline of requests made from now on (`PDF_DEADLINE_MS` when undefined): tests shorten it. */
export function setPdfThreadDeadline(ms: number | undefined): void {
  deadlineMs = ms ?? PDF_DEADLINE_MS;
}

function startThread(url: URL, heap: ResourceLimits | undefined): PdfThread {
  const worker = new Worker(url, heap === undefined ? {} : { resourceLimits: heap });
  const started: PdfThread = { worker, pending: new Map() };
  worker.unref();
  worker.on('message', (answer: { id: number; text: PdfText }) => {
    const request = started.pending.get(answer.id);
    started.pending.delete(answer.id);
    if (started.pending.size === 0) worker.unref();
    clearTimeout(request?.timer);
    request?.done(answer.text);
  });
  worker.on('error', (error) => failAll(started, `pdf.js stopped while reading it (${firstLine(error)})`));
  worker.on('exit', (code) => failAll(started, `pdf.js stopped while reading it (exit code ${code})`));
  return started;
}

/**
 * A thread that fails (out of memory on a huge PDF, say) or is stopped at a deadline fails the
 * files it was reading, not the run: their text is not read, and the next PDF starts a new thread.
 */
function failAll(failed: PdfThread, reason: string): void {
  if (thread === failed) thread = undefined;
  for (const { done, timer } of failed.pending.values()) {
    clearTimeout(timer);
    done({ ok: false, reason, stopped: true });
  }
  failed.pending.clear();
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
  const current = thread;
  const id = nextId++;
  return new Promise((resolve) => {
    if (current.pending.size === 0) current.worker.ref();
    const late = (): void => {
      if (!current.pending.has(id)) return;
      failAll(current, `pdf.js took longer than ${deadlineMs / 1000} s`);
      void current.worker.terminate();
    };
    current.pending.set(id, { done: resolve, timer: threadDeadline(deadlineMs, late) });
    current.worker.postMessage({ id, bytes, maxPages: options.maxPages });
  });
}
