/**
 * What `halo-kb doctor` checks of the content's mappings against Halo, without writing: each
 * company folder's customer (by id, or by name with "did you mean" for near misses and the
 * ambiguous case), and the FAQ lists the configuration names. Pure: lines to print and whether
 * anything must be fixed before publishing.
 */
import { kbKey } from '../model/kb.js';
import type { Company } from '../model/company.js';
import { matchCustomerName, nearCustomerNames } from '../halo/customer-match.js';
import type { HaloCustomer, HaloFaqList } from '../halo/types.js';
import { thirdPartyId } from '../plan/faq-lists.js';

export interface DoctorLines {
  lines: string[];
  /** Problems that make publishing fail: doctor exits 3. */
  errors: number;
}

function named(c: HaloCustomer): string {
  return `"${c.name}" (id ${c.id})`;
}

/** Each company folder against Halo's customers. */
export function checkCompanies(companies: readonly Company[], customers: readonly HaloCustomer[]): DoctorLines {
  const lines: string[] = [];
  let errors = 0;
  for (const company of companies) {
    const folder = `content/companies/${company.folder}`;
    const file = company.configPath ?? `${folder}/_company.yml`;
    const fail = (message: string, fix: string): void => {
      errors += 1;
      lines.push(`FAIL  ${folder}: ${message}`, `      ${fix}`);
    };
    if (company.clientId !== undefined) {
      const found = customers.find((c) => c.id === company.clientId);
      if (found !== undefined) {
        lines.push(`ok    ${folder} → customer ${named(found)}, by client_id`);
        continue;
      }
      const byName = matchCustomerName(company.clientName, customers);
      fail(
        `client_id ${company.clientId} is not a customer in Halo.`,
        byName.kind === 'one'
          ? `Halo's customer "${byName.customer.name}" has id ${byName.customer.id}: set client_id: ${byName.customer.id} in ${file}, or remove client_id to map by name.`
          : `Set client_id in ${file} to the customer's id in Halo, or remove it to map by client_name.`,
      );
      continue;
    }
    const match = matchCustomerName(company.clientName, customers);
    if (match.kind === 'one') {
      lines.push(`ok    ${folder} → customer ${named(match.customer)}, by name`);
      continue;
    }
    if (match.kind === 'ambiguous') {
      const { matches } = match;
      fail(
        `${matches.length} customers in Halo are named "${company.clientName}" (${matches.map((c) => `id ${c.id}`).join(', ')}); halo-kb cannot tell which is meant.`,
        `Add client_id: ${matches[0]!.id} (or ${matches
          .slice(1)
          .map((c) => c.id)
          .join(', ')}) to ${file}, whichever is the right customer.`,
      );
      continue;
    }
    const near = nearCustomerNames(company.clientName, customers);
    const source = company.configPath === undefined ? `the folder name "${company.folder}"` : `client_name "${company.clientName}"`;
    fail(
      `no customer in Halo is named "${company.clientName}" (from ${source}).${near.length === 0 ? '' : ` Did you mean ${near.map(named).join(' or ')}?`}`,
      company.configPath === undefined
        ? `Create ${file} with client_name: ${near[0]?.name ?? "<the customer's exact name in Halo>"} (or client_id: <its id>).`
        : `Set client_name to the customer's exact name in Halo${near.length === 0 ? '' : ` (client_name: ${near[0]!.name})`}, or client_id to its id, in ${file}.`,
    );
  }
  return { lines, errors };
}

/** The FAQ lists the configuration names, as halo-kb will find or create them under its grouping list. */
export function checkFaqLists(central: string | undefined, companies: readonly Company[], lists: readonly HaloFaqList[], groupId: number | undefined): string[] {
  const wanted = [
    ...(central === undefined ? [] : [{ key: kbKey({ kind: 'central' }), name: central }]),
    ...companies.map((c) => ({ key: kbKey({ kind: 'company', folder: c.folder }), name: c.faqList })),
  ];
  const lines: string[] = [];
  let toCreate = 0;
  for (const want of wanted) {
    const ours = lists.find((l) => l.third_party_id === thirdPartyId(want.key));
    if (ours !== undefined) {
      lines.push(ours.name === want.name ? `ok    FAQ list "${want.name}" (id ${ours.id})` : `info  FAQ list ${ours.id} is named "${ours.name}"; the next publish renames it "${want.name}"`);
      continue;
    }
    const same = groupId === undefined ? undefined : lists.find((l) => l.name === want.name && (l.group_id ?? 0) === groupId && (l.third_party_id ?? '') === '');
    if (same !== undefined) {
      lines.push(`info  FAQ list "${want.name}" (id ${same.id}) exists under the grouping list; the first publish takes it over`);
      continue;
    }
    toCreate += 1;
    lines.push(`info  FAQ list "${want.name}" does not exist yet; the first publish creates it`);
  }
  if (toCreate > 0) {
    lines.push(
      '      Creating FAQ lists needs the agent\'s role to have "Can create FAQ lists: Yes": doctor cannot see role settings without writing; `halo-kb doctor --probe` creates (and deletes) a scratch list.',
    );
  }
  return lines;
}
