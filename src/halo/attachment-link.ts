/**
 * How an attachment reaches a KB article. Real Halo's way is unknown (`Attachment` has no `kb_id`),
 * so both plausible ways live here, in one place:
 *
 * - `inline`: the file travels in the article write, `POST /KBArticle [{id, attachments:
 *   [{filename, data_base64}]}]`; listed back from the article's details.
 * - `attachment-endpoint`: `POST /Attachment [{filename, data_base64, type, unique_id: articleId}, …]`
 *   (several files, of several articles, in one request), listed back with `GET /Attachment?type=&unique_id=`.
 *
 * Which one a Halo honours is `halo.attachment_mode`, or found out on the first upload (see
 * `upload-attachments.ts`). Neither send is idempotent (a second send adds a second file), so each
 * is sent once; the uploader looks a file up before sending it again.
 */
import { HaloKbError } from '../errors.js';
import { convertAll, toArticle, toAttachment } from './article-shape.js';
import type { Call } from './call.js';
import { HaloConnectionError } from './errors.js';
import type { CallResult } from './http.js';
import { readListPage } from './list-pages.js';
import { matchAttachment } from './match-attachment.js';
import { savedRecords, type JsonRecord } from './records.js';
import type { AttachmentMode, AttachmentUpload, HaloArticle, HaloAttachment } from './types.js';

export interface AttachmentLinkDeps {
  call(call: Call): Promise<unknown>;
  saveRaw(call: Call): Promise<CallResult>;
  explain(res: CallResult, call: Call): HaloKbError;
  getArticle(id: number): Promise<HaloArticle | undefined>;
  /** Every row of a paginated listing. */
  listAll(call: Pick<Call, 'path' | 'query' | 'area' | 'action'>, key: string): Promise<JsonRecord[]>;
  attachmentType: number;
}

/**
 * How one send went: accepted (with the records the reply carried for the files sent, if any; the
 * article's files, where the reply is the article and lists them; and whether it was an array, one
 * object or empty), or failed in a way that may have stored the files (5xx, a lost reply). A
 * definite refusal (4xx) is thrown.
 */
export type SendOutcome = { ok: true; replied: HaloAttachment[]; listed?: HaloAttachment[]; shape: ReplyShape } | { ok: false; error: HaloKbError };

/** What a POST answered: an array of records, one object, nothing, or something else. */
export type ReplyShape = 'array' | 'object' | 'empty' | 'other';

/** One way of attaching files to articles. */
export interface AttachmentWay {
  mode: AttachmentMode;
  /** Send files once; `inline` takes one file per request. */
  send(uploads: readonly AttachmentUpload[]): Promise<SendOutcome>;
  /** The article's files, as this way lists them. */
  list(articleId: number): Promise<HaloAttachment[]>;
  /** The files of several articles, in as few requests as the way allows. */
  listMany(articleIds: readonly number[]): Promise<Map<number, HaloAttachment[]>>;
}

function fileRecord(upload: AttachmentUpload): Record<string, unknown> {
  return { filename: upload.filename, data_base64: Buffer.from(upload.data).toString('base64'), filesize: upload.data.byteLength };
}

/** Bytes of base64 a file adds to a request. */
export function base64Bytes(upload: AttachmentUpload): number {
  return Math.ceil(upload.data.byteLength / 3) * 4;
}

export function replyShape(text: string): ReplyShape {
  if (text.trim() === '') return 'empty';
  try {
    const value = JSON.parse(text) as unknown;
    if (Array.isArray(value)) return 'array';
    return value !== null && typeof value === 'object' ? 'object' : 'other';
  } catch {
    return 'other';
  }
}

/** Send once; 5xx and lost replies come back as `ok: false`, definite refusals are thrown. */
export async function sendOnce(deps: Pick<AttachmentLinkDeps, 'saveRaw' | 'explain'>, call: Call): Promise<{ ok: true; res: CallResult } | { ok: false; error: HaloKbError }> {
  try {
    const res = await deps.saveRaw(call);
    if (res.status >= 200 && res.status < 300) return { ok: true, res };
    const error = deps.explain(res, call);
    if (res.status >= 500) return { ok: false, error };
    throw error;
  } catch (error) {
    if (error instanceof HaloConnectionError && (error.code === 'HALO_TIMEOUT' || error.code === 'HALO_CONNECTION_LOST')) return { ok: false, error };
    throw error;
  }
}

/** The attachment that is this upload, among an article's attachments. */
export function findUpload(attachments: readonly HaloAttachment[], upload: AttachmentUpload, exclude: ReadonlySet<number> = new Set()): HaloAttachment | undefined {
  return matchAttachment(attachments, { filename: upload.filename, size: upload.data.byteLength, data: upload.data }, new Set([...(upload.otherIds ?? []), ...exclude]));
}

/**
 * The files an article's details list, or undefined when the details carry no `attachments` field
 * at all (whether every Halo fills it in is unknown: then the details cannot tell).
 */
export async function listedByArticle(deps: Pick<AttachmentLinkDeps, 'getArticle'>, articleId: number): Promise<HaloAttachment[] | undefined> {
  const article = await deps.getArticle(articleId);
  return Array.isArray(article?.attachments) ? convertAll(article.attachments, toAttachment) : undefined;
}

/** One request per article (the client's concurrency bound paces them). */
export async function eachArticle(ids: readonly number[], list: (id: number) => Promise<HaloAttachment[]>): Promise<Map<number, HaloAttachment[]>> {
  const unique = [...new Set(ids)];
  const lists = await Promise.all(unique.map((id) => list(id)));
  return new Map(unique.map((id, i) => [id, lists[i] ?? []]));
}

function describeUploads(uploads: readonly AttachmentUpload[]): string {
  const first = uploads[0];
  if (uploads.length === 1 && first !== undefined) return `upload "${first.filename}" to article ${first.articleId}`;
  return `upload ${uploads.length} files to ${new Set(uploads.map((u) => u.articleId)).size === 1 ? `article ${first?.articleId ?? ''}` : 'several articles'}`;
}

export function inlineWay(deps: AttachmentLinkDeps): AttachmentWay {
  const list = async (articleId: number): Promise<HaloAttachment[]> => (await listedByArticle(deps, articleId)) ?? [];
  return {
    mode: 'inline',
    list,
    // Halo's article list rows are not known to carry attachments: each article is read.
    listMany: (ids) => eachArticle(ids, list),
    async send(uploads) {
      const [upload] = uploads;
      if (upload === undefined || uploads.length > 1) throw new Error('inline uploads go one file per request');
      const call: Call = {
        method: 'POST',
        path: '/KBArticle',
        body: [{ id: upload.articleId, attachments: [fileRecord(upload)] }],
        retry: 'never',
        area: 'attachments',
        action: describeUploads(uploads),
      };
      const sent = await sendOnce(deps, call);
      if (!sent.ok) return sent;
      // The reply is the article (where Halo sends it back): its files, if it lists them, spare a read.
      const article = convertAll(savedRecords(sent.res.text), toArticle).find((a) => a.id === upload.articleId);
      const outcome: SendOutcome = { ok: true, replied: [], shape: replyShape(sent.res.text) };
      if (Array.isArray(article?.attachments)) outcome.listed = convertAll(article.attachments, toAttachment);
      return outcome;
    },
  };
}

export function endpointWay(deps: AttachmentLinkDeps): AttachmentWay {
  const list = async (articleId: number): Promise<HaloAttachment[]> => {
    const value = await deps.call({
      method: 'GET',
      path: '/Attachment',
      query: { type: deps.attachmentType, unique_id: articleId },
      retry: 'safe',
      area: 'attachments',
      action: `list the attachments of article ${articleId}`,
    });
    const page = readListPage(value, 'attachments', ['attachment', 'attachments']);
    // Taken for "no attachments", a damaged listing would upload the file a second time.
    if ('problem' in page) {
      throw new HaloKbError('HALO_BAD_REPLY', `Could not list the attachments of article ${articleId}: GET /api/Attachment answered with ${page.problem}.`);
    }
    return convertAll(page.rows, toAttachment);
  };
  return {
    mode: 'attachment-endpoint',
    list,
    async listMany(ids) {
      if (new Set(ids).size <= 1) return eachArticle(ids, list);
      // One listing of every KB attachment, grouped by article, rather than one request each.
      const wanted = new Set(ids);
      const rows = convertAll(
        await deps.listAll({ path: '/Attachment', query: { type: deps.attachmentType }, area: 'attachments', action: 'list the attachments of knowledge-base articles' }, 'attachments'),
        toAttachment,
      );
      // Whether Halo's listing names each row's article is unknown: where it does not, grouping by
      // article is impossible, and taking them for "no files" would upload files a second time.
      if (rows.some((row) => row.unique_id === undefined || row.unique_id === null)) return eachArticle(ids, list);
      const byArticle = new Map<number, HaloAttachment[]>(ids.map((id) => [id, []]));
      for (const row of rows) {
        // Whether Halo honours the type filter is unknown: rows of another type are left out here too.
        if (row.type !== undefined && row.type !== null && Number(row.type) !== deps.attachmentType) continue;
        const articleId = Number(row.unique_id);
        if (wanted.has(articleId)) byArticle.get(articleId)?.push(row);
      }
      return byArticle;
    },
    async send(uploads) {
      const call: Call = {
        method: 'POST',
        path: '/Attachment',
        body: uploads.map((upload) => ({ ...fileRecord(upload), type: deps.attachmentType, unique_id: upload.articleId })),
        retry: 'never',
        area: 'attachments',
        action: describeUploads(uploads),
      };
      const sent = await sendOnce(deps, call);
      if (!sent.ok) return sent;
      return { ok: true, replied: convertAll(savedRecords(sent.res.text), toAttachment), shape: replyShape(sent.res.text) };
    },
  };
}
