/**
 * What a publish planned but did not get done, judged by the state manifest it leaves (what the next
 * plan is made from) and not only by the run's own bookkeeping: a FAQ list, article, retirement or
 * file the plan named that the manifest does not record as done, and links that could have been
 * filled in but were not. A run with anything left here never reports success.
 */
import type { Manifest } from '../plan/manifest.js';
import { fileName } from '../plan/attachments.js';
import type { Plan } from '../plan/types.js';
import type { PublishResult } from './results.js';

const VERB = { create: 'create', update: 'update', retire: 'retire' } as const;

export function undoneWork(plan: Plan, result: PublishResult, manifest: Manifest): string[] {
  const left: string[] = [];
  // Two keys recorded as one Halo article: one of them was never really written.
  const owners = new Map<number, string[]>();
  for (const [key, entry] of Object.entries(manifest.articles)) {
    if (entry.retired === undefined) owners.set(entry.haloId, [...(owners.get(entry.haloId) ?? []), key]);
  }
  const articleResults = new Map(result.articles.map((r) => [r.key, r]));
  const failedFiles = new Map(result.attachments.filter((r) => r.kind === 'failed').map((r) => [`${r.key}\u0000${r.path}`, r]));
  for (const list of plan.faqLists) {
    if (list.action === 'unchanged') continue;
    const done = result.faqLists.find((r) => r.key === list.key);
    if (list.action === 'remove') {
      if (done?.kind !== 'removed' && done?.kind !== 'hidden' && done?.kind !== 'kept') left.push(`remove the FAQ list "${list.name}": ${done?.message ?? 'never attempted'}`);
      continue;
    }
    if (manifest.faqLists[list.key] !== undefined && (done?.kind === 'created' || done?.kind === 'updated')) continue;
    left.push(`${list.action} the FAQ list "${list.name}": ${done?.message ?? 'not saved'}`);
  }
  for (const p of plan.articles) {
    const entry = manifest.articles[p.key];
    const done = articleResults.get(p.key);
    const why = done?.kind === 'failed' ? (done.message ?? 'failed') : done === undefined ? 'never attempted' : 'not recorded in the state manifest';
    if (p.action === 'retire') {
      if (entry?.retired === undefined || (done?.kind !== 'retired' && done?.kind !== 'unlisted')) left.push(`${VERB.retire} ${p.source} "${p.title}": ${why}`);
      continue;
    }
    if (p.action !== 'create' && p.action !== 'update' && p.action !== 'unchanged') continue;
    const written = entry !== undefined && entry.retired === undefined && entry.hash === p.hash && (done?.kind === 'created' || done?.kind === 'updated' || done?.kind === 'unchanged');
    const shared = entry === undefined ? [] : (owners.get(entry.haloId) ?? []).filter((k) => k !== p.key);
    if (p.action !== 'unchanged' && !written) {
      left.push(`${VERB[p.action]} ${p.source} "${p.title}": ${why}`);
    } else if (p.action !== 'unchanged' && shared.length > 0) {
      left.push(`${VERB[p.action]} ${p.source} "${p.title}": Halo's article ${entry!.haloId} is also recorded for ${shared.join(', ')}`);
    }
    for (const att of p.attachments.filter((x) => x.action === 'upload')) {
      if (entry?.attachments?.[att.path]?.sha256 === att.sha256) continue;
      const failed = failedFiles.get(`${p.key}\u0000${att.path}`);
      const reason = failed?.message ?? (entry === undefined || entry.haloId === undefined || (!written && p.action !== 'unchanged') ? 'its article was not written' : 'never attempted');
      left.push(`upload the file ${att.path} of ${p.source}: ${reason}`);
    }
    if (entry === undefined || !written) continue;
    // Links still pointing nowhere although their target now has a Halo id.
    const files = (entry.pendingFiles ?? []).filter((f) => entry.attachments?.[f]?.haloId !== undefined);
    const links = (entry.pendingLinks ?? []).filter((k) => manifest.articles[k] !== undefined && manifest.articles[k]?.retired === undefined);
    if (files.length + links.length > 0) {
      left.push(`fill in the links of ${p.source} "${p.title}" to ${[...files.map(fileName), ...links].join(', ')}: the article could not be written again`);
    }
  }
  return left;
}
