/**
 * PDF text read by pdf.js in a thread of its own, as a compiled halo-kb reads it (dist/, which
 * `npm test` compiles before vitest; from TypeScript sources the text is read in the calling
 * thread). Each case runs in a fresh Node process, whose built-ins no test has touched yet.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { brokenPdf, makePdf } from '../helpers/binary-files.js';
import { problems } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';

const run = promisify(execFile);
const dist = (module: string): string => pathToFileURL(path.resolve(import.meta.dirname, '../../dist', module)).href;

/**
 * Run `body` (an ES module's code, with `readPdfText`, `readPdfTextHere`, `setPdfThreadHeap`, `setPdfThreadDeadline`,
 * `pdf(name)` and `STARVED` in scope) in a new process, in a project holding `files`; it prints one
 * JSON value.
 */
async function inNewProcess(files: Record<string, Uint8Array>, body: string): Promise<unknown> {
  const root = await makeProject(files);
  const script = path.join(root, 'read.mjs');
  await writeFile(
    script,
    `import { readFile } from 'node:fs/promises';
import { readPdfText, setPdfThreadDeadline, setPdfThreadHeap } from ${JSON.stringify(dist('content/pdf-thread.js'))};
import { readPdfTextHere } from ${JSON.stringify(dist('content/pdf-text.js'))};
const pdf = (name) => readFile(new URL(name, import.meta.url));
// A heap far too small for pdf.js: a thread given it runs out of memory as it loads it.
const STARVED = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 2 };
const builtIns = () => ({ push: /\\[native code\\]/.test(Function.prototype.toString.call([].push)), coreJs: '__core-js_shared__' in globalThis, self: 'self' in globalThis });
${body}`,
  );
  // The process must end by itself: a thread waiting for the next PDF does not keep it alive.
  const { stdout } = await run(process.execPath, [script], { cwd: root, timeout: 20_000 });
  return JSON.parse(stdout);
}

describe('readPdfText in a compiled halo-kb', () => {
  it("leaves the calling thread's built-ins as Node made them, where reading in the thread does not", async () => {
    const files = { 'guide.pdf': await makePdf({ text: ['Reset your password at the self-service portal.'] }) };
    const result = await inNewProcess(
      files,
      `const text = await readPdfText(await pdf('guide.pdf'));
const after = builtIns();
await readPdfTextHere(await pdf('guide.pdf'));
console.log(JSON.stringify({ text, after, afterHere: builtIns() }));`,
    );
    expect(result).toEqual({
      text: { ok: true, pageCount: 1, unreadablePages: [], pages: [['Reset your password at the self-service portal.']] },
      after: { push: true, coreJs: false, self: false },
      // pdf.js's polyfills, loaded in the calling thread: what the thread keeps away from the compile.
      afterHere: expect.objectContaining({ coreJs: true, self: true }),
    });
  });

  it('answers requests made at once each with its own file, a damaged one included', async () => {
    const files = {
      'a.pdf': await makePdf({ text: ['VPN setup'] }),
      'b.pdf': await makePdf({ text: ['Printer drivers', 'Page two'] }),
      'broken.pdf': brokenPdf(),
    };
    const result = await inNewProcess(
      files,
      `console.log(JSON.stringify(await Promise.all([readPdfText(await pdf('a.pdf')), readPdfText(await pdf('b.pdf'), { maxPages: 1 }), readPdfText(await pdf('broken.pdf'))])));`,
    );
    expect(result).toEqual([
      { ok: true, pageCount: 1, unreadablePages: [], pages: [['VPN setup']] },
      { ok: true, pageCount: 2, unreadablePages: [], pages: [['Printer drivers']] },
      { ok: false, reason: expect.stringMatching(/^pdf\.js cannot read it \([^\n]+\)$/) },
    ]);
  });

  it.each([
    {
      why: 'fails (out of memory)',
      limit: 'setPdfThreadHeap(STARVED)',
      reset: 'setPdfThreadHeap(undefined)',
      reason: expect.stringMatching(/^pdf\.js stopped while reading it \([^\n]+\)$/),
    },
    { why: 'runs past the deadline', limit: 'setPdfThreadDeadline(1)', reset: 'setPdfThreadDeadline(undefined)', reason: 'pdf.js took longer than 0.001 s' },
  ])('a thread that $why fails the file it was reading with a reason, and the next file gets a new thread', async ({ limit, reset, reason }) => {
    const files = { 'guide.pdf': await makePdf({ text: ['Onboarding checklist'] }) };
    const result = await inNewProcess(
      files,
      `${limit};
const failed = await readPdfText(await pdf('guide.pdf'));
${reset};
console.log(JSON.stringify({ failed, next: await readPdfText(await pdf('guide.pdf')) }));`,
    );
    expect(result).toEqual({
      failed: { ok: false, reason, stopped: true },
      next: { ok: true, pageCount: 1, unreadablePages: [], pages: [['Onboarding checklist']] },
    });
  });

  it('an answer that came while this thread was busy past the deadline is taken, not thrown away', async () => {
    const files = { 'guide.pdf': await makePdf({ text: ['Onboarding checklist'] }) };
    const result = await inNewProcess(
      files,
      `setPdfThreadDeadline(300);
const reading = readPdfText(await pdf('guide.pdf'));
// This thread compiles for 5 s without a break: the answer comes meanwhile, and the deadline passes.
const until = Date.now() + 5000;
while (Date.now() < until);
console.log(JSON.stringify(await reading));`,
    );
    expect(result).toEqual({ ok: true, pageCount: 1, unreadablePages: [], pages: [['Onboarding checklist']] });
  });

  it('a PDF whose text could not be read for want of memory is published without it, with a warning', async () => {
    const files = { 'content/central/handbooks/scanned-manual.pdf': await makePdf({ title: 'Scanned manual' }) };
    const result = await inNewProcess(
      files,
      `const { main } = await import(${JSON.stringify(dist('cli.js'))});
setPdfThreadHeap(STARVED);
let stdout = '';
const code = await main(['validate'], { stdout: { write: (s) => (stdout += s) }, stderr: { write: () => undefined }, env: { NO_COLOR: '1' }, cwd: process.cwd() });
console.log(JSON.stringify({ code, stdout }));`,
    );
    const { code, stdout } = result as { code: number; stdout: string };
    expect(code).toBe(0);
    expect(problems(stdout)).toEqual([
      expect.stringMatching(
        /^content\/central\/handbooks\/scanned-manual\.pdf: warning: The text of this PDF could not be read \(pdf\.js stopped while reading it \([^\n]+\)\): it is published without it, and Halo search will only find its title\. \[pdf-text-unread\]$/,
      ),
    ]);
    expect(stdout).toContain('    Split the PDF into smaller files, or put "extract_text: false" in its .pdf.yml to say it is meant to be so.\n');
  });
});
