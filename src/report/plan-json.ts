/** The plan and the publish result as JSON, with a documented, stable schema (README, "JSON report"). */
import type { Diagnostic } from '../diagnostics.js';
import type { Plan } from '../plan/types.js';
import type { PublishResult } from '../publish/results.js';
import type { RunVerdict } from './run-verdict.js';

export const PLAN_SCHEMA = 'halo-kb/plan@1';

/** JSON: see the README for the schema. `run` is a publish's verdict (run-verdict.ts). */
export function planJson(plan: Plan, result?: PublishResult, prints?: { content: string; state: string }, run?: RunVerdict): unknown {
  const json: Record<string, unknown> = {
    schema: PLAN_SCHEMA,
    ...(prints === undefined ? {} : { fingerprints: prints }),
    summary: plan.summary,
    faqLists: plan.faqLists.map((l) => ({ key: l.key, name: l.name, action: l.action, haloId: l.haloId ?? null, reasons: l.reasons })),
    articles: plan.articles.map((a) => ({
      key: a.key,
      action: a.action,
      source: a.source,
      title: a.title,
      haloId: a.haloId ?? null,
      reasons: a.reasons,
      drift: a.drift === true,
      faqLists: a.faqLists,
      tags: a.tags,
      attachments: a.attachments,
      changes: a.changes,
    })),
    guards: plan.guards,
    scope: plan.scope ?? [],
    problems: plan.diagnostics satisfies Diagnostic[],
  };
  if (result !== undefined) json['result'] = result;
  if (run !== undefined) json['run'] = run;
  return json;
}
