/**
 * The build cache: compiled articles by source path, valid while the source's size and mtime (or,
 * failing that, its content hash) are unchanged and the cache key (compiler version, templates,
 * compile settings) is the same. Also file hashes of attachments, so a warm build reads no file
 * twice. One JSON file, written atomically and only when something changed.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CompiledArticle } from './compile-article.js';

export interface StatStamp {
  size: number;
  mtimeMs: number;
}

export interface CachedArticle extends StatStamp {
  sha256: string;
  sidecar?: StatStamp & { sha256: string };
  compiled: CompiledArticle;
}

export interface CachedFile extends StatStamp {
  sha256: string;
}

export interface BuildCache {
  key: string;
  articles: Map<string, CachedArticle>;
  files: Map<string, CachedFile>;
  dirty: boolean;
}

const FILE_NAME = 'build-cache.json';

export function emptyCache(key: string): BuildCache {
  return { key, articles: new Map(), files: new Map(), dirty: true };
}

/** Load the cache; a missing, unreadable or stale one is simply empty. */
export async function loadCache(dir: string, key: string): Promise<BuildCache> {
  try {
    const data = JSON.parse(await readFile(path.join(dir, FILE_NAME), 'utf8')) as {
      key?: string;
      articles?: Record<string, CachedArticle>;
      files?: Record<string, CachedFile>;
    };
    if (data.key !== key || data.articles === undefined || data.files === undefined) return emptyCache(key);
    return { key, articles: new Map(Object.entries(data.articles)), files: new Map(Object.entries(data.files)), dirty: false };
  } catch {
    return emptyCache(key);
  }
}

/** Write the cache when it changed (tmp file + rename, so a crash never leaves half a cache). */
export async function saveCache(dir: string, cache: BuildCache): Promise<void> {
  if (!cache.dirty) return;
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, FILE_NAME);
  const tmp = `${file}.${process.pid}.tmp`;
  const data = { key: cache.key, articles: Object.fromEntries(cache.articles), files: Object.fromEntries(cache.files) };
  await writeFile(tmp, JSON.stringify(data));
  await rename(tmp, file);
  cache.dirty = false;
}

export function sameStamp(a: StatStamp | undefined, b: StatStamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
