/**
 * Retire guards: retirements and FAQ list removals are held back while articles have errors, when
 * the content tree has no articles, or when more would be retired than `publish.max_retire`
 * allows without `--force`.
 */
import type { BuildResult } from '../compile/build.js';
import { plural } from '../report/plural.js';
import type { ArticlePlan, FaqListPlan, PlanSettings } from './types.js';

/** Hold back the plan's retirements and removals if a guard says so; returns why (empty when none did). */
export function applyRetireGuards(build: BuildResult, articles: readonly ArticlePlan[], faqLists: readonly FaqListPlan[], settings: Pick<PlanSettings, 'maxRetire' | 'force'>): string[] {
  const guards: string[] = [];
  const retiring = articles.filter((p) => p.action === 'retire');
  const removing = faqLists.filter((l) => l.action === 'remove');
  if (retiring.length + removing.length > 0) {
    const errors = build.articles.filter((a) => a.hasErrors).length;
    if (errors > 0) guards.push(`${errors} article${errors === 1 ? ' has' : 's have'} errors; nothing is retired until they are fixed.`);
    if (build.articles.length === 0) guards.push('The content tree has no articles; nothing is retired (is the content folder right?).');
    if (retiring.length > settings.maxRetire && !settings.force) {
      guards.push(`${plural(retiring.length, 'article')} would be retired, more than publish.max_retire (${settings.maxRetire}); run with --force if that is intended.`);
    }
    if (guards.length > 0) {
      for (const l of removing) {
        l.action = 'unchanged';
        l.heldBack = true;
        l.reasons = [`not removed (${l.reasons.join(', ')}): ${guards[0]}`];
      }
      for (const p of retiring) {
        p.action = 'skipped';
        p.heldBack = true;
        p.reasons = [`not retired (${p.reasons.join(', ')}): ${guards[0]}`];
      }
    }
  }
  return guards;
}
