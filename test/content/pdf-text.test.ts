/**
 * The text layer of real PDFs (made with pdf-lib, read back with pdf.js): lines joined into
 * paragraphs, paragraph breaks from the gaps between lines, words broken at a line end joined.
 */
import { describe, expect, it } from 'vitest';
import { paragraphsOf } from '../../src/content/pdf-text.js';
import { readPdfText } from '../../src/content/pdf-thread.js';
import { brokenPdf, makePdf } from '../helpers/binary-files.js';
import { damagedPdf } from '../helpers/pdf-variants.js';

describe('readPdfText', () => {
  it('rebuilds paragraphs per page from lines and gaps', async () => {
    const pdf = await makePdf({
      text: ['Welcome to Contoso. Your first week starts with a\nlaptop, a badge and a desk on floor 3.\n\nThe service desk answers on extension 4400.', 'Second page:   spaced     words.'],
    });
    expect(await readPdfText(pdf)).toEqual({
      ok: true,
      pageCount: 2,
      unreadablePages: [],
      pages: [['Welcome to Contoso. Your first week starts with a laptop, a badge and a desk on floor 3.', 'The service desk answers on extension 4400.'], ['Second page: spaced words.']],
    });
  });

  it('joins a word broken at a line end, and keeps a hyphen that belongs to the word', async () => {
    const pdf = await makePdf({ text: ['Connect to the com-\npany network over Wi-\nFi or COVID-\n19 guest access, self-\nservice.'] });
    const text = await readPdfText(pdf);
    expect(text.ok && text.pages).toEqual([['Connect to the company network over Wi-Fi or COVID-19 guest access, selfservice.']]);
  });

  it('reads only the pages asked for, and says how many there are', async () => {
    const pdf = await makePdf({ text: ['One', 'Two', 'Three'] });
    expect(await readPdfText(pdf, { maxPages: 2 })).toEqual({ ok: true, pageCount: 3, unreadablePages: [], pages: [['One'], ['Two']] });
  });

  it('a PDF without text has empty pages', async () => {
    expect(await readPdfText(await makePdf({ pages: 2, text: [] }))).toEqual({ ok: true, pageCount: 2, unreadablePages: [], pages: [[], []] });
    expect(await readPdfText(damagedPdf())).toEqual({ ok: true, pageCount: 1, unreadablePages: [], pages: [[]] });
  });

  it('a file pdf.js cannot open gets a one-line reason, never an exception', async () => {
    expect(await readPdfText(brokenPdf())).toEqual({ ok: false, reason: expect.stringMatching(/^pdf\.js cannot read it \([^\n]+\)$/) });
    expect(await readPdfText(Buffer.from('not a PDF at all'))).toEqual({ ok: false, reason: expect.stringMatching(/^pdf\.js cannot read it \([^\n]+\)$/) });
  });
});

describe('paragraphsOf', () => {
  const run = (str: string, y: number, hasEOL = false, size = 10) => ({ str, hasEOL, transform: [size, 0, 0, size, 50, y] });

  it('a move up the page (the next column) starts a paragraph; control characters go', () => {
    expect(paragraphsOf([run('end of column one', 100, true), run('top of\u0000 column two', 700, true), run('more', 688)])).toEqual(['end of column one', 'top of column two more']);
  });

  it('in a document with wide line spacing, only the wider gaps break paragraphs', () => {
    const lines = [run('one', 700, true), run('two', 682, true), run('three', 664, true), run('four', 630, true), run('five', 612)];
    expect(paragraphsOf(lines)).toEqual(['one two three', 'four five']);
  });

  it('a soft hyphen at a line end joins the word', () => {
    expect(paragraphsOf([run('docu\u00AD', 700, true), run('ment', 688)])).toEqual(['document']);
  });
});
