/**
 * A source that runs a compile worker out of memory never reaches the main thread, where nothing
 * could stop it: its batch is tried again file by file, the file is compiled again alone on a
 * worker with a larger heap (still under the deadline), and only a file that needs more than that
 * gets an error; every other article compiles. Workers exist only beside the compiled modules, so
 * this runs dist/, which `npm test` builds before vitest. The heaps here are small stand-ins for
 * the real ones (160 MB in the pool, 1.5 GB alone), so that a file of kilobytes fills them.
 */
import { describe, expect, it } from 'vitest';
import { readBodyFile } from '../../src/compile/body-files.js';
import { compiledStack } from '../helpers/compiled-stack.js';
import { makeProject, tempDir, type TreeFiles } from '../helpers/temp-tree.js';

/** An exported asset list: 1,000 formatted list items, 95 KB (300 fit), more than a 24 MB heap holds as a syntax tree. */
function assetList(): string {
  const items = Array.from({ length: 1000 }, (_, i) => `- **Laptop ${i + 1}** _in service_ \`LT-${1000 + i}\` [record](https://assets.example.com/lt/${1000 + i})`);
  return `---\ntitle: Laptop inventory\n---\n\n${items.join('\n')}\n`;
}

function article(n: number): string {
  return `---\ntitle: Printer fix ${n}\n---\n\nRestart the **print spooler** on floor ${n}, then print a test page.\n`;
}

const POOL_HEAP = { maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 24 };
const LIST = 'content/central/assets/laptop-inventory.md';
const SECOND_LIST = 'content/central/assets/laptop-inventory-2027.md';

async function pooledTree(extra: TreeFiles = {}) {
  const files: TreeFiles = { [LIST]: assetList(), ...extra };
  for (let n = 0; n < 40; n++) files[`content/central/printers/floor-${n}.md`] = article(n);
  return compiledStack(await makeProject(files));
}

describe('a source that runs a compile worker out of memory', () => {
  it('is compiled again alone on a worker with a larger heap, with the same result as in this thread', async () => {
    const { compileMany, compileSources, settings, sources } = await pooledTree();
    // Workers write what they compile to the store's folder; this thread never does.
    const bodyDir = await tempDir();
    const soloHeap = { maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 256 };
    const results = await compileSources(sources, settings, { workers: 2, parallelMin: 1, workerHeap: POOL_HEAP, soloHeap, bodyDir });
    expect(results.map((r) => r.displayPath)).toEqual(sources.map((s) => s.displayPath));
    expect(results.filter((r) => r.diagnostics.length > 0)).toEqual([]);
    expect(results.every((r) => r.bodySha256 !== undefined)).toBe(true);
    const inThread = await compileMany(sources, settings, { workers: 1 });
    results.forEach(({ bodySha256, html: _written, refs: _refs, ...article }, i) => {
      const { html, refs, ...same } = inThread[i]!;
      expect(article).toEqual(same);
      expect(readBodyFile(bodyDir, bodySha256!)).toEqual({ html, refs });
    });
    expect(inThread.find((r) => r.displayPath === LIST)!.html).toContain('<strong>Laptop 1000</strong>');
  }, 120_000);

  it('gets its own error when it needs more than the larger heap too, and every other article compiles', async () => {
    // Two such files: each runs a pool worker out of memory, is compiled alone in turn, and gets the error.
    const { compileSources, settings, sources } = await pooledTree({ [SECOND_LIST]: assetList() });
    const results = await compileSources(sources, settings, { workers: 2, parallelMin: 1, workerHeap: POOL_HEAP, soloHeap: POOL_HEAP });
    expect(results.map((r) => r.displayPath)).toEqual(sources.map((s) => s.displayPath));
    const failed = results.filter((r) => r.diagnostics.length > 0);
    expect(failed.map((r) => [r.displayPath, r.title, r.html])).toEqual([
      [SECOND_LIST, 'Laptop inventory 2027', ''],
      [LIST, 'Laptop inventory', ''],
    ]);
    for (const { displayPath, diagnostics } of failed) {
      expect(diagnostics).toEqual([
        {
          ruleId: 'compile-out-of-memory',
          severity: 'error',
          file: displayPath,
          message: 'Compiling this file needed more than the 24 MB of memory halo-kb gives one file, so it was stopped; it is not published.',
          hint: 'Something in it makes the Markdown parser build a huge tree: tens of thousands of list items, links or emphasis markers. Split it into smaller articles; if the file was generated, fix what generated it.',
        },
      ]);
    }
    const printers = results.filter((r) => r.diagnostics.length === 0);
    expect(printers).toHaveLength(40);
    for (const printer of printers) expect(printer.html).toContain('print spooler');
  }, 120_000);
});
