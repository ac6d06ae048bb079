/**
 * Paths as halo-kb shows and compares them: forward slashes everywhere, and what lies inside what.
 */
import path from 'node:path';

/** `a\b` -> `a/b`: every path in data and messages uses forward slashes. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** True when `target` is `root` or inside it. */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * A file fact with the content path where the file really lies, when a symbolic link makes it
 * differ from `contentPath` (the resolve stage checks who may see it by that path).
 */
export function withRealPath<T extends object>(fact: T, contentReal: string, contentPath: string, real: string): T & { realPath?: string } {
  const realPath = toPosix(path.relative(contentReal, real));
  return realPath === contentPath ? fact : { ...fact, realPath };
}
