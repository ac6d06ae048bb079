/**
 * The build cache: compiled articles by source path, valid while the source's size and mtime (or,
 * failing that, its content hash) are unchanged and the cache key (compiler version, templates,
 * compile settings) is the same. Also file hashes of attachments, so a warm build reads no file
 * twice. Written atomically and only when something changed.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { toPosix } from '../content/scan.js';
import { lazyProperty } from '../lazy-property.js';
import { compilerId } from './compiler-id.js';
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
  /** The files the compiled article references (`refTargets(compiled).files`). */
  files: string[];
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

const FILE_NAME = 'build-cache.dat';
/** Files of earlier cache formats, removed when a new cache is written. */
const OLD_FILE_NAMES = ['build-cache.json', 'build-cache.jsonl'];
const FORMAT = 4;

interface Header {
  format: number;
  key: string;
  resolveStamp?: string;
  /** Byte length of the HTML section that follows the header line. */
  htmlBytes: number;
}

/** An article entry as stored: its HTML sits in the HTML section, at `html` (bytes: start, length). */
type StoredArticle = Omit<CachedArticle, 'compiled'> & { compiled: Omit<CompiledArticle, 'html'> };
type Line = { article: string; entry: StoredArticle; html: [start: number, length: number] } | { file: string; entry: CachedFile } | { end: true };

/** Where a compiled article's HTML sits in the bytes read from the cache file. */
interface StoredHtml {
  bytes: Buffer;
  start: number;
  end: number;
}

/** Cached HTML still as the bytes read from the cache file, by compiled article. */
const storedHtml = new WeakMap<object, StoredHtml>();

/**
 * Make a stored compiled article whole again, its HTML decoded on first read: a build in which
 * nothing changed reads none of it, and saving the cache writes the bytes back as they were.
 */
function withStoredHtml(entry: StoredArticle, stored: StoredHtml): CachedArticle {
  const compiled = lazyProperty(entry.compiled as CompiledArticle, 'html', () => stored.bytes.toString('utf8', stored.start, stored.end));
  storedHtml.set(compiled, stored);
  return entry as CachedArticle;
}

/** The compiled article as stored: every field but the HTML (copied key by key, so a lazy HTML stays unread). */
function withoutHtml(compiled: CompiledArticle): Omit<CompiledArticle, 'html'> {
  const stored: Record<string, unknown> = {};
  for (const key of Object.keys(compiled)) if (key !== 'html') stored[key] = compiled[key as keyof CompiledArticle];
  return stored as Omit<CompiledArticle, 'html'>;
}

export function emptyCache(key: string): BuildCache {
  return { key, articles: new Map(), files: new Map(), dirty: true };
}

/**
 * Load the cache; a missing, unreadable, stale or damaged one is simply empty.
 *
 * Layout: a JSON header line; every article's HTML back to back, then a newline; one JSON line
 * per entry; an end line. A warm build of a large tree loads every entry, and most of the file
 * is HTML: kept out of the JSON, it is copied out as written instead of being parsed and
 * unescaped character by character (a third of the time a warm build took). A file cut short
 * anywhere lacks its end line.
 */
export async function loadCache(dir: string, key: string): Promise<BuildCache> {
  try {
    const bytes = await readWhole(path.join(dir, FILE_NAME));
    const htmlStart = bytes.indexOf(0x0a) + 1;
    if (htmlStart === 0) return emptyCache(key);
    const header = JSON.parse(bytes.toString('utf8', 0, htmlStart - 1)) as Header;
    if (header.format !== FORMAT || header.key !== key) return emptyCache(key);
    const htmlEnd = htmlStart + header.htmlBytes;
    if (!Number.isInteger(header.htmlBytes) || header.htmlBytes < 0 || bytes[htmlEnd] !== 0x0a) return emptyCache(key);
    const cache: BuildCache = { key, articles: new Map(), files: new Map(), dirty: false };
    if (header.resolveStamp !== undefined) cache.resolveStamp = header.resolveStamp;
    const text = bytes.toString('utf8', htmlEnd + 1);
    let start = 0;
    while (start < text.length) {
      const end = text.indexOf('\n', start);
      if (end === -1) break;
      const line = JSON.parse(text.slice(start, end)) as Line;
      start = end + 1;
      if ('end' in line) return cache;
      if ('article' in line) {
        const [at, length] = line.html;
        if (at < 0 || length < 0 || at + length > header.htmlBytes) break;
        cache.articles.set(line.article, withStoredHtml(line.entry, { bytes, start: htmlStart + at, end: htmlStart + at + length }));
      } else cache.files.set(line.file, line.entry);
    }
    return emptyCache(key);
  } catch {
    return emptyCache(key);
  }
}

/**
 * Read a whole file in one read call. The build scans the tree meanwhile, synchronously: read in
 * chunks, as readFile does, each chunk would wait for that scan to end before the next started.
 */
async function readWhole(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}

/**
 * Write the cache when it changed (tmp file + rename, so a crash never leaves half a cache; a
 * failed write removes its tmp file).
 * Written in chunks: a tree of 10,000 articles holds tens of megabytes of HTML, and building the
 * file as one string would double the peak memory of a cold build.
 */
export async function saveCache(dir: string, cache: BuildCache): Promise<void> {
  if (!cache.dirty) return;
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, FILE_NAME);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeCacheFile(tmp, cache);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await Promise.all(OLD_FILE_NAMES.map((name) => rm(path.join(dir, name), { force: true })));
  cache.dirty = false;
}

async function writeCacheFile(tmp: string, cache: BuildCache): Promise<void> {
  const handle = await open(tmp, 'w');
  try {
    const articles = [...cache.articles];
    const html = articles.map(([, entry]) => {
      const stored = storedHtml.get(entry.compiled);
      return stored === undefined ? entry.compiled.html : stored.bytes.subarray(stored.start, stored.end);
    });
    const lengths = html.map((part) => (typeof part === 'string' ? Buffer.byteLength(part) : part.length));
    const header: Header = { format: FORMAT, key: cache.key, htmlBytes: lengths.reduce((sum, n) => sum + n, 0) };
    if (cache.resolveStamp !== undefined) header.resolveStamp = cache.resolveStamp;
    let chunk: Buffer[] = [];
    let size = 0;
    const add = async (part: string | Buffer): Promise<void> => {
      const bytes = typeof part === 'string' ? Buffer.from(part) : part;
      chunk.push(bytes);
      size += bytes.length;
      if (size > 1 << 20) {
        await handle.write(Buffer.concat(chunk, size));
        chunk = [];
        size = 0;
      }
    };
    const addLine = (line: Line): Promise<void> => add(`${JSON.stringify(line)}\n`);
    await add(`${JSON.stringify(header)}\n`);
    for (const part of html) await add(part);
    await add('\n');
    let at = 0;
    for (const [i, [article, entry]] of articles.entries()) {
      await addLine({ article, entry: { ...entry, compiled: withoutHtml(entry.compiled) }, html: [at, lengths[i]!] });
      at += lengths[i]!;
    }
    for (const [fileName, entry] of cache.files) await addLine({ file: fileName, entry });
    await addLine({ end: true });
    await handle.write(Buffer.concat(chunk, size));
  } finally {
    await handle.close();
  }
}

export function sameStamp(a: StatStamp | undefined, b: StatStamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * The cache is valid only for this compiler (its code and its dependencies: see compiler-id.ts),
 * these templates and these compile settings, and for the content folder at this place in the
 * project: compiled articles carry their source path as shown (in messages and in the banner),
 * and a moved folder keeps its files' mtimes.
 */
export function cacheKey(templatesHash: string, config: Pick<Config, 'root' | 'contentDir' | 'sourceUrl'>): string {
  return createHash('sha256')
    .update(compilerId())
    .update('\0')
    .update(templatesHash)
    .update('\0')
    .update(config.sourceUrl ?? '')
    .update('\0')
    .update(toPosix(path.relative(config.root, config.contentDir)))
    .digest('hex');
}
