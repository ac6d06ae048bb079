/**
 * How an attachment reaches a KB article. Real Halo's way is unknown (`Attachment` has no `kb_id`),
 * so both plausible ways live here, in one place, chosen by `halo.attachment_mode`:
 *
 * - `inline`: the file travels in the article write, `POST /KBArticle [{id, attachments:
 *   [{filename, data_base64}]}]`; the link is verified by reading the article back.
 * - `attachment-endpoint`: `POST /Attachment [{filename, data_base64, type, unique_id: articleId}]`,
 *   listed back with `GET /Attachment?type=&unique_id=`.
 *
 * Neither upload is idempotent (a second send adds a second file), so both are sent once; the client
 * looks the file up before trying again.
 */
import { ExitCode, HaloKbError } from '../errors.js';
import { convertAll, toAttachment } from './article-shape.js';
import type { Call } from './call.js';
import { HaloConnectionError } from './errors.js';
import { UNREADABLE_HINT } from './explain.js';
import type { CallResult } from './http.js';
import { readListPage } from './list-pages.js';
import { matchAttachment } from './match-attachment.js';
import { savedRecords, type JsonRecord } from './records.js';
import type { AttachmentUpload, HaloArticle, HaloAttachment, UploadedAttachment } from './types.js';

export interface AttachmentLinkDeps {
  call(call: Call): Promise<unknown>;
  saveRaw(call: Call): Promise<CallResult>;
  explain(res: CallResult, call: Call): HaloKbError;
  getArticle(id: number): Promise<HaloArticle | undefined>;
  /** Every row of a paginated listing. */
  listAll(call: Pick<Call, 'path' | 'query' | 'area' | 'action'>, key: string): Promise<JsonRecord[]>;
  attachmentType: number;
}

export type UploadOutcome = { ok: true; uploaded: UploadedAttachment } | { ok: false; error: HaloKbError };

export interface AttachmentLink {
  mode: 'inline' | 'attachment-endpoint';
  upload(upload: AttachmentUpload): Promise<UploadOutcome>;
  list(articleId: number): Promise<HaloAttachment[]>;
  /** The attachments of several articles, in as few requests as the mode allows. */
  listMany(articleIds: readonly number[]): Promise<Map<number, HaloAttachment[]>>;
}

function fileRecord(upload: AttachmentUpload): Record<string, unknown> {
  return { filename: upload.filename, data_base64: Buffer.from(upload.data).toString('base64'), filesize: upload.data.byteLength };
}

/** Send once; 5xx and lost replies come back as `ok: false`, definite refusals are thrown. */
async function sendOnce(deps: AttachmentLinkDeps, call: Call): Promise<{ ok: true; res: CallResult } | { ok: false; error: HaloKbError }> {
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
export function findUpload(attachments: readonly HaloAttachment[], upload: AttachmentUpload): HaloAttachment | undefined {
  return matchAttachment(attachments, { filename: upload.filename, size: upload.data.byteLength }, new Set(upload.otherIds ?? []));
}

/** One request per article (the client's concurrency bound paces them). */
async function eachArticle(ids: readonly number[], list: (id: number) => Promise<HaloAttachment[]>): Promise<Map<number, HaloAttachment[]>> {
  const unique = [...new Set(ids)];
  const lists = await Promise.all(unique.map((id) => list(id)));
  return new Map(unique.map((id, i) => [id, lists[i] ?? []]));
}

export function createAttachmentLink(mode: AttachmentLink['mode'], deps: AttachmentLinkDeps): AttachmentLink {
  const action = (upload: AttachmentUpload): string => `upload "${upload.filename}" to article ${upload.articleId}`;

  if (mode === 'inline') {
    const list = async (articleId: number): Promise<HaloAttachment[]> => {
      const article = await deps.getArticle(articleId);
      return convertAll(Array.isArray(article?.attachments) ? article.attachments : [], toAttachment);
    };
    return {
      mode,
      list,
      // Halo's article list rows are not known to carry attachments: each article is read.
      listMany: (ids) => eachArticle(ids, list),
      async upload(upload) {
        const call: Call = {
          method: 'POST',
          path: '/KBArticle',
          body: [{ id: upload.articleId, attachments: [fileRecord(upload)] }],
          retry: 'never',
          area: 'attachments',
          action: action(upload),
        };
        const sent = await sendOnce(deps, call);
        if (!sent.ok) return sent;
        const found = findUpload(await list(upload.articleId), upload);
        if (found === undefined) {
          throw new HaloKbError('HALO_ATTACHMENT_NOT_LINKED', `Halo accepted "${upload.filename}" for article ${upload.articleId}, but the article does not list it afterwards.`, {
            hint: 'This Halo instance does not take attachments inline in the article: set halo.attachment_mode to attachment-endpoint.',
          });
        }
        return { ok: true, uploaded: { id: found.id, articleId: upload.articleId, filename: upload.filename, mode } };
      },
    };
  }

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
      throw new HaloKbError('HALO_BAD_REPLY', `Could not list the attachments of article ${articleId}: GET /api/Attachment answered with ${page.problem}.`, {
        hint: UNREADABLE_HINT,
        exitCode: ExitCode.config,
      });
    }
    return convertAll(page.rows, toAttachment);
  };
  return {
    mode,
    list,
    async listMany(ids) {
      if (ids.length <= 1) return eachArticle(ids, list);
      // One listing of every KB attachment, grouped by article, rather than one request each.
      const wanted = new Set(ids);
      const rows = convertAll(
        await deps.listAll({ path: '/Attachment', query: { type: deps.attachmentType }, area: 'attachments', action: 'list the attachments of knowledge-base articles' }, 'attachments'),
        toAttachment,
      );
      const byArticle = new Map<number, HaloAttachment[]>(ids.map((id) => [id, []]));
      for (const row of rows) {
        // Whether Halo honours the type filter is unknown: rows of another type are left out here too.
        if (row.type !== undefined && row.type !== null && Number(row.type) !== deps.attachmentType) continue;
        const articleId = Number(row.unique_id);
        if (wanted.has(articleId)) byArticle.get(articleId)?.push(row);
      }
      return byArticle;
    },
    async upload(upload) {
      const call: Call = {
        method: 'POST',
        path: '/Attachment',
        body: [{ ...fileRecord(upload), type: deps.attachmentType, unique_id: upload.articleId }],
        retry: 'never',
        area: 'attachments',
        action: action(upload),
      };
      const sent = await sendOnce(deps, call);
      if (!sent.ok) return sent;
      const replied = convertAll(savedRecords(sent.res.text), toAttachment)[0] ?? findUpload(await list(upload.articleId), upload);
      const uploaded: UploadedAttachment = { articleId: upload.articleId, filename: upload.filename, mode };
      if (replied !== undefined) uploaded.id = replied.id;
      return { ok: true, uploaded };
    },
  };
}
