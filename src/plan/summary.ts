/** The plan's summary: how many changes of each kind, and whether it changes anything in Halo. */
import type { ArticleAction, ArticlePlan, FaqListPlan, Plan, PlanSummary } from './types.js';

export function summarize(faqLists: readonly FaqListPlan[], articles: readonly ArticlePlan[]): PlanSummary {
  const count = (action: ArticleAction): number => articles.filter((a) => a.action === action).length;
  const attachments = articles.filter((a) => a.action === 'create' || a.action === 'update' || a.action === 'unchanged').flatMap((a) => a.attachments);
  return {
    create: count('create'),
    update: count('update'),
    unchanged: count('unchanged'),
    retire: count('retire'),
    skipped: count('skipped'),
    drift: articles.filter((a) => a.drift === true).length,
    faqListsCreate: faqLists.filter((l) => l.action === 'create').length,
    faqListsUpdate: faqLists.filter((l) => l.action === 'update').length,
    faqListsRemove: faqLists.filter((l) => l.action === 'remove').length,
    uploads: attachments.filter((x) => x.action === 'upload').length,
    links: attachments.filter((x) => x.action === 'link').length,
    refused: articles.flatMap((a) => a.attachments).filter((x) => x.action === 'refused').length,
  };
}

/** Whether applying the plan would change anything in Halo. */
export function hasChanges(plan: Plan): boolean {
  const s = plan.summary;
  return s.create + s.update + s.retire + s.faqListsCreate + s.faqListsUpdate + s.faqListsRemove + s.uploads > 0;
}
