/**
 * What halo-kb reads from a PDF article: its page count and document title (pdf-lib).
 */
import type { PDFDocument as PdfDocumentClass } from 'pdf-lib';

// pdf-lib is large and most articles are Markdown: load it on the first PDF, not in every worker.
let pdfLib: Promise<{ PDFDocument: typeof PdfDocumentClass }> | undefined;

export type PdfInfo = { ok: true; pageCount: number; documentTitle?: string } | { ok: false; reason: string };

/** Read a PDF's page count and title; a file that is not a valid PDF gets a reason instead. */
export async function readPdfInfo(bytes: Uint8Array): Promise<PdfInfo> {
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) return { ok: false, reason: 'it does not start with a PDF header (%PDF-)' };
  try {
    pdfLib ??= import('pdf-lib');
    const { PDFDocument } = await pdfLib;
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
    const info: PdfInfo = { ok: true, pageCount: doc.getPageCount() };
    const title = doc.getTitle()?.trim();
    if (title) info.documentTitle = title;
    if (info.pageCount === 0) return { ok: false, reason: 'it has no pages' };
    return info;
  } catch (error) {
    return { ok: false, reason: `pdf-lib cannot read it (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}
