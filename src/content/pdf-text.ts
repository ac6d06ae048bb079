/**
 * The text layer of a PDF, read with pdf.js, as plain paragraphs per page: what Halo's search gets
 * to see of a PDF article (it does not look inside attachments). pdf-lib (read-pdf.ts) still reads
 * the page count and title and tells encrypted and damaged files apart; pdf.js does the layout
 * work pdf-lib does not do, turning positioned runs of glyphs back into lines and paragraphs.
 * This module reads in the thread that calls it; the rest of halo-kb reads through pdf-thread.ts.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

/** One run of text as pdf.js gives it (`TextItem`), reduced to what the layout needs. */
export interface TextRun {
  str: string;
  /** pdf.js's mark that a line ends after this run. */
  hasEOL: boolean;
  /** The run's transform [a, b, c, d, x, y]: its size and baseline on the page. */
  transform: number[];
}

export type PdfText =
  | {
      ok: true;
      /** Paragraphs of each page read, page 1 first; a page without text has none. */
      pages: string[][];
      /** Pages in the document (pages beyond `maxPages` are not read). */
      pageCount: number;
      /** Pages whose text pdf.js could not read (1-based). */
      unreadablePages: number[];
    }
  | {
      ok: false;
      reason: string;
      encrypted?: true;
      /** pdf.js's thread stopped while reading (out of memory, say): the file itself may be sound. */
      stopped?: true;
    };

interface PdfJs {
  getDocument(source: Record<string, unknown>): { promise: Promise<PdfJsDocument>; destroy(): Promise<void> };
}

interface PdfJsDocument {
  numPages: number;
  getPage(n: number): Promise<{ getTextContent(): Promise<{ items: object[] }>; cleanup(): void }>;
}

// pdf.js is large and most articles are Markdown: load it on the first PDF, not in every worker.
let pdfjs: Promise<PdfJs> | undefined;

async function loadPdfJs(): Promise<PdfJs> {
  // The worker module loaded here and named on globalThis.pdfjsWorker is pdf.js's documented way
  // to parse in the calling thread: no worker thread of its own beside halo-kb's compile workers.
  // (The worker module ships no type declarations: it is named through a variable.)
  const workerModule: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = (await import(workerModule)) as unknown;
  return (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJs;
}

/** pdf.js's data folders (standard fonts' metrics, CJK character maps), as the paths it reads. */
function dataFolder(name: string): string {
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return path.join(root, name) + path.sep;
}

function isTextRun(item: object): item is TextRun {
  return typeof (item as { str?: unknown }).str === 'string' && Array.isArray((item as { transform?: unknown }).transform);
}

/** The first line of an error's message, never its stack. */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}

/**
 * Read the text of the first `maxPages` pages (all when undefined), in this thread. Never throws: a
 * file pdf.js cannot open gets a reason, a page it cannot read is listed in `unreadablePages`.
 */
export async function readPdfTextHere(bytes: Uint8Array, options: { maxPages?: number | undefined } = {}): Promise<PdfText> {
  pdfjs ??= loadPdfJs();
  const { getDocument } = await pdfjs;
  const task = getDocument({
    // pdf.js takes ownership of (detaches) the buffer it is given: it gets a copy.
    data: new Uint8Array(bytes),
    // 0 = errors only: pdf.js reports recoverable problems on the console, where they would land
    // in the middle of the CLI's output; what matters to the writer becomes a diagnostic here.
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    standardFontDataUrl: dataFolder('standard_fonts'),
    cMapUrl: dataFolder('cmaps'),
    cMapPacked: true,
  });
  try {
    let doc: PdfJsDocument;
    try {
      doc = await task.promise;
    } catch (error) {
      if ((error as { name?: unknown }).name === 'PasswordException') {
        return { ok: false, reason: 'it is encrypted (password-protected, or restricted by permissions)', encrypted: true };
      }
      return { ok: false, reason: `pdf.js cannot read it (${firstLine(error)})` };
    }
    const last = Math.min(doc.numPages, options.maxPages ?? doc.numPages);
    const pages: string[][] = [];
    const unreadablePages: number[] = [];
    for (let n = 1; n <= last; n++) {
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        pages.push(paragraphsOf(content.items.filter(isTextRun)));
        page.cleanup();
      } catch {
        unreadablePages.push(n);
        pages.push([]);
      }
    }
    return { ok: true, pages, pageCount: doc.numPages, unreadablePages };
  } finally {
    await task.destroy();
  }
}

/** Characters that end a line with a hyphen: ASCII, the Unicode hyphen, the soft hyphen. */
const LINE_END_HYPHEN = /[-\u2010\u00AD]$/;

/** Control characters (a font without a Unicode map yields them) and other invisible leftovers. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF]/g;

function clean(text: string): string {
  return text.replace(CONTROL, '').replace(/\s+/g, ' ');
}

/**
 * Join a paragraph's lines. A word broken at a line end ("hyph-" / "enation") is joined into one
 * word, so that search finds it; a hyphen that belongs to the word ("Wi-" / "Fi", "COVID-" / "19",
 * "e-" / "Mail" aside) stays, without a space. A soft hyphen always goes.
 */
function joinLines(lines: string[]): string {
  let text = '';
  for (const line of lines) {
    if (text === '') {
      text = line;
    } else if (text.endsWith('\u00AD')) {
      text = text.slice(0, -1) + line;
    } else if (LINE_END_HYPHEN.test(text)) {
      const brokenWord = /\p{Ll}[-\u2010]$/u.test(text) && /^\p{Ll}/u.test(line);
      text = (brokenWord ? text.slice(0, -1) : text) + line;
    } else {
      text = `${text} ${line}`;
    }
  }
  return text.replace(/\u00AD/g, '');
}

interface Line {
  text: string;
  /** Baseline and font size of the line's first run. */
  y: number;
  size: number;
}

/**
 * Paragraphs from pdf.js text runs: runs are joined into lines (a line ends where pdf.js marks
 * `hasEOL`), and lines into paragraphs, a new one starting where the gap to the line above is
 * clearly more than a line's height (a blank line, space before a heading) or where the text
 * moves up the page (the next column). Whitespace is normalised; empty lines are dropped.
 */
export function paragraphsOf(runs: readonly TextRun[]): string[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  for (const run of runs) {
    const text = clean(run.str);
    if (text.trim() !== '') {
      const [, , c = 0, d = 0, , y = 0] = run.transform;
      current ??= { text: '', y, size: Math.hypot(c, d) || 1 };
      current.text += text;
    } else if (text !== '' && current !== undefined) {
      // A run of spaces (pdf.js makes one of a wide gap between words) separates words.
      current.text += ' ';
    }
    if (run.hasEOL && current !== undefined) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current !== undefined) lines.push(current);
  const kept = lines.filter((line) => line.text.trim() !== '');
  // Gaps in line heights. Lines set at 1.2 (most documents) are apart by less than 1.6, so a wider
  // gap is a paragraph break; but in a document set at "1.5 lines" (near 1.8) every gap is wider:
  // where the page has two kinds of gap, the usual smaller one is its line spacing and only gaps
  // clearly wider than that break paragraphs. (Where every gap is the same, each line is taken
  // for a paragraph of its own: a list, or headings and one-line items.)
  const gaps = kept.slice(1).map((line, i) => (kept[i]!.y - line.y) / Math.max(line.size, kept[i]!.size));
  const spacing = lowerQuartile(gaps.filter((g) => g > 0)) ?? 0;
  const threshold = gaps.some((g) => g > spacing * 1.3) ? Math.max(1.6, spacing * 1.3) : 1.6;
  const paragraphs: string[][] = [];
  kept.forEach((line, i) => {
    const gap = gaps[i - 1];
    if (gap === undefined || gap > threshold || gap < -0.5) paragraphs.push([]);
    paragraphs[paragraphs.length - 1]!.push(line.text.trim());
  });
  return paragraphs.map(joinLines).filter((p) => p !== '');
}

/** The gap a quarter of the way up: line spacing, even on a page where most lines are paragraphs. */
function lowerQuartile(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 4)];
}
