/**
 * `npm run bench:publish`: the request budget of publishing a 10,000-article tree to the emulator.
 * Halo's hosted API allows about 300 requests per rolling 5 minutes, so requests are the cost that
 * matters. Prints requests by kind for an initial publish, a publish with nothing changed and one
 * with one article changed, next to what a publisher that writes each article separately would
 * send, and wall times, with the emulator's rate limit at Halo's real figure. Loopback only.
 *
 *   node dist-bench/publish-bench.js [--articles 10000] [--batch 50] [--attachment-linking both|inline|endpoint]
 *
 * Publishing runs with default settings (`attachment_mode: auto`); `--attachment-linking` sets
 * which way the emulator's Halo links files, and the way found is printed.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildContent } from '#halo-kb/compile/build.js';
import { loadConfig } from '#halo-kb/config/load.js';
import { ATTACHMENT_LINKINGS, type AttachmentLinking } from '#halo-kb/halo/emulator/options.js';
import { startEmulator, type RunningEmulator } from '#halo-kb/halo/emulator/server.js';
import { runPublish } from '#halo-kb/publish/run.js';
import { plural } from '#halo-kb/report/plural.js';
import { countArg, stringArg } from './args.js';

const TOTAL = countArg('articles', 10_000);
const BATCH = countArg('batch', 50);
const LINKING = (stringArg('attachment-linking') ?? 'both') as AttachmentLinking;
if (!ATTACHMENT_LINKINGS.includes(LINKING)) throw new Error(`--attachment-linking takes one of ${ATTACHMENT_LINKINGS.join(', ')} (got ${JSON.stringify(LINKING)}).`);
const LISTS = ['network', 'printers', 'accounts', 'email', 'laptops'];

function folderOf(n: number): string {
  const kb = n % 5 === 4 ? `companies/${n % 2 === 0 ? 'contoso' : 'fabrikam'}` : 'central';
  return `${kb}/${LISTS[n % LISTS.length]}`;
}

async function generate(root: string): Promise<void> {
  await mkdir(path.join(root, 'content/companies/contoso'), { recursive: true });
  await mkdir(path.join(root, 'content/companies/fabrikam'), { recursive: true });
  await writeFile(path.join(root, 'content/companies/contoso/_company.yml'), 'client_name: Contoso Ltd\n');
  await writeFile(path.join(root, 'content/companies/fabrikam/_company.yml'), 'client_name: Fabrikam Inc\n');
  await writeFile(path.join(root, 'halo-kb.yml'), `halo:\n  batch_size: ${BATCH}\n`);
  for (const list of LISTS) await mkdir(path.join(root, 'content/central', list), { recursive: true });
  for (const list of LISTS) for (const c of ['contoso', 'fabrikam']) await mkdir(path.join(root, 'content/companies', c, list), { recursive: true });
  const writes: Promise<void>[] = [];
  for (let n = 0; n < TOTAL; n++) {
    // Every tenth article links to a central article; every hundredth has an image.
    const link = n % 10 === 0 ? `\n\nSee also [the basics](/central/network/kb-${String(((n + 5) % TOTAL) - (((n + 5) % TOTAL) % 5)).padStart(5, '0')}.md).` : '';
    const image = n % 100 === 0 ? `\n\n![Settings screen](kb-${String(n).padStart(5, '0')}.png)` : '';
    const file = path.join(root, 'content', folderOf(n), `kb-${String(n).padStart(5, '0')}.md`);
    writes.push(writeFile(file, `# Fixing issue ${n}\n\nRestart the device, then sign in again.${link}${image}\n\n| Step | Who |\n| --- | --- |\n| Restart | User |\n`));
    if (image !== '') writes.push(writeFile(file.replace(/\.md$/, '.png'), Buffer.alloc(2048, n % 251)));
    if (writes.length > 256) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
}

function writesOf(byKind: Record<string, number>): number {
  return Object.entries(byKind)
    .filter(([k]) => /^(POST|DELETE) \/api\//.test(k))
    .reduce((n, [, v]) => n + v, 0);
}

function show(label: string, emulator: RunningEmulator, ms: number, naive: number): void {
  const stats = emulator.stats();
  const kinds = Object.entries(stats.byKind)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(
    `${label.padEnd(26)} ${String(stats.total).padStart(6)} requests (${plural(writesOf(stats.byKind), 'write')}) in ${(ms / 1000).toFixed(2)} s; one-write-per-article publisher: ${naive} writes`,
  );
  console.log(`${''.padEnd(26)} ${kinds}`);
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'halo-kb-publish-bench-'));
  try {
    await generate(root);
    // The initial publish may need more than Halo's 300 requests per 5 minutes: it runs against a
    // window 100 times shorter, and the wall time at the real window is worked out from its count.
    const emulator = await startEmulator({ dataFile: path.join(root, 'emulator.json'), rateLimit: { requests: 300, windowSeconds: 3 }, attachmentLinking: LINKING });
    const env = { HALO_URL: emulator.url, HALO_CLIENT_ID: emulator.clientId, HALO_CLIENT_SECRET: emulator.clientSecret, HALO_TENANT: emulator.tenant };
    const fast = (await loadConfig({ root, cwd: root, env })).config;
    fast.halo.windowSeconds = 3;
    const built = await buildContent(fast);
    const ready = built.articles.filter((a) => !a.draft && !a.hasErrors).length;
    const images = built.articles.reduce((n, a) => n + a.attachments.length, 0);
    console.log(
      `halo-kb publish benchmark: ${TOTAL} articles (${ready} publishable, ${images} images), batch ${BATCH}, emulator on ${emulator.url} linking files ${LINKING === 'both' ? 'either way' : LINKING}`,
    );

    let t = performance.now();
    const first = await runPublish(fast, { dryRun: false, build: built });
    const firstMs = performance.now() - t;
    show('initial publish', emulator, firstMs, ready + images + built.faqLists.length + 1);
    const total = emulator.stats().total;
    // At Halo's real limit every 300 requests beyond the first 300 wait for a 5-minute window.
    const waits = Math.max(0, Math.ceil(total / 300) - 1);
    console.log(
      `${''.padEnd(26)} at 300 requests / 5 min: about ${(waits * 5 + firstMs / 60_000).toFixed(1)} min (${waits} full window${waits === 1 ? '' : 's'} + local work); bound ceil(N/batch) = ${Math.ceil(ready / BATCH)} article writes`,
    );
    console.log(`${''.padEnd(26)} attachment mode: ${first.manifest.haloProfile?.attachmentMode?.mode ?? 'not found'} (found on the first upload)`);
    if ((first.result?.errors.length ?? 0) > 0) console.log(`errors: ${first.result?.errors.slice(0, 3).join(' | ')}`);
    await emulator.close();

    // From here on, the real window: 300 requests per 300 s. The same Halo at the same address: a new
    // address would (rightly) rewrite every article whose links carry it.
    const real = await startEmulator({ dataFile: path.join(root, 'emulator.json'), port: emulator.port, rateLimit: { requests: 300, windowSeconds: 300 }, attachmentLinking: LINKING });
    const env2 = { HALO_URL: real.url, HALO_CLIENT_ID: real.clientId, HALO_CLIENT_SECRET: real.clientSecret, HALO_TENANT: real.tenant };
    const config = (await loadConfig({ root, cwd: root, env: env2 })).config;
    t = performance.now();
    const rebuilt = await buildContent(config);
    const buildMs = performance.now() - t;
    t = performance.now();
    await runPublish(config, { dryRun: false, build: rebuilt });
    show('publish, nothing changed', real, performance.now() - t, ready);
    console.log(`${''.padEnd(26)} local work: warm build ${(buildMs / 1000).toFixed(2)} s + plan and publish above`);

    const one = path.join(root, 'content', folderOf(1), 'kb-00001.md');
    await writeFile(one, '# Fixing issue 1\n\nRestart the device, then sign in again. Updated.\n');
    real.resetStats();
    t = performance.now();
    await runPublish(config, { dryRun: false });
    show('publish, one changed', real, performance.now() - t, ready);
    await real.close();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
