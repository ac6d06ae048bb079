/**
 * A Markdown file the parser would take minutes or hours over (thousands of unclosed brackets,
 * emphasis markers nested inside one another) is stopped at the compile deadline with its own
 * error, and every other article compiles: a build never hangs on one file. Workers exist only
 * beside the compiled modules, so this runs dist/, which `npm test` builds before vitest.
 */
import { describe, expect, it } from 'vitest';
import { IN_THREAD_MAX_BYTES } from '../../src/compile/pool.js';
import { compiledStack } from '../helpers/compiled-stack.js';
import { makeProject, type TreeFiles } from '../helpers/temp-tree.js';

/** 20,000 links opened inside one another: 100 KB the parser takes most of a minute over, far past the 2 s these tests allow. */
const TANGLE = `---\ntitle: Imported link list\n---\n\n${'['.repeat(20_000)}intranet${'](https://intranet.example.com)'.repeat(20_000)}\n`;

function article(n: number): string {
  return `---\ntitle: Printer fix ${n}\n---\n\nRestart the **print spooler** on floor ${n}, then print a test page.\n`;
}

async function compiled(files: TreeFiles) {
  return compiledStack(await makeProject(files));
}

const TIMEOUT = {
  ruleId: 'compile-timeout',
  severity: 'error',
  file: 'content/central/imports/link-list.md',
  message: 'Compiling this file took longer than 2 s, so it was stopped; it is not published.',
  hint: 'Something in it makes the Markdown parser slow: thousands of unclosed brackets or emphasis markers, lists nested hundreds of levels deep, or sheer length (its time grows faster than the file: a megabyte of ordinary sections, lists and tables takes about a minute). Simplify or split it; if the file was generated, fix what generated it.',
};

describe('the compile deadline', () => {
  it('stops a large file the parser would take far longer than the deadline over, in a build too small for the pool, and compiles the rest', async () => {
    const { compileSources, settings, sources } = await compiled({
      'content/central/printers/floor-1.md': article(1),
      'content/central/printers/floor-2.md': article(2),
      'content/central/imports/link-list.md': TANGLE,
    });
    expect(sources.find((s) => s.displayPath === TIMEOUT.file)!.size).toBeGreaterThan(IN_THREAD_MAX_BYTES);
    const results = await compileSources(sources, settings, { deadlineMs: 2000 });
    expect(results.map((r) => r.displayPath)).toEqual(sources.map((s) => s.displayPath));
    const stopped = results.find((r) => r.displayPath === TIMEOUT.file)!;
    expect(stopped.diagnostics).toEqual([TIMEOUT]);
    expect(stopped).toMatchObject({ title: 'Link list', html: '', refs: [] });
    for (const printer of results.filter((r) => r !== stopped)) {
      expect(printer.diagnostics).toEqual([]);
      expect(printer.html).toContain('print spooler');
    }
  }, 60_000);

  it('in the pool, tries a late batch again one file at a time, so only the slow file is given the error', async () => {
    const files: TreeFiles = { 'content/central/imports/link-list.md': TANGLE };
    for (let n = 0; n < 40; n++) files[`content/central/printers/floor-${n}.md`] = article(n);
    const { compileSources, settings, sources } = await compiled(files);
    const results = await compileSources(sources, settings, { workers: 2, parallelMin: 1, deadlineMs: 2000 });
    expect(results.map((r) => r.displayPath)).toEqual(sources.map((s) => s.displayPath));
    const withErrors = results.filter((r) => r.diagnostics.length > 0);
    expect(withErrors.map((r) => r.diagnostics)).toEqual([[TIMEOUT]]);
    // Workers write the bodies they compile nowhere here (no store folder given): the HTML comes back.
    expect(results.filter((r) => r.html.includes('print spooler'))).toHaveLength(40);
  }, 60_000);
});
