/**
 * Which of an article's attachments in Halo is a given file: the same file name, the same size
 * where Halo gives one, and never an attachment known to be another file (or an older version of
 * this one). The newest such attachment wins. Used before an upload is sent again after its reply
 * was lost, and to find files Halo already holds when the manifest does not record them. Pure.
 *
 * Halo's attachment rows carry `filesize` in its schema, but whether every instance fills it in is
 * unknown: without a size, the file name alone decides.
 */

export interface WantedFile {
  filename: string;
  /** Bytes; compared only when Halo gives a size. */
  size: number;
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

export function matchAttachment<T extends AttachmentRow>(rows: readonly T[], file: WantedFile, exclude: ReadonlySet<number> = new Set()): T | undefined {
  return rows
    .filter((row) => !exclude.has(row.id) && row.filename.trim() === file.filename.trim())
    .filter((row) => {
      const size = sizeOf(row);
      return size === undefined || size === file.size;
    })
    .sort((a, b) => b.id - a.id)[0];
}
