/**
 * Saving FAQ lists to Halo: updates in one request, creates sent once and, where Halo's reply does
 * not name every new list (or never came), the new lists found by their third_party_id or name
 * before anything is sent again.
 */
import { HaloKbError } from '../errors.js';
import { plural } from '../report/plural.js';
import { convertAll, toFaqList, toFaqListHead } from './article-shape.js';
import type { Call } from './call.js';
import type { ClientCalls } from './client-calls.js';
import { beforeCreateRetry, sendCreate } from './create-once.js';
import { savedRecords } from './records.js';
import type { FaqListWrite, HaloFaqList } from './types.js';

export interface SaveFaqListsDeps extends ClientCalls {
  listFaqLists(): Promise<HaloFaqList[]>;
}

/**
 * Create and update FAQ lists; results in the order of the writes. A grouping list must be saved
 * before the children that name it (its id is their `groupId`).
 */
export async function saveFaqLists(deps: SaveFaqListsDeps, writes: readonly FaqListWrite[]): Promise<HaloFaqList[]> {
  if (writes.length === 0) return [];
  const results: (HaloFaqList | undefined)[] = new Array<HaloFaqList | undefined>(writes.length);
  const updates = writes.flatMap((write, index) => (write.id === undefined ? [] : [{ write, index }]));
  if (updates.length > 0) {
    const value = await deps.json({
      method: 'POST',
      path: '/FAQLists',
      body: updates.map((u) => toFaqListHead(u.write)),
      retry: 'safe',
      area: 'faq-lists',
      action: `update ${plural(updates.length, 'FAQ list')}`,
    });
    const saved = convertAll(Array.isArray(value) ? value : value === undefined ? [] : [value], toFaqList);
    for (const { write, index } of updates) {
      results[index] = saved.find((s) => s.id === write.id) ?? fromFaqListWrite(write, write.id ?? 0);
    }
  }
  let pending = writes.flatMap((write, index) => (write.id === undefined ? [{ write, index }] : []));
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const call: Call = {
      method: 'POST',
      path: '/FAQLists',
      body: pending.map((p) => toFaqListHead(p.write)),
      retry: 'never',
      area: 'faq-lists',
      action: `create ${pending.length === 1 ? `the FAQ list "${pending[0]?.write.name ?? ''}"` : plural(pending.length, 'FAQ list')}`,
    };
    const outcome = await sendCreate(deps, call);
    const claimed = new Set(results.flatMap((r) => (r === undefined ? [] : [r.id])));
    const match = (candidates: HaloFaqList[], items: typeof pending): typeof pending =>
      items.filter((item) => {
        const found = candidates.find((list) => !claimed.has(list.id) && sameFaqList(list, item.write));
        if (found === undefined) return true;
        results[item.index] = found;
        claimed.add(found.id);
        return false;
      });
    let still = match(outcome.ok ? convertAll(savedRecords(outcome.res.text), toFaqList) : [], pending);
    // The reply did not name every new list, or never came: look them up, newest first.
    if (still.length > 0)
      still = match(
        (await deps.listFaqLists()).sort((a, b) => b.id - a.id),
        still,
      );
    if (still.length > 0 && outcome.ok) {
      throw new HaloKbError(
        'HALO_CREATE_UNCONFIRMED',
        `Halo accepted ${plural(still.length, 'new FAQ list')} but they could not be found afterwards: ${still.map((s) => `"${s.write.name}"`).join(', ')}.`,
        {
          hint: 'Run the command again; halo-kb finds its FAQ lists by their third_party_id and name.',
        },
      );
    }
    pending = still;
    if (pending.length > 0)
      await beforeCreateRetry(
        deps,
        attempt,
        outcome,
        'FAQ lists',
        pending.map((p) => p.write.name),
      );
  }
  return results.map((r) => {
    if (r === undefined) throw new Error('saveFaqLists: missing result');
    return r;
  });
}

function sameFaqList(list: HaloFaqList, write: FaqListWrite): boolean {
  if (write.thirdPartyId !== undefined && list.third_party_id !== undefined && list.third_party_id !== '') {
    return list.third_party_id === write.thirdPartyId;
  }
  return list.name.trim() === write.name.trim() && (list.group_id ?? 0) === (write.groupId ?? 0);
}

function fromFaqListWrite(write: FaqListWrite, id: number): HaloFaqList {
  const list: HaloFaqList = { id, name: write.name, is_group: write.isGroup ?? false, group_id: write.groupId ?? 0, showforall: write.showForAll };
  if (write.thirdPartyId !== undefined) list.third_party_id = write.thirdPartyId;
  return list;
}
