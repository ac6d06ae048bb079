/**
 * A PDF article's text in its body, where Halo's search finds it: real PDFs through the real CLI.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePdf } from '../helpers/binary-files.js';
import { imageOnlyPdf } from '../helpers/pdf-variants.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject, type TreeFiles } from '../helpers/temp-tree.js';

const PDF = 'content/central/handbooks/guide.pdf';
const SIDECAR = `${PDF}.yml`;

function problems(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^\S+: (error|warning): /.test(l));
}

/** Build `files` and return the run and the PDF article's HTML. */
async function build(files: TreeFiles, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string; html: string }> {
  const root = await makeProject(files);
  const run = await runCli(['build', ...args], root);
  const html = await readFile(path.join(root, '.halo-kb/build/articles/central/handbooks/guide.html'), 'utf8').catch(() => '');
  return { ...run, html };
}

const THREE_PAGES = ['Welcome to Contoso.\n\nYour badge opens the front door\nand floor 3.', 'Printers are on every floor.', 'Call extension 4400 for help.'];

describe('the text of a PDF article', () => {
  it('comes under the download link, a heading per page, paragraphs from the layout', async () => {
    const run = await build({ [PDF]: await makePdf({ text: THREE_PAGES }) });
    expect(run.code).toBe(0);
    expect(problems(run.stdout)).toEqual([]);
    expect(run.stderr).toBe('');
    const link = run.html.indexOf('Open the PDF</a>');
    expect(link).toBeGreaterThan(0);
    expect(run.html.slice(link)).toContain(
      '</div>\n<div class="halo-kb-pdf-text">\n' +
        '<h2>Page 1</h2>\n<p>Welcome to Contoso.</p>\n<p>Your badge opens the front door and floor 3.</p>\n' +
        '<h2>Page 2</h2>\n<p>Printers are on every floor.</p>\n' +
        '<h2>Page 3</h2>\n<p>Call extension 4400 for help.</p>\n</div>\n',
    );
  });

  it('a one-page PDF has no page heading', async () => {
    const run = await build({ [PDF]: await makePdf({ text: ['Call extension 4400 for help.'] }) });
    expect(run.html).toContain('<div class="halo-kb-pdf-text">\n<p>Call extension 4400 for help.</p>\n</div>');
    expect(run.html).not.toContain('<h2>');
  });

  it('"extract_text: false" leaves it out, and a PDF without text then has no warning', async () => {
    const run = await build({
      [PDF]: await makePdf({ text: THREE_PAGES }),
      [SIDECAR]: 'extract_text: false\n',
      'content/central/handbooks/scan.pdf': await imageOnlyPdf(),
      'content/central/handbooks/scan.pdf.yml': 'extract_text: false\n',
    });
    expect(run.code).toBe(0);
    expect(problems(run.stdout)).toEqual([]);
    expect(run.html).toContain('Open the PDF</a>');
    expect(run.html).not.toContain('halo-kb-pdf-text');
    expect(run.html).not.toContain('Welcome to Contoso');
  });

  it('"extract_text_pages: 2" keeps to the first two pages and says where the rest is', async () => {
    const run = await build({ [PDF]: await makePdf({ text: THREE_PAGES }), [SIDECAR]: 'extract_text_pages: 2\n' });
    expect(run.code).toBe(0);
    expect(problems(run.stdout)).toEqual([]);
    expect(run.html).toContain('<h2>Page 2</h2>\n<p>Printers are on every floor.</p>\n<p><em>The text after page 2 is in the PDF only.</em></p>\n</div>');
    expect(run.html).not.toContain('Page 3');
    expect(run.html).not.toContain('4400');
  });

  it('wrong values in the sidecar are errors naming the file, line and column', async () => {
    const root = await makeProject({
      [PDF]: await makePdf({ text: THREE_PAGES }),
      [SIDECAR]: 'title: Guide\nextract_text: "no"\n',
      'content/central/handbooks/two.pdf': await makePdf({ text: THREE_PAGES }),
      'content/central/handbooks/two.pdf.yml': 'extract_text_pages: 2.5\n',
      'content/central/handbooks/three.pdf': await makePdf({ text: THREE_PAGES }),
      'content/central/handbooks/three.pdf.yml': 'extract_text_pages: 0\n',
    });
    const run = await runCli(['validate'], root);
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/handbooks/guide.pdf.yml:2:15: error: metadata key "extract_text" must be true or false, but it is string "no". [frontmatter-type]',
      'content/central/handbooks/three.pdf.yml:1:21: error: metadata key "extract_text_pages" must be a whole number, at least 1, but it is number 0. [frontmatter-type]',
      'content/central/handbooks/two.pdf.yml:1:21: error: metadata key "extract_text_pages" must be a whole number, at least 1, but it is number 2.5. [frontmatter-type]',
    ]);
    expect(run.stdout).toContain("    false leaves the PDF's text out of the article body (by default it is shown under the link, for Halo's search). Example: extract_text: true\n");
    expect(run.stdout).toContain('    Show the text of the first N pages only (a whole number; default: every page). Example: extract_text_pages: 20\n');
  });

  it('a PDF without a text layer is a warning naming it (an error with --strict)', async () => {
    const files = { [PDF]: await imageOnlyPdf() };
    const run = await build(files);
    expect(run.code).toBe(0);
    expect(problems(run.stdout)).toEqual(['content/central/handbooks/guide.pdf: warning: This PDF has no text (a scan, or pictures of text): Halo search will only find its title. [pdf-no-text]']);
    expect(run.stdout).toContain(
      '    Give it a text layer with OCR (for example "ocrmypdf in.pdf out.pdf") and commit that, or put "extract_text: false" in its .pdf.yml to say it is meant to be so.\n',
    );
    expect(run.html).toContain('Open the PDF</a>');
    expect(run.html).not.toContain('halo-kb-pdf-text');
    const strict = await build(files, ['--strict']);
    expect(strict.code).toBe(1);
  });

  it('text that would make the article too large for Halo stops at the last whole page that fits', async () => {
    const page = (n: number): string => Array.from({ length: 40 }, (_, i) => `Page ${n} line ${i + 1}: the quick brown fox jumps over the lazy dog.`).join('\n');
    const run = await build({ 'halo-kb.yml': 'publish:\n  max_article_kb: 12\n', [PDF]: await makePdf({ text: [page(1), page(2), page(3), page(4)] }) });
    expect(run.code).toBe(0);
    expect(problems(run.stdout)).toEqual([
      "content/central/handbooks/guide.pdf: warning: This PDF's text is too long for one Halo article (publish.max_article_kb): the article shows the text of its first 3 pages only, and Halo search will not find the rest. [pdf-text-cut]",
    ]);
    expect(run.html).toContain('Page 3 line 40');
    expect(run.html).not.toContain('Page 4 line 1:');
    expect(run.html).toContain('<p><em>The text after page 3 is in the PDF only.</em></p>');
    expect(Buffer.byteLength(run.html)).toBeLessThan(12 * 1024);
  });
});
