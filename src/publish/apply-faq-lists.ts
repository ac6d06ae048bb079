/**
 * The first step of a publish: FAQ lists are saved level by level, the grouping list first, so that
 * every list's parent has its Halo id when the list is written. The manifest is saved after each level.
 */
import { HaloKbError } from '../errors.js';
import type { HaloClient } from '../halo/client.js';
import { GROUP_KEY, thirdPartyId } from '../plan/faq-lists.js';
import type { FaqListPlan, Plan } from '../plan/types.js';
import type { ApplyContext } from './apply.js';
import type { FaqListResult } from './results.js';

function depth(key: string): number {
  return key === GROUP_KEY ? 0 : key.split('/').length;
}

/** Save the plan's FAQ lists; returns the Halo id of every list that has one, for the articles to name. */
export async function applyFaqLists(plan: Plan, ctx: ApplyContext, results: FaqListResult[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const list of plan.faqLists) if (list.haloId !== undefined) ids.set(list.key, list.haloId);
  const pending = plan.faqLists.filter((l) => l.action === 'create' || l.action === 'update');
  for (const list of plan.faqLists.filter((l) => l.action === 'unchanged')) {
    results.push({ key: list.key, name: list.name, kind: 'unchanged', haloId: list.haloId! });
    ctx.manifest.faqLists[list.key] = { haloId: list.haloId!, name: list.name };
  }
  const levels = [...new Set(pending.map((l) => depth(l.key)))].sort((a, b) => a - b);
  for (const level of levels) {
    const batch = pending.filter((l) => depth(l.key) === level);
    const writes = batch.map((l: FaqListPlan) => {
      const write: Parameters<HaloClient['saveFaqLists']>[0][number] = { name: l.name, isGroup: l.isGroup, showForAll: l.showForAll, thirdPartyId: thirdPartyId(l.key) };
      if (l.haloId !== undefined) write.id = l.haloId;
      if (l.parent !== undefined) {
        const parentId = ids.get(l.parent);
        if (parentId === undefined) throw new HaloKbError('FAQ_PARENT_MISSING', `The FAQ list "${l.name}" cannot be placed: its parent list has no Halo id.`);
        write.groupId = parentId;
      }
      return write;
    });
    const saved = await ctx.client.saveFaqLists(writes);
    batch.forEach((l, i) => {
      const record = saved[i];
      if (record === undefined) throw new HaloKbError('FAQ_SAVE_INCOMPLETE', `Halo did not confirm the FAQ list "${l.name}".`);
      ids.set(l.key, record.id);
      ctx.manifest.faqLists[l.key] = { haloId: record.id, name: l.name };
      results.push({ key: l.key, name: l.name, kind: l.action === 'create' ? 'created' : 'updated', haloId: record.id });
    });
    await ctx.save(ctx.manifest);
  }
  return ids;
}
