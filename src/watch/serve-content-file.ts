/**
 * Serve an image or attachment from the content folder, and nothing outside it: the URL path is
 * resolved, then the real path (symbolic links followed) must still be inside the content folder.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { isInside } from '../content/file-paths.js';

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.zip': 'application/zip',
};

/** The file for a decoded, slash-separated `relative` path, or undefined when it is not servable. */
export async function contentFile(contentDir: string, relative: string): Promise<string | undefined> {
  if (relative.includes('\0')) return undefined;
  const abs = path.resolve(contentDir, ...relative.split('/'));
  if (!isInside(contentDir, abs)) return undefined;
  try {
    const [real, root] = await Promise.all([realpath(abs), realpath(contentDir)]);
    if (!isInside(root, real) || !(await stat(real)).isFile()) return undefined;
    return real;
  } catch {
    return undefined;
  }
}

export async function serveContentFile(res: ServerResponse, contentDir: string, relative: string): Promise<void> {
  const file = await contentFile(contentDir, relative);
  if (file === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found in the content folder.\n');
    return;
  }
  // SVG can carry script: keep it from running in the preview's origin.
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    'content-security-policy': "script-src 'none'",
    'x-content-type-options': 'nosniff',
  });
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
