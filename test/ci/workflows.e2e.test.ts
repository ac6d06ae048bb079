/**
 * The generated workflows, run as GitHub would run them: `halo-kb init`, a git repository with a
 * bare origin, a pull request (validate, plan to the job summary, one PR comment updated in place),
 * a merge commit into main, the publish job (manifest committed back with [skip ci]), and the next
 * run a no-op with zero writes. Halo is the emulator on 127.0.0.1; `gh` is a stub that records calls.
 */
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';
import { PLAN_COMMENT_MARKER, PUBLISH_WORKFLOW, PULL_REQUEST_WORKFLOW } from '../../src/init/workflows.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-tree.js';
import { writesOf } from '../publish/publish-fixture.js';
import { git, gitEnv } from './git.js';
import { readWorkflow, runJob, type Step, type StepRun, type Workflow } from './run-workflow.js';

const SECRET = 'ci-test-secret-5d1e8a';

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
let emulator: RunningEmulator;
let prWorkflow: Workflow;
let publishWorkflow: Workflow;

function skipInstall(step: Step): boolean {
  return step.id === 'install';
}

function ok(runs: StepRun[]): void {
  for (const r of runs) expect(r.code, `${r.name}\n${r.stdout}\n${r.stderr}`).toBe(0);
}

/** actions/checkout: a fresh clone at `ref`. */
function checkout(name: string, ref: string): string {
  const workspace = path.join(base, name);
  git(base, home, 'clone', '--quiet', '--branch', ref, origin, workspace);
  return workspace;
}

function runnerEnv(refName: string, summary: string): Record<string, string> {
  return {
    ...gitEnv(home),
    PATH: `${ghDir}:${process.env['PATH'] ?? ''}`,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/it-kb',
    GITHUB_REF_NAME: refName,
    GITHUB_STEP_SUMMARY: summary,
    GH_STUB_DIR: ghDir,
    NO_COLOR: '1',
  };
}

const secrets = (): Record<string, string> => ({
  HALO_URL: emulator.url,
  HALO_CLIENT_ID: emulator.clientId,
  HALO_CLIENT_SECRET: SECRET,
  HALO_TENANT: emulator.tenant,
});

function pullRequestJob(workspace: string, summary: string, withSecrets: boolean): Promise<StepRun[]> {
  return runJob(prWorkflow, 'check', {
    workspace,
    ctx: { secrets: withSecrets ? secrets() : {}, vars: {}, github: { token: 'ghs_test', event: { pull_request: { number: 7 } } } },
    runnerEnv: runnerEnv('7/merge', summary),
    skip: skipInstall,
  });
}

function publishJob(workspace: string, vars: Record<string, string> = {}): Promise<StepRun[]> {
  return runJob(publishWorkflow, 'publish', {
    workspace,
    ctx: { secrets: secrets(), vars, github: { ref_name: 'main' } },
    runnerEnv: runnerEnv('main', path.join(base, 'publish-summary.md')),
    skip: skipInstall,
  });
}

beforeAll(async () => {
  base = await tempDir('halo-kb-ci-');
  home = path.join(base, 'home');
  ghDir = path.join(base, 'gh');
  await mkdir(home);
  await mkdir(ghDir);
  await writeFile(path.join(ghDir, 'gh'), GH_STUB);
  await chmod(path.join(ghDir, 'gh'), 0o755);
  emulator = await startEmulator({ clientSecret: SECRET });

  origin = path.join(base, 'origin.git');
  git(base, home, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  author = path.join(base, 'author');
  expect((await runCli(['init', author, '--quiet'], base)).code).toBe(0);
  git(author, home, 'init', '--quiet', '--initial-branch=main');
  git(author, home, 'add', '.');
  git(author, home, 'commit', '--quiet', '-m', 'Start the knowledge base');
  git(author, home, 'remote', 'add', 'origin', origin);
  git(author, home, 'push', '--quiet', '-u', 'origin', 'main');

  prWorkflow = await readWorkflow(path.join(author, PULL_REQUEST_WORKFLOW));
  publishWorkflow = await readWorkflow(path.join(author, PUBLISH_WORKFLOW));
});

afterAll(async () => {
  await emulator.close();
});

describe('the generated workflows, run against the emulator', () => {
  it('install halo-kb from the configurable package', () => {
    for (const wf of [prWorkflow, publishWorkflow]) {
      expect(wf.env?.['HALO_KB_PACKAGE']).toBe("${{ vars.HALO_KB_PACKAGE || 'halo-kb' }}");
      const install = Object.values(wf.jobs).flatMap((j) => j.steps).find(skipInstall);
      expect(install?.run).toContain('npm install');
      expect(install?.run).toContain('"$HALO_KB_PACKAGE"');
    }
  });

  it('pull request: validate, plan to the job summary, one comment posted then updated', async () => {
    git(author, home, 'checkout', '--quiet', '-b', 'add-wifi');
    await mkdir(path.join(author, 'content/central/network'));
    await writeFile(path.join(author, 'content/central/network/wifi.md'), '# Office Wi-Fi\n\nStaff devices join CORP-SECURE automatically.\n');
    git(author, home, 'add', '.');
    git(author, home, 'commit', '--quiet', '-m', 'Add the Wi-Fi article');
    git(author, home, 'push', '--quiet', 'origin', 'add-wifi');

    const workspace = checkout('pr', 'add-wifi');
    const summary = path.join(base, 'pr-summary.md');
    const first = await pullRequestJob(workspace, summary, true);
    ok(first);
    expect(first.map((r) => [r.name, r.skipped])).toEqual([
      ['Validate', false],
      ['Plan', false],
      ['Comment on the pull request', false],
    ]);
    expect(first[2]?.stdout).toContain('Posted the plan comment.');
    const plan = await readFile(summary, 'utf8');
    expect(plan).toContain('## halo-kb plan');
    expect(plan).toContain('| Create | 3 |');
    expect(plan).toContain('content/central/network/wifi.md');
    const body = await readFile(path.join(ghDir, 'last-body.md'), 'utf8');
    expect(body.startsWith(`${PLAN_COMMENT_MARKER}\n## halo-kb plan`)).toBe(true);

    const second = await pullRequestJob(workspace, summary, true);
    ok(second);
    expect(second[2]?.stdout).toContain('Updated the plan comment (101).');
    const calls = (await readFile(path.join(ghDir, 'calls.log'), 'utf8')).trim().split('\n');
    expect(calls.filter((c) => c.startsWith('api --method POST repos/acme/it-kb/issues/7/comments'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('api --method PATCH repos/acme/it-kb/issues/comments/101'))).toHaveLength(1);
    // A plan never writes to Halo.
    expect(writesOf(emulator)).toBe(0);
  });

  it('pull request from a fork: no secrets, so only validate runs; problems become annotations', async () => {
    const workspace = checkout('fork', 'add-wifi');
    await writeFile(path.join(workspace, 'content/central/network/wifi.md'), '# Office Wi-Fi\n\nSee [the printer guide](printers.md).\n');
    const runs = await pullRequestJob(workspace, path.join(base, 'fork-summary.md'), false);
    expect(runs[0]?.code).toBe(1);
    expect(runs[0]?.stdout).toMatch(/^::error file=content\/central\/network\/wifi\.md,line=3,col=\d+,title=halo-kb [\w-]+::/m);
    expect(runs.slice(1).map((r) => r.skipped)).toEqual([true, true]);
  });

  it('merge to main: publish, commit the manifest back with [skip ci]; the next run is a no-op', async () => {
    git(author, home, 'checkout', '--quiet', 'main');
    git(author, home, 'merge', '--quiet', '--no-ff', '-m', 'Merge pull request #7 from acme/add-wifi', 'add-wifi');
    git(author, home, 'push', '--quiet', 'origin', 'main');
    const merge = git(origin, home, 'rev-parse', 'main');
    expect(git(origin, home, 'log', '-1', '--format=%P', 'main').split(' ')).toHaveLength(2);

    emulator.resetStats();
    const first = await publishJob(checkout('publish-1', 'main'));
    ok(first);
    expect(first.map((r) => [r.name, r.skipped])).toEqual([
      ['Validate', false],
      ['Rebuild the state from Halo', true],
      ['Publish', false],
      ['Commit the state manifest', false],
    ]);
    expect(writesOf(emulator)).toBeGreaterThan(0);
    expect(emulator.data().articles.filter((a) => a.inactive !== true)).toHaveLength(3);

    expect(git(origin, home, 'log', '-1', '--format=%s', 'main')).toBe('Update the halo-kb state manifest [skip ci]');
    expect(git(origin, home, 'rev-parse', 'main~1')).toBe(merge);
    expect(git(origin, home, 'diff', '--name-only', 'main~1', 'main')).toBe('state/manifest.json');
    const manifest = JSON.parse(git(origin, home, 'show', 'main:state/manifest.json')) as { articles: Record<string, unknown> };
    expect(Object.keys(manifest.articles).sort()).toEqual(['central/getting-started', 'central/network/wifi', 'companies/contoso/printing']);

    emulator.resetStats();
    const head = git(origin, home, 'rev-parse', 'main');
    const again = await publishJob(checkout('publish-2', 'main'));
    ok(again);
    expect(writesOf(emulator)).toBe(0);
    expect(again[3]?.stdout).toContain('Only the Last Sync record changed: nothing to commit.');
    expect(git(origin, home, 'rev-parse', 'main')).toBe(head);
  });

  it('where the bot may not push: state rebuilt from Halo each run, nothing committed, still a no-op', async () => {
    const workspace = checkout('publish-rebuild', 'main');
    // Such a repository never has a committed manifest.
    await rm(path.join(workspace, 'state/manifest.json'));
    git(workspace, home, 'commit', '--quiet', '-am', 'Stop tracking the manifest');
    const head = git(workspace, home, 'rev-parse', 'HEAD');

    emulator.resetStats();
    const runs = await publishJob(workspace, { HALO_KB_COMMIT_STATE: 'false' });
    ok(runs);
    expect(runs.map((r) => [r.name, r.skipped])).toEqual([
      ['Validate', false],
      ['Rebuild the state from Halo', false],
      ['Publish', false],
      ['Commit the state manifest', true],
    ]);
    expect(writesOf(emulator)).toBe(0);
    expect(git(workspace, home, 'rev-parse', 'HEAD')).toBe(head);
  });
});
