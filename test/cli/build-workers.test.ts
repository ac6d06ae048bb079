/**
 * The compiled `halo-kb build` on a tree large enough for the worker pool gives byte-identical
 * output to a single-thread build. Runs dist/, which `npm test` compiles before vitest.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARALLEL_MIN } from '../../src/compile/pool.js';
import { makePdf, makePng } from '../helpers/binary-files.js';
import { compiledStack } from '../helpers/compiled-stack.js';
import { makeProject, tempDir, type TreeFiles } from '../helpers/temp-tree.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'dist/bin.js');

/** `npm test` compiles dist/ before vitest; build it here only when it is missing. */
async function ensureDist(): Promise<void> {
  if (existsSync(bin)) return;
  // tsc exits non-zero on type errors elsewhere but still emits; the run below shows real breakage.
  await run(process.execPath, [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: repo }).catch(() => undefined);
}

const TOPICS = ['vpn', 'printers', 'onboarding', 'email', 'wifi', 'laptops'];

async function bigTree(count: number): Promise<TreeFiles> {
  const files: TreeFiles = {};
  for (let n = 0; n < count; n++) {
    const topic = TOPICS[n % TOPICS.length]!;
    const kb = n % 5 === 4 ? 'companies/contoso' : 'central';
    const next = `article-${(n + 1) % count}.md`;
    const sameKb = ((n + 1) % count) % 5 === 4 ? kb === 'companies/contoso' : true;
    files[`content/${kb}/${topic}/article-${n}.md`] = `---
title: ${topic} fix ${n}
tags: [${topic}]
---

Users report that **${topic}** stops working.${sameKb && kb === 'central' && ((n + 1) % count) % 5 !== 4 && TOPICS[(n + 1) % TOPICS.length] === topic ? ` See [the next one](${next}).` : ''}

| Symptom | Fix |
| --- | --- |
| Error ${n} | Restart |
${n % 10 === 0 ? `\n![Settings](../images/settings.png)\n` : ''}
\`\`\`powershell
Restart-Service ${topic}
\`\`\`
`;
  }
  files['content/central/images/settings.png'] = makePng();
  files['content/companies/contoso/images/settings.png'] = makePng();
  // PDFs among the Markdown, in both KBs: they are compiled in the main thread beside the workers.
  files['content/central/handbooks/it-onboarding.pdf'] = await makePdf({ pages: 2, title: 'IT onboarding' });
  files['content/central/vpn/vpn-quick-start.pdf'] = await makePdf({ title: 'VPN quick start' });
  files['content/companies/contoso/handbooks/contoso-printing.pdf'] = await makePdf({ title: 'Printing at Contoso' });
  return files;
}

const MARKDOWN = PARALLEL_MIN + 40;
/** Every article: the Markdown, and the three PDFs. */
const ARTICLES = MARKDOWN + 3;

async function listFiles(dir: string): Promise<string[]> {
  return ((await readdir(dir, { recursive: true, withFileTypes: true })) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('compiled build with worker threads', () => {
  let root: string;
  beforeAll(async () => {
    await ensureDist();
    root = await makeProject(await bigTree(MARKDOWN));
  }, 120_000);

  it('writes byte-identical output to a single-thread build', async () => {
    const parallel = await run(process.execPath, [bin, 'build', '--no-cache', '--workers', '2', '--out', 'out-workers'], { cwd: root });
    expect(parallel.stdout).toMatch(new RegExp(`^${ARTICLES} articles in .* 0 errors, 0 warnings\\. compiled ${ARTICLES} on 2 threads, reused 0 from cache`));
    // The workers wrote the bodies they compiled to the build store themselves: a build reuses it all.
    const reuse = await run(process.execPath, [bin, 'build', '--out', 'out-reused'], { cwd: root });
    expect(reuse.stdout).toMatch(new RegExp(`0 errors, 0 warnings\\. compiled 0, reused ${ARTICLES} from cache`));
    const single = await run(process.execPath, [bin, 'build', '--no-cache', '--workers', '1', '--out', 'out-single'], { cwd: root });
    expect(single.stdout).toMatch(new RegExp(`compiled ${ARTICLES}, reused 0 from cache`));
    const files = await listFiles(path.join(root, 'out-workers'));
    expect(files).toHaveLength(ARTICLES + 1);
    for (const other of ['out-reused', 'out-single']) {
      expect(await listFiles(path.join(root, other))).toEqual(files);
      for (const file of files) {
        const a = await readFile(path.join(root, 'out-workers', file));
        const b = await readFile(path.join(root, other, file));
        expect(a.equals(b), `${other}/${file}`).toBe(true);
      }
    }
  }, 120_000);

  it('resolves articles whose stored bodies are gone, compiled again on threads, against their real HTML', async () => {
    await run(process.execPath, [bin, 'build', '--quiet', '--out', 'out-before'], { cwd: root });
    // Every stored body gone, and a setting that makes every article be resolved again.
    await rm(path.join(root, '.halo-kb/cache/bodies'), { recursive: true });
    await writeFile(path.join(root, 'halo-kb.yml'), 'faq_lists:\n  central: Company docs\n');
    const damaged = await run(process.execPath, [bin, 'build', '--out', 'out-damaged'], { cwd: root });
    expect(damaged.stdout).toContain('compiled afresh. [build-store-damaged]');
    expect(damaged.stdout).toMatch(new RegExp(`compiled ${ARTICLES} on 2 threads`));
    await run(process.execPath, [bin, 'build', '--no-cache', '--quiet', '--out', 'out-fresh'], { cwd: root });
    const articles = async (dir: string) => (JSON.parse(await readFile(path.join(root, dir, 'index.json'), 'utf8')) as { articles: unknown[] }).articles;
    expect(await articles('out-damaged')).toEqual(await articles('out-fresh'));
    for (const file of (await listFiles(path.join(root, 'out-fresh'))).filter((f) => f.endsWith('.html'))) {
      expect((await readFile(path.join(root, 'out-damaged', file))).equals(await readFile(path.join(root, 'out-fresh', file))), file).toBe(true);
    }
    await rm(path.join(root, 'halo-kb.yml'));
  }, 120_000);

  it('gives files that disappeared since the scan their error, and compiles the rest, when the pool was to compile them', async () => {
    const { compileSources, settings, sources } = await compiledStack(root);
    // A Markdown file and a PDF deleted between the scan and their compile (a checkout, a save in progress).
    const gone = (kind: string) => {
      const at = sources.findIndex((s) => s.kind === kind);
      sources[at] = { ...sources[at]!, absPath: path.join(root, 'deleted', kind) };
      return sources[at]!.displayPath;
    };
    const missing = [gone('markdown'), gone('pdf')];
    const results = await compileSources(sources, settings, { workers: 2 });
    expect(results.map((r) => r.displayPath)).toEqual(sources.map((s) => s.displayPath));
    const errors = results.flatMap((r) => r.diagnostics.filter((d) => d.severity === 'error'));
    expect(errors).toEqual(
      missing.map((file) => expect.objectContaining({ ruleId: 'source-unreadable', file, message: 'The file disappeared while it was being read (a save in progress?).', hint: 'Save it again.' })),
    );
    expect(results.filter((r) => r.html !== '' || r.bodySha256 !== undefined)).toHaveLength(ARTICLES - 2);
  }, 120_000);

  it('gives a PDF gone since the scan its error in the pool, without compiling the Markdown again in this thread', async () => {
    const { compileMany, settings, sources } = await compiledStack(root);
    const firstPdf = sources.findIndex((s) => s.kind === 'pdf');
    sources[firstPdf] = { ...sources[firstPdf]!, absPath: path.join(root, 'deleted.pdf') };
    const bodyDir = await tempDir();
    const results = await compileMany(sources, settings, { workers: 2, bodyDir });
    expect(results[firstPdf]!.diagnostics).toEqual([expect.objectContaining({ ruleId: 'source-unreadable', message: 'The file disappeared while it was being read (a save in progress?).' })]);
    // The workers compiled every Markdown article and wrote its body: none came back to this thread.
    expect(await readdir(bodyDir)).toHaveLength(MARKDOWN);
    expect(results.filter((r) => r.kind === 'markdown' && r.bodySha256 !== undefined)).toHaveLength(MARKDOWN);
  }, 120_000);

  it('compiles in this thread, with the same results, when no worker can even load the Markdown stack', async () => {
    const { compileMany, compileSources, settings, sources } = await compiledStack(root);
    const single = await compileMany(sources, settings, { workers: 1 });
    // A heap far too small for the Markdown stack: both workers run out of memory as they start,
    // which says nothing of any source, so the pool gives up and the caller compiles here.
    const starvedHeap = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 2 };
    await expect(compileMany(sources, settings, { workers: 2, workerHeap: starvedHeap })).rejects.toThrow(/out of memory/i);
    const starved = await compileSources(sources, settings, { workers: 2, workerHeap: starvedHeap });
    expect(starved).toHaveLength(sources.length);
    expect(starved).toEqual(single);
  }, 120_000);
});
