/**
 * Uploading an article's files and recording each in the manifest as soon as Halo has it, so a run
 * that dies between two uploads loses at most the one in flight. An upload whose reply was lost is
 * looked up (article, file name, size) before it is sent again; a file the manifest does not record
 * but Halo already holds was found by planning and is never sent at all.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../errors.js';
import type { Manifest, ManifestArticle } from '../plan/manifest.js';
import { fileName, type AttachmentPlan } from '../plan/plan.js';
import type { ApplyContext, PublishResult } from './apply.js';
import type { EditDates } from './edit-dates.js';

export interface FileTarget {
  key: string;
  articleId: number;
  /** The manifest entry the files are recorded in (made when the article has none yet). */
  entry(): ManifestArticle;
}

export async function uploadFiles(
  ctx: Pick<ApplyContext, 'client' | 'contentDir' | 'save'>,
  manifest: Manifest,
  target: FileTarget,
  files: readonly AttachmentPlan[],
  result: PublishResult,
  dates: EditDates,
): Promise<void> {
  let first = true;
  for (const att of files) {
    if (att.action !== 'upload') continue;
    try {
      if (first) {
        // Attaching a file may move the article's date_edited in Halo (it does inline, where the file
        // travels in an article write). Until the date is read again it is unknown, so a run that
        // dies after the upload does not leave halo-kb's own write looking like an edit made in Halo.
        first = false;
        const entry = target.entry();
        if (entry.dateEdited !== undefined) {
          delete entry.dateEdited;
          await ctx.save(manifest);
        }
      }
      const data = await readFile(path.join(ctx.contentDir, ...att.path.split('/')));
      const entry = target.entry();
      // The article's other files, and the version of this one being replaced, are never taken for it.
      const otherIds = Object.values(entry.attachments ?? {}).flatMap((x) => (x.haloId === undefined ? [] : [x.haloId]));
      const uploaded = await ctx.client.uploadAttachment({ articleId: target.articleId, filename: fileName(att.path), data, otherIds });
      entry.attachments = { ...entry.attachments, [att.path]: uploaded.id === undefined ? { sha256: att.sha256, size: att.size } : { sha256: att.sha256, haloId: uploaded.id, size: att.size } };
      dates.touched(target.key);
      await ctx.save(manifest);
    } catch (error) {
      const message = errorMessage(error);
      result.errors.push(message);
      result.attachments.push({ key: target.key, path: att.path, kind: 'failed', message });
      continue;
    }
    result.attachments.push({ key: target.key, path: att.path, kind: 'uploaded' });
  }
}
