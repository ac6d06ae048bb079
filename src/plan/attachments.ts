/**
 * Planning an article's attachments: which files to upload, which are unchanged, and which Halo
 * already holds although the manifest does not record them.
 */
import { matchAttachment } from '../halo/match-attachment.js';
import type { Article, Attachment } from '../model/article.js';
import type { SnapshotAttachment } from './halo-snapshot.js';
import type { ManifestArticle } from './manifest.js';
import type { AttachmentPlan } from './types.js';

/**
 * Upload what Halo does not have yet. An attachment recorded with the same content stays; one the
 * manifest does not record but Halo already holds (`inHalo`, where it was read) is taken as it is.
 */
export function planAttachments(attachments: readonly Attachment[], previous: ManifestArticle | undefined, inHalo?: readonly SnapshotAttachment[]): AttachmentPlan[] {
  // Ids that belong to recorded files (or to older versions of them) are never taken for another.
  const taken = new Set(Object.values(previous?.attachments ?? {}).flatMap((x) => (x.haloId === undefined ? [] : [x.haloId])));
  return attachments.map((a) => {
    const plan: AttachmentPlan = { path: a.path, size: a.size, sha256: a.sha256, action: 'upload' };
    if (a.mode === 'link') {
      plan.action = 'link';
      if (a.url !== undefined) plan.url = a.url;
    } else if (a.mode === 'refused') {
      plan.action = 'refused';
    } else if (previous?.attachments?.[a.path]?.sha256 === a.sha256) {
      plan.action = 'unchanged';
    } else if (inHalo !== undefined) {
      const found = matchAttachment(inHalo, { filename: fileName(a.path), size: a.size }, taken);
      if (found !== undefined) {
        taken.add(found.id);
        plan.action = 'unchanged';
        plan.haloId = found.id;
      }
    }
    return plan;
  });
}

/** The name a file is uploaded under: the last part of its content path. */
export function fileName(contentPath: string): string {
  return contentPath.slice(contentPath.lastIndexOf('/') + 1);
}

/** The upload-mode files of an article the manifest does not record with this content. */
export function unrecordedFiles(article: Article, previous: ManifestArticle | undefined): Attachment[] {
  return article.attachments.filter((x) => x.mode === 'upload' && previous?.attachments?.[x.path]?.sha256 !== x.sha256);
}
