/** A publish's last lines in words: what failed, what was retired, what is not done, and the totals. */
import type { Plan } from '../plan/types.js';
import type { PublishResult } from '../publish/results.js';
import { plural } from './plural.js';
import { heldBack, heldBackWords } from './run-verdict.js';
import { HELD_BACK_HINT } from './status.js';

/**
 * Why retirements were held back and what to do, after a publish: two lines, or undefined when
 * nothing was held back.
 */
export function heldBackText(plan: Pick<Plan, 'articles' | 'faqLists' | 'guards'>): string | undefined {
  const held = heldBack(plan);
  if (held.count === 0) return undefined;
  return `Held back: ${heldBackWords({ count: held.count, faqLists: held.faqLists.length })} not made. ${plan.guards.join(' ')}\n  ${HELD_BACK_HINT}`;
}

/** The last lines of a publish: what happened, in words. */
export function publishText(result: PublishResult): string {
  const count = (kind: string): number => result.articles.filter((a) => a.kind === kind).length;
  const lines: string[] = [];
  for (const a of result.articles.filter((x) => x.kind === 'failed')) lines.push(`failed: ${a.source} "${a.title}": ${a.message ?? ''}`);
  // Retiring deletes an article or, where Halo refuses the delete, unlists it: both are "retired",
  // in these lines as in the plan ("- retire") and the summary below.
  for (const a of result.articles.filter((x) => x.kind === 'retired')) lines.push(`retired: ${a.source} "${a.title}" (article ${a.haloId}): deleted`);
  for (const a of result.articles.filter((x) => x.kind === 'unlisted')) lines.push(`retired: ${a.source} "${a.title}" (article ${a.haloId}): unlisted, not deleted: ${a.message ?? ''}`);
  for (const f of result.attachments.filter((x) => x.kind === 'failed')) lines.push(`failed: attachment ${f.path}: ${f.message ?? ''}`);
  for (const l of result.faqLists.filter((x) => x.kind === 'removed' || x.kind === 'hidden' || x.kind === 'kept' || x.kind === 'failed')) {
    lines.push(`${l.kind}: FAQ list "${l.name}" (${l.haloId ?? 'no id'})${l.message === undefined ? '' : `: ${l.message}`}`);
  }
  if (result.undone.length > 0) {
    lines.push(`Not done: ${result.undone.length === 1 ? '1 planned change' : `${result.undone.length} planned changes`}; run halo-kb publish again to finish (it resumes where this run stopped):`);
    for (const u of result.undone) lines.push(`  ${u}`);
  }
  const lists = result.faqLists.filter((l) => l.kind === 'created').length;
  const unlisted = count('unlisted') > 0 ? ` (${count('unlisted')} unlisted)` : '';
  lines.push(
    `Published: ${count('created')} created, ${count('updated')} updated, ${count('unlisted') + count('retired')} retired${unlisted}, ${count('unchanged')} unchanged, ${count('skipped')} skipped, ${count('failed')} failed; ${plural(lists, 'FAQ list')} created, ${plural(result.attachments.filter((a) => a.kind === 'uploaded').length, 'attachment')} uploaded.`,
  );
  return lines.join('\n');
}
