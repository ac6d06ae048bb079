/**
 * What the resolve stage needs to know about a referenced file (exists, inside the content folder,
 * size, hash), remembered by size and mtime so a rebuild hashes only files that changed.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileFact } from '../model/file-fact.js';
import { isInside, toPosix, withRealPath } from '../content/file-paths.js';

/**
 * Content path -> the stamp and hash seen last, and where the file really was (`realPath`, when a
 * symbolic link made it differ): a link pointed elsewhere is hashed again, whatever the stamps.
 */
export type HashMemo = Map<string, SeenFile>;

export interface SeenFile {
  size: number;
  mtimeMs: number;
  sha256: string;
  realPath?: string;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The fact for `contentPath` now. */
export async function readFileFact(contentDir: string, contentPath: string, memo: HashMemo): Promise<FileFact> {
  const abs = path.join(contentDir, ...contentPath.split('/'));
  let real: string;
  let contentReal: string;
  try {
    [real, contentReal] = await Promise.all([realpath(abs), realpath(contentDir)]);
  } catch {
    memo.delete(contentPath);
    return { kind: 'missing' };
  }
  if (!isInside(contentReal, real)) return { kind: 'outside', target: toPosix(real) };
  try {
    const s = await stat(real);
    if (!s.isFile()) return { kind: 'missing' };
    const { realPath } = withRealPath({}, contentReal, contentPath, real);
    const seen = memo.get(contentPath);
    if (seen !== undefined && seen.size === s.size && seen.mtimeMs === s.mtimeMs && seen.realPath === realPath)
      return withRealPath({ kind: 'file', size: s.size, sha256: seen.sha256 }, contentReal, contentPath, real);
    const sha256 = await sha256File(real);
    memo.set(contentPath, { size: s.size, mtimeMs: s.mtimeMs, sha256, ...(realPath === undefined ? {} : { realPath }) });
    return withRealPath({ kind: 'file', size: s.size, sha256 }, contentReal, contentPath, real);
  } catch {
    // Deleted between the realpath and the read: a save in progress; the next event brings it back.
    memo.delete(contentPath);
    return { kind: 'missing' };
  }
}

export function sameFact(a: FileFact | undefined, b: FileFact | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind === 'file' && b.kind === 'file') return a.size === b.size && a.sha256 === b.sha256 && a.realPath === b.realPath;
  if (a.kind === 'outside' && b.kind === 'outside') return a.target === b.target;
  return a.kind === b.kind;
}
