/**
 * Real binary files for tests: PDFs made with pdf-lib and a tiny valid PNG.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';

export interface PdfOptions {
  pages?: number;
  title?: string;
  /**
   * The text of each page, one string per page (pages without one stay blank: `[]` makes a PDF
   * with no text at all): its lines are set in 11 pt Helvetica at 1.2 line spacing, and an empty
   * line leaves a paragraph's gap, as a word processor lays out a document. WinAnsi characters
   * only (Helvetica's encoding). Default: a line naming the document and the page, as a real
   * PDF has text.
   */
  text?: string[];
}

/** A valid PDF with `pages` pages of text; deterministic (fixed dates, no random id). */
export async function makePdf(options: PdfOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const count = Math.max(options.pages ?? 1, options.text?.length ?? 0);
  const text = options.text ?? Array.from({ length: count }, (_, i) => `${options.title ?? 'Document'}, page ${i + 1}.`);
  const font = text.length === 0 ? undefined : await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < count; i++) {
    const page = doc.addPage([595, 842]);
    let y = 780;
    for (const line of text[i]?.split('\n') ?? []) {
      if (line === '') {
        y -= 8;
        continue;
      }
      page.drawText(line, { x: 56, y, size: 11, font: font! });
      y -= 11 * 1.2;
    }
  }
  if (options.title !== undefined) doc.setTitle(options.title);
  return doc.save({ useObjectStreams: false, addDefaultPage: false });
}

/** A PDF header followed by a body no reader can parse. */
export function brokenPdf(): Uint8Array {
  return Buffer.from('%PDF-1.7\nthis is not really a PDF, the export was interrupted\n');
}

/** A 1x1 PNG (70 bytes). */
export function makePng(): Uint8Array {
  return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
}
