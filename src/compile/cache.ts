/**
 * The build cache: compiled articles by source path, valid while the source's size and mtime (or,
 * failing that, its content hash) are unchanged and the cache key (compiler version, templates,
 * compile settings) is the same. Also file hashes of attachments, so a warm build reads no file
 * twice. Written atomically and only when something changed.
 *
 * The file is JSON lines: a header, then one line per entry. A tree of 10,000 articles holds
 * tens of megabytes of HTML; lines are streamed in and out, so neither loading nor saving ever
 * builds the whole file as one string (which doubled the peak memory of a cold build).
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { toPosix } from '../content/scan.js';
import { VERSION } from '../version.js';
import type { CompiledArticle } from './compile-article.js';
import type { ResolvedMemo } from './resolve.js';

export interface StatStamp {
  size: number;
  mtimeMs: number;
}

export interface CachedArticle extends StatStamp {
  sha256: string;
  sidecar?: StatStamp & { sha256: string };
  compiled: CompiledArticle;
  /** The article's resolution, valid while the tree's resolve stamp is `BuildCache.resolveStamp`. */
  resolved?: ResolvedMemo;
}

export interface CachedFile extends StatStamp {
  sha256: string;
}

export interface BuildCache {
  key: string;
  articles: Map<string, CachedArticle>;
  files: Map<string, CachedFile>;
  /** What the articles' `resolved` memos were resolved against (see build.ts). */
  resolveStamp?: string;
  dirty: boolean;
}

const FILE_NAME = 'build-cache.jsonl';
/** The single-JSON cache of earlier versions, removed when a new cache is written. */
const OLD_FILE_NAME = 'build-cache.json';
const FORMAT = 3;

type Line = { format: number; key: string; resolveStamp?: string } | { article: string; entry: CachedArticle } | { file: string; entry: CachedFile };

export function emptyCache(key: string): BuildCache {
  return { key, articles: new Map(), files: new Map(), dirty: true };
}

/** The file's lines, read in chunks (never the whole file as one string) and split on "\n". */
async function* readLines(file: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    let end = text.indexOf('\n');
    while (end !== -1) {
      yield text.slice(start, end);
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    rest = text.slice(start);
  }
  if (rest !== '') yield rest;
}

/** Load the cache; a missing, unreadable, stale or damaged one is simply empty. */
export async function loadCache(dir: string, key: string): Promise<BuildCache> {
  const cache: BuildCache = { key, articles: new Map(), files: new Map(), dirty: false };
  try {
    let header = true;
    for await (const text of readLines(path.join(dir, FILE_NAME))) {
      const line = JSON.parse(text) as Line;
      if (header) {
        if (!('format' in line) || line.format !== FORMAT || line.key !== key) return emptyCache(key);
        if (line.resolveStamp !== undefined) cache.resolveStamp = line.resolveStamp;
        header = false;
      } else if ('article' in line) cache.articles.set(line.article, line.entry);
      else if ('file' in line) cache.files.set(line.file, line.entry);
    }
    return header ? emptyCache(key) : cache;
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
  const handle = await open(tmp, 'w');
  try {
    let chunk = `${JSON.stringify({ format: FORMAT, key: cache.key, resolveStamp: cache.resolveStamp })}\n`;
    const add = async (line: Line): Promise<void> => {
      chunk += `${JSON.stringify(line)}\n`;
      if (chunk.length > 1 << 20) {
        await handle.write(chunk);
        chunk = '';
      }
    };
    for (const [article, entry] of cache.articles) await add({ article, entry });
    for (const [fileName, entry] of cache.files) await add({ file: fileName, entry });
    await handle.write(chunk);
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  await rm(path.join(dir, OLD_FILE_NAME), { force: true });
  cache.dirty = false;
}

export function sameStamp(a: StatStamp | undefined, b: StatStamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * The cache is valid only for this compiler, these templates and these compile settings, and for
 * the content folder at this place in the project: compiled articles carry their source path as
 * shown (in messages and in the banner), and a moved folder keeps its files' mtimes.
 */
export function cacheKey(templatesHash: string, config: Pick<Config, 'root' | 'contentDir' | 'sourceUrl'>): string {
  return createHash('sha256')
    .update(VERSION)
    .update('\0')
    .update(templatesHash)
    .update('\0')
    .update(config.sourceUrl ?? '')
    .update('\0')
    .update(toPosix(path.relative(config.root, config.contentDir)))
    .digest('hex');
}
