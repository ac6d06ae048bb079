/**
 * FAQ lists halo-kb made that no content wants any more (their folder, or their company, is gone):
 * planned for removal, so that Halo is left tidy. Only halo-kb's own lists are candidates: those the
 * manifest records, and those marked with its third-party id. A list already left in Halo on
 * purpose (hidden where Halo refused the delete, or kept because it holds other articles) is not
 * planned again.
 */
import type { Manifest } from './manifest.js';
import type { FaqListPlan } from './types.js';
import type { HaloSnapshot } from './halo-snapshot.js';

const OWN = 'halo-kb:';

export function planListRemovals(wanted: ReadonlySet<string>, manifest: Manifest, halo: HaloSnapshot): FaqListPlan[] {
  const byId = new Map(halo.faqLists.map((l) => [l.id, l]));
  const candidates = new Map<string, HaloSnapshot['faqLists'][number]>();
  for (const [key, recorded] of Object.entries(manifest.faqLists)) {
    const found = byId.get(recorded.haloId);
    if (!wanted.has(key) && recorded.retired === undefined && found !== undefined) candidates.set(key, found);
  }
  for (const list of halo.faqLists) {
    const key = list.thirdPartyId?.startsWith(OWN) === true ? list.thirdPartyId.slice(OWN.length) : undefined;
    if (key === undefined || wanted.has(key) || candidates.has(key) || manifest.faqLists[key] !== undefined) continue;
    candidates.set(key, list);
  }
  return [...candidates].map(([key, list]) => ({
    key,
    name: list.name,
    isGroup: list.isGroup,
    showForAll: list.showForAll,
    action: 'remove' as const,
    haloId: list.id,
    haloGroupId: list.groupId,
    reasons: ['no content wants it any more'],
  }));
}
