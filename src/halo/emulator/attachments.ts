/** `/api/Attachment`: base64 uploads linked by `type` + `unique_id`, listed as `{record_count, attachments}`. */
import { flag, numberOr, param, paginate, records, saveReply, stringOr, now, type RouteContext } from './context.js';
import { haloError, ok, type Reply } from './reply.js';
import type { StoredAttachment } from './store.js';

/**
 * The `type` the emulator treats as "KB article" (real Halo's value is unknown; the client's
 * `KB_ATTACHMENT_TYPE` is the same number).
 */
export const EMULATOR_KB_ATTACHMENT_TYPE = 2;

/** Whether a stored attachment is one of an article's files (what the article's details list). */
export function linkedToArticle(a: StoredAttachment, articleId: number): boolean {
  return a.type === EMULATOR_KB_ATTACHMENT_TYPE && a.unique_id === articleId && a.linked !== false;
}

/** A row without the file content. */
export function attachmentRow(a: StoredAttachment): Record<string, unknown> {
  return { id: a.id, filename: a.filename, filesize: a.filesize, type: a.type, unique_id: a.unique_id, datecreated: a.datecreated };
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** Store one uploaded file, or say why not. */
export function storeAttachment(ctx: RouteContext, item: Record<string, unknown>, link: { type: number; unique_id: number; linked?: false }): StoredAttachment | Reply {
  const filename = stringOr(item['filename'], '').trim();
  const base64 = stringOr(item['data_base64'], stringOr(item['data'], ''));
  if (filename === '') return haloError(400, 'Attachment filename is required.');
  if (base64 === '' || !/^[A-Za-z0-9+/=\s]*$/.test(base64)) return haloError(400, `Attachment "${filename}" has no valid data_base64.`);
  const data = Buffer.from(base64, 'base64');
  const limit = ctx.options.attachmentLimitBytes;
  if (data.byteLength > limit) {
    return haloError(400, `The file ${filename} is larger than the maximum attachment size of ${size(limit)}.`);
  }
  const stored: StoredAttachment = {
    id: ctx.data.nextId.attachment++,
    filename,
    filesize: data.byteLength,
    type: link.type,
    unique_id: link.unique_id,
    datecreated: now(),
    data_base64: data.toString('base64'),
  };
  if (link.linked === false) stored.linked = false;
  ctx.data.attachments.push(stored);
  return stored;
}

export function listAttachments(ctx: RouteContext): Reply {
  const type = param(ctx.query, 'type');
  const uniqueId = param(ctx.query, 'unique_id');
  const rows = ctx.data.attachments.filter((a) => (type === undefined || a.type === Number(type)) && (uniqueId === undefined || a.unique_id === Number(uniqueId)));
  const { page, total } = paginate(rows, ctx.query, ctx.options.maxPageSize);
  return ok({ record_count: total, attachments: page.map(attachmentRow) });
}

/**
 * `attachment; filename="…"`, plus `filename*` (RFC 6266) for a name that is not plain ASCII: a
 * header cannot carry it as it is, and a writer's "Anleitung – VPN.pdf" must still download.
 */
function contentDisposition(filename: string): string {
  const plain = filename.replace(/[^\x20-\x7e]|["\\]/g, (c) => (c === '"' || c === '\\' ? '' : '_'));
  if (plain === filename.replace(/["\\]/g, '')) return `attachment; filename="${plain}"`;
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${plain}"; filename*=UTF-8''${encoded}`;
}

/** The raw file, its name in Content-Disposition, as Halo serves it. */
export function getAttachment(ctx: RouteContext, id: number): Reply {
  const found = ctx.data.attachments.find((a) => a.id === id);
  if (found === undefined) return haloError(404, `Attachment ${id} not found.`);
  if (flag(ctx.query, 'includedetails')) return ok(attachmentRow(found));
  return {
    status: 200,
    raw: { contentType: 'application/octet-stream', data: Buffer.from(found.data_base64, 'base64') },
    headers: { 'content-disposition': contentDisposition(found.filename) },
  };
}

export function saveAttachments(ctx: RouteContext): Reply {
  const items = records(ctx.body);
  if (items === undefined) return haloError(400, 'The request body must be a JSON array of attachments.');
  const saved: Record<string, unknown>[] = [];
  // A Halo that links KB files only inline still takes the file, and links it to nothing.
  const unlinked = ctx.options.attachmentLinking === 'inline' ? { linked: false as const } : {};
  for (const item of items) {
    const stored = storeAttachment(ctx, item, { type: numberOr(item['type'], 0), unique_id: numberOr(item['unique_id'], numberOr(item['ticket_id'], 0)), ...unlinked });
    if ('status' in stored) return stored;
    saved.push(attachmentRow(stored));
  }
  ctx.changed();
  return ok(saveReply(saved, ctx.options));
}

export function deleteAttachment(ctx: RouteContext, id: number): Reply {
  const index = ctx.data.attachments.findIndex((a) => a.id === id);
  if (index < 0) return haloError(404, `Attachment ${id} not found.`);
  ctx.data.attachments.splice(index, 1);
  ctx.changed();
  return ok(undefined);
}
