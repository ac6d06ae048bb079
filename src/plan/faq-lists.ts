/**
 * Planning FAQ lists: the lists the build wants (the grouping list, then each KB's lists), each
 * matched to Halo's by halo-kb's third-party id, the manifest or its name, and the lists no content
 * wants any more planned for removal.
 */
import type { BuildResult } from '../compile/build.js';
import { matchCustomerName } from '../halo/customer-match.js';
import type { Company } from '../model/company.js';
import type { FaqListNode } from '../model/faq-list.js';
import { kbKey } from '../model/kb.js';
import type { HaloSnapshot } from './halo-snapshot.js';
import { planListRemovals } from './list-removals.js';
import type { Manifest } from './manifest.js';
import type { FaqListPlan, PlanSettings } from './types.js';

/** The grouping list's key in plans and the manifest. */
export const GROUP_KEY = '_group';

/** The `third_party_id` that marks a FAQ list as halo-kb's own, so it is found again whatever its name. */
export function thirdPartyId(key: string): string {
  return `halo-kb:${key}`;
}

/** The desired FAQ lists: the grouping list, then each KB's lists in tree order. */
function desiredLists(nodes: readonly FaqListNode[], settings: PlanSettings, names: ReadonlyMap<string, string>): Omit<FaqListPlan, 'action' | 'reasons'>[] {
  const parents = new Set(nodes.map((n) => n.parent).filter((p): p is string => p !== undefined));
  const lists: Omit<FaqListPlan, 'action' | 'reasons'>[] = [{ key: GROUP_KEY, name: settings.groupName, isGroup: true, showForAll: settings.showForAll }];
  for (const node of nodes) {
    lists.push({
      key: node.key,
      name: names.get(node.key) ?? node.name,
      parent: node.parent ?? GROUP_KEY,
      // Halo nests a list only under one marked "Use this FAQ list for grouping other FAQ lists".
      isGroup: parents.has(node.key),
      showForAll: node.kb.kind === 'central' ? settings.showForAll : settings.companyShowForAll,
    });
  }
  return lists;
}

/**
 * A company's list is named after its customer unless `faq_list` says otherwise; matched by name
 * whatever its case, the customer's name is written as Halo spells it (`client_name: northwind
 * traders` makes the list "Northwind Traders").
 */
function customerListNames(companies: readonly Company[], halo: HaloSnapshot): Map<string, string> {
  const names = new Map<string, string>();
  for (const company of companies) {
    if (company.faqList !== company.clientName) continue;
    const match = company.clientId === undefined ? matchCustomerName(company.clientName, halo.clients ?? []) : undefined;
    if (match?.kind === 'one') names.set(kbKey({ kind: 'company', folder: company.folder }), match.customer.name);
  }
  return names;
}

function depth(key: string): number {
  return key === GROUP_KEY ? 0 : key.split('/').length;
}

/** Every FAQ list to create, update or leave, parents first; then those to remove, deepest first. */
export function planLists(build: BuildResult, manifest: Manifest, halo: HaloSnapshot, settings: PlanSettings): FaqListPlan[] {
  const byThirdParty = new Map(halo.faqLists.filter((l) => l.thirdPartyId !== undefined).map((l) => [l.thirdPartyId!, l]));
  const byId = new Map(halo.faqLists.map((l) => [l.id, l]));
  const ids = new Map<string, number>();
  const plans: FaqListPlan[] = [];
  for (const want of desiredLists(build.faqLists, settings, customerListNames(build.companies, halo)).sort((a, b) => depth(a.key) - depth(b.key))) {
    const parentId = want.parent === undefined ? 0 : ids.get(want.parent);
    let found = byThirdParty.get(thirdPartyId(want.key));
    const recorded = manifest.faqLists[want.key];
    if (found === undefined && recorded !== undefined) found = byId.get(recorded.haloId);
    if (found === undefined && parentId !== undefined) {
      found = halo.faqLists.find((l) => l.name === want.name && l.groupId === parentId && (l.thirdPartyId === undefined || l.thirdPartyId === ''));
    }
    if (found === undefined) {
      plans.push({ ...want, action: 'create', reasons: ['new FAQ list'] });
      continue;
    }
    ids.set(want.key, found.id);
    const reasons: string[] = [];
    if (found.name !== want.name) reasons.push(`renamed from "${found.name}"`);
    if (parentId !== undefined && found.groupId !== parentId) reasons.push('moved to another parent list');
    if (found.isGroup !== want.isGroup) reasons.push(want.isGroup ? 'now groups other lists' : 'no longer groups other lists');
    if (found.showForAll !== want.showForAll) reasons.push(`"show for all users" ${want.showForAll ? 'on' : 'off'}`);
    if (found.thirdPartyId !== thirdPartyId(want.key)) reasons.push('marked as a halo-kb list');
    plans.push({ ...want, haloId: found.id, action: reasons.length > 0 ? 'update' : 'unchanged', reasons });
  }
  // Deepest first, so that a list is removed after the lists below it.
  const removals = planListRemovals(new Set(plans.map((p) => p.key)), manifest, halo).sort((a, b) => depth(b.key) - depth(a.key));
  return [...plans, ...removals];
}
