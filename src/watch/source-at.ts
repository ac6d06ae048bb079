/**
 * A single Markdown source added or deleted, without rescanning the whole tree (a rescan of 10,000
 * files costs a second or more). Only the plain case takes this path: a Markdown file in a known KB,
 * no symbolic link anywhere on its path. Everything else (PDFs and their sidecars, links, new
 * companies, misplaced files) answers undefined and the caller rescans, so the tree's own
 * diagnostics stay exactly what a full scan would report.
 */
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Company } from '../model/company.js';
import type { KbRef } from '../model/kb.js';
import type { SourceFile } from '../model/source.js';
import { sourceKind } from '../content/article-path.js';
import { toPosix } from '../content/file-paths.js';

function kbOf(parts: readonly string[], companies: readonly Company[]): { kb: KbRef; folders: string[] } | undefined {
  if (parts[0] === 'central' && parts.length >= 2) return { kb: { kind: 'central' }, folders: parts.slice(1, -1) };
  const folder = parts[1];
  if (parts[0] === 'companies' && folder !== undefined && parts.length >= 3 && companies.some((c) => c.folder === folder)) {
    return { kb: { kind: 'company', folder }, folders: parts.slice(2, -1) };
  }
  return undefined;
}

/** The source a full scan would find at `contentPath`, or undefined when only a full scan can tell. */
export async function markdownSourceAt(contentDir: string, root: string, contentPath: string, companies: readonly Company[]): Promise<SourceFile | undefined> {
  const parts = contentPath.split('/');
  const name = parts.at(-1) ?? '';
  if (sourceKind(name) !== 'markdown' || parts.some((p) => p.startsWith('.'))) return undefined;
  const place = kbOf(parts, companies);
  if (place === undefined) return undefined;
  const abs = path.join(contentDir, ...parts);
  try {
    const [s, real, contentReal] = await Promise.all([lstat(abs), realpath(abs), realpath(contentDir)]);
    if (!s.isFile() || real !== path.join(contentReal, ...parts)) return undefined;
    return { kind: 'markdown', contentPath, displayPath: toPosix(path.relative(root, abs)), absPath: abs, kb: place.kb, folders: place.folders, size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return undefined;
  }
}

/** Whether a known Markdown source is really gone (and not a PDF, whose sidecar a scan must re-pair). */
export async function markdownGone(source: SourceFile): Promise<boolean> {
  if (source.kind !== 'markdown') return false;
  try {
    await lstat(source.absPath);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
