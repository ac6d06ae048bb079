/**
 * Which Halo customer a company folder's name means. `doctor` and `plan` decide it by this one
 * rule: names compare without case, and with runs of whitespace and the ends trimmed, so
 * "Contoso  Ltd " in `_company.yml` is Halo's "contoso ltd". Two customers with that name are
 * ambiguous: neither is guessed.
 */
import { suggestKey } from '../key-typos.js';

export interface NamedCustomer {
  id: number;
  name: string;
}

export type CustomerMatch<C extends NamedCustomer> = { kind: 'one'; customer: C } | { kind: 'ambiguous'; matches: C[] } | { kind: 'none' };

/** A customer name as the match compares it. */
function plain(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** The customers named `name` in Halo. */
export function matchCustomerName<C extends NamedCustomer>(name: string, customers: readonly C[]): CustomerMatch<C> {
  const wanted = plain(name);
  const matches = customers.filter((c) => plain(c.name) === wanted);
  if (matches.length === 1) return { kind: 'one', customer: matches[0]! };
  if (matches.length > 1) return { kind: 'ambiguous', matches };
  return { kind: 'none' };
}

/** Up to three customers whose names are near `wanted`: a typo away, or one name inside the other. */
export function nearCustomerNames<C extends NamedCustomer>(wanted: string, customers: readonly C[]): C[] {
  const w = plain(wanted).replace(/[^a-z0-9]/g, '');
  const best = suggestKey(
    wanted,
    customers.map((c) => c.name),
  );
  const near = customers.filter((c) => {
    const n = plain(c.name).replace(/[^a-z0-9]/g, '');
    return c.name === best || (w.length >= 3 && n.length >= 3 && (n.includes(w) || w.includes(n)));
  });
  return near.sort((a, b) => (a.name === best ? -1 : b.name === best ? 1 : a.name.localeCompare(b.name))).slice(0, 3);
}
