/**
 * What a file-system event means for the preview: a source to recompile, a file some articles
 * embed, a change to the tree's shape, the templates, the config or the state manifest. Pure.
 */
import path from 'node:path';
import { COMPANY_FILE } from '../content/company.js';
import { sourceKind } from '../content/article-path.js';
import { isInside, toPosix } from '../content/file-paths.js';

export type FsEvent = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

export interface FsChange {
  event: FsEvent;
  /** Absolute path. */
  path: string;
}

export type Change =
  | { kind: 'config' }
  | { kind: 'templates' }
  | { kind: 'manifest' }
  /** An article source (Markdown or PDF), by content path. */
  | { kind: 'source'; event: 'add' | 'change' | 'unlink'; contentPath: string }
  /** A PDF's `.pdf.yml` metadata; `contentPath` is the PDF's. */
  | { kind: 'sidecar'; event: 'add' | 'change' | 'unlink'; contentPath: string }
  | { kind: 'company'; contentPath: string }
  | { kind: 'folder'; event: 'addDir' | 'unlinkDir'; contentPath: string }
  /** Any other file: it matters only to the articles that reference it. */
  | { kind: 'file'; contentPath: string }
  | { kind: 'ignored' };

export interface WatchedPaths {
  contentDir: string;
  templatesDir: string;
  configFile: string;
  stateFile: string;
}

const SIDECAR = /\.pdf\.ya?ml$/i;

export function classifyChange(change: FsChange, paths: WatchedPaths): Change {
  const abs = path.resolve(change.path);
  if (abs === path.resolve(paths.configFile)) return { kind: 'config' };
  if (abs === path.resolve(paths.stateFile)) return { kind: 'manifest' };
  // Before the content folder: with `content: .` the templates lie inside it.
  if (isInside(paths.templatesDir, abs)) return { kind: 'templates' };
  if (isInside(paths.contentDir, abs)) {
    const contentPath = toPosix(path.relative(paths.contentDir, abs));
    const name = path.basename(abs);
    // The content folder itself made or removed: a scan says what the tree is now (or that it is gone).
    if (contentPath === '') return change.event === 'addDir' || change.event === 'unlinkDir' ? { kind: 'folder', event: change.event, contentPath } : { kind: 'ignored' };
    if (contentPath.split('/').some((part) => part.startsWith('.'))) return { kind: 'ignored' };
    if (change.event === 'addDir' || change.event === 'unlinkDir') return { kind: 'folder', event: change.event, contentPath };
    const event = change.event;
    if (name === COMPANY_FILE) return { kind: 'company', contentPath };
    if (SIDECAR.test(name)) return { kind: 'sidecar', event, contentPath: contentPath.replace(/\.ya?ml$/i, '') };
    if (sourceKind(name) !== undefined) return { kind: 'source', event, contentPath };
    return { kind: 'file', contentPath };
  }
  return { kind: 'ignored' };
}
