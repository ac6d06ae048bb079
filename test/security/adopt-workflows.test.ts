/**
 * The workflows `halo-kb init` writes, read as a CI reviewer would: actions pinned by commit,
 * a supported Node, credentials only on the steps that use them (none on install steps, none on the
 * workflow or a job), no `${{ }}` pasted into shell, and no `npx` (which fetches a package of that
 * name from the registry when none is installed).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { publishWorkflow } from '../../src/init/publish-workflow.js';
import { pullRequestWorkflow } from '../../src/init/pull-request-workflow.js';
import { NODE_VERSION } from '../../src/init/workflows.js';
import type { Step, Workflow } from '../ci/run-workflow.js';

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

describe('the generated workflows, for a CI reviewer', () => {
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
