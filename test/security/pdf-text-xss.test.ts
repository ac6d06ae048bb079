/**
 * A PDF's text is the writer's (or anyone's) text, not HTML: every HTML payload of the XSS corpus
 * written as the text of a PDF comes out as text in the built article and in what Halo stores.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/compile/template.js';
import { makePdf } from '../helpers/binary-files.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';
import { publishProject } from '../publish/publish-fixture.js';
import { scriptCapable } from './xss-check.js';
import { XSS_HTML } from './xss-corpus.js';

// Helvetica in a PDF made by pdf-lib encodes WinAnsi only, and its "`" glyph reads back as "‘";
// one payload per line, each on one line that fits the page's width.
const PAYLOADS = XSS_HTML.map((p) => p.html).filter((html) => /^[\x20-\x5f\x61-\x7e]+$/.test(html) && html.length <= 90);

/** A PDF whose text is the payloads, a paragraph each, ten to a page. */
function corpusPdf(): Promise<Uint8Array> {
  const pages = Array.from({ length: Math.ceil(PAYLOADS.length / 10) }, (_, i) => PAYLOADS.slice(i * 10, i * 10 + 10).join('\n\n'));
  return makePdf({ title: '<script>alert(document.cookie)</script>', text: pages });
}

describe('the XSS corpus as the text of a PDF', () => {
  it('is escaped in the built article: text, never markup', async () => {
    expect(PAYLOADS.length).toBeGreaterThan(20);
    const root = await makeProject({ 'content/central/handbooks/payloads.pdf': await corpusPdf() });
    const run = await runCli(['build'], root);
    expect(run.code).toBe(0);
    const html = await readFile(path.join(root, '.halo-kb/build/articles/central/handbooks/payloads.html'), 'utf8');
    expect(scriptCapable(html)).toEqual([]);
    for (const payload of PAYLOADS) expect(html).toContain(`<p>${escapeHtml(payload.replace(/\s+/g, ' '))}</p>`);
  });

  it('Halo stores nothing that could run script', async () => {
    const p = await publishProject({ 'content/central/handbooks/payloads.pdf': await corpusPdf() });
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    const [article] = p.emulator.data().articles;
    expect(scriptCapable(article!.description_html)).toEqual([]);
    expect(article!.description_html).toContain('<p>&#x3C;script>alert(1)&#x3C;/script></p>\n<p>&#x3C;img src=x onerror=alert(1)></p>');
  });
});
