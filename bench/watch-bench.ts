/**
 * Watch-mode benchmark: a generated tree of 10,000 articles (central and 20 companies, nested
 * folders, cross-links, images), then single-article edits timed from the file write to the
 * live-reload event a browser receives. Target: under 100 ms per edit.
 *
 *   npm run bench:watch [-- --articles N --edits N --dir DIR --built]
 *
 * --dir generates the tree in DIR and keeps it there, for profiling. --built runs `halo-kb build`
 * first, so watch starts from its cache (how a writer usually starts it).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { buildContent } from '#halo-kb/compile/build.js';
import { loadConfig } from '#halo-kb/config/load.js';
import { EVENTS_ROUTE } from '#halo-kb/watch/preview-links.js';
import { startWatch } from '#halo-kb/watch/start-watch.js';
import { countArg, stringArg } from './args.js';

const ARTICLES = countArg('articles', 10_000);
const EDITS = countArg('edits', 30);
/** Edits allowed to settle between two measurements, so each one is a single-article edit. */
const PAUSE_MS = 50;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

function articleText(i: number, folderArticles: number, marker: string): string {
  const sibling = (i + 1) % folderArticles;
  return [
    '---',
    `title: Article ${i} ${marker}`,
    `tags: [bench, t${i % 7}]`,
    '---',
    '',
    `How to handle case ${i}. ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(6)}`,
    '',
    '## Steps',
    '',
    '1. Open the portal.',
    '2. Choose **Settings**.',
    `3. See [the next article](a${sibling}.md#steps).`,
    '',
    '![Screenshot](images/shot.png)',
    '',
    '| Field | Value |',
    '| --- | --- |',
    `| Case | ${i} |`,
    '',
  ].join('\n');
}

/** Write the tree: `articles` split over folders of 50. Returns the article files. */
async function generate(root: string, articles: number): Promise<string[]> {
  const perFolder = 50;
  const files: string[] = [];
  const folders = Math.ceil(articles / perFolder);
  for (let f = 0; f < folders; f++) {
    const kb = f % 4 === 0 ? `companies/company-${f % 20}` : 'central';
    const dir = path.join(root, 'content', kb, `area-${f % 10}`, `topic-${f}`);
    await mkdir(path.join(dir, 'images'), { recursive: true });
    await writeFile(path.join(dir, 'images', 'shot.png'), PNG);
    const count = Math.min(perFolder, articles - f * perFolder);
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const file = path.join(dir, `a${i}.md`);
        files.push(file);
        await writeFile(file, articleText(i, count, 'v0'));
      }),
    );
  }
  for (let c = 0; c < 20; c++) await writeFile(path.join(root, 'content', 'companies', `company-${c}`, '_company.yml'), `client_name: Company ${c} Ltd\n`).catch(() => undefined);
  return files.sort();
}

/** Subscribe to the preview's reload events. */
function subscribe(url: string, onEvent: (data: { paths: string[]; all: boolean }) => void): () => void {
  const req = request(new URL(EVENTS_ROUTE, url), (res) => {
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (block.includes('event: rebuild') && data !== undefined) onEvent(JSON.parse(data) as { paths: string[]; all: boolean });
      }
    });
  });
  req.end();
  return () => req.destroy();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN;
}

async function main(): Promise<void> {
  const keep = stringArg('dir');
  const root = keep === undefined ? await mkdtemp(path.join(os.tmpdir(), 'halo-kb-watch-bench-')) : path.resolve(keep);
  try {
    let t = performance.now();
    const files = await generate(root, ARTICLES);
    console.log(`Generated ${files.length} articles in ${((performance.now() - t) / 1000).toFixed(1)} s (${root})`);
    if (process.argv.includes('--built')) {
      t = performance.now();
      await buildContent((await loadConfig({ cwd: root, env: {} })).config);
      console.log(`halo-kb build (cold, fills the cache) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    t = performance.now();
    const lines: string[] = [];
    const session = await startWatch({ loadConfig: () => loadConfig({ cwd: root, env: {} }), port: 0, log: (line) => lines.push(line) });
    console.log(`Initial build and watcher ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const rebuildMs: number[] = [];
    session.onRebuild((e) => {
      if (e.report !== undefined) rebuildMs.push(e.report.ms);
    });
    let waiting: { contentPath: string; resolve: () => void } | undefined;
    const stop = subscribe(session.url, (data) => {
      if (waiting !== undefined && (data.all || data.paths.includes(waiting.contentPath))) waiting.resolve();
    });
    await new Promise((r) => setTimeout(r, 300));
    const latencies: number[] = [];
    for (let n = 0; n < EDITS; n++) {
      const file = files[Math.floor((n * 7919) % files.length)]!;
      const contentPath = path.relative(path.join(root, 'content'), file).split(path.sep).join('/');
      const i = Number(/a(\d+)\.md$/.exec(file)?.[1]);
      const received = new Promise<void>((resolve) => {
        waiting = { contentPath, resolve };
      });
      const started = performance.now();
      await writeFile(file, articleText(i, 50, `v${n + 1}`));
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000));
      if ((await Promise.race([received, timeout])) === 'timeout') throw new Error(`No reload event for ${contentPath} within 5 s`);
      latencies.push(performance.now() - started);
      waiting = undefined;
      await session.idle();
      await new Promise((r) => setTimeout(r, PAUSE_MS));
    }
    // Adding and deleting single articles, for comparison (deletes include chokidar's 100 ms wait
    // for an atomic save's re-create).
    const timed = async (contentPath: string, act: () => Promise<void>): Promise<number> => {
      const received = new Promise<void>((resolve) => {
        waiting = { contentPath, resolve };
      });
      const started = performance.now();
      await act();
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000));
      if ((await Promise.race([received, timeout])) === 'timeout') throw new Error(`No reload event for ${contentPath} within 10 s`);
      waiting = undefined;
      const ms = performance.now() - started;
      await session.idle();
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      return ms;
    };
    const adds: number[] = [];
    const deletes: number[] = [];
    for (let n = 0; n < 5; n++) {
      const file = path.join(path.dirname(files[(n * 997) % files.length]!), `new-${n}.md`);
      const contentPath = path.relative(path.join(root, 'content'), file).split(path.sep).join('/');
      adds.push(await timed(contentPath, () => writeFile(file, articleText(n, 50, 'new'))));
      deletes.push(await timed(contentPath, () => rm(file)));
    }
    stop();
    await session.close();
    const sorted = [...latencies].sort((a, b) => a - b);
    const rebuilds = [...rebuildMs].sort((a, b) => a - b);
    console.log(`Single-article edit -> reload event, ${files.length} articles, ${EDITS} edits:`);
    console.log(`  median ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms (target < 100 ms)`);
    console.log(`  of which rebuild: median ${percentile(rebuilds, 0.5).toFixed(1)} ms, max ${rebuilds.at(-1)?.toFixed(1)} ms; the rest is the write settling (awaitWriteFinish) and batching`);
    const median = (list: number[]): string =>
      percentile(
        [...list].sort((a, b) => a - b),
        0.5,
      ).toFixed(1);
    console.log(`  adding an article: median ${median(adds)} ms; deleting one: median ${median(deletes)} ms (5 each)`);
    console.log(`  terminal: ${lines.at(-1) ?? ''}`);
    if (percentile(sorted, 0.5) > 100) process.exitCode = 1;
  } finally {
    if (keep === undefined) await rm(root, { recursive: true, force: true });
  }
}

await main();
