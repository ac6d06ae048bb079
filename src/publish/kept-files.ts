/**
 * The files a publish records for an article in the manifest: those Halo holds for it that the
 * build still has with the same content, and those the plan found in Halo.
 */
import type { Article } from '../model/article.js';
import type { ManifestArticle, ManifestAttachment } from '../plan/manifest.js';
import type { ArticlePlan } from '../plan/types.js';

/** The files recorded for an article: those still in the build with the same content, and those found in Halo. */
export function keptFiles(p: ArticlePlan, a: Article, previous: ManifestArticle | undefined): Record<string, ManifestAttachment> {
  const kept: Record<string, ManifestAttachment> = {};
  for (const [file, att] of Object.entries(previous?.attachments ?? {})) {
    const now = a.attachments.find((x) => x.path === file && x.sha256 === att.sha256 && x.mode === 'upload');
    // Same content, same size: recorded with its size, for entries written before sizes were kept too.
    if (now !== undefined) kept[file] = { ...att, size: now.size };
  }
  for (const x of p.attachments) if (x.action === 'unchanged' && x.haloId !== undefined) kept[x.path] = { sha256: x.sha256, haloId: x.haloId, size: x.size };
  return kept;
}
