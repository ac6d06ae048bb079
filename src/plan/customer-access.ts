/**
 * Customer access: the Halo customer a company's articles are restricted to, and the problem
 * reported when its folder matches no customer, or more than one.
 */
import type { Diagnostic } from '../diagnostics.js';
import { matchCustomerName, type CustomerMatch, type NamedCustomer } from '../halo/customer-match.js';
import type { Company } from '../model/company.js';
import { kbKey, type KbRef } from '../model/kb.js';
import type { HaloSnapshot } from './halo-snapshot.js';

/**
 * The Halo customer a company's articles are restricted to: its `client_id`, or the one customer
 * its name matches (the rule `doctor` checks, in customer-match.ts).
 */
export function customerOf(company: Company, halo: HaloSnapshot): CustomerMatch<NamedCustomer> {
  if (company.clientId !== undefined) return { kind: 'one', customer: { id: company.clientId, name: company.clientName } };
  return matchCustomerName(company.clientName, halo.clients ?? []);
}

/**
 * A company KB whose customer was not found (or not told apart): the error to report, and the
 * reason its articles are skipped.
 */
export function unmatchedCustomer(kb: Extract<KbRef, { kind: 'company' }>, company: Company | undefined, match: CustomerMatch<NamedCustomer>): { diagnostic: Diagnostic; reason: string } {
  const name = company?.clientName ?? kb.folder;
  const file = company?.configPath ?? `content/companies/${kb.folder}`;
  const ambiguous = match.kind === 'ambiguous' ? match.matches : [];
  const diagnostic: Diagnostic =
    ambiguous.length > 0
      ? {
          severity: 'error',
          ruleId: 'ambiguous-client',
          file,
          message: `${ambiguous.length} Halo customers are named "${name}" (${ambiguous.map((c) => `id ${c.id}`).join(', ')}), so halo-kb cannot tell which may read the articles of ${kbKey(kb)}.`,
          hint: `Add client_id: <the right customer's id> to ${file.endsWith('.yml') ? file : `${file}/_company.yml`}.`,
        }
      : {
          severity: 'error',
          ruleId: 'unknown-client',
          file,
          message: `No Halo customer is named "${name}", so the articles of ${kbKey(kb)} cannot be restricted to it.`,
          hint: "Set client_name to the customer's exact name in Halo, or client_id to its id, in the folder's _company.yml.",
        };
  return { diagnostic, reason: ambiguous.length > 0 ? `${ambiguous.length} Halo customers are named "${name}"` : `the Halo customer "${name}" was not found` };
}
