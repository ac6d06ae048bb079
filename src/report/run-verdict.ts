/**
 * What a publish really did, for its run record (Last Sync / Last Error) and its exit code: not
 * "ok" while articles with errors were left out or retirements were held back by a guard.
 */
import type { BuildResult } from '../compile/build.js';
import { formatLocation } from '../diagnostics.js';
import type { Plan } from '../plan/types.js';
import type { RunRecord } from '../plan/manifest.js';
import type { PublishResult } from '../publish/results.js';
import { redact } from '../secrets.js';
import { plural } from './plural.js';

/** The most problems a run record lists; `errorCount` has them all. */
export const RECORDED_ERRORS = 10;

export type RunVerdict = Pick<RunRecord, 'ok' | 'status' | 'errors' | 'errorCount' | 'withErrors' | 'heldBack'>;

/** What a guard held back: articles not retired and FAQ lists not removed (retire-guards.ts). */
export interface HeldBack {
  articles: Plan['articles'];
  faqLists: Plan['faqLists'];
  count: number;
}

export function heldBack(plan: Pick<Plan, 'articles' | 'faqLists'>): HeldBack {
  const articles = plan.articles.filter((a) => a.heldBack === true);
  const faqLists = plan.faqLists.filter((l) => l.heldBack === true);
  return { articles, faqLists, count: articles.length + faqLists.length };
}

/** "2 retirements", "1 FAQ list removal", "2 retirements and 1 FAQ list removal". */
export function heldBackWords(held: { count: number; faqLists: number }): string {
  const articles = held.count - held.faqLists;
  const parts = [articles > 0 ? plural(articles, 'retirement') : undefined, held.faqLists > 0 ? plural(held.faqLists, 'FAQ list removal') : undefined];
  return parts.filter((p) => p !== undefined).join(' and ');
}

/** The verdict on a publish that applied `plan` with `result`. */
export function runVerdict(build: Pick<BuildResult, 'articles'>, plan: Plan, result: PublishResult): RunVerdict {
  const failures = [...result.errors, ...result.undone.map((line) => `not done: ${line}`)];
  const contentErrors = plan.diagnostics.filter((d) => d.severity === 'error').map((d) => `${formatLocation(d)}: ${d.message}`);
  // Skipped articles that are in the tree and are not drafts were left out for a problem of theirs.
  const published = new Set(build.articles.filter((a) => !a.draft).map((a) => a.key));
  const withErrors = plan.articles.filter((a) => a.action === 'skipped' && published.has(a.key)).length;
  const held = heldBack(plan);
  const heldLines = held.count === 0 ? [] : [`${heldBackWords({ count: held.count, faqLists: held.faqLists.length })} held back: ${plan.guards.join(' ')}`];
  const all = [...failures, ...contentErrors, ...heldLines].map(redact);
  const status = failures.length > 0 ? 'failed' : withErrors > 0 || contentErrors.length > 0 || held.count > 0 ? 'partial' : 'ok';
  const verdict: RunVerdict = { ok: status === 'ok', status, errors: all.slice(0, RECORDED_ERRORS) };
  if (all.length > RECORDED_ERRORS) verdict.errorCount = all.length;
  if (withErrors > 0) verdict.withErrors = withErrors;
  if (held.count > 0) {
    verdict.heldBack = { count: held.count, ...(held.faqLists.length > 0 ? { faqLists: held.faqLists.length } : {}), reasons: plan.guards.map(redact) };
  }
  return verdict;
}
