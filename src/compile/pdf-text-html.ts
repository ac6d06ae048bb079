/**
 * A PDF's text as the HTML under its download link: a "Page N" heading per page (when the PDF has
 * more than one), a paragraph per paragraph, every character of the PDF escaped as text. Pure;
 * what the writer should know (no text layer, pages unreadable, text cut) comes back as
 * diagnostics on the PDF.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { escapeHtml } from './template.js';

/** The PDF's text as pdf-text.ts read it. */
export interface PdfPagesText {
  pages: string[][];
  pageCount: number;
  unreadablePages: number[];
}

/** Room kept for the closing note. */
const NOTE_BYTES = 64;

function pagesPhrase(pages: number[]): string {
  return pages.length === 1 ? `page ${pages[0]}` : `pages ${pages.slice(0, -1).join(', ')} and ${pages[pages.length - 1]}`;
}

/**
 * The text's HTML, at most `maxBytes` of it (UTF-8): the article must stay under
 * `publish.max_article_kb`, so the text stops at the last whole page that fits.
 */
export function pdfTextHtml(file: string, text: PdfPagesText, maxBytes: number): { html: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (text.unreadablePages.length > 0) {
    diagnostics.push(
      diagnostic(
        'warning',
        'damaged-pdf',
        file,
        `This PDF may be damaged: the text of ${pagesPhrase(text.unreadablePages)} could not be read, so Halo search will not find it.`,
        {},
        'Check that it opens in a PDF reader; export it again if anything is missing.',
      ),
    );
  }
  const read = text.pages.length;
  if (text.pages.every((page) => page.length === 0)) {
    if (text.unreadablePages.length < read) {
      const where = read < text.pageCount ? ` in its first ${read === 1 ? 'page' : `${read} pages`}` : '';
      diagnostics.push(
        diagnostic(
          'warning',
          'pdf-no-text',
          file,
          `This PDF has no text${where} (a scan, or pictures of text): Halo search will only find its title.`,
          {},
          'Give it a text layer with OCR (for example "ocrmypdf in.pdf out.pdf") and commit that, or put "extract_text: false" in its .pdf.yml to say it is meant to be so.',
        ),
      );
    }
    return { html: '', diagnostics };
  }
  const open = '<div class="halo-kb-pdf-text">\n';
  const close = '</div>';
  let html = open;
  let shown = 0;
  for (const [i, paragraphs] of text.pages.entries()) {
    let page = text.pageCount > 1 && paragraphs.length > 0 ? `<h2>Page ${i + 1}</h2>\n` : '';
    for (const paragraph of paragraphs) page += `<p>${escapeHtml(paragraph)}</p>\n`;
    if (Buffer.byteLength(html + page + close) + NOTE_BYTES > maxBytes) break;
    html += page;
    shown = i + 1;
  }
  if (shown < text.pages.length) {
    diagnostics.push(
      diagnostic(
        'warning',
        'pdf-text-cut',
        file,
        `This PDF's text is too long for one Halo article (publish.max_article_kb): the article shows the text of ${shown === 0 ? 'no page' : `its first ${shown === 1 ? 'page' : `${shown} pages`}`} only, and Halo search will not find the rest.`,
        {},
        'Split the PDF, or choose how much is shown with "extract_text_pages: N" in its .pdf.yml.',
      ),
    );
  }
  if (shown < text.pageCount) {
    html += `<p><em>${shown === 0 ? 'The text' : `The text after page ${shown}`} is in the PDF only.</em></p>\n`;
  }
  return { html: html + close, diagnostics };
}
