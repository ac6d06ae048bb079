/**
 * The build cache: compiled articles by source path, valid while the source's size and mtime (or,
 * failing that, its content hash) are unchanged and the cache key (compiler version, templates,
 * compile settings) is the same. Also file hashes of attachments, so a warm build reads no file
 * twice, and what the last resolution of the whole tree gave. Written atomically and only when
 * something changed.
 */
import { close as closeCallback, closeSync, fstatSync, open as openCallback, read as readCallback, readSync, rmSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { articleMaxBytes, type Config } from '../config/schema.js';
import { HaloKbError } from '../errors.js';
import { toPosix } from '../content/scan.js';
import { lazyProperty } from '../lazy-property.js';
import type { ArticleTally } from './article-tally.js';
import { compilerId } from './compiler-id.js';
import type { CompiledArticle } from './compile-article.js';
import type { ResolvedMemo } from './resolve.js';
import type { FaqListNode } from '../model/faq-list.js';

export interface StatStamp {
  size: number;
  mtimeMs: number;
}

export interface CachedArticle extends StatStamp {
  sha256: string;
  sidecar?: StatStamp & { sha256: string };
  /** The files the compiled article references (`refTargets(compiled).files`). */
  files: string[];
  compiled: CompiledArticle;
  /** The article's resolution, valid while the tree's resolve stamp is `BuildCache.resolveStamp`. */
  resolved?: ResolvedMemo | undefined;
}

export interface CachedFile extends StatStamp {
  sha256: string;
}

/** What the last resolution of the whole tree gave beyond its articles (see build.ts). */
export interface TreeRecord {
  /** The resolve stamp and the companies it was worked out with. */
  stamp: string;
  faqLists: FaqListNode[];
  tally: ArticleTally;
}

export interface BuildCache {
  key: string;
  articles: Map<string, CachedArticle>;
  files: Map<string, CachedFile>;
  /** What the articles' `resolved` memos were resolved against (see build.ts). */
  resolveStamp?: string;
  tree?: TreeRecord;
  /** The loaded file's compiled articles, read only when one is (see `loadCache`). */
  body?: CacheBody;
  dirty: boolean;
}

const FILE_NAME = 'build-cache.dat';
/** Files of earlier cache formats, removed when a new cache is written. */
const OLD_FILE_NAMES = ['build-cache.json', 'build-cache.jsonl'];
const FORMAT = 6;

type Span = [start: number, length: number];

/**
 * An article's stamps as stored, with where its entry and HTML sit in their sections: a tuple, not
 * an object, as 10,000 of them parse in half the time.
 */
type ArticleStamps = [
  path: string,
  size: number,
  mtimeMs: number,
  sha256: string,
  files: string[],
  entry: Span,
  html: Span,
  sidecar?: [size: number, mtimeMs: number, sha256: string],
];

/**
 * The file's last line but one: everything but the articles' entries and HTML. Last, so the file
 * is written in one pass without holding its sections in memory, and read without the rest.
 */
interface Trailer {
  format: number;
  key: string;
  resolveStamp?: string;
  tree?: TreeRecord;
  htmlBytes: number;
  entryBytes: number;
  articles: ArticleStamps[];
  files: [path: string, size: number, mtimeMs: number, sha256: string][];
}

/** An article's entry as stored: the compiled article but its HTML, and the resolution. */
interface StoredEntry {
  compiled: Omit<CompiledArticle, 'html'>;
  resolved?: ResolvedMemo;
}

/**
 * The last line: the CRC-32 and length in bytes of the body (every article's HTML and entry) and
 * of the trailer. Each part is checked when it is read.
 */
interface CheckLine {
  body: [crc32: number, bytes: number];
  trailer: [crc32: number, bytes: number];
}

const openFd = promisify(openCallback);
const readFd = promisify(readCallback);
const closeFd = promisify(closeCallback);

/** Read `length` bytes at `position` of an open file (fewer if the file is shorter). */
async function readRange(fd: number, position: number, length: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(length);
  let at = 0;
  while (at < length) {
    const { bytesRead } = await readFd(fd, bytes, at, length - at, position + at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return at === length ? bytes : bytes.subarray(0, at);
}

/** `readRange`, synchronously. */
function readRangeSync(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  let at = 0;
  while (at < length) {
    const bytesRead = readSync(fd, bytes, at, length - at, position + at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return at === length ? bytes : bytes.subarray(0, at);
}

/** What became of a cache file whose body failed its check. */
type Removal = 'removed' | 'replaced' | 'failed';

/** Closes the file of a body never read once the body is garbage (a long-running process loads many caches). */
const unreadBodies = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed: nothing to free
  }
});

/**
 * The body of a loaded cache file: every article's HTML and entry, tens of megabytes for a large
 * tree. Read, and checked against its checksum, only when the build needs a compiled article
 * from it: a build in which nothing changed reads only the trailer. Read through the file opened
 * for the trailer, so another build saving the cache meanwhile (a rename) leaves it the same
 * file; the descriptor is closed once the body is read.
 */
export class CacheBody {
  #fd: number | undefined;
  readonly #file: string;
  /** The file as messages name it. */
  readonly #shown: string;
  readonly #length: number;
  readonly #crc: number;
  #bytes: Buffer | undefined;
  #loading: Promise<boolean> | undefined;
  #damaged: HaloKbError | undefined;

  constructor(file: string, shown: string, length: number, crc: number) {
    this.#file = file;
    this.#shown = shown;
    this.#length = length;
    this.#crc = crc;
  }

  /** Read the body, when it is read, through `fd` (the file whose trailer described it); the body owns it from now on. */
  attach(fd: number): void {
    this.#fd = fd;
    unreadBodies.register(this, fd, this);
  }

  /** Read and check the body now; false if it fails its check (the file was damaged). */
  load(): Promise<boolean> {
    this.#loading ??= this.#load();
    return this.#loading;
  }

  async #load(): Promise<boolean> {
    if (this.#bytes !== undefined) return true;
    const fd = this.#fd;
    if (fd === undefined) return false;
    let bytes: Buffer | undefined;
    try {
      bytes = await readRange(fd, 0, this.#length);
    } catch {
      bytes = undefined;
    }
    this.#close();
    return this.#accept(bytes);
  }

  /** Close the file, if still open: a body not read by then is never read. */
  #close(): void {
    const fd = this.#fd;
    if (fd === undefined) return;
    this.#fd = undefined;
    unreadBodies.unregister(this);
    closeSync(fd);
  }

  /**
   * The body's bytes, read now if `load` was not awaited. Reading happens inside getters of
   * articles, where nothing can be compiled afresh: a body that fails its check is reported, and
   * the file removed so that the next run compiles everything.
   */
  bytes(): Buffer {
    if (this.#bytes !== undefined) return this.#bytes;
    if (this.#damaged !== undefined) throw this.#damaged;
    const fd = this.#fd;
    let bytes: Buffer | undefined;
    let outcome: Removal = 'failed';
    if (fd !== undefined) {
      try {
        bytes = readRangeSync(fd, 0, this.#length);
      } catch {
        bytes = undefined;
      }
      if (!this.#accept(bytes)) outcome = this.#removeIfStill(fd);
      this.#close();
    }
    if (this.#bytes !== undefined) return this.#bytes;
    const afresh = 'it compiles every article afresh';
    const [what, hint] = {
      removed: ['; it has been removed', `Run the command again: ${afresh}.`],
      replaced: ['; another build has saved a new one since', 'Run the command again.'],
      failed: [', and it could not be removed', `Delete ${this.#shown} and run the command again: ${afresh}.`],
    }[outcome];
    this.#damaged = new HaloKbError('BUILD_CACHE_DAMAGED', `The build cache ${this.#shown} is damaged: its compiled articles fail their checksum${what}.`, { hint });
    throw this.#damaged;
  }

  /** Remove the file, unless its path names another file now (one another build saved since). */
  #removeIfStill(fd: number): Removal {
    try {
      const opened = fstatSync(fd);
      const now = statSync(this.#file, { throwIfNoEntry: false });
      if (now === undefined) return 'removed';
      if (opened.dev !== now.dev || opened.ino !== now.ino) return 'replaced';
      rmSync(this.#file);
      return 'removed';
    } catch {
      return 'failed';
    }
  }

  #accept(bytes: Buffer | undefined): boolean {
    if (bytes === undefined || bytes.length !== this.#length || crc32(bytes) !== this.#crc) return false;
    this.#bytes = bytes;
    return true;
  }
}

/** Where a compiled article's HTML sits in a cache file's body. */
interface StoredHtml {
  body: CacheBody;
  start: number;
  end: number;
}

/** Cached HTML still as the bytes of the cache file's body, by compiled article. */
const storedHtml = new WeakMap<object, StoredHtml>();

/** Where a loaded article's entry and HTML sit in the cache file's body. */
interface StoredParts {
  body: CacheBody;
  entry: [start: number, end: number];
  html: StoredHtml;
}

/**
 * An article as loaded from the cache file: its stamps read at once, its compiled article and
 * resolution decoded from their bytes on first read. A build in which nothing changed checks
 * every stamp and decodes no entry; saving the cache writes an entry never decoded back as the
 * bytes it was read from.
 */
class LoadedArticle implements CachedArticle {
  size: number;
  mtimeMs: number;
  sha256: string;
  declare sidecar?: StatStamp & { sha256: string };
  files: string[];
  #stored: StoredParts | undefined;
  #compiled: CompiledArticle | undefined;
  #resolved: ResolvedMemo | undefined;

  constructor(stamps: ArticleStamps, stored: StoredParts) {
    const [, size, mtimeMs, sha256, files, , , sidecar] = stamps;
    this.size = size;
    this.mtimeMs = mtimeMs;
    this.sha256 = sha256;
    this.files = files;
    if (sidecar !== undefined) this.sidecar = { size: sidecar[0], mtimeMs: sidecar[1], sha256: sidecar[2] };
    this.#stored = stored;
  }

  #decode(): void {
    const stored = this.#stored;
    if (stored === undefined) return;
    const entry = JSON.parse(stored.body.bytes().toString('utf8', stored.entry[0], stored.entry[1])) as StoredEntry;
    this.#stored = undefined;
    this.#compiled = withStoredHtml(entry.compiled, stored.html);
    this.#resolved = entry.resolved;
  }

  get compiled(): CompiledArticle {
    this.#decode();
    return this.#compiled!;
  }

  set compiled(compiled: CompiledArticle) {
    this.#decode();
    this.#compiled = compiled;
  }

  get resolved(): ResolvedMemo | undefined {
    this.#decode();
    return this.#resolved;
  }

  set resolved(resolved: ResolvedMemo | undefined) {
    this.#decode();
    this.#resolved = resolved;
  }

  /** The entry's bytes and HTML as read, while nothing decoded from them could have been changed. */
  get undecoded(): { entry: Buffer; html: Buffer } | undefined {
    const stored = this.#stored;
    if (stored === undefined) return undefined;
    const bytes = stored.body.bytes();
    return { entry: bytes.subarray(stored.entry[0], stored.entry[1]), html: bytes.subarray(stored.html.start, stored.html.end) };
  }
}

/**
 * Make a stored compiled article whole again, its HTML decoded on first read: a build in which
 * nothing changed reads none of it, and saving the cache writes the bytes back as they were.
 */
function withStoredHtml(stored: Omit<CompiledArticle, 'html'>, html: StoredHtml): CompiledArticle {
  const compiled = lazyProperty(stored as CompiledArticle, 'html', () => html.body.bytes().toString('utf8', html.start, html.end));
  storedHtml.set(compiled, html);
  return compiled;
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

/** Whether `span` lies within a section of `length` bytes. */
function within(span: unknown, length: number): span is Span {
  if (!Array.isArray(span) || span.length !== 2) return false;
  const [start, size] = span as unknown[];
  return Number.isInteger(start) && Number.isInteger(size) && (start as number) >= 0 && (size as number) >= 0 && (start as number) + (size as number) <= length;
}

/** The last bytes of a cache file read at first: the check line and, for most trees, the trailer. */
const TAIL_BYTES = 1 << 16;

/** A pair of non-negative whole numbers, as a check line's entries are. */
function isPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n) && (n as number) >= 0);
}

/**
 * Load the cache; a missing, unreadable, stale or damaged one is simply empty.
 *
 * Layout: every article's HTML back to back, then a newline; every article's entry (JSON, one per
 * line); the trailer line (JSON: format, key, every stamp, and where each article's entry and HTML
 * sit); the check line (the CRC-32 and length of the body before the trailer, and of the trailer).
 * Only the trailer is read here: a warm build of a large tree checks every stamp and needs no
 * compiled article unless something changed, and the body is most of the file (reading and
 * checking 40 MB took half a warm build). The body is read, and checked, on first use (see
 * `CacheBody`): a file cut short or damaged anywhere is never trusted. `shownDir` is `dir` as
 * messages name it.
 */
export async function loadCache(dir: string, key: string, shownDir = dir): Promise<BuildCache> {
  const file = path.join(dir, FILE_NAME);
  let fd: number;
  try {
    fd = await openFd(file, 'r');
  } catch {
    return emptyCache(key);
  }
  let cache: BuildCache | undefined;
  try {
    cache = await readTrailer(fd, file, toPosix(path.join(shownDir, FILE_NAME)), key);
  } catch {
    cache = undefined;
  }
  // A cache with a body keeps the file open until the body is read (see CacheBody).
  if (cache === undefined) await closeFd(fd).catch(() => undefined);
  return cache ?? emptyCache(key);
}

/** The cache described by the trailer of the file open as `fd`, its body unread; undefined if the trailer is not whole, or is for another key. */
async function readTrailer(fd: number, file: string, shown: string, key: string): Promise<BuildCache | undefined> {
  const { size } = fstatSync(fd);
  const tailStart = Math.max(0, size - TAIL_BYTES);
  const tail = await readRange(fd, tailStart, size - tailStart);
  if (tail.length < 2 || tail[tail.length - 1] !== 0x0a) return undefined;
  const checkStart = tail.lastIndexOf(0x0a, tail.length - 2) + 1;
  if (checkStart === 0) return undefined;
  const check = JSON.parse(tail.toString('utf8', checkStart, tail.length - 1)) as Partial<Record<keyof CheckLine, unknown>>;
  if (!isPair(check.body) || !isPair(check.trailer)) return undefined;
  const [bodyCrc, bodyBytes] = check.body;
  const [trailerCrc, trailerBytes] = check.trailer;
  if (bodyBytes + trailerBytes + tail.length - checkStart !== size || trailerBytes === 0) return undefined;
  const trailerBuffer = bodyBytes >= tailStart ? tail.subarray(bodyBytes - tailStart, bodyBytes - tailStart + trailerBytes) : await readRange(fd, bodyBytes, trailerBytes);
  if (trailerBuffer.length !== trailerBytes || crc32(trailerBuffer) !== trailerCrc) return undefined;
  const trailer = JSON.parse(trailerBuffer.toString('utf8', 0, trailerBytes - 1)) as Trailer;
  if (trailer.format !== FORMAT || trailer.key !== key) return undefined;
  const entryStart = trailer.htmlBytes + 1;
  if (entryStart + trailer.entryBytes !== bodyBytes) return undefined;
  const body = new CacheBody(file, shown, bodyBytes, bodyCrc);
  const cache: BuildCache = { key, articles: new Map(), files: new Map(), body, dirty: false };
  if (trailer.resolveStamp !== undefined) cache.resolveStamp = trailer.resolveStamp;
  if (trailer.tree !== undefined) cache.tree = trailer.tree;
  for (const stamps of trailer.articles) {
    const [article, , , , , entry, html] = stamps;
    if (!within(entry, trailer.entryBytes) || !within(html, trailer.htmlBytes)) return undefined;
    const stored: StoredParts = { body, entry: [entryStart + entry[0], entryStart + entry[0] + entry[1]], html: { body, start: html[0], end: html[0] + html[1] } };
    cache.articles.set(article, new LoadedArticle(stamps, stored));
  }
  for (const [p, bytes, mtimeMs, sha256] of trailer.files) cache.files.set(p, { size: bytes, mtimeMs, sha256 });
  // Last: until here, the caller still owns (and on failure closes) the file.
  body.attach(fd);
  return cache;
}

/**
 * Read the loaded file's compiled articles now, checked; false when they fail their check (the
 * file was damaged): the cache is then not to be used.
 */
export async function loadCachedArticles(cache: BuildCache): Promise<boolean> {
  return cache.body === undefined || cache.body.load();
}

/**
 * Write the cache when it changed (tmp file + rename, so a crash never leaves half a cache; a
 * failed write removes its tmp file).
 * Written in chunks: a tree of 10,000 articles holds tens of megabytes of HTML, and building the
 * file as one string would double the peak memory of a cold build.
 */
export async function saveCache(dir: string, cache: BuildCache): Promise<void> {
  if (!cache.dirty) return;
  // Entries never decoded are written back as the bytes they were read from.
  if (!(await loadCachedArticles(cache))) throw new Error('the cache file it was loaded from is damaged');
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

/** The bytes of an article's HTML as they go to the file, decoding none that was loaded and never read. */
function htmlBytesOf(entry: CachedArticle): string | Buffer {
  if (entry instanceof LoadedArticle) {
    const undecoded = entry.undecoded;
    if (undecoded !== undefined) return undecoded.html;
  }
  const stored = storedHtml.get(entry.compiled);
  return stored === undefined ? entry.compiled.html : stored.body.bytes().subarray(stored.start, stored.end);
}

/** An article's entry line as it goes to the file. */
function entryLineOf(entry: CachedArticle): string | Buffer {
  if (entry instanceof LoadedArticle) {
    const undecoded = entry.undecoded;
    if (undecoded !== undefined) return Buffer.concat([undecoded.entry, NEWLINE]);
  }
  const stored: StoredEntry = { compiled: withoutHtml(entry.compiled) };
  if (entry.resolved !== undefined) stored.resolved = entry.resolved;
  return `${JSON.stringify(stored)}\n`;
}

const NEWLINE = Buffer.from('\n');

async function writeCacheFile(tmp: string, cache: BuildCache): Promise<void> {
  const handle = await open(tmp, 'w');
  try {
    let chunk: Buffer[] = [];
    let size = 0;
    let written = 0;
    let crc = 0;
    const flush = async (): Promise<void> => {
      const bytes = Buffer.concat(chunk, size);
      crc = crc32(bytes, crc);
      await handle.write(bytes);
      chunk = [];
      size = 0;
    };
    /** The CRC-32 and length of what was added since the last call. */
    let partStart = 0;
    const endPart = async (): Promise<[crc32: number, bytes: number]> => {
      await flush();
      const part: [number, number] = [crc, written - partStart];
      crc = 0;
      partStart = written;
      return part;
    };
    /** Append `part`; its span (start, length) from the file's start. */
    const add = async (part: string | Buffer): Promise<Span> => {
      const bytes = typeof part === 'string' ? Buffer.from(part) : part;
      const span: Span = [written, bytes.length];
      chunk.push(bytes);
      size += bytes.length;
      written += bytes.length;
      if (size > 1 << 20) await flush();
      return span;
    };
    const articles = [...cache.articles];
    const htmlSpans: Span[] = [];
    for (const [, entry] of articles) htmlSpans.push(await add(htmlBytesOf(entry)));
    const htmlBytes = written;
    await add(NEWLINE);
    const entryStart = written;
    const stamps: ArticleStamps[] = [];
    for (const [i, [article, entry]] of articles.entries()) {
      const [at, length] = await add(entryLineOf(entry));
      // The entry's span leaves out its newline.
      const record: ArticleStamps = [article, entry.size, entry.mtimeMs, entry.sha256, entry.files, [at - entryStart, length - 1], htmlSpans[i]!];
      if (entry.sidecar !== undefined) record.push([entry.sidecar.size, entry.sidecar.mtimeMs, entry.sidecar.sha256]);
      stamps.push(record);
    }
    const body = await endPart();
    const trailer: Trailer = {
      format: FORMAT,
      key: cache.key,
      htmlBytes,
      entryBytes: written - entryStart,
      articles: stamps,
      // By path: the map fills in the order the files' hashes finish.
      files: [...cache.files]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([file, { size: bytes, mtimeMs, sha256 }]) => [file, bytes, mtimeMs, sha256]),
    };
    if (cache.resolveStamp !== undefined) trailer.resolveStamp = cache.resolveStamp;
    if (cache.tree !== undefined) trailer.tree = cache.tree;
    await add(`${JSON.stringify(trailer)}\n`);
    const check: CheckLine = { body, trailer: await endPart() };
    await handle.write(`${JSON.stringify(check)}\n`);
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
export function cacheKey(templatesHash: string, config: Pick<Config, 'root' | 'contentDir' | 'sourceUrl' | 'publish'>): string {
  return createHash('sha256')
    .update(compilerId())
    .update('\0')
    .update(templatesHash)
    .update('\0')
    .update(config.sourceUrl ?? '')
    .update('\0')
    .update(toPosix(path.relative(config.root, config.contentDir)))
    .update('\0')
    .update(String(articleMaxBytes(config)))
    .digest('hex');
}
