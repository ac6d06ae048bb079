/**
 * `halo-kb status`: Last Sync and Last Error from the state manifest, as text for people and as
 * JSON for tooling (fields documented in the README).
 */
import { runStatus, type Manifest, type RunRecord, type RunStatus } from '../plan/manifest.js';
import { heldBackWords } from './run-verdict.js';
import { plural } from './plural.js';

/** The order result counts are shown in; `unlisted` is told within `retired`, as the publish summary tells it. */
const ORDER = ['created', 'updated', 'unchanged', 'retired', 'skipped', 'failed'];

function countsText(counts: Record<string, number>): string {
  const unlisted = counts['unlisted'] ?? 0;
  const n = (k: string): number => (counts[k] ?? 0) + (k === 'retired' ? unlisted : 0);
  return ORDER.filter((k) => n(k) > 0)
    .map((k) => `${n(k)} ${k}${k === 'retired' && unlisted > 0 ? ` (${unlisted} unlisted)` : ''}`)
    .join(', ');
}

export interface StatusJson {
  state: string;
  halo: string | null;
  /** Articles in the manifest, published and retired. */
  articles: number;
  published: number;
  retired: number;
  /** How the last publish ended; `never` before the first. */
  status: RunStatus | 'never';
  lastRun: RunRecord | null;
  lastError: RunRecord | null;
}

export function statusJson(manifest: Manifest, state: string): StatusJson {
  const articles = Object.values(manifest.articles);
  const retired = articles.filter((a) => a.retired !== undefined).length;
  return {
    state,
    halo: manifest.halo ?? null,
    articles: articles.length,
    published: articles.length - retired,
    retired,
    status: manifest.lastRun === undefined ? 'never' : runStatus(manifest.lastRun),
    lastRun: manifest.lastRun ?? null,
    lastError: manifest.lastError ?? null,
  };
}

/** "(partial; 3 created, 1 skipped; 1 article not published because of errors; 2 retirements held back)" */
function runSummary(run: RunRecord): string {
  const counts = countsText(run.counts) || 'no changes';
  const parts = [runStatus(run), counts];
  if (run.withErrors !== undefined && run.withErrors > 0) parts.push(`${plural(run.withErrors, 'article')} not published because of errors`);
  if (run.heldBack !== undefined) parts.push(`${heldBackWords({ count: run.heldBack.count, faqLists: run.heldBack.faqLists ?? 0 })} held back`);
  return parts.join('; ');
}

function firstError(run: RunRecord): string {
  const first = run.errors[0] ?? 'failed';
  const more = (run.errorCount ?? run.errors.length) - 1;
  return more > 0 ? `${first} (and ${more} more)` : first;
}

export function statusText(manifest: Manifest, state: string): string[] {
  const s = statusJson(manifest, state);
  const run = manifest.lastRun;
  const lines = [
    `State: ${state}`,
    `Halo: ${s.halo ?? '(never published)'}`,
    `Articles: ${s.published} published, ${s.retired} retired`,
    `Last Sync: ${run === undefined ? 'never' : `${run.at} (${runSummary(run)})`}`,
    `Last Error: ${manifest.lastError === undefined ? 'none' : `${manifest.lastError.at}: ${firstError(manifest.lastError)}`}`,
  ];
  if (run?.heldBack !== undefined) {
    lines.push(`Held back: ${run.heldBack.reasons.join(' ')}`, `  ${HELD_BACK_HINT}`);
  }
  return lines;
}

/** What to do about retirements a guard held back. */
export const HELD_BACK_HINT = 'Fix what is named above and publish again; if that many retirements are intended, run "halo-kb publish --force" or raise publish.max_retire in halo-kb.yml.';
