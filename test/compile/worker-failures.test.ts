/**
 * A compile worker that ends under a batch never sends its sources to the main thread, where
 * nothing could stop them. Out of memory: the batch is tried again file by file, the file is
 * compiled again alone on a worker with a larger heap (still under the deadline), and only a file
 * that needs more than that gets an error. Crashed: the file it died on gets compile-failed. Every
 * other article compiles. Workers exist only beside the compiled modules, so this runs dist/,
 * which `npm test` builds before vitest. The heaps here are small stand-ins for the real ones
 * (160 MB in the pool, 1.5 GB alone), so that a file of kilobytes fills them.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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

const DIST = path.resolve(import.meta.dirname, '../../dist');
const POOL_HEAP = { maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 24 };
const LIST = 'content/central/assets/laptop-inventory.md';
const SECOND_LIST = 'content/central/assets/laptop-inventory-2027.md';

async function pooledTree(extra: TreeFiles = {}) {
  const files: TreeFiles = { [LIST]: assetList(), ...extra };
  for (let n = 0; n < 40; n++) files[`content/central/printers/floor-${n}.md`] = article(n);
  return compiledStack(await makeProject(files));
}

describe('a source that runs a compile worker out of memory', () => {
  // With the same pool heap, the next test shows the list runs it out of memory, alone too.
  it('is compiled again alone on a worker with a larger heap, with the same result as in this thread', async () => {
    const { compileSerial, compileSources, settings, sources } = await pooledTree();
    // Workers write what they compile to the store's folder; this thread never does.
    const bodyDir = await tempDir();
    const soloHeap = { maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 256 };
    const results = await compileSources(sources, settings, { workers: 2, parallelMin: 1, workerHeap: POOL_HEAP, soloHeap, bodyDir });
    expect(results.map((r) => r.displayPath)).toEqual(sources.map((s) => s.displayPath));
    expect(results.filter((r) => r.diagnostics.length > 0)).toEqual([]);
    expect(results.every((r) => r.bodySha256 !== undefined)).toBe(true);
    const inThread = await compileSerial(sources, settings);
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

describe('a compile worker that crashes', () => {
  it('between batches: what it answered is kept, the batch it had not begun is compiled again, and no article fails', async () => {
    // The real worker, made to throw an uncaught exception just after it posts the answer that
    // holds the planted file, while the next batch waits in it.
    const dir = await tempDir();
    const throwing = path.join(dir, 'throwing-worker.mjs');
    await writeFile(
      throwing,
      `import { parentPort } from 'node:worker_threads';
const post = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = (message) => {
  post(message);
  if (message.results?.some((r) => r.displayPath.endsWith('throw-after.md'))) process.nextTick(() => { throw new Error('planted failure after answering'); });
};
await import(${JSON.stringify(pathToFileURL(path.join(DIST, 'compile/worker.js')).href)});
`,
    );
    // First in path order, so it is in the first batch, and a second batch is held behind it.
    const PLANTED = 'content/central/assets/a-throw-after.md';
    const { compileSources, settings, sources } = await pooledTree({ [PLANTED]: article(98) });
    const results = await compileSources(sources, settings, { workers: 1, parallelMin: 1, workerModule: pathToFileURL(throwing) });
    expect(results.map((r) => r.displayPath)).toEqual(sources.map((s) => s.displayPath));
    expect(results.filter((r) => r.diagnostics.length > 0).map((r) => [r.displayPath, r.diagnostics])).toEqual([]);
    expect(results.find((r) => r.displayPath === PLANTED)!.html).toContain('floor 98');
    expect(results.filter((r) => r.html.includes('print spooler'))).toHaveLength(41);
  }, 120_000);

  it('gives the file it crashed on compile-failed, and every other article compiles', async () => {
    // The real worker, made to stop dead (process.exit, as a fault in halo-kb or the system
    // would) when it reads the planted file: after it said it was ready, before it can answer.
    const dir = await tempDir();
    const crashing = path.join(dir, 'crashing-worker.mjs');
    await writeFile(
      crashing,
      `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (String(file).endsWith('crash-here.md')) process.exit(7);
  return read.call(this, file, ...rest);
};
syncBuiltinESMExports();
await import(${JSON.stringify(pathToFileURL(path.join(DIST, 'compile/worker.js')).href)});
`,
    );
    const PLANTED = 'content/central/printers/crash-here.md';
    const { compileSources, settings, sources } = await pooledTree({ [PLANTED]: article(99) });
    const results = await compileSources(sources, settings, { workers: 2, parallelMin: 1, workerModule: pathToFileURL(crashing) });
    expect(results.map((r) => r.displayPath)).toEqual(sources.map((s) => s.displayPath));
    const failed = results.filter((r) => r.diagnostics.length > 0);
    expect(failed.map((r) => r.diagnostics)).toEqual([
      [
        {
          ruleId: 'compile-failed',
          severity: 'error',
          file: PLANTED,
          message: 'halo-kb failed while compiling this file (its compile thread stopped: exit code 7); it is not published.',
          hint: 'This is a fault in halo-kb, not in the file: please report it with the file attached. The other articles are not affected.',
        },
      ],
    ]);
    expect(results.filter((r) => r.html.includes('print spooler'))).toHaveLength(40);
    expect(results.find((r) => r.displayPath === LIST)!.html).toContain('<strong>Laptop 1000</strong>');
  }, 120_000);
});
