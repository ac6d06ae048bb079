/**
 * Finding out how this Halo links files to articles, on the first upload while the way is unknown:
 * the file goes to `POST /Attachment`; if the article does not list it afterwards, it goes inline in
 * the article write. A file Halo accepted but did not link leaves a stray record, deleted where Halo
 * named its id, else reported in `leftBehind`.
 */
import { HaloKbError } from '../errors.js';
import type { AttachmentWay, ReplyShape, SendOutcome } from './attachment-link.js';
import { findUpload } from './attachment-link.js';
import { HaloApiError } from './errors.js';
import { statusText } from './explain.js';
import type { AttachmentMode, AttachmentUpload, HaloAttachment } from './types.js';

/** What learning needs: both ways, a delete, and the files an article lists. */
export interface LearningDeps {
  inline: AttachmentWay;
  endpoint: AttachmentWay;
  /** Delete an attachment: true when it is gone, false when Halo refused. */
  deleteAttachment(id: number): Promise<boolean>;
  /** The files the article lists. */
  linked(articleId: number): Promise<HaloAttachment[]>;
}

/** The way that linked the file (and its id), or the error when Halo accepted it both ways and linked it neither. */
export type WayLearned = { kind: 'linked'; mode: AttachmentMode; id: number; leftBehind: string[] } | { kind: 'neither'; error: HaloKbError };

const REFUSED_WAY = new Set([400, 404, 405, 409, 415, 422]);

/** Send the file one way and read the article back: linked, accepted but not linked, lost, or refused. */
async function tryWay(
  way: AttachmentWay,
  upload: AttachmentUpload,
  linked: (articleId: number) => Promise<HaloAttachment[]>,
): Promise<{ kind: 'linked'; id: number } | { kind: 'not-linked'; replied: HaloAttachment[]; shape: ReplyShape } | { kind: 'lost'; error: HaloKbError } | { kind: 'refused'; error: HaloApiError }> {
  let outcome: SendOutcome;
  try {
    outcome = await way.send([upload]);
  } catch (error) {
    if (error instanceof HaloApiError && REFUSED_WAY.has(error.status)) return { kind: 'refused', error };
    throw error;
  }
  // The article in the write's reply, where it lists its files, is as good as reading it back.
  const found = (outcome.ok ? findUpload(outcome.listed ?? [], upload) : undefined) ?? findUpload(await linked(upload.articleId), upload);
  if (found !== undefined) return { kind: 'linked', id: found.id };
  return outcome.ok ? { kind: 'not-linked', replied: outcome.replied, shape: outcome.shape } : { kind: 'lost', error: outcome.error };
}

/** Try the endpoint, then inline; throws when Halo refused both ways or a reply was lost. */
export async function learnAttachmentMode(deps: LearningDeps, upload: AttachmentUpload): Promise<WayLearned> {
  const leftBehind: string[] = [];
  const endpoint = await tryWay(deps.endpoint, upload, deps.linked);
  if (endpoint.kind === 'linked') return { kind: 'linked', mode: 'attachment-endpoint', id: endpoint.id, leftBehind };
  if (endpoint.kind === 'not-linked') {
    // Halo took the file and linked it to nothing: remove the stray record it named, if it named one.
    // (After a lost reply its id is unknown, and a record found by listing might be another's.)
    const stray = findUpload(endpoint.replied, upload) ?? (endpoint.replied.length === 1 ? endpoint.replied[0] : undefined);
    if (stray === undefined) {
      leftBehind.push(`"${upload.filename}", accepted by POST /api/Attachment (which named no id) but linked to no article`);
    } else if (!(await deps.deleteAttachment(stray.id).catch(() => false))) {
      leftBehind.push(`attachment ${stray.id} "${upload.filename}", accepted by POST /api/Attachment but linked to no article`);
    }
  } else if (endpoint.kind === 'lost') {
    leftBehind.push(`perhaps "${upload.filename}", sent to POST /api/Attachment without an answer and linked to no article`);
  }
  const inline = await tryWay(deps.inline, upload, deps.linked);
  if (inline.kind === 'linked') return { kind: 'linked', mode: 'inline', id: inline.id, leftBehind };
  const where = `article ${upload.articleId}`;
  if (inline.kind === 'refused' && endpoint.kind === 'refused') {
    const said = (e: HaloApiError, how: string): string => `${e.method} ${e.path}${how} answered ${statusText(e.status)}${e.haloMessage === undefined ? '' : `: "${e.haloMessage}"`}`;
    throw new HaloKbError(
      'HALO_ATTACHMENT_REJECTED',
      `Halo refused "${upload.filename}" for ${where} both ways a file can be attached: ${said(endpoint.error, '')}; ${said(inline.error, ' (the file inline in the article)')}.`,
      { hint: inline.error.hint },
    );
  }
  if (inline.kind === 'refused') throw inline.error;
  if (inline.kind === 'lost' || endpoint.kind === 'lost') {
    throw new HaloKbError(
      'HALO_UPLOAD_UNCONFIRMED',
      `Could not tell how this Halo links files to articles: a reply to uploading "${upload.filename}" to ${where} was lost, and the article does not list the file.`,
      {
        hint: 'Run publish again: the file is looked for before it is sent, and `halo-kb doctor --probe` finds out how this Halo links files without touching your articles.',
        cause: inline.kind === 'lost' ? inline.error : endpoint.kind === 'lost' ? endpoint.error : undefined,
      },
    );
  }
  const neither = new HaloKbError(
    'HALO_ATTACHMENT_NOT_LINKED',
    `Halo accepted "${upload.filename}" for ${where} ${endpoint.kind === 'refused' ? 'inline in the article write (POST /api/Attachment refused it)' : 'both through POST /api/Attachment and inline in the article write'}, but the article lists it neither way.`,
  );
  return { kind: 'neither', error: neither };
}
