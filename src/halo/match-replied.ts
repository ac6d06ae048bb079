/** Matching the files of one batch upload to the records Halo's reply carried. Pure apart from the `done` callback. */
import { findUpload } from './attachment-link.js';
import type { AttachmentUpload, HaloAttachment } from './types.js';

/**
 * Files matched to the records a reply carried: by article, name and size where the records say,
 * else by position when the reply has exactly one nameless record per file. Returns the unmatched.
 */
export function matchReplied<T extends { upload: AttachmentUpload }>(
  items: readonly T[],
  replied: readonly HaloAttachment[],
  claimed: Set<number>,
  done: (item: T, id: number | undefined) => void,
): T[] {
  const nameless = replied.length === items.length && replied.every((r) => r.filename === '');
  const whose = (r: HaloAttachment): number | undefined => (r.unique_id === undefined || r.unique_id === null ? undefined : Number(r.unique_id));
  return items.filter((item, position) => {
    const { upload } = item;
    const sameArticle = replied.filter((r) => whose(r) === undefined || whose(r) === upload.articleId);
    // A record that does not name its article cannot tell this file from another article's of
    // the same name and size in this batch: those are looked up per article instead.
    const twin = items.some((o) => o.upload.articleId !== upload.articleId && o.upload.filename === upload.filename && o.upload.data.byteLength === upload.data.byteLength);
    const named = twin ? sameArticle.filter((r) => whose(r) !== undefined) : sameArticle;
    const found = nameless ? replied[position] : findUpload(named, upload, claimed);
    if (found === undefined || claimed.has(found.id)) return true;
    done(item, found.id);
    return false;
  });
}
