/**
 * The generated workflows, run as GitHub would run them: `halo-kb init` pinning a packed halo-kb
 * (package-lock.json made by npm against a registry on 127.0.0.1), a git repository with a bare
 * origin, the install step (`npm ci` offline from that lockfile), pull requests (validate, plan to
 * the job summary, one PR comment updated in place, failures shown everywhere), a merge into main
 * (publish, manifest committed back with [skip ci]), runs by hand, and the scheduled drift check in
 * report and repair modes. Halo is the emulator on 127.0.0.1; `gh` is a stub that records calls.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';
import { PLAN_COMMENT_MARKER, PUBLISH_WORKFLOW, PULL_REQUEST_WORKFLOW } from '../../src/init/workflows.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-tree.js';
import { packHaloKb, startRegistry, type LocalRegistry } from '../init/npm-fixture.js';
import { writesOf } from '../publish/publish-fixture.js';
import { git, gitEnv } from './git.js';
import { HALO_KB_SHIM, needsOf, readWorkflow, runJob, type JobRun, type Step, type StepRun, type Workflow } from './run-workflow.js';

// Each step runs real halo-kb processes: on a busy two-core machine a job takes tens of seconds.
vi.setConfig({ testTimeout: 120_000 });

const SECRET = 'ci-test-secret-5d1e8a';
const run = promisify(execFile);

/** A `gh` that answers the comment listing from a file and records every call. */
const GH_STUB = `#!/usr/bin/env bash
set -euo pipefail
log="$GH_STUB_DIR/calls.log"
echo "$*" >> "$log"
if [[ " $* " == *" --paginate "* ]]; then cat "$GH_STUB_DIR/comment-id" 2>/dev/null || true; exit 0; fi
for arg in "$@"; do
  if [[ "$arg" == body=@* ]]; then cp "\${arg#body=@}" "$GH_STUB_DIR/last-body.md"; fi
done
if [[ " $* " == *" --method POST "* ]]; then echo 101 > "$GH_STUB_DIR/comment-id"; fi
echo '{}'
`;

let base: string;
let home: string;
let origin: string;
let author: string;
let ghDir: string;
let shimDir: string;
let emulator: RunningEmulator;
let registry: LocalRegistry;
let prWorkflow: Workflow;
let publishWorkflow: Workflow;

function skipInstall(step: Step): boolean {
  return step.id === 'install';
}

function ok(runs: StepRun[]): void {
  for (const r of runs) expect(r.code, `${r.name}\n${r.stdout}\n${r.stderr}`).toBe(0);
}

function names(job: JobRun): [string, boolean][] {
  return job.steps.map((r) => [r.name, r.skipped]);
}

function step(job: JobRun, name: string): StepRun {
  const found = job.steps.find((s) => s.name === name);
  if (found === undefined) throw new Error(`No step ${name} in ${job.steps.map((s) => s.name).join(', ')}`);
  return found;
}

/** actions/checkout: a fresh clone at `ref`. */
function checkout(name: string, ref: string): string {
  const workspace = path.join(base, name);
  git(base, home, 'clone', '--quiet', '--branch', ref, origin, workspace);
  return workspace;
}

/** The runner's own variables; `halo-kb` on PATH is the local build unless `withShim` is false. */
function runnerEnv(refName: string, summary: string, withShim = true): Record<string, string> {
  return {
    ...gitEnv(home),
    PATH: `${withShim ? `${shimDir}:` : ''}${ghDir}:${process.env['PATH'] ?? ''}`,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/it-kb',
    GITHUB_REF_NAME: refName,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_STEP_SUMMARY: summary,
    GH_STUB_DIR: ghDir,
    NO_COLOR: '1',
    // npm in the install step: nothing from the network, everything from the cache by its hash.
    npm_config_offline: 'true',
    npm_config_cache: process.env['npm_config_cache'] ?? path.join(process.env['HOME'] ?? '/root', '.npm'),
    npm_config_fetch_retries: '0',
  };
}

const secrets = (halo: RunningEmulator = emulator): Record<string, string> => ({
  HALO_URL: halo.url,
  HALO_CLIENT_ID: halo.clientId,
  HALO_CLIENT_SECRET: SECRET,
  HALO_TENANT: halo.tenant,
});

interface PrOptions {
  secrets?: Record<string, string>;
  install?: boolean;
}

function pullRequestJob(workspace: string, summary: string, options: PrOptions = {}): Promise<JobRun> {
  return runJob(prWorkflow, 'check', {
    workspace,
    ctx: { secrets: options.secrets ?? {}, vars: {}, github: { token: 'ghs_test', event_name: 'pull_request', event: { pull_request: { number: 7 } } } },
    runnerEnv: runnerEnv('7/merge', summary, options.install !== true),
    ...(options.install === true ? {} : { skip: skipInstall }),
  });
}

interface PublishOptions {
  vars?: Record<string, string>;
  github?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  needs?: ReturnType<typeof needsOf>;
  summary?: string;
}

function publishJob(workspace: string, options: PublishOptions = {}): Promise<JobRun> {
  const github = { ref_name: 'main', event_name: 'push', token: 'ghs_test', event: { repository: { default_branch: 'main' } }, ...options.github };
  return runJob(publishWorkflow, 'publish', {
    workspace,
    ctx: { secrets: secrets(), vars: options.vars ?? {}, github, inputs: options.inputs ?? {}, needs: options.needs ?? {} },
    runnerEnv: runnerEnv(String(github.ref_name), options.summary ?? path.join(base, 'publish-summary.md')),
    skip: skipInstall,
  });
}

function driftJob(workspace: string, summary: string, vars: Record<string, string> = {}): Promise<JobRun> {
  return runJob(publishWorkflow, 'drift', {
    workspace,
    ctx: { secrets: secrets(), vars, github: { ref_name: 'main', event_name: 'schedule' } },
    runnerEnv: runnerEnv('main', summary),
    skip: skipInstall,
  });
}

beforeAll(async () => {
  base = await tempDir('halo-kb-ci-');
  home = path.join(base, 'home');
  ghDir = path.join(base, 'gh');
  shimDir = path.join(base, 'shim');
  await Promise.all([mkdir(home), mkdir(ghDir), mkdir(shimDir)]);
  await writeFile(path.join(ghDir, 'gh'), GH_STUB);
  await chmod(path.join(ghDir, 'gh'), 0o755);
  await writeFile(path.join(shimDir, 'halo-kb'), HALO_KB_SHIM);
  await chmod(path.join(shimDir, 'halo-kb'), 0o755);
  emulator = await startEmulator({ clientSecret: SECRET });
  registry = await startRegistry();

  // The release tarball sits beside the clones, so file:../<tarball> holds in every one of them.
  const packed = await packHaloKb(base);
  origin = path.join(base, 'origin.git');
  git(base, home, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  author = path.join(base, 'author');
  const init = await runCli(['init', author, '--quiet', '--package', packed.tarball], base, registry.env);
  expect([init.code, init.stderr]).toEqual([0, '']);
  git(author, home, 'init', '--quiet', '--initial-branch=main');
  git(author, home, 'add', '.');
  git(author, home, 'commit', '--quiet', '-m', 'Start the knowledge base');
  git(author, home, 'remote', 'add', 'origin', origin);
  git(author, home, 'push', '--quiet', '-u', 'origin', 'main');

  prWorkflow = await readWorkflow(path.join(author, PULL_REQUEST_WORKFLOW));
  publishWorkflow = await readWorkflow(path.join(author, PUBLISH_WORKFLOW));
}, 60_000);

afterAll(async () => {
  await emulator.close();
  await registry.close();
});

describe('the generated workflows, run against the emulator', () => {
  it('install halo-kb with npm ci from the lockfile init wrote, with no secret in the step, and run it', async () => {
    const workspace = checkout('install', 'main');
    // No secrets (as for a fork): the install and validate steps alone.
    const job = await pullRequestJob(workspace, path.join(base, 'install-summary.md'), { install: true });
    const install = step(job, 'Install halo-kb');
    expect(install.code, install.stderr).toBe(0);
    expect(Object.keys(install.env).filter((k) => /HALO|TOKEN|SECRET/.test(k) && k !== 'HALO_KB_CAN_PLAN')).toEqual([]);
    // No halo-kb on PATH but the one the install step put there.
    const validate = step(job, 'Validate');
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toMatch(/^2 articles in 2 FAQ lists: 2 ready, 0 drafts, 0 with errors\./m);
    const lock = JSON.parse(await readFile(path.join(workspace, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; integrity?: string }> };
    expect(lock.packages['node_modules/halo-kb']?.integrity).toMatch(/^sha512-/);
    expect(JSON.parse(await readFile(path.join(workspace, 'node_modules/halo-kb/package.json'), 'utf8')).version).toBe(lock.packages['node_modules/halo-kb']?.version);

    // The installed halo-kb's init pins, by default, what it was installed from.
    const { stdout } = await run(path.join(workspace, 'node_modules/.bin/halo-kb'), ['init', '../from-installed', '--no-install'], { cwd: workspace });
    expect(stdout).toContain('package.json pins halo-kb from file:../halo-kb-0.1.0.tgz, where this halo-kb was installed from.');
    const created = JSON.parse(await readFile(path.join(base, 'from-installed/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(created.dependencies).toEqual({ 'halo-kb': 'file:../halo-kb-0.1.0.tgz' });
  }, 60_000);

  it('pull request: validate, plan to the job summary, one comment posted then updated', async () => {
    git(author, home, 'checkout', '--quiet', '-b', 'add-wifi');
    await mkdir(path.join(author, 'content/central/network'));
    await writeFile(path.join(author, 'content/central/network/wifi.md'), '# Office Wi-Fi\n\nStaff devices join CORP-SECURE automatically.\n');
    git(author, home, 'add', '.');
    git(author, home, 'commit', '--quiet', '-m', 'Add the Wi-Fi article');
    git(author, home, 'push', '--quiet', 'origin', 'add-wifi');

    const workspace = checkout('pr', 'add-wifi');
    const summary = path.join(base, 'pr-summary.md');
    const first = await pullRequestJob(workspace, summary, { secrets: secrets() });
    ok(first.steps);
    expect(names(first)).toEqual([
      ['Validate', false],
      ['Plan', false],
      ['Comment on the pull request', false],
    ]);
    expect(first.steps[2]?.stdout).toContain('Posted the plan comment.');
    // The report is in the log too.
    expect(first.steps[1]?.stdout).toContain('## halo-kb plan');
    const plan = await readFile(summary, 'utf8');
    expect(plan).toContain('## halo-kb plan');
    expect(plan).toContain('| Create | 3 |');
    expect(plan).toContain('content/central/network/wifi.md');
    const body = await readFile(path.join(ghDir, 'last-body.md'), 'utf8');
    expect(body.startsWith(`${PLAN_COMMENT_MARKER}\n## halo-kb plan`)).toBe(true);

    const second = await pullRequestJob(workspace, summary, { secrets: secrets() });
    ok(second.steps);
    expect(second.steps[2]?.stdout).toContain('Updated the plan comment (101).');
    const calls = (await readFile(path.join(ghDir, 'calls.log'), 'utf8')).trim().split('\n');
    expect(calls.filter((c) => c.startsWith('api --method POST repos/acme/it-kb/issues/7/comments'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('api --method PATCH repos/acme/it-kb/issues/comments/101'))).toHaveLength(1);
    // A plan never writes to Halo.
    expect(writesOf(emulator)).toBe(0);
  });

  it('pull request: the read-only application plans when its secrets exist; the publishing one is not used', async () => {
    const workspace = checkout('pr-read-only', 'add-wifi');
    const readOnly = { ...secrets(), HALO_READ_CLIENT_ID: emulator.clientId, HALO_READ_CLIENT_SECRET: SECRET, HALO_CLIENT_ID: 'publisher', HALO_CLIENT_SECRET: 'publisher-secret-7c41' };
    const job = await pullRequestJob(workspace, path.join(base, 'read-only-summary.md'), { secrets: readOnly });
    ok(job.steps);
    expect([step(job, 'Plan').env['HALO_CLIENT_ID'], step(job, 'Plan').env['HALO_CLIENT_SECRET']]).toEqual([emulator.clientId, SECRET]);
  });

  it('pull request from a fork: no secrets, so only validate runs; problems become annotations', async () => {
    const workspace = checkout('fork', 'add-wifi');
    await writeFile(path.join(workspace, 'content/central/network/wifi.md'), '# Office Wi-Fi\n\nSee [the printer guide](printers.md).\n');
    const job = await pullRequestJob(workspace, path.join(base, 'fork-summary.md'));
    expect(job.steps[0]?.code).toBe(1);
    expect(job.steps[0]?.stdout).toMatch(/^::error file=content\/central\/network\/wifi\.md,line=3,col=\d+,title=halo-kb [\w-]+::/m);
    expect(job.steps.slice(1).map((r) => r.skipped)).toEqual([true, true]);
  });

  it('pull request: a plan that fails on what only Halo knows says why in the log, annotations, summary and comment, then fails', async () => {
    const noCustomers = await startEmulator({ clientSecret: SECRET, seedClients: false });
    try {
      const workspace = checkout('pr-unknown-customer', 'add-wifi');
      const summary = path.join(base, 'unknown-customer-summary.md');
      const job = await pullRequestJob(workspace, summary, { secrets: secrets(noCustomers) });
      expect(names(job)).toEqual([
        ['Validate', false],
        ['Plan', false],
        ['Comment on the pull request', false],
      ]);
      const plan = step(job, 'Plan');
      expect(plan.code).toBe(1);
      const problem = 'No Halo customer is named "Contoso Ltd", so the articles of companies/contoso cannot be restricted to it.';
      expect(plan.stdout).toContain(`- \`content/companies/contoso/_company.yml\` ${problem}`);
      expect(plan.stdout).toContain(`::error file=content/companies/contoso/_company.yml,title=halo-kb unknown-client::${problem}\n`);
      expect(plan.stdout).toContain("::error title=halo-kb plan::halo-kb plan failed (exit code 1): the reason is in this step's log, the job summary and the pull request comment.");
      const shown = await readFile(summary, 'utf8');
      expect(shown).toContain(problem);
      expect(shown).toContain('**halo-kb plan failed** (exit code 1).');
      expect(step(job, 'Comment on the pull request').code).toBe(0);
      const body = await readFile(path.join(ghDir, 'last-body.md'), 'utf8');
      expect(body).toContain(problem);
      expect(body).toContain('**halo-kb plan failed** (exit code 1).');
    } finally {
      await noCustomers.close();
    }
  });

  it('pull request: a plan that cannot log in puts the error in the summary and comment, never the secret', async () => {
    const workspace = checkout('pr-bad-secret', 'add-wifi');
    const summary = path.join(base, 'bad-secret-summary.md');
    const wrong = 'wrong-secret-0e9b1f';
    const job = await pullRequestJob(workspace, summary, { secrets: { ...secrets(), HALO_CLIENT_SECRET: wrong } });
    const plan = step(job, 'Plan');
    expect(plan.code).toBe(3);
    expect(plan.stderr).toContain('error: Halo rejected the client credentials (invalid_client)');
    const body = await readFile(path.join(ghDir, 'last-body.md'), 'utf8');
    for (const text of [await readFile(summary, 'utf8'), body]) {
      expect(text).toContain('**halo-kb plan failed** (exit code 3).');
      expect(text).toContain('```text\nerror: Halo rejected the client credentials (invalid_client)');
      expect(text).not.toContain(wrong);
    }
  });

  it('pull request: when validation fails, the comment says so instead of showing an older plan', async () => {
    const workspace = checkout('pr-invalid', 'add-wifi');
    await writeFile(path.join(workspace, 'content/central/network/wifi.md'), '# Office Wi-Fi\n\nSee [the printer guide](printers.md).\n');
    const job = await pullRequestJob(workspace, path.join(base, 'invalid-summary.md'), { secrets: secrets() });
    expect(names(job)).toEqual([
      ['Validate', false],
      ['Plan', true],
      ['Comment on the pull request', false],
    ]);
    expect(step(job, 'Validate').code).toBe(1);
    const body = await readFile(path.join(ghDir, 'last-body.md'), 'utf8');
    expect(body).toBe(`${PLAN_COMMENT_MARKER}\n## halo-kb plan\n\nNo plan: validation failed. The problems are annotated on the files and listed in the log of the "Validate" step.\n`);
  });

  it('merge to main: publish with the report in the job summary, commit the manifest back with [skip ci]; the next run is a no-op', async () => {
    git(author, home, 'checkout', '--quiet', 'main');
    git(author, home, 'merge', '--quiet', '--no-ff', '-m', 'Merge pull request #7 from acme/add-wifi', 'add-wifi');
    git(author, home, 'push', '--quiet', 'origin', 'main');
    const merge = git(origin, home, 'rev-parse', 'main');
    expect(git(origin, home, 'log', '-1', '--format=%P', 'main').split(' ')).toHaveLength(2);

    emulator.resetStats();
    const summary = path.join(base, 'publish-1-summary.md');
    const first = await publishJob(checkout('publish-1', 'main'), { summary });
    ok(first.steps);
    expect(names(first)).toEqual([
      ['Refuse to publish from another branch', true],
      ['Validate', false],
      ['Rebuild the state from Halo', true],
      ['Publish', false],
      ['Commit the state manifest', false],
    ]);
    expect(writesOf(emulator)).toBeGreaterThan(0);
    expect(emulator.data().articles.filter((a) => a.inactive !== true)).toHaveLength(3);
    const report = await readFile(summary, 'utf8');
    expect(report).toContain('## halo-kb plan');
    expect(report).toContain('### Result');
    // Only the step that writes to Halo holds the publishing secret; only the commit step the token.
    expect(first.steps.filter((s) => s.env['HALO_CLIENT_SECRET'] !== undefined).map((s) => s.name)).toEqual(['Rebuild the state from Halo', 'Publish']);
    expect(first.steps.filter((s) => s.env['GITHUB_TOKEN'] !== undefined).map((s) => s.name)).toEqual(['Commit the state manifest']);

    expect(git(origin, home, 'log', '-1', '--format=%s', 'main')).toBe('Update the halo-kb state manifest [skip ci]');
    expect(git(origin, home, 'rev-parse', 'main~1')).toBe(merge);
    expect(git(origin, home, 'diff', '--name-only', 'main~1', 'main')).toBe('state/manifest.json');
    const manifest = JSON.parse(git(origin, home, 'show', 'main:state/manifest.json')) as { articles: Record<string, unknown> };
    expect(Object.keys(manifest.articles).sort()).toEqual(['central/getting-started', 'central/network/wifi', 'companies/contoso/printing']);

    emulator.resetStats();
    const head = git(origin, home, 'rev-parse', 'main');
    const again = await publishJob(checkout('publish-2', 'main'));
    ok(again.steps);
    expect(writesOf(emulator)).toBe(0);
    expect(step(again, 'Commit the state manifest').stdout).toContain('Only the Last Sync record changed: nothing to commit.');
    expect(git(origin, home, 'rev-parse', 'main')).toBe(head);
  });

  it('run by hand from another branch: refused with an error annotation, nothing published', async () => {
    emulator.resetStats();
    const job = await publishJob(checkout('dispatch-branch', 'add-wifi'), { github: { event_name: 'workflow_dispatch', ref_name: 'add-wifi' }, inputs: { force: false } });
    const refuse = step(job, 'Refuse to publish from another branch');
    expect(refuse.code).toBe(1);
    expect(refuse.stdout).toBe(
      '::error title=halo-kb publish::Publishing runs only from the default branch (main), not from add-wifi: Halo shows what was merged. Run the workflow from main; a pull request shows what a branch would change.\n',
    );
    expect(job.steps.slice(1).map((s) => [s.name, s.skipped])).toEqual([
      ['Validate', true],
      ['Rebuild the state from Halo', true],
      ['Publish', true],
      ['Commit the state manifest', true],
    ]);
    expect(emulator.stats().total).toBe(0);
  });

  it('scheduled drift check, report mode: a warning and the report in the job summary; publish does not run', async () => {
    const article = emulator.data().articles.find((a) => a.name === 'Office Wi-Fi');
    expect(article).toBeDefined();
    emulator.editArticle(article?.id ?? 0, { html: '<p>Edited in Halo by an agent.</p>' });
    emulator.resetStats();

    const summary = path.join(base, 'drift-report-summary.md');
    const drift = await driftJob(checkout('drift-report', 'main'), summary);
    ok(drift.steps);
    const compare = step(drift, 'Compare Halo with the repository');
    expect(compare.stdout).toContain(
      '::warning title=halo-kb drift::Halo differs from the repository: see the job summary. Run this workflow by hand to publish, or set the repository variable HALO_KB_DRIFT to repair to do so on schedule.',
    );
    const report = await readFile(summary, 'utf8');
    expect(report).toContain('## halo-kb drift check\n\nHalo differs from the repository (HALO_KB_DRIFT=report).');
    expect(report).toContain('content/central/network/wifi.md');
    expect(drift.outputs).toEqual({ repair: '' });

    const publish = await publishJob(checkout('drift-report-publish', 'main'), { github: { event_name: 'schedule' }, needs: needsOf('drift', drift) });
    expect(publish.skipped).toBe(true);
    expect(writesOf(emulator)).toBe(0);
  });

  it('scheduled drift check, repair mode: the publish job puts Halo back in line; the next check finds nothing', async () => {
    const vars = { HALO_KB_DRIFT: 'repair' };
    const drift = await driftJob(checkout('drift-repair', 'main'), path.join(base, 'drift-repair-summary.md'), vars);
    ok(drift.steps);
    expect(step(drift, 'Compare Halo with the repository').stdout).toContain('::notice title=halo-kb drift::Halo differs from the repository: the publish job puts it back in line.');
    expect(drift.outputs).toEqual({ repair: 'true' });

    emulator.resetStats();
    const publish = await publishJob(checkout('drift-repair-publish', 'main'), { vars, github: { event_name: 'schedule' }, needs: needsOf('drift', drift) });
    expect(publish.skipped).toBe(false);
    ok(publish.steps);
    expect(writesOf(emulator)).toBeGreaterThan(0);
    expect(emulator.data().articles.find((a) => a.name === 'Office Wi-Fi')?.description_html ?? 'missing').not.toContain('Edited in Halo');

    const summary = path.join(base, 'drift-after-summary.md');
    const after = await driftJob(checkout('drift-after', 'main'), summary, vars);
    ok(after.steps);
    expect(await readFile(summary, 'utf8')).toContain('Halo matches the repository: nothing to do.');
    expect(after.outputs).toEqual({ repair: '' });
  });

  it('scheduled drift check: an unknown HALO_KB_DRIFT is an error naming the variable', async () => {
    const drift = await driftJob(checkout('drift-typo', 'main'), path.join(base, 'drift-typo-summary.md'), { HALO_KB_DRIFT: 'fix' });
    const compare = step(drift, 'Compare Halo with the repository');
    expect(compare.code).toBe(1);
    expect(compare.stdout).toBe('::error title=halo-kb drift::The repository variable HALO_KB_DRIFT is "fix": set it to report or repair.\n');
  });

  it('where the bot may not push (run by hand, with force): state rebuilt from Halo, nothing committed, still a no-op', async () => {
    const workspace = checkout('publish-rebuild', 'main');
    // Such a repository never has a committed manifest.
    await rm(path.join(workspace, 'state/manifest.json'));
    git(workspace, home, 'commit', '--quiet', '-am', 'Stop tracking the manifest');
    const head = git(workspace, home, 'rev-parse', 'HEAD');

    emulator.resetStats();
    const job = await publishJob(workspace, { vars: { HALO_KB_COMMIT_STATE: 'false' }, github: { event_name: 'workflow_dispatch' }, inputs: { force: true } });
    ok(job.steps);
    expect(names(job)).toEqual([
      ['Refuse to publish from another branch', false],
      ['Validate', false],
      ['Rebuild the state from Halo', false],
      ['Publish', false],
      ['Commit the state manifest', true],
    ]);
    expect(step(job, 'Publish').env['HALO_KB_FORCE']).toBe('true');
    expect(writesOf(emulator)).toBe(0);
    expect(git(workspace, home, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('run by hand with republish_all: every article is sent again, and the summary says why', async () => {
    const workspace = checkout('publish-republish', 'main');
    emulator.resetStats();
    const job = await publishJob(workspace, { github: { event_name: 'workflow_dispatch' }, inputs: { force: false, republish_all: true } });
    ok(job.steps);
    expect(step(job, 'Publish').env['HALO_KB_REPUBLISH_ALL']).toBe('true');
    expect(step(job, 'Publish').stdout).toContain('sent again on request (--republish-all)');
    expect(writesOf(emulator)).toBeGreaterThan(0);
  });
});
