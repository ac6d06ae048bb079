/**
 * Uploading articles' files and recording each in the manifest as soon as Halo has it, so a run
 * that dies between two requests loses at most the one in flight. Files of several articles share a
 * request where Halo's way of linking allows it (see `upload-attachments.ts`); they are read from
 * disk a request's worth at a time. An upload whose reply was lost is looked up (article, file name,
 * size) before it is sent again; a file the manifest does not record but Halo already holds was
 * found by planning and is never sent at all.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../errors.js';
import { splitBatches } from '../halo/batches.js';
import type { AttachmentUpload } from '../halo/types.js';
import { ATTACHMENT_BATCH_BYTES } from '../halo/upload-attachments.js';
import type { Manifest, ManifestArticle } from '../plan/manifest.js';
import { fileName } from '../plan/attachments.js';
import type { AttachmentPlan } from '../plan/types.js';
import type { ApplyContext } from './apply.js';
import type { PublishResult } from './results.js';
import type { EditDates } from './edit-dates.js';

export interface FileTarget {
  key: string;
  articleId: number;
  /** The manifest entry the files are recorded in (made when the article has none yet). */
  entry(): ManifestArticle;
  files: readonly AttachmentPlan[];
}

interface Planned {
  target: FileTarget;
  att: AttachmentPlan;
}

export async function uploadFiles(
  ctx: Pick<ApplyContext, 'client' | 'contentDir' | 'save' | 'batchSize'>,
  manifest: Manifest,
  targets: readonly FileTarget[],
  result: PublishResult,
  dates: EditDates,
): Promise<void> {
  const planned: Planned[] = targets.flatMap((target) => target.files.filter((att) => att.action === 'upload').map((att) => ({ target, att })));
  if (planned.length === 0) return;
  const failed = (p: Planned, error: unknown): void => {
    const message = errorMessage(error);
    result.errors.push(message);
    result.attachments.push({ key: p.target.key, path: p.att.path, kind: 'failed', message });
  };

  // Attaching a file may move the article's date_edited in Halo (it does inline, where the file
  // travels in an article write). Until the date is read again it is unknown, so a run that dies
  // after the upload does not leave halo-kb's own write looking like an edit made in Halo.
  let cleared = false;
  for (const target of new Set(planned.map((p) => p.target))) {
    const entry = target.entry();
    if (entry.dateEdited !== undefined) {
      delete entry.dateEdited;
      cleared = true;
    }
  }
  if (cleared) await ctx.save(manifest);

  // A request's worth of files at a time, by the sizes the plan knows: never the whole tree in memory.
  const limits = { maxItems: Math.max(1, ctx.batchSize), maxBytes: ATTACHMENT_BATCH_BYTES };
  for (const chunk of splitBatches(planned, limits, (p) => Math.ceil(p.att.size / 3) * 4)) {
    const sent: Planned[] = [];
    const uploads: AttachmentUpload[] = [];
    for (const p of chunk) {
      try {
        const data = await readFile(path.join(ctx.contentDir, ...p.att.path.split('/')));
        // The article's other files, and the version of this one being replaced, are never taken for it.
        const otherIds = Object.values(p.target.entry().attachments ?? {}).flatMap((x) => (x.haloId === undefined ? [] : [x.haloId]));
        uploads.push({ articleId: p.target.articleId, filename: fileName(p.att.path), data, otherIds });
        sent.push(p);
      } catch (error) {
        failed(p, error);
      }
    }
    if (uploads.length === 0) continue;
    for await (const settled of ctx.client.uploadAttachments(uploads)) {
      let recorded = false;
      for (const outcome of settled) {
        const p = sent[outcome.index]!;
        if (!outcome.ok) {
          failed(p, outcome.error);
          continue;
        }
        const entry = p.target.entry();
        const id = outcome.uploaded.id;
        entry.attachments = { ...entry.attachments, [p.att.path]: id === undefined ? { sha256: p.att.sha256, size: p.att.size } : { sha256: p.att.sha256, haloId: id, size: p.att.size } };
        dates.touched(p.target.key);
        result.attachments.push({ key: p.target.key, path: p.att.path, kind: 'uploaded' });
        recorded = true;
      }
      if (recorded) await ctx.save(manifest);
    }
  }
}
