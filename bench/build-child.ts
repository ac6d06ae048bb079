/**
 * One build as `halo-kb build` does it, in a process of its own that build-bench.ts starts: the
 * config, the build, the problems and summary it prints, the output it writes. It imports no more
 * than the command does, so its process wall is a `halo-kb build`'s. Prints the figures as JSON.
 *
 *   node dist-bench/build-child.js ROOT
 */
import { buildTree } from '#halo-kb/compile/build.js';
import { prepareOutput } from '#halo-kb/compile/build-output.js';
import { writeOutput } from '#halo-kb/compile/write-output.js';
import { loadConfig } from '#halo-kb/config/load.js';
import { allDiagnostics, summarizeBuild } from '#halo-kb/report/build-summary.js';
import { formatDiagnostics } from '#halo-kb/report/diagnostics.js';

async function childBuild(root: string): Promise<void> {
  const started = performance.now();
  const { config } = await loadConfig({ cwd: root, env: {} });
  const tree = await buildTree(config);
  // As the command does: the articles are listed only when the output is out of date, and the
  // HTML read only of the files written.
  const { result, changes, html } = await prepareOutput(tree, { outDir: config.outDir, group: config.faqLists.group, generator: 'bench', strict: false, index: false, write: true, rewrite: false });
  formatDiagnostics(allDiagnostics(result), 'text');
  summarizeBuild(result);
  const writing = performance.now();
  if (changes !== undefined) await writeOutput(config.outDir, changes, html);
  const ms = performance.now() - started;
  const writeMs = performance.now() - writing;
  const errors = result.tally.withErrors;
  if (errors > 0) throw new Error(`${errors} articles have errors, e.g. ${JSON.stringify(result.tally.diagnostics.find((d) => d.severity === 'error'))}`);
  process.stdout.write(JSON.stringify({ ms, writeMs, maxRssMb: process.resourceUsage().maxRSS / 1024, compiled: result.stats.compiled, reused: result.stats.reused }));
}

const root = process.argv[2];
if (root === undefined) {
  console.error('usage: node dist-bench/build-child.js ROOT');
  process.exitCode = 64;
} else {
  await childBuild(root);
}
