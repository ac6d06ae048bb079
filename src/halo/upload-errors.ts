/**
 * What a user reads when a file did not reach Halo: too large, not linked to its article, or
 * uploaded without an answer that could be confirmed. Message building only.
 */
import { errorMessage, HaloKbError } from '../errors.js';
import type { AttachmentUpload } from './types.js';

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? mb.toFixed(0) : mb.toFixed(1);
}

export function asError(error: unknown): HaloKbError {
  return error instanceof HaloKbError ? error : new HaloKbError('HALO_UPLOAD_FAILED', errorMessage(error), { cause: error });
}

export function tooLargeError(upload: AttachmentUpload, maxBytes: number): HaloKbError {
  return new HaloKbError(
    'HALO_ATTACHMENT_TOO_LARGE',
    `"${upload.filename}" is ${megabytes(upload.data.byteLength)} MB, over Halo's attachment limit of ${megabytes(maxBytes)} MB; it was not uploaded.`,
  );
}

/** A file not sent because neither way links files on this Halo (`reason` says how that was found). */
export function notSentError(upload: AttachmentUpload, reason: HaloKbError): HaloKbError {
  return new HaloKbError('HALO_ATTACHMENT_NOT_LINKED', `"${upload.filename}" was not uploaded to article ${upload.articleId}: ${reason.message}`, { hint: reason.hint });
}

/** An inline upload Halo accepted that the article does not list afterwards. */
export function notLinkedInlineError(upload: AttachmentUpload): HaloKbError {
  return new HaloKbError('HALO_ATTACHMENT_NOT_LINKED', `Halo accepted "${upload.filename}" for article ${upload.articleId}, but the article does not list it afterwards.`, {
    hint: 'This Halo does not take attachments inline in the article: set halo.attachment_mode to auto (the default) or attachment-endpoint.',
  });
}

/** A lost reply to one upload, and the article's files could not be read to look for it. */
export function lookupFailedError(upload: AttachmentUpload, error: unknown): HaloKbError {
  return new HaloKbError(
    'HALO_UPLOAD_UNCONFIRMED',
    `The reply to uploading "${upload.filename}" to article ${upload.articleId} was lost, and the article's attachments could not be read to see whether Halo stored it: ${errorMessage(error)}`,
    {
      hint: 'Run publish again: it looks for the file in Halo before uploading it, so it is not stored twice.',
      cause: error,
    },
  );
}

/** A batch Halo accepted without naming its files, and the articles' files could not be read. */
export function unnamedUnreadableError(count: number, error: unknown): HaloKbError {
  return new HaloKbError('HALO_UPLOAD_UNCONFIRMED', `Halo accepted ${count} files without naming them, and the articles' attachments could not be read to record them: ${errorMessage(error)}`, {
    cause: error,
  });
}

/** A lost reply to a batch, and the articles' files could not be read to look for them. */
export function batchLostError(count: number, error: unknown): HaloKbError {
  return new HaloKbError(
    'HALO_UPLOAD_UNCONFIRMED',
    `The reply to uploading ${count} files was lost, and the articles' attachments could not be read to see whether Halo stored them: ${errorMessage(error)}`,
    {
      cause: error,
    },
  );
}
