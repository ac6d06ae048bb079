import { describe, expect, it } from 'vitest';
import { readPdfInfo } from '../../src/content/read-pdf.js';
import { brokenPdf, makePdf } from '../helpers/binary-files.js';

describe('readPdfInfo', () => {
  it('reads page count and document title', async () => {
    expect(await readPdfInfo(await makePdf({ pages: 3, title: 'IT onboarding handbook' }))).toEqual({ ok: true, pageCount: 3, documentTitle: 'IT onboarding handbook' });
    expect(await readPdfInfo(await makePdf({ pages: 1 }))).toEqual({ ok: true, pageCount: 1 });
  });

  it('explains why a file is not a PDF', async () => {
    expect(await readPdfInfo(new Uint8Array())).toEqual({ ok: false, reason: 'the file is empty' });
    expect(await readPdfInfo(Buffer.from('<html>Sign in to SharePoint</html>'))).toEqual({ ok: false, reason: 'it does not start with a PDF header (%PDF-)' });
    expect(await readPdfInfo(await makePdf({ pages: 0 }))).toEqual({ ok: false, reason: 'it has no pages' });
    expect(await readPdfInfo(brokenPdf())).toEqual({ ok: false, reason: 'it is cut short: it does not end with the %%EOF marker every complete PDF ends with' });
  });
});
