/**
 * `/api/KBArticle`: list `{record_count, articles}`, detail as a bare object, POST an array that
 * upserts by `id`, DELETE (refused with 403 by default, as Halo's API does).
 */
import { attachmentRow, EMULATOR_KB_ATTACHMENT_TYPE, linkedToArticle, storeAttachment } from './attachments.js';
import { boolOr, flag, now, numberOr, param, paginate, records, saveReply, stringOr, type RouteContext } from './context.js';
import { haloError, ok, type Reply } from './reply.js';
import { FEEDBACK_FIELDS, type EmulatorData, type FeedbackField, type FeedbackValue, type StoredArticle } from './store.js';

/** The feedback counters as this emulator sends them (0 where never set), less the fields left out. */
function counters(a: StoredArticle): Record<string, unknown> {
  // A null set through the control route is sent as null, as such a Halo would.
  const or0 = (value: FeedbackValue | undefined): FeedbackValue => (value === undefined ? 0 : value);
  const all: Record<string, unknown> = { view_count: or0(a.view_count), useful_count: or0(a.useful_count), notuseful_count: or0(a.notuseful_count) };
  for (const field of a.omitted ?? []) delete all[field];
  return all;
}

/**
 * A list row. Real Halo's rows (`KBEntry_List`) may lack the body (see `listRowBodies`); whether
 * they carry the feedback counters is unknown (live rows seen carry neither: see `listRowCounters`).
 */
function articleRow(a: StoredArticle, withBody: boolean, withCounters = false): Record<string, unknown> {
  const row: Record<string, unknown> = {
    id: a.id,
    name: a.name,
    type: a.type,
    inactive: a.inactive,
    showforall: a.showforall,
    next_review_date: a.next_review_date,
    date_created: a.date_created,
    date_edited: a.date_edited,
  };
  if (withBody) {
    row['description'] = a.description;
    row['description_html'] = a.description_html;
  }
  if (withCounters) Object.assign(row, counters(a));
  if (a.omitted?.includes('next_review_date') === true) delete row['next_review_date'];
  return row;
}

/** The detail record, with FAQ list names, tags, client access and attachments filled in. */
export function articleDetail(data: EmulatorData, a: StoredArticle): Record<string, unknown> {
  return {
    ...articleRow(a, true),
    resolution: '',
    resolution_html: '',
    editor_name: a.editor_name,
    ...counters(a),
    faqlists: a.faqlist_ids.map((id) => ({ id, name: data.faqLists.find((f) => f.id === id)?.name ?? '' })),
    tags: a.tags.map((text, i) => ({ id: i + 1, text })),
    kb_tags: a.tags.join(', '),
    kbentryclientaccess: a.client_ids.map((client_id, i) => ({
      id: i + 1,
      client_id,
      client_name: data.clients.find((c) => c.id === client_id)?.name ?? '',
      kb_id: a.id,
    })),
    attachments: data.attachments.filter((att) => linkedToArticle(att, a.id)).map(attachmentRow),
  };
}

export function listArticles(ctx: RouteContext): Reply {
  const search = param(ctx.query, 'search')?.toLowerCase();
  const faqLists = (param(ctx.query, 'faqlists') ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number);
  const clientId = param(ctx.query, 'client_id');
  const type = param(ctx.query, 'type');
  // Halo's default for retired articles is unknown; the emulator hides them unless asked, the
  // stricter choice, so a client that forgets includeinactive=true notices.
  const includeInactive = flag(ctx.query, 'includeinactive');
  const rows = ctx.data.articles
    .filter((a) => includeInactive || !a.inactive)
    .filter((a) => search === undefined || a.name.toLowerCase().includes(search) || a.description.toLowerCase().includes(search))
    .filter((a) => faqLists.length === 0 || a.faqlist_ids.some((id) => faqLists.includes(id)))
    // client_id: articles restricted to that customer (unrestricted articles are not listed).
    .filter((a) => clientId === undefined || a.client_ids.includes(Number(clientId)))
    .filter((a) => type === undefined || a.type === Number(type))
    .sort((a, b) => a.id - b.id);
  const { page, total } = paginate(rows, ctx.query, ctx.options.maxPageSize);
  return ok({ record_count: total, articles: page.map((a) => articleRow(a, ctx.options.listRowBodies, ctx.options.listRowCounters)) });
}

export function getArticle(ctx: RouteContext, id: number): Reply {
  const found = ctx.data.articles.find((a) => a.id === id);
  if (found === undefined) return haloError(404, `Article ${id} not found.`);
  return ok(articleDetail(ctx.data, found));
}

function ids(value: unknown, field: string): number[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const id = Number(item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[field] : item);
    return Number.isInteger(id) && id > 0 ? [id] : [];
  });
}

/** Why an article may not go into these FAQ lists, or undefined. */
function faqListProblem(ctx: RouteContext, faqListIds: number[]): string | undefined {
  for (const id of faqListIds) {
    const list = ctx.data.faqLists.find((f) => f.id === id);
    if (list === undefined) return `FAQ list ${id} does not exist.`;
    if (!ctx.options.requireGroupingParent || list.group_id === 0) continue;
    const parent = ctx.data.faqLists.find((f) => f.id === list.group_id);
    // Halo's exact wording is unknown; this names the setting the user has to change.
    if (parent === undefined || !parent.is_group) {
      return `The FAQ Group of FAQ list "${list.name}" is not set to "Use this FAQ list for grouping other FAQ lists".`;
    }
  }
  return undefined;
}

/** POST /KBArticle: validate the whole batch first, then store it (all or nothing). */
export function saveArticles(ctx: RouteContext): Reply {
  const items = records(ctx.body);
  if (items === undefined) return haloError(400, 'The request body must be a JSON array of articles.');
  const creates = items.filter((item) => item['id'] === undefined || item['id'] === null || Number(item['id']) <= 0);
  if (ctx.options.aiDuplicateDetection && creates.length > 0) {
    // What Halo sends is unknown: users only report a bare 500 on /KBArticle while the feature is on.
    return haloError(500, 'An error occurred while processing your request.', 'System.Exception');
  }
  for (const item of items) {
    const id = Number(item['id'] ?? 0);
    if (id > 0 && !ctx.data.articles.some((a) => a.id === id)) return haloError(400, `Article ${id} does not exist.`);
    if (id <= 0 && stringOr(item['name'], '').trim() === '') return haloError(400, 'Article name is required.');
    if (item['faqlists'] !== undefined) {
      const problem = faqListProblem(ctx, ids(item['faqlists'], 'id'));
      if (problem !== undefined) return haloError(400, problem);
    }
  }
  const saved: Record<string, unknown>[] = [];
  for (const item of items) {
    const id = Number(item['id'] ?? 0);
    const existing = id > 0 ? ctx.data.articles.find((a) => a.id === id) : undefined;
    const article = existing ?? newArticle(ctx.data);
    applyFields(article, item);
    article.date_edited = now();
    article.editor_name = 'API';
    if (existing === undefined) ctx.data.articles.push(article);
    // Inline attachments: stored as Attachment records linked to the article. A Halo that links KB
    // files only through /Attachment saves the article and drops them, answering 200 all the same.
    if (Array.isArray(item['attachments']) && ctx.options.attachmentLinking !== 'endpoint') {
      for (const file of records(item['attachments']) ?? []) {
        if (file['data_base64'] === undefined && file['data'] === undefined) continue;
        const stored = storeAttachment(ctx, file, { type: EMULATOR_KB_ATTACHMENT_TYPE, unique_id: article.id });
        if ('status' in stored) return stored;
      }
    }
    saved.push(articleDetail(ctx.data, article));
  }
  ctx.changed();
  return ok(saveReply(saved, ctx.options));
}

function newArticle(data: EmulatorData): StoredArticle {
  const time = now();
  return {
    id: data.nextId.article++,
    name: '',
    description: '',
    description_html: '',
    type: 0,
    inactive: false,
    // Halo's default for a new article is unknown; off keeps client restrictions in force.
    showforall: false,
    next_review_date: null,
    faqlist_ids: [],
    tags: [],
    client_ids: [],
    date_created: time,
    date_edited: time,
    editor_name: 'API',
  };
}

/** Copy the fields a write carries; fields it leaves out keep their value (Halo's partial update). */
function applyFields(article: StoredArticle, item: Record<string, unknown>): void {
  if (item['name'] !== undefined) article.name = stringOr(item['name'], article.name);
  const html = item['description_html'] ?? item['description'];
  if (item['description'] !== undefined) article.description = stringOr(item['description'], article.description);
  if (html !== undefined) article.description_html = stringOr(html, article.description_html);
  if (item['type'] !== undefined) article.type = numberOr(item['type'], article.type);
  if (item['inactive'] !== undefined) article.inactive = boolOr(item['inactive'], article.inactive);
  if (item['showforall'] !== undefined) article.showforall = boolOr(item['showforall'], article.showforall);
  if (item['next_review_date'] !== undefined) {
    article.next_review_date = typeof item['next_review_date'] === 'string' ? item['next_review_date'] : null;
  }
  if (item['faqlists'] !== undefined) article.faqlist_ids = ids(item['faqlists'], 'id');
  if (item['tags'] !== undefined && Array.isArray(item['tags'])) {
    article.tags = item['tags'].flatMap((t) => {
      const text = t !== null && typeof t === 'object' ? (t as Record<string, unknown>)['text'] : t;
      return typeof text === 'string' && text.trim() !== '' ? [text.trim()] : [];
    });
  }
  if (item['kbentryclientaccess'] !== undefined) article.client_ids = ids(item['kbentryclientaccess'], 'client_id');
}

export function deleteArticle(ctx: RouteContext, id: number): Reply {
  const index = ctx.data.articles.findIndex((a) => a.id === id);
  if (ctx.options.forbidArticleDelete) {
    // The existing KB sync reports this 403 from real Halo; the body text is the emulator's.
    return haloError(403, 'You do not have permission to delete this article.', 'HaloForbiddenException');
  }
  if (index < 0) return haloError(404, `Article ${id} not found.`);
  ctx.data.articles.splice(index, 1);
  ctx.changed();
  return ok(undefined);
}

/** What an agent does in Halo's editor: change the article by hand (bumps `date_edited`). */
export interface AgentEdit {
  name?: string;
  html?: string;
  inactive?: boolean;
}

export function agentEdit(data: EmulatorData, id: number, edit: AgentEdit): StoredArticle | undefined {
  const article = data.articles.find((a) => a.id === id);
  if (article === undefined) return undefined;
  if (edit.name !== undefined) article.name = edit.name;
  if (edit.html !== undefined) {
    article.description = edit.html;
    article.description_html = edit.html;
  }
  if (edit.inactive !== undefined) article.inactive = edit.inactive;
  // Strictly later than the last save, even within the same millisecond.
  const previous = Date.parse(article.date_edited);
  article.date_edited = new Date(Math.max(Date.now(), previous + 1)).toISOString();
  article.editor_name = 'Agent';
  return article;
}

/**
 * What readers do in Halo: view an article and vote it useful or not; and what a reviewer sets, its
 * next review date. Any JSON number, string or null is stored as given, so a test can play a Halo
 * that sends counters as strings, null or negative; `omit` names fields to leave out of replies.
 * Votes are not edits: `date_edited` stays.
 */
export function setFeedback(data: EmulatorData, id: number, body: unknown): StoredArticle | string | undefined {
  const article = data.articles.find((a) => a.id === id);
  if (article === undefined) return undefined;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'The body must be a JSON object such as {"useful_count": 3, "notuseful_count": 5}.';
  const fields = body as Record<string, unknown>;
  const known: readonly string[] = FEEDBACK_FIELDS;
  const unknown = Object.keys(fields).filter((k) => k !== 'omit' && !known.includes(k));
  if (unknown.length > 0) return `Unknown feedback fields: ${unknown.join(', ')}; known: ${FEEDBACK_FIELDS.join(', ')}, omit.`;
  const omit = fields['omit'];
  if (omit !== undefined && (!Array.isArray(omit) || omit.some((f) => typeof f !== 'string' || !known.includes(f)))) {
    return `"omit" must be a list of: ${FEEDBACK_FIELDS.join(', ')}.`;
  }
  for (const field of FEEDBACK_FIELDS) {
    if (!(field in fields)) continue;
    const value = fields[field];
    if (value !== null && typeof value !== 'number' && typeof value !== 'string') return `${field} must be a number, a string or null.`;
    if (field === 'next_review_date') article.next_review_date = value === null ? null : String(value);
    else article[field] = value as FeedbackValue;
  }
  if (omit !== undefined) article.omitted = omit as FeedbackField[];
  return article;
}
