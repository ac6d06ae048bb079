/**
 * What `halo-kb doctor` checks of the content's mappings against Halo, without writing: each
 * company folder's customer (by id, or by name with "did you mean" for near misses and the
 * ambiguous case), and the FAQ lists the configuration names. Pure: lines to print and whether
 * anything must be fixed before publishing.
 */
import { kbKey } from '../model/kb.js';
import type { Company } from '../model/company.js';
import type { HaloCustomer, HaloFaqList } from '../halo/types.js';
import { thirdPartyId } from '../plan/plan.js';
import { suggestKey } from '../schema.js';

export interface DoctorLines {
  lines: string[];
  /** Problems that make publishing fail: doctor exits 3. */
  errors: number;
}

function plain(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Up to three customers whose names are near `wanted`: a typo away, or one name inside the other. */
function nearNames(wanted: string, customers: readonly HaloCustomer[]): HaloCustomer[] {
  const w = plain(wanted).replace(/[^a-z0-9]/g, '');
  const best = suggestKey(wanted, customers.map((c) => c.name));
  const near = customers.filter((c) => {
    const n = plain(c.name).replace(/[^a-z0-9]/g, '');
    return c.name === best || (w.length >= 3 && n.length >= 3 && (n.includes(w) || w.includes(n)));
  });
  return near.sort((a, b) => (a.name === best ? -1 : b.name === best ? 1 : a.name.localeCompare(b.name))).slice(0, 3);
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
      const byName = customers.filter((c) => plain(c.name) === plain(company.clientName));
      fail(
        `client_id ${company.clientId} is not a customer in Halo.`,
        byName.length === 1
          ? `Halo's customer "${byName[0]!.name}" has id ${byName[0]!.id}: set client_id: ${byName[0]!.id} in ${file}, or remove client_id to map by name.`
          : `Set client_id in ${file} to the customer's id in Halo, or remove it to map by client_name.`,
      );
      continue;
    }
    const matches = customers.filter((c) => plain(c.name) === plain(company.clientName));
    if (matches.length === 1) {
      lines.push(`ok    ${folder} → customer ${named(matches[0]!)}, by name`);
      continue;
    }
    if (matches.length > 1) {
      fail(
        `${matches.length} customers in Halo are named "${company.clientName}" (${matches.map((c) => `id ${c.id}`).join(', ')}); halo-kb cannot tell which is meant.`,
        `Add client_id: ${matches[0]!.id} (or ${matches.slice(1).map((c) => c.id).join(', ')}) to ${file}, whichever is the right customer.`,
      );
      continue;
    }
    const near = nearNames(company.clientName, customers);
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
  const wanted = [...(central === undefined ? [] : [{ key: kbKey({ kind: 'central' }), name: central }]), ...companies.map((c) => ({ key: kbKey({ kind: 'company', folder: c.folder }), name: c.faqList }))];
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
    lines.push('      Creating FAQ lists needs the agent\'s role to have "Can create FAQ lists: Yes": doctor cannot see role settings without writing; `halo-kb doctor --probe` creates (and deletes) a scratch list.');
  }
  return lines;
}
