/**
 * What halo-kb reads from a PDF article: its page count and document title (pdf-lib), and whether
 * it can be published at all: an encrypted PDF (its title would be cipher bytes, and readers in
 * Halo may be asked for a password) and a damaged one are refused.
 */
import type { PDFDocument as PdfDocumentClass, PDFInvalidObject as PdfInvalidObjectClass } from 'pdf-lib';

// pdf-lib is large and most articles are Markdown: load it on the first PDF, not in every worker.
let pdfLib: Promise<{ PDFDocument: typeof PdfDocumentClass; PDFInvalidObject: typeof PdfInvalidObjectClass }> | undefined;

export type PdfInfo =
  | {
      ok: true;
      pageCount: number;
      documentTitle?: string;
      /** Parts pdf-lib could not read although it read the rest: the file may be damaged. */
      damaged?: string;
    }
  | {
      ok: false;
      reason: string;
      /** The PDF is encrypted (a password, or permissions such as "no printing"). */
      encrypted?: true;
    };

const EOF_MARKER = '%%EOF';

/**
 * pdf-lib reports each object it cannot parse on console.warn, which would land in the middle of
 * the CLI's output (and a worker's). halo-kb itself never writes there, so console.warn is quiet
 * while any PDF loads: the document itself says which objects could not be read. Loads overlap
 * (several PDFs compile at once): the first one in replaces console.warn, the last one out puts
 * it back.
 */
let loading = 0;
let originalWarn: typeof console.warn | undefined;

function hushWarnings(): void {
  if (loading++ === 0) {
    originalWarn = console.warn;
    console.warn = () => undefined;
  }
}

function restoreWarnings(): void {
  if (--loading === 0 && originalWarn !== undefined) console.warn = originalWarn;
}

/** Read a PDF's page count and title; a file that cannot be published gets a reason instead. */
export async function readPdfInfo(bytes: Uint8Array): Promise<PdfInfo> {
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) return { ok: false, reason: 'it does not start with a PDF header (%PDF-)' };
  // Every complete PDF ends with "%%EOF" (readers such as Acrobat look for it in the last 1024
  // bytes): without it, the file was cut short (an interrupted download, copy or export).
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  if (!tail.includes(EOF_MARKER)) return { ok: false, reason: 'it is cut short: it does not end with the %%EOF marker every complete PDF ends with' };
  hushWarnings();
  try {
    pdfLib ??= import('pdf-lib');
    const { PDFDocument, PDFInvalidObject } = await pdfLib;
    // Loaded with encryption ignored, so that an encrypted file is told apart from a damaged one.
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
    if (doc.isEncrypted) {
      return { ok: false, reason: 'it is encrypted (password-protected, or restricted by permissions)', encrypted: true };
    }
    const info: PdfInfo = { ok: true, pageCount: doc.getPageCount() };
    if (info.pageCount === 0) return { ok: false, reason: 'it has no pages' };
    const title = doc.getTitle()?.trim();
    if (title) info.documentTitle = title;
    const unreadable = doc.context.enumerateIndirectObjects().filter(([, object]) => object instanceof PDFInvalidObject);
    if (unreadable.length > 0) {
      const refs = unreadable.map(([ref]) => ref.toString()).join(', ');
      info.damaged = `${unreadable.length === 1 ? 'the object' : `${unreadable.length} objects`} ${refs} could not be read`;
    }
    return info;
  } catch (error) {
    return { ok: false, reason: `pdf-lib cannot read it (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  } finally {
    restoreWarnings();
  }
}
