/**
 * Run a GitHub Actions workflow's job the way a runner would, closely enough to trust the commands
 * it contains: the env of the workflow, the job and the step (expressions evaluated against given
 * secrets, vars and github context), each step's `if:`, and every `run:` script in
 * bash as GitHub runs it: `bash --noprofile --norc -eo pipefail` where the workflow or step says
 * `shell: bash`, plain `bash -e` where it says nothing (GitHub's default, without pipefail). `halo-kb` is whatever the PATH
 * given finds (the caller's stand-in for the install step, or what the install step put on
 * $GITHUB_PATH). `uses:` steps are the caller's business (checkout is a git clone here).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

export const BIN = path.resolve(import.meta.dirname, '../../dist/bin.js');

/** A `halo-kb` on PATH that runs the local build: what the install step provides when it is skipped. */
export const HALO_KB_SHIM = `#!/usr/bin/env bash\nexec node ${JSON.stringify(BIN)} "$@"\n`;

export interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

export interface Job {
  'runs-on': string;
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  environment?: string;
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
  [key: string]: unknown;
}

export interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  env?: Record<string, string>;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, Job>;
}

export async function readWorkflow(file: string): Promise<Workflow> {
  return parse(await readFile(file, 'utf8')) as Workflow;
}

/** What a step left for the ones after it: `steps.<id>.outcome` and `steps.<id>.outputs`. */
export interface StepResult {
  outcome: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
}

export interface Context {
  secrets: Record<string, string>;
  vars: Record<string, string>;
  github: Record<string, unknown>;
  env: Record<string, string>;
  inputs?: Record<string, unknown>;
  steps?: Record<string, StepResult>;
  /** `needs.<job>.outputs` and `.result`. */
  needs?: Record<string, { result: string; outputs: Record<string, string> }>;
}

function lookup(ctx: Context, dotted: string): unknown {
  let value: unknown = ctx;
  for (const part of dotted.split('.')) value = value === undefined || value === null ? undefined : (value as Record<string, unknown>)[part];
  return value;
}

/**
 * The small part of GitHub's expression language the generated workflows use: context lookups,
 * 'strings', parentheses, `||` and `&&` (which, as in GitHub, give one of their operands, not a
 * boolean), `==`, `!=`, `!`, `cancelled()` and `success()`. Anything else throws, so a workflow
 * that grows beyond it fails the test instead of being run wrongly.
 */
export function evaluate(expression: string, ctx: Context): unknown {
  const text = expression.trim();
  const or = splitTop(text, '||');
  if (or.length > 1) {
    let value: unknown;
    for (const part of or) {
      value = evaluate(part, ctx);
      if (truthy(value)) return value;
    }
    return value;
  }
  const and = splitTop(text, '&&');
  if (and.length > 1) {
    let value: unknown;
    for (const part of and) {
      value = evaluate(part, ctx);
      if (!truthy(value)) return value;
    }
    return value;
  }
  for (const op of ['!=', '==']) {
    const sides = splitTop(text, op);
    if (sides.length === 2) {
      const same = String(evaluate(sides[0] ?? '', ctx) ?? '') === String(evaluate(sides[1] ?? '', ctx) ?? '');
      return op === '==' ? same : !same;
    }
  }
  if (text.startsWith('!')) return !truthy(evaluate(text.slice(1), ctx));
  if (text.startsWith('(') && text.endsWith(')') && splitTop(text.slice(1, -1), ')').length === 1) return evaluate(text.slice(1, -1), ctx);
  if (text === 'cancelled()') return false;
  if (text === 'success()') return true;
  const quoted = /^'((?:[^']|'')*)'$/.exec(text);
  if (quoted) return (quoted[1] ?? '').replace(/''/g, "'");
  if (/^(secrets|vars|github|env|inputs|steps|needs)(\.[\w-]+)+$/.test(text)) return lookup(ctx, text) ?? '';
  throw new Error(`Expression not supported by the test runner: ${text}`);
}

function splitTop(text: string, op: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quote = !quote;
    else if (!quote && c === '(' && op !== '(') depth++;
    else if (!quote && c === ')' && depth > 0) depth--;
    else if (!quote && depth === 0 && text.startsWith(op, i)) {
      parts.push(text.slice(start, i));
      start = i + op.length;
      i += op.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function truthy(value: unknown): boolean {
  return value !== '' && value !== undefined && value !== null && value !== false && value !== 0;
}

/** A value with `${{ … }}` interpolated. */
export function interpolate(value: string, ctx: Context): string {
  return value.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => String(evaluate(expr, ctx) ?? ''));
}

/** An `if:`: an expression with or without `${{ }}`. */
export function condition(text: string | undefined, ctx: Context): boolean {
  if (text === undefined) return true;
  const inner = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(text);
  return truthy(evaluate(inner ? (inner[1] ?? '') : text, ctx));
}

export interface StepRun {
  name: string;
  id: string | undefined;
  skipped: boolean;
  code: number;
  stdout: string;
  stderr: string;
  /** The variables the workflow, the job and the step gave the script (not the runner's own). */
  env: Record<string, string>;
}

export interface JobRun {
  /** The job's `if:` was false: no step ran. */
  skipped: boolean;
  steps: StepRun[];
  /** The job's `outputs:`, evaluated after its steps. */
  outputs: Record<string, string>;
}

export interface JobOptions {
  workspace: string;
  ctx: Pick<Context, 'secrets' | 'vars' | 'github' | 'inputs' | 'needs'>;
  /** Runner variables (GITHUB_*, PATH, HOME…). */
  runnerEnv: Record<string, string>;
  /** Steps handled by the caller or not run here, by id or `uses`. */
  skip?: (step: Step) => boolean;
}

/** Run a script as a runner does; asynchronously, since the emulator answers from this process. */
function runScript(script: string, cwd: string, env: Record<string, string>, pipefail: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const flags = pipefail ? ['--noprofile', '--norc', '-eo', 'pipefail'] : ['-e'];
    const child = spawn('bash', [...flags, '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** `name=value` lines of a $GITHUB_OUTPUT file (the `name<<EOF` form is not used by the workflows). */
async function readOutputs(file: string): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {};
  const text = await readFile(file, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
  }
  return outputs;
}

/**
 * Run every `run:` step of `jobName` in order as a runner does: the job's `if:`, each step's `if:`
 * (a failed step stops the ones without a status function), $GITHUB_OUTPUT read back into
 * `steps.<id>.outputs`, $GITHUB_PATH added to PATH for the steps after.
 */
export async function runJob(workflow: Workflow, jobName: string, options: JobOptions): Promise<JobRun> {
  const job = workflow.jobs[jobName];
  if (job === undefined) throw new Error(`No job ${jobName}`);
  const env: Record<string, string> = {};
  const steps: Record<string, StepResult> = {};
  const ctx: Context = { inputs: {}, needs: {}, ...options.ctx, env, steps };
  if (!condition(job.if, ctx)) return { skipped: true, steps: [], outputs: {} };
  for (const [k, v] of Object.entries(workflow.env ?? {})) env[k] = interpolate(String(v), ctx);
  for (const [k, v] of Object.entries(job.env ?? {})) env[k] = interpolate(String(v), ctx);
  const files = await mkdtemp(path.join(tmpdir(), 'halo-kb-runner-'));
  const addedPath: string[] = [];
  const runs: StepRun[] = [];
  let failed = false;
  try {
    for (const [index, step] of job.steps.entries()) {
      const name = step.name ?? step.uses ?? step.run ?? '?';
      if (step.run === undefined || options.skip?.(step) === true) {
        // The caller did its work (or it is an action): it counts as done.
        if (step.id !== undefined) steps[step.id] = { outcome: 'success', outputs: {} };
        continue;
      }
      const stepEnv = { ...env };
      for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = interpolate(String(v), ctx);
      // Without an `if:`, a step runs only while the job succeeds; cancelled() is never true here.
      const wanted = step.if === undefined ? !failed : (!failed || /always\(\)|!cancelled\(\)|failure\(\)/.test(step.if)) && condition(step.if, { ...ctx, env: stepEnv });
      if (!wanted) {
        runs.push({ name, id: step.id, skipped: true, code: 0, stdout: '', stderr: '', env: stepEnv });
        if (step.id !== undefined) steps[step.id] = { outcome: 'skipped', outputs: {} };
        continue;
      }
      const output = path.join(files, `output-${index}`);
      const pathFile = path.join(files, `path-${index}`);
      await writeFile(output, '');
      await writeFile(pathFile, '');
      const runnerPath = [...addedPath, options.runnerEnv['PATH'] ?? ''].join(':');
      const shell = step.shell ?? workflow.defaults?.run?.shell;
      const { code, stdout, stderr } = await runScript(
        step.run,
        options.workspace,
        { ...options.runnerEnv, PATH: runnerPath, GITHUB_OUTPUT: output, GITHUB_PATH: pathFile, ...stepEnv },
        shell === 'bash',
      );
      runs.push({ name, id: step.id, skipped: false, code, stdout, stderr, env: stepEnv });
      if (step.id !== undefined) steps[step.id] = { outcome: code === 0 ? 'success' : 'failure', outputs: await readOutputs(output) };
      addedPath.unshift(
        ...(await readFile(pathFile, 'utf8'))
          .split('\n')
          .filter((l) => l !== '')
          .reverse(),
      );
      if (code !== 0) failed = true;
    }
  } finally {
    await rm(files, { recursive: true, force: true });
  }
  const outputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(job.outputs ?? {})) outputs[k] = interpolate(String(v), ctx);
  return { skipped: false, steps: runs, outputs };
}

/** The `needs` context for a job after `run`: its result and outputs. */
export function needsOf(jobName: string, run: JobRun): NonNullable<Context['needs']> {
  const result = run.skipped ? 'skipped' : run.steps.some((s) => !s.skipped && s.code !== 0) ? 'failure' : 'success';
  return { [jobName]: { result, outputs: run.outputs } };
}
