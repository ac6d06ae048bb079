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
import { hasChanges } from '../plan/summary.js';
import type { Plan } from '../plan/types.js';
import type { PublishResult } from '../publish/results.js';
import type { RunOptions, RunOutcome } from '../publish/run.js';
import { githubWarning } from '../report/diagnostics.js';
import { heldBackText, publishText } from '../report/publish-text.js';
import { PLAN_SCHEMA, planJson } from '../report/plan-json.js';
import type { ReportFormat } from '../report/plan-report.js';
import { heldBack, heldBackWords, runVerdict, type RunVerdict } from '../report/run-verdict.js';
import { HELD_BACK_HINT } from '../report/status.js';
import type { HaloEventHandler } from '../halo/events.js';
import { redact } from '../secrets.js';
import { strictOption } from './build.js';
import { reportHaloProgress } from './halo-progress.js';
import { runStatus, type StatusFlags } from './status.js';
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
  republishAll?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  json?: boolean;
  plan?: string;
  strict?: boolean;
  diff?: boolean;
  /** Paths given as arguments, resolved against the working directory. */
  paths?: string[];
}

function shared(command: Command): Command {
  return command
    .argument('[paths...]', 'act only on the articles at or under these content folders or files (retirements only happen on a full run)')
    .option('--content <dir>', 'content folder (default: content)')
    .option('--config <file>', 'config file (default: halo-kb.yml)')
    .option('--state <file>', 'state manifest (default: state/manifest.json)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--json', 'same as --format json')
    .option('--out <file>', 'save the plan as JSON (with fingerprints) to this file; publish --plan applies it')
    .option('--force', 'retire articles even past publish.max_retire')
    .option('--republish-all', "send every article again, changed or not (when Halo was changed behind halo-kb's back)")
    .option('--diff', "text format: show each changed article's text diff under its line (as the markdown report does)")
    .option('-v, --verbose', 'list unchanged articles too, and log every request to Halo on stderr (method, path, status, time)')
    .option('-q, --quiet', 'print only the summary and problems (no progress, retry or rate-limit lines)')
    .addOption(strictOption());
}

async function configFor(io: Io, flags: PlanFlags): Promise<Config> {
  const { config, warnings } = await loadConfig({ cwd: io.cwd, configFile: flags.config, env: io.env, content: flags.content, state: flags.state, strict: flags.strict });
  for (const w of warnings) err(io, `warning: ${w}`);
  return config;
}

/** Retries and rate-limit waits on stderr as they happen; with --verbose every request; none with --quiet. */
function haloProgress(io: Io, flags: PlanFlags): HaloEventHandler {
  return reportHaloProgress(io, { quiet: flags.quiet === true, verbose: flags.verbose === true });
}

/** The build to plan from: under --strict, with every warning an error (so such articles are not published). */
async function strictOrNot(config: Config): Promise<{ build?: BuildResult }> {
  if (!config.strict) return {};
  const { buildContent } = await import('../compile/build.js');
  return { build: strictBuild(await buildContent(config)) };
}

function targets(flags: PlanFlags): { paths?: string[] } {
  return flags.paths === undefined || flags.paths.length === 0 ? {} : { paths: flags.paths };
}

/** The flags, with the path arguments resolved against the working directory. */
function withPaths(io: Io, paths: string[], flags: PlanFlags): PlanFlags {
  return { ...flags, paths: paths.map((p) => path.resolve(io.cwd, p)) };
}

function formatOf(flags: PlanFlags): ReportFormat {
  return flags.json ? 'json' : (flags.format ?? 'text');
}

/** The result lines of a publish: what happened, then what was held back and why. */
function resultText(result: PublishResult, plan: Plan): string {
  const held = heldBackText(plan);
  return held === undefined ? publishText(result) : `${publishText(result)}\n${held}`;
}

/** The plan reports (and the diff library they show content changes with), loaded by the commands that report a plan. */
interface Reports {
  planMarkdown: typeof import('../report/plan-markdown.js').planMarkdown;
  planText: typeof import('../report/plan-report.js').planText;
}

/**
 * The plan reports, loaded before Halo is reached: an install that cannot load them fails before
 * publishing anything, not after.
 */
async function loadReports(): Promise<Reports> {
  const [{ planMarkdown }, { planText }] = await Promise.all([import('../report/plan-markdown.js'), import('../report/plan-report.js')]);
  return { planMarkdown, planText };
}

function render({ planMarkdown, planText }: Reports, outcome: RunOutcome, format: ReportFormat, io: Io, flags: PlanFlags, verdict: RunVerdict | undefined): string {
  // Only the articles the report shows are read: a reused build decodes an article's HTML on first use.
  const byKey = new Map(outcome.build.articles.map((a) => [a.key, a]));
  const htmlOf = (key: string): string | undefined => byKey.get(key)?.html;
  if (format === 'json') return JSON.stringify(planJson(outcome.plan, outcome.result, outcome.fingerprints, verdict), null, 2);
  if (format === 'markdown') {
    const body = planMarkdown(outcome.plan, htmlOf);
    return outcome.result === undefined ? body : `${body}\n\n### Result\n\n${resultText(outcome.result, outcome.plan)}`;
  }
  // --quiet leaves out the per-article lines: only problems, guards and the summary remain.
  const shown = flags.quiet ? { ...outcome.plan, articles: [], faqLists: [] } : outcome.plan;
  const text = planText(shown, { color: useColor(io), verbose: flags.verbose === true, ...(flags.diff === true ? { diff: htmlOf } : {}) });
  return outcome.result === undefined ? text : `${text}\n${resultText(outcome.result, outcome.plan)}`;
}

async function report(reports: Reports, outcome: RunOutcome, io: Io, flags: PlanFlags, verdict?: RunVerdict): Promise<void> {
  const format = formatOf(flags);
  const text = render(reports, outcome, format, io, flags, verdict);
  if (text !== '') out(io, text);
  if (flags.out !== undefined) {
    const file = path.resolve(io.cwd, flags.out);
    await writeFile(file, `${redact(JSON.stringify(planJson(outcome.plan, outcome.result, outcome.fingerprints, verdict), null, 2))}\n`);
  }
}

/** Held-back retirements as a GitHub Actions warning on the run, beside the plain lines of the report. */
function annotateHeldBack(io: Io, flags: PlanFlags, plan: Plan): void {
  if (io.env['GITHUB_ACTIONS'] !== 'true') return;
  const held = heldBack(plan);
  if (held.count === 0) return;
  const line = githubWarning('halo-kb: retirements held back', `${heldBackWords({ count: held.count, faqLists: held.faqLists.length })} not made. ${plan.guards.join(' ')}\n${HELD_BACK_HINT}`);
  // stdout holds the report; JSON and Markdown there are read by programs, so the annotation goes to stderr, which the runner reads too.
  if (formatOf(flags) === 'text') out(io, line);
  else err(io, line);
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

async function readSavedPlan(file: string): Promise<{ expect: Fingerprints; expectScope?: string[] }> {
  let data: { schema?: string; fingerprints?: Fingerprints; scope?: unknown };
  try {
    data = JSON.parse(await readFile(file, 'utf8')) as typeof data;
  } catch (error) {
    throw new HaloKbError('PLAN_UNREADABLE', `Cannot read the saved plan ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (data.schema !== PLAN_SCHEMA || data.fingerprints === undefined) {
    throw new HaloKbError('PLAN_UNREADABLE', `${file} is not a plan saved by "halo-kb plan --out".`);
  }
  // Plans saved before scope lines were written carry none: they are not checked for it.
  const scope = Array.isArray(data.scope) ? data.scope.map(String) : undefined;
  return scope === undefined ? { expect: data.fingerprints } : { expect: data.fingerprints, expectScope: scope };
}

/**
 * Run a publish, or a plan (`dryRun`), with what the flags ask for and `more`, loading the
 * reports meanwhile.
 */
async function publishRun(io: Io, flags: PlanFlags, config: Config, more: Pick<RunOptions, 'dryRun'> & Partial<RunOptions>) {
  const [{ runPublish }, reports] = await Promise.all([import('../publish/run.js'), loadReports()]);
  const outcome = await runPublish(config, {
    force: flags.force === true,
    republishAll: flags.republishAll === true,
    onEvent: haloProgress(io, flags),
    clock: io.clock,
    ...(await strictOrNot(config)),
    ...targets(flags),
    ...more,
  });
  return { outcome, reports };
}

async function runPlan(io: Io, flags: PlanFlags): Promise<number> {
  const { outcome, reports } = await publishRun(io, flags, await configFor(io, flags), { dryRun: true });
  await report(reports, outcome, io, flags);
  if (outcome.plan.diagnostics.some((d) => d.severity === 'error')) return ExitCode.failure;
  if (flags.detailedExitcode) return hasChanges(outcome.plan) ? ExitCode.changes : ExitCode.ok;
  return ExitCode.ok;
}

async function runPublishCommand(io: Io, flags: PlanFlags): Promise<number> {
  if (flags.dryRun) return runPlan(io, flags);
  const config = await configFor(io, flags);
  const onProgress = flags.quiet ? undefined : progress(io);
  const saved = flags.plan === undefined ? undefined : await readSavedPlan(path.resolve(io.cwd, flags.plan));
  const { outcome, reports } = await publishRun(io, flags, config, { dryRun: false, ...(onProgress === undefined ? {} : { onProgress }), ...(saved ?? {}) });
  const result = outcome.result;
  if (result === undefined) throw new Error('publish returned no result');
  const verdict = outcome.verdict ?? runVerdict(outcome.build, outcome.plan, result);
  await report(reports, outcome, io, flags, verdict);
  annotateHeldBack(io, flags, outcome.plan);
  // Planned work left undone is a failure even when no request failed outright; articles left out
  // for errors are content errors; retirements held back are not success either.
  if (verdict.status === 'failed' || outcome.plan.diagnostics.some((d) => d.severity === 'error')) return ExitCode.failure;
  return verdict.heldBack !== undefined ? ExitCode.heldBack : ExitCode.ok;
}

const PUBLISH_EXIT_CODES = `
Exit codes:
  0   done: everything the plan named was published
  1   content errors (those articles were not published), a write that failed, or planned work left undone
  2   with --dry-run --detailed-exitcode: there are changes
  3   configuration or connection problem: nothing was attempted
  4   done, but retirements were held back by a guard: more than publish.max_retire (pass --force,
      or raise it), an empty content tree, or articles with errors
  64  the command line itself was wrong`;

export function registerPublish(program: Command, io: Io, setExit: SetExit): void {
  shared(program.command('plan'))
    .description('Show what publishing would change in Halo (a dry run: nothing is written).')
    .option('--detailed-exitcode', 'exit 0 when nothing would change, 2 when there are changes, 1 on errors')
    .action(async (paths: string[], flags: PlanFlags) => setExit(await runPlan(io, withPaths(io, paths, flags))));

  shared(program.command('publish'))
    .description('Publish the content tree to Halo: FAQ lists, articles, attachments; retire removed articles.')
    .option('--dry-run', 'only show the plan (same as halo-kb plan)')
    .option('--detailed-exitcode', 'with --dry-run: exit 2 when there are changes')
    .option('--plan <file>', 'apply a plan saved with plan --out, refusing if content or state moved since')
    .addHelpText('after', PUBLISH_EXIT_CODES)
    .action(async (paths: string[], flags: PlanFlags) => setExit(await runPublishCommand(io, withPaths(io, paths, flags))));

  program
    .command('status')
    .description('Show the last sync (ok, partial or failed) and the last error recorded in the state manifest; with --articles, what Halo holds of each article.')
    .argument('[paths...]', 'list only the articles at or under these content folders or files (implies --articles)')
    .option('--config <file>', 'config file (default: halo-kb.yml)')
    .option('--content <dir>', 'content folder (default: content)')
    .option('--state <file>', 'state manifest (default: state/manifest.json)')
    .addOption(new Option('--format <format>', 'text, or json for tooling').choices(['text', 'json']).default('text'))
    .option('--json', 'same as --format json')
    .option('--articles', 'list each article: its state, Halo id, when halo-kb last wrote it, its source and Halo URL')
    .option('--check-halo', 'also read Halo (one listing of its articles) to show articles edited or missing there (implies --articles)')
    .action(async (paths: string[], flags: StatusFlags) => runStatus(io, paths, flags));
}
