/**
 * Which of an article's attachments in Halo is a given file: the same file name, the same size
 * where Halo gives one, and never an attachment known to be another file (or an older version of
 * this one). The newest such attachment wins. Used before an upload is sent again after its reply
 * was lost, and to find files Halo already holds when the manifest does not record them. Pure.
 *
 * Halo's attachment rows carry `filesize` in its schema, but whether every instance fills it in is
 * unknown: without a size, the file name alone decides. Halo's schema has no content hash; should a
 * row carry one anyway (a hex SHA-256 or MD5 under `sha256`, `md5`, `hash` or `checksum`), it is
 * compared too, when the file's bytes are at hand.
 */
import { createHash } from 'node:crypto';

export interface WantedFile {
  filename: string;
  /** Bytes; compared only when Halo gives a size. */
  size: number;
  /** The content, to compare with a hash where Halo gives one. */
  data?: Uint8Array;
}

/** An attachment as Halo lists it (or as a snapshot keeps it). */
export interface AttachmentRow {
  id: number;
  filename: string;
  filesize?: unknown;
}

function sizeOf(row: AttachmentRow): number | undefined {
  const size = Number(row.filesize);
  return row.filesize !== undefined && row.filesize !== null && Number.isFinite(size) && size > 0 ? size : undefined;
}

const HASH_FIELDS = ['sha256', 'md5', 'hash', 'checksum'];

/** Whether a hash the row carries (if any) is this content's; true when there is none to compare. */
function sameHash(row: AttachmentRow, data: Uint8Array | undefined): boolean {
  if (data === undefined) return true;
  const record = row as unknown as Record<string, unknown>;
  for (const field of HASH_FIELDS) {
    const value = record[field];
    if (typeof value !== 'string') continue;
    const hex = value.trim().toLowerCase();
    if (/^[0-9a-f]{64}$/.test(hex)) return createHash('sha256').update(data).digest('hex') === hex;
    if (/^[0-9a-f]{32}$/.test(hex)) return createHash('md5').update(data).digest('hex') === hex;
  }
  return true;
}

export function matchAttachment<T extends AttachmentRow>(rows: readonly T[], file: WantedFile, exclude: ReadonlySet<number> = new Set()): T | undefined {
  return rows
    .filter((row) => !exclude.has(row.id) && row.filename.trim() === file.filename.trim())
    .filter((row) => {
      const size = sizeOf(row);
      return (size === undefined || size === file.size) && sameHash(row, file.data);
    })
    .sort((a, b) => b.id - a.id)[0];
}
