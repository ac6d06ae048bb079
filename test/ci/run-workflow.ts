/**
 * Run a GitHub Actions workflow's job the way a runner would, closely enough to trust the commands
 * it contains: the env of the workflow, the job and the step (expressions evaluated against given
 * secrets, vars and github context), each step's `if:`, and every `run:` script in
 * `bash --noprofile --norc -eo pipefail` (GitHub's default shell), with `npx halo-kb` replaced by
 * the local build. `uses:` steps are the caller's business (checkout is a git clone here).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

export const BIN = path.resolve(import.meta.dirname, '../../dist/bin.js');

export interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

export interface Job {
  'runs-on': string;
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
  jobs: Record<string, Job>;
}

export async function readWorkflow(file: string): Promise<Workflow> {
  return parse(await readFile(file, 'utf8')) as Workflow;
}

export interface Context {
  secrets: Record<string, string>;
  vars: Record<string, string>;
  github: Record<string, unknown>;
  env: Record<string, string>;
}

function lookup(ctx: Context, dotted: string): unknown {
  let value: unknown = ctx;
  for (const part of dotted.split('.')) value = value === undefined || value === null ? undefined : (value as Record<string, unknown>)[part];
  return value;
}

/**
 * The small part of GitHub's expression language the generated workflows use: context lookups,
 * 'strings', `||`, `&&`, `==`, `!=`, `!` and `cancelled()`. Anything else throws, so a workflow
 * that grows beyond it fails the test instead of being run wrongly.
 */
export function evaluate(expression: string, ctx: Context): unknown {
  const text = expression.trim();
  const or = splitTop(text, '||');
  if (or.length > 1) return or.map((p) => evaluate(p, ctx)).find((v) => v !== '' && v !== undefined && v !== false) ?? evaluate(or.at(-1) ?? '', ctx);
  const and = splitTop(text, '&&');
  if (and.length > 1) return and.every((p) => truthy(evaluate(p, ctx)));
  for (const op of ['!=', '==']) {
    const sides = splitTop(text, op);
    if (sides.length === 2) {
      const same = String(evaluate(sides[0] ?? '', ctx) ?? '') === String(evaluate(sides[1] ?? '', ctx) ?? '');
      return op === '==' ? same : !same;
    }
  }
  if (text.startsWith('!')) return !truthy(evaluate(text.slice(1), ctx));
  if (text === 'cancelled()') return false;
  if (text === 'success()') return true;
  const quoted = /^'((?:[^']|'')*)'$/.exec(text);
  if (quoted) return (quoted[1] ?? '').replace(/''/g, "'");
  if (/^(secrets|vars|github|env)(\.[\w-]+)+$/.test(text)) return lookup(ctx, text) ?? '';
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
    else if (!quote && c === '(') depth++;
    else if (!quote && c === ')') depth--;
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

/** A step's `if:`: an expression with or without `${{ }}`. */
export function condition(text: string | undefined, ctx: Context): boolean {
  if (text === undefined) return true;
  const inner = /^\s*\$\{\{(.*)\}\}\s*$/.exec(text);
  return truthy(evaluate(inner ? (inner[1] ?? '') : text, ctx));
}

export interface StepRun {
  name: string;
  skipped: boolean;
  code: number;
  stdout: string;
  stderr: string;
}

export interface JobOptions {
  workspace: string;
  ctx: Omit<Context, 'env'>;
  /** Runner variables (GITHUB_*, PATH, HOME…). */
  runnerEnv: Record<string, string>;
  /** Steps handled by the caller or not run here, by id or `uses`. */
  skip?: (step: Step) => boolean;
}

/** Run a script as a runner does; asynchronously, since the emulator answers from this process. */
function runScript(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Run every `run:` step of `jobName` in order, stopping at the first failure as a runner does. */
export async function runJob(workflow: Workflow, jobName: string, options: JobOptions): Promise<StepRun[]> {
  const job = workflow.jobs[jobName];
  if (job === undefined) throw new Error(`No job ${jobName}`);
  const env: Record<string, string> = {};
  const ctx: Context = { ...options.ctx, env };
  for (const [k, v] of Object.entries(workflow.env ?? {})) env[k] = interpolate(String(v), ctx);
  for (const [k, v] of Object.entries(job.env ?? {})) env[k] = interpolate(String(v), ctx);
  const runs: StepRun[] = [];
  let failed = false;
  for (const step of job.steps) {
    const name = step.name ?? step.uses ?? step.run ?? '?';
    if (step.run === undefined || options.skip?.(step) === true) continue;
    const stepEnv = { ...env };
    for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = interpolate(String(v), ctx);
    // Without an `if:`, a step runs only while the job succeeds; cancelled() is never true here.
    const wanted = step.if === undefined ? !failed : (!failed || /always\(\)|!cancelled\(\)|failure\(\)/.test(step.if)) && condition(step.if, { ...ctx, env: stepEnv });
    if (!wanted) {
      runs.push({ name, skipped: true, code: 0, stdout: '', stderr: '' });
      continue;
    }
    const script = step.run.replace(/\bnpx halo-kb\b/g, `node ${JSON.stringify(BIN)}`);
    const { code, stdout, stderr } = await runScript(script, options.workspace, { ...options.runnerEnv, ...stepEnv });
    runs.push({ name, skipped: false, code, stdout, stderr });
    if (code !== 0) failed = true;
  }
  return runs;
}
