/**
 * Real binary files for tests: PDFs made with pdf-lib and a tiny valid PNG.
 */
import { PDFDocument } from 'pdf-lib';

export interface PdfOptions {
  pages?: number;
  title?: string;
}

/** A valid PDF with `pages` blank pages; deterministic (fixed dates, no random id). */
export async function makePdf(options: PdfOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (let i = 0; i < (options.pages ?? 1); i++) doc.addPage([595, 842]);
  if (options.title !== undefined) doc.setTitle(options.title);
  return doc.save({ useObjectStreams: false, addDefaultPage: false });
}

/** A PDF header followed by a body no reader can parse. */
export function brokenPdf(): Uint8Array {
  return Buffer.from('%PDF-1.7\nthis is not really a PDF, the export was interrupted\n');
}

/** A 1x1 PNG (70 bytes). */
export function makePng(): Uint8Array {
  return Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );
}
