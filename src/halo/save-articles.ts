/**
 * Saving articles to Halo: updates and creates in batches, each create sent once and, where Halo's
 * reply does not say which ids it gave (or never came), the new articles looked up by their key
 * marker and name before anything is sent again.
 */
import { HaloKbError } from '../errors.js';
import { plural } from '../report/plural.js';
import { convertAll, toArticle, toKbEntry } from './article-shape.js';
import { splitBatches } from './batches.js';
import type { Call } from './call.js';
import type { ClientCalls } from './client-calls.js';
import { beforeCreateRetry, sendCreate } from './create-once.js';
import { hasBody } from './key-marker.js';
import { matchCreated, type PendingCreate } from './match-created.js';
import { savedRecords, type JsonRecord } from './records.js';
import type { ArticleWrite, HaloArticle, ListArticlesQuery, SavedArticle } from './types.js';

export interface SaveArticlesDeps extends ClientCalls {
  listArticles(query: ListArticlesQuery): Promise<HaloArticle[]>;
  getArticle(id: number): Promise<HaloArticle | undefined>;
  /** Articles per POST; default 50. */
  batchSize: number | undefined;
  /** Largest POST body in KiB; default 4096. */
  batchMaxKb: number | undefined;
}

type Indexed = { write: ArticleWrite; index: number; entry: JsonRecord };

function describeArticles(writes: readonly { name: string }[], verb: string): string {
  const first = writes[0];
  return writes.length === 1 && first !== undefined ? `${verb} the article "${first.name}"` : `${verb} ${plural(writes.length, 'article')}`;
}

/**
 * Create and update articles in batches. Returns one saved record per write, in the order of the
 * writes, each with its Halo id, whatever shape Halo's reply had.
 */
export async function saveArticles(deps: SaveArticlesDeps, writes: readonly ArticleWrite[]): Promise<SavedArticle[]> {
  const results: (SavedArticle | undefined)[] = new Array<SavedArticle | undefined>(writes.length);
  const indexed = writes.map((write, index) => ({ write, index, entry: toKbEntry(write) }));
  const limits = { maxItems: Math.max(1, deps.batchSize ?? 50), maxBytes: (deps.batchMaxKb ?? 4096) * 1024 };
  const size = (item: { entry: JsonRecord }): number => Buffer.byteLength(JSON.stringify(item.entry));
  const updates = splitBatches(
    indexed.filter((x) => x.write.id !== undefined),
    limits,
    size,
  );
  const creates = splitBatches(
    indexed.filter((x) => x.write.id === undefined),
    limits,
    size,
  );
  const settled = await Promise.allSettled([...updates.map((batch) => updateArticles(deps, batch, results)), ...creates.map((batch) => createArticles(deps, batch, results))]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return results.map((result, index) => {
    if (result === undefined) throw new Error(`saveArticles: write ${index} has no result`);
    return result;
  });
}

async function updateArticles(deps: SaveArticlesDeps, batch: readonly Indexed[], results: (SavedArticle | undefined)[]): Promise<void> {
  const value = await deps.json({
    method: 'POST',
    path: '/KBArticle',
    body: batch.map((b) => b.entry),
    retry: 'safe',
    area: 'kb',
    action: describeArticles(
      batch.map((b) => b.write),
      'update',
    ),
  });
  const replied = convertAll(Array.isArray(value) ? value : value === undefined ? [] : [value], toArticle);
  for (const { write, index } of batch) {
    const id = write.id ?? 0;
    const record = replied.find((r) => r.id === id);
    results[index] = savedArticle(write, id, 'updated', false, record);
  }
}

async function createArticles(deps: SaveArticlesDeps, batch: readonly Indexed[], results: (SavedArticle | undefined)[]): Promise<void> {
  let pending = [...batch];
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const call: Call = {
      method: 'POST',
      path: '/KBArticle',
      body: pending.map((p) => p.entry),
      retry: 'never',
      area: 'kb',
      action: describeArticles(
        pending.map((p) => p.write),
        'create',
      ),
    };
    const outcome = await sendCreate(deps, call);
    let unresolved = pending;
    if (outcome.ok) {
      const replied = convertAll(savedRecords(outcome.res.text), toArticle);
      unresolved = [];
      const claimed = claimedIds(results);
      const matches = matchCreated(toPending(pending), replied, claimed);
      // A reply of exactly one record per item, in order, is matched by position as well.
      const byPosition = replied.length === pending.length;
      pending.forEach((item, position) => {
        const record = matches.get(item.index) ?? (byPosition ? replied[position] : undefined);
        if (record !== undefined && !claimed.has(record.id)) results[item.index] = savedArticle(item.write, record.id, 'created', false, record);
        else unresolved.push(item);
      });
      if (unresolved.length === 0) return;
    }
    // Either Halo did not say which ids it gave, or the create failed in a way that may have stored it.
    const found = await findCreated(deps, unresolved, results);
    pending = unresolved.filter((item) => !found.has(item.index));
    for (const item of unresolved) {
      const record = found.get(item.index);
      if (record !== undefined) results[item.index] = savedArticle(item.write, record.id, 'created', true, record);
    }
    if (pending.length > 0 && outcome.ok) {
      throw new HaloKbError(
        'HALO_CREATE_UNCONFIRMED',
        `Halo accepted ${plural(pending.length, 'new article')} but they could not be found afterwards: ${pending.map((p) => `"${p.write.name}"`).join(', ')}.`,
      );
    }
    if (pending.length > 0)
      await beforeCreateRetry(
        deps,
        attempt,
        outcome,
        'articles',
        pending.map((p) => p.write.name),
      );
  }
}

/** Look up articles that may have been created: list their FAQ lists, read rows without a body. */
async function findCreated(deps: SaveArticlesDeps, items: readonly { write: ArticleWrite; index: number }[], results: readonly (SavedArticle | undefined)[]): Promise<Map<number, HaloArticle>> {
  deps.onEvent?.({ type: 'recover-create', what: 'articles', names: items.map((i) => i.write.name) });
  const rows = new Map<number, HaloArticle>();
  const lists = new Set(items.flatMap((i) => i.write.faqListIds.slice(0, 1)));
  for (const faqListId of lists) {
    for (const row of await deps.listArticles({ faqListId, includeInactive: true })) rows.set(row.id, row);
  }
  for (const item of items.filter((i) => i.write.faqListIds.length === 0)) {
    for (const row of await deps.listArticles({ search: item.write.name, includeInactive: true })) rows.set(row.id, row);
  }
  // Real Halo list rows may come without their body; read those whose name could match.
  const names = new Set(items.map((i) => i.write.name.trim()));
  for (const row of [...rows.values()]) {
    if (!hasBody(row) && names.has(row.name.trim())) {
      const detail = await deps.getArticle(row.id);
      if (detail !== undefined) rows.set(row.id, detail);
    }
  }
  return matchCreated(toPending(items), [...rows.values()], claimedIds(results));
}

function claimedIds(results: readonly (SavedArticle | undefined)[]): Set<number> {
  return new Set(results.flatMap((r) => (r === undefined ? [] : [r.id])));
}

function toPending(items: readonly { write: ArticleWrite; index: number }[]): PendingCreate[] {
  return items.map((i) => ({ index: i.index, name: i.write.name, key: i.write.key }));
}

function savedArticle(write: ArticleWrite, id: number, action: SavedArticle['action'], resolved: boolean, record: HaloArticle | undefined): SavedArticle {
  const saved: SavedArticle = { id, name: write.name, action, resolved };
  if (write.key !== undefined) saved.key = write.key;
  if (record !== undefined) saved.record = record;
  return saved;
}
