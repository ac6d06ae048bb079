/**
 * `halo-kb plan` (the dry-run diff report), `halo-kb publish`, and `halo-kb status`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { BuildResult } from '../compile/build.js';
import { strictBuild } from '../compile/strict.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { ExitCode, HaloKbError } from '../errors.js';
import type { Fingerprints } from '../plan/fingerprint.js';
import { err, out, useColor, type Io } from '../io.js';
import { readManifest } from '../plan/manifest.js';
import { hasChanges } from '../plan/plan.js';
import type { RunOutcome } from '../publish/run.js';
import { PLAN_SCHEMA, planJson, planMarkdown, planText, publishText, type ReportFormat } from '../report/plan-report.js';
import { redact } from '../secrets.js';
import { strictOption } from './build.js';
import { reportHaloWaits } from './halo-waits.js';
import type { SetExit } from './index.js';

interface PlanFlags {
  content?: string;
  config?: string;
  state?: string;
  format?: ReportFormat;
  out?: string;
  detailedExitcode?: boolean;
  dryRun?: boolean;
  force?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  json?: boolean;
  plan?: string;
  strict?: boolean;
}

/** The order counts are shown in. */
const ORDER = ['created', 'updated', 'unchanged', 'retired', 'unlisted', 'skipped', 'failed'];

function shared(command: Command): Command {
  return command
    .option('--content <dir>', 'content folder (default: content)')
    .option('--config <file>', 'config file (default: halo-kb.yml)')
    .option('--state <file>', 'state manifest (default: state/manifest.json)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--json', 'same as --format json')
    .option('--out <file>', 'save the plan as JSON (with fingerprints) to this file; publish --plan applies it')
    .option('--force', 'retire articles even past publish.max_retire')
    .option('-v, --verbose', 'list unchanged articles too')
    .option('-q, --quiet', 'print only the summary and problems')
    .addOption(strictOption());
}

async function configFor(io: Io, flags: PlanFlags): Promise<Config> {
  const { config, warnings } = await loadConfig({ cwd: io.cwd, configFile: flags.config, env: io.env, content: flags.content, state: flags.state, strict: flags.strict });
  for (const w of warnings) err(io, `warning: ${w}`);
  return config;
}

/** The build to plan from: under --strict, with every warning an error (so such articles are not published). */
async function strictOrNot(config: Config): Promise<{ build?: BuildResult }> {
  if (!config.strict) return {};
  const { buildContent } = await import('../compile/build.js');
  return { build: strictBuild(await buildContent(config)) };
}

function render(outcome: RunOutcome, format: ReportFormat, io: Io, flags: PlanFlags): string {
  // Only the articles the report shows are read: a reused build decodes an article's HTML on first use.
  const byKey = new Map(outcome.build.articles.map((a) => [a.key, a]));
  const htmlOf = (key: string): string | undefined => byKey.get(key)?.html;
  if (format === 'json') return JSON.stringify(planJson(outcome.plan, outcome.result, outcome.fingerprints), null, 2);
  if (format === 'markdown') {
    const body = planMarkdown(outcome.plan, htmlOf);
    return outcome.result === undefined ? body : `${body}\n\n### Result\n\n${publishText(outcome.result)}`;
  }
  // --quiet leaves out the per-article lines: only problems, guards and the summary remain.
  const shown = flags.quiet ? { ...outcome.plan, articles: [], faqLists: [] } : outcome.plan;
  const text = planText(shown, { color: useColor(io), verbose: flags.verbose === true });
  return outcome.result === undefined ? text : `${text}\n${publishText(outcome.result)}`;
}

async function report(outcome: RunOutcome, io: Io, flags: PlanFlags): Promise<void> {
  const format: ReportFormat = flags.json ? 'json' : (flags.format ?? 'text');
  const text = render(outcome, format, io, flags);
  if (text !== '') out(io, text);
  if (flags.out !== undefined) {
    const file = path.resolve(io.cwd, flags.out);
    await writeFile(file, `${redact(JSON.stringify(planJson(outcome.plan, outcome.result, outcome.fingerprints), null, 2))}\n`);
  }
}

function progress(io: Io): ((done: number, total: number, what: string) => void) | undefined {
  if (io.stderr.isTTY === true) {
    return (done, total, what) => {
      const width = 30;
      const filled = Math.round((done / Math.max(total, 1)) * width);
      io.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${what}${done === total ? '\n' : ''}`);
    };
  }
  let last = -1;
  return (done, total, what) => {
    const step = Math.floor((done / Math.max(total, 1)) * 10);
    if (step !== last || done === total) {
      last = step;
      err(io, `publishing ${what}: ${done}/${total}`);
    }
  };
}

async function readSavedPlan(file: string): Promise<Fingerprints> {
  let data: { schema?: string; fingerprints?: Fingerprints };
  try {
    data = JSON.parse(await readFile(file, 'utf8')) as typeof data;
  } catch (error) {
    throw new HaloKbError('PLAN_UNREADABLE', `Cannot read the saved plan ${file}: ${(error as Error).message}`, {
      hint: 'Save a plan with "halo-kb plan --out plan.json" and pass that file.',
      cause: error,
    });
  }
  if (data.schema !== PLAN_SCHEMA || data.fingerprints === undefined) {
    throw new HaloKbError('PLAN_UNREADABLE', `${file} is not a plan saved by "halo-kb plan --out".`, {
      hint: 'Save a plan with "halo-kb plan --out plan.json" and pass that file.',
    });
  }
  return data.fingerprints;
}

async function runPlan(io: Io, flags: PlanFlags): Promise<number> {
  const config = await configFor(io, flags);
  const { runPublish } = await import('../publish/run.js');
  const outcome = await runPublish(config, { dryRun: true, force: flags.force === true, onEvent: reportHaloWaits(io), ...(await strictOrNot(config)) });
  await report(outcome, io, flags);
  if (outcome.plan.diagnostics.some((d) => d.severity === 'error')) return ExitCode.failure;
  if (flags.detailedExitcode) return hasChanges(outcome.plan) ? ExitCode.changes : ExitCode.ok;
  return ExitCode.ok;
}

async function runPublishCommand(io: Io, flags: PlanFlags): Promise<number> {
  if (flags.dryRun) return runPlan(io, flags);
  const config = await configFor(io, flags);
  const onProgress = flags.quiet ? undefined : progress(io);
  const expect = flags.plan === undefined ? undefined : await readSavedPlan(path.resolve(io.cwd, flags.plan));
  const { runPublish } = await import('../publish/run.js');
  const outcome = await runPublish(config, {
    dryRun: false,
    force: flags.force === true,
    onEvent: reportHaloWaits(io),
    ...(await strictOrNot(config)),
    ...(onProgress === undefined ? {} : { onProgress }),
    ...(expect === undefined ? {} : { expect }),
  });
  await report(outcome, io, flags);
  // Planned work left undone is a failure even when no request failed outright.
  const failed = (outcome.result?.errors.length ?? 0) > 0 || (outcome.result?.undone.length ?? 0) > 0 || outcome.plan.diagnostics.some((d) => d.severity === 'error');
  return failed ? ExitCode.failure : ExitCode.ok;
}

export function registerPublish(program: Command, io: Io, setExit: SetExit): void {
  shared(program.command('plan'))
    .description('Show what publishing would change in Halo (a dry run: nothing is written).')
    .option('--detailed-exitcode', 'exit 0 when nothing would change, 2 when there are changes, 1 on errors')
    .action(async (flags: PlanFlags) => setExit(await runPlan(io, flags)));

  shared(program.command('publish'))
    .description('Publish the content tree to Halo: FAQ lists, articles, attachments; retire removed articles.')
    .option('--dry-run', 'only show the plan (same as halo-kb plan)')
    .option('--detailed-exitcode', 'with --dry-run: exit 2 when there are changes')
    .option('--plan <file>', 'apply a plan saved with plan --out, refusing if content or state moved since')
    .action(async (flags: PlanFlags) => setExit(await runPublishCommand(io, flags)));

  program
    .command('status')
    .description('Show the last sync and the last error recorded in the state manifest.')
    .option('--config <file>', 'config file (default: halo-kb.yml)')
    .option('--state <file>', 'state manifest (default: state/manifest.json)')
    .option('--json', 'print the run records as JSON')
    .action(async (flags: PlanFlags) => {
      const config = await configFor(io, flags);
      const manifest = await readManifest(config.stateFile);
      const articles = Object.values(manifest.articles);
      if (flags.json) {
        out(io, JSON.stringify({ halo: manifest.halo ?? null, articles: articles.length, lastRun: manifest.lastRun ?? null, lastError: manifest.lastError ?? null }, null, 2));
        return;
      }
      out(io, `State: ${path.relative(io.cwd, config.stateFile) || config.stateFile}`);
      out(io, `Halo: ${manifest.halo ?? '(never published)'}`);
      out(io, `Articles: ${articles.filter((a) => a.retired === undefined).length} published, ${articles.filter((a) => a.retired !== undefined).length} retired`);
      const run = manifest.lastRun;
      out(io, `Last Sync: ${run === undefined ? 'never' : `${run.at} (${run.ok ? 'ok' : 'failed'}; ${ORDER.filter((k) => (run.counts[k] ?? 0) > 0).map((k) => `${run.counts[k]} ${k}`).join(', ') || 'no changes'})`}`);
      const last = manifest.lastError;
      out(io, `Last Error: ${last === undefined ? 'none' : `${last.at}: ${last.errors[0] ?? 'failed'}`}`);
    });
}
