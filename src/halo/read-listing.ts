/**
 * Reading a listing from Halo through the client: every page of it, or its first page for counts,
 * read whole or read again, and refused rather than used partial (see `list-pages.ts`).
 */
import { HaloKbError } from '../errors.js';
import { backoffMs } from './backoff.js';
import type { Call } from './call.js';
import type { ClientCalls } from './client-calls.js';
import type { HaloArea } from './explain.js';
import { readAllPages, readListPage, type ListPage, type Noun } from './list-pages.js';
import type { JsonRecord } from './records.js';

export const ARTICLES: Noun = ['article', 'articles'];
export const FAQ_LISTS: Noun = ['FAQ list', 'FAQ lists'];
export const CUSTOMERS: Noun = ['customer', 'customers'];
export const ATTACHMENTS: Noun = ['attachment', 'attachments'];

type ListingCalls = Pick<ClientCalls, 'json' | 'policy' | 'clock' | 'onEvent'>;

export async function listAll(
  calls: ListingCalls & { pageSize: number | undefined },
  path: string,
  key: string,
  filters: Call['query'],
  area: HaloArea,
  action: string,
  noun: Noun,
): Promise<JsonRecord[]> {
  const call = (page: number, size: number): Call => ({ method: 'GET', path, query: { ...filters, pageinate: true, page_size: size, page_no: page }, retry: 'safe', area, action });
  return wholeListing(calls, call(1, 1), () =>
    readAllPages(async (page, size) => readListPage(await calls.json(call(page, size)), key, noun), {
      pageSize: calls.pageSize ?? 1000,
      where: `GET /api${path}`,
      noun,
    }),
  );
}

/**
 * A listing read whole, or an error: one that came back incomplete is read again from the start
 * (a transient fault, like a 5xx), and after the retries halo-kb stops rather than plan or publish
 * from a partial picture of Halo.
 */
export async function wholeListing(calls: Omit<ListingCalls, 'json'>, call: Call, read: () => Promise<{ rows: JsonRecord[] } | { problem: string }>): Promise<JsonRecord[]> {
  for (let attempt = 1; ; attempt += 1) {
    const listing = await read();
    if ('rows' in listing) return listing.rows;
    if (attempt > calls.policy.retries) {
      throw new HaloKbError('HALO_INCOMPLETE_LIST', `Could not ${call.action}: ${listing.problem}.`);
    }
    const waitMs = backoffMs(attempt, calls.policy.backoffBaseMs, calls.policy.backoffMaxMs);
    calls.onEvent?.({ type: 'retry', kind: `GET /api${call.path}`, attempt, waitMs, reason: 'incomplete listing' });
    await calls.clock.sleep(waitMs);
  }
}

/** The first page of a listing (for counts), read whole or refused like `wholeListing`. */
export async function firstPage(calls: ListingCalls, call: Call, key: string, noun: Noun): Promise<ListPage> {
  let page: ListPage | undefined;
  await wholeListing(calls, call, async () => {
    const read = readListPage(await calls.json(call), key, noun);
    if ('problem' in read) return { problem: `GET /api${call.path} answered with ${read.problem}` };
    page = read;
    return read;
  });
  return page ?? { rows: [], total: undefined };
}
