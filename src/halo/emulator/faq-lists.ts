/**
 * `/api/FAQLists`: a bare JSON array (no envelope, as live Halo answers), POST an array that upserts
 * by `id`. A child names its parent in `group_id`; `is_group` marks the grouping parent.
 */
import { boolOr, flag, numberOr, param, records, saveReply, stringOr, type RouteContext } from './context.js';
import { haloError, ok, type Reply } from './reply.js';
import type { EmulatorData, StoredFaqList } from './store.js';

export function faqListRow(data: EmulatorData, f: StoredFaqList, withCounts = false): Record<string, unknown> {
  const parent = data.faqLists.find((p) => p.id === f.group_id);
  const row: Record<string, unknown> = {
    id: f.id,
    name: f.name,
    description: f.description,
    group_id: f.group_id,
    group_name: parent?.name ?? '',
    is_group: f.is_group,
    showforall: f.showforall,
    third_party_id: f.third_party_id,
    sequence: f.sequence,
    type: f.type,
    level: parent === undefined ? 0 : 1,
    allow_indexing: true,
  };
  if (withCounts) row['article_count'] = data.articles.filter((a) => a.faqlist_ids.includes(f.id)).length;
  return row;
}

export function listFaqLists(ctx: RouteContext): Reply {
  const parentId = param(ctx.query, 'parent_id');
  const rows = ctx.data.faqLists.filter((f) => parentId === undefined || f.group_id === Number(parentId)).sort((a, b) => a.sequence - b.sequence || a.id - b.id);
  return ok(rows.map((f) => faqListRow(ctx.data, f, flag(ctx.query, 'showcounts'))));
}

export function getFaqList(ctx: RouteContext, id: number): Reply {
  const found = ctx.data.faqLists.find((f) => f.id === id);
  return found === undefined ? haloError(404, `FAQ list ${id} not found.`) : ok(faqListRow(ctx.data, found, true));
}

/**
 * POST /FAQLists. A child naming a parent that is not `is_group` is accepted here: the 400 real Halo
 * gives for that shows up on article writes (see kb-articles.ts).
 */
export function saveFaqLists(ctx: RouteContext): Reply {
  const items = records(ctx.body);
  if (items === undefined) return haloError(400, 'The request body must be a JSON array of FAQ lists.');
  for (const item of items) {
    const id = numberOr(item['id'], 0);
    if (id > 0 && !ctx.data.faqLists.some((f) => f.id === id)) return haloError(400, `FAQ list ${id} does not exist.`);
    if (id <= 0 && stringOr(item['name'], '').trim() === '') return haloError(400, 'FAQ list name is required.');
    const groupId = numberOr(item['group_id'], 0);
    if (groupId > 0 && !ctx.data.faqLists.some((f) => f.id === groupId)) return haloError(400, `FAQ group ${groupId} does not exist.`);
  }
  const saved: Record<string, unknown>[] = [];
  for (const item of items) {
    const id = numberOr(item['id'], 0);
    let list = ctx.data.faqLists.find((f) => f.id === id);
    if (list === undefined) {
      list = {
        id: ctx.data.nextId.faqList++,
        name: '',
        group_id: 0,
        is_group: false,
        // Halo's guide: FAQ lists default to "show for all users".
        showforall: true,
        third_party_id: null,
        description: '',
        sequence: ctx.data.faqLists.length + 1,
        type: 0,
      };
      ctx.data.faqLists.push(list);
    }
    if (item['name'] !== undefined) list.name = stringOr(item['name'], list.name);
    if (item['group_id'] !== undefined) list.group_id = numberOr(item['group_id'], list.group_id);
    if (item['is_group'] !== undefined) list.is_group = boolOr(item['is_group'], list.is_group);
    if (item['showforall'] !== undefined) list.showforall = boolOr(item['showforall'], list.showforall);
    if (item['third_party_id'] !== undefined) list.third_party_id = item['third_party_id'] === null ? null : String(item['third_party_id']);
    if (item['description'] !== undefined) list.description = stringOr(item['description'], list.description);
    if (item['sequence'] !== undefined) list.sequence = numberOr(item['sequence'], list.sequence);
    saved.push(faqListRow(ctx.data, list));
  }
  ctx.changed();
  return ok(saveReply(saved, ctx.options));
}

export function deleteFaqList(ctx: RouteContext, id: number): Reply {
  const index = ctx.data.faqLists.findIndex((f) => f.id === id);
  if (index < 0) return haloError(404, `FAQ list ${id} not found.`);
  ctx.data.faqLists.splice(index, 1);
  for (const article of ctx.data.articles) article.faqlist_ids = article.faqlist_ids.filter((f) => f !== id);
  ctx.changed();
  return ok(undefined);
}
