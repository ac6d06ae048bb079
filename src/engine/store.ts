/**
 * The build store: what the engine keeps between runs, in the cache folder. `build-store.json`
 * holds, per source, its size, mtime and hash, the compiled article without its body, that
 * body's hash, and the article's last resolution, each without what loading puts back (what the
 * content path gives, empty parts: see stored-entry.ts); beside it, every compiled body (HTML and
 * references, see body-files.ts) as `bodies/<sha256>.body`. The index is read whole at start; a
 * body only when its article is resolved or its HTML read, and checked against its name.
 *
 * A build that changed a few entries appends them to `build-store.log`, one JSON line per build,
 * instead of writing the whole index again (megabytes for a large tree). Loading applies the
 * lines in order; a line cut short by a crash, and every line after it, is ignored: its sources
 * look changed and are compiled again. When the log grows past a quarter of the index, the index
 * is written whole (tmp + rename: a crash never leaves half an index), the log removed, and the
 * bodies no entry names any more with it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { appendFile, mkdir, readFile, readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { articleMaxBytes, type Config } from '../config/schema.js';
import { toPosix } from '../content/file-paths.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { compilerId } from '../compile/compiler-id.js';
import { writeBodyFile, type Body } from '../compile/body-files.js';
import type { CompiledArticle } from '../compile/compile-article.js';
import type { RefTargets } from '../compile/ref-targets.js';
import type { ResolveSettings } from '../compile/resolve.js';
import type { ResolvedMemo } from '../compile/resolved-memo.js';
import type { FileFact } from '../model/file-fact.js';
import { kbOfPath } from '../model/kb.js';
import { writeFileAtomic } from '../write-atomic.js';
import { hasStoredParts } from './stored-entry.js';
import { isRecord, withNumbers, withStrings } from '../field-values.js';

const STORE_FILE = 'build-store.json';
export const LOG_FILE = 'build-store.log';
const BODY_DIR = 'bodies';
/** Files of earlier cache formats, removed when the store is written. */
const OLD_FILES = ['build-cache.dat', 'build-cache.json', 'build-cache.jsonl'];
/** The folder of format 4's HTML files, and their names: only those are removed, then the folder if empty. */
const OLD_HTML_DIR = 'html';
const OLD_HTML_FILE = /^[0-9a-f]{64}\.html(\.\d+-\d+\.tmp)?$/;
export const STORE_FORMAT = 5;

export interface Stamp {
  size: number;
  mtimeMs: number;
}

/**
 * One source's entry as the store keeps it: the stamps it was compiled from, its compiled article
 * and its resolution, each without what loading puts back (see stored-entry.ts).
 */
export interface StoredEntry extends Stamp {
  sha256: string;
  sidecar?: Stamp & { sha256: string };
  compiled: Partial<Omit<CompiledArticle, 'html' | 'refs'>>;
  /** sha256 of the compiled body: its file is `bodies/<bodySha256>.body`. */
  bodySha256: string;
  targets: Partial<RefTargets>;
  resolved?: Partial<ResolvedMemo>;
}

export interface StoreIndex {
  format: number;
  /** The stamp of the build that saved the store (see build.ts), when one did. */
  stamp?: string;
  /** Compiler, templates and compile settings (see `storeKey`). */
  key: string;
  resolveSettings?: ResolveSettings;
  /** The FAQ lists of the build that saved the store, as a digest (see `listsDigest` in state.ts). */
  lists?: string;
  sources: Record<string, StoredEntry>;
  /** Hashes of referenced files, by content path, valid while their size and mtime are. */
  hashes: Record<string, Stamp & { sha256: string }>;
  facts: Record<string, FileFact>;
}

/** What one build changed in the store: entries set (null: removed), and the rest whole. */
export interface StoreChanges {
  key: string;
  /**
   * The stamp of the store these changes were made from. Loading applies a line only onto that:
   * two builds that appended changes to the same store (run at once) leave a log whose second
   * line does not apply, and the store is then written whole from what the sources say.
   */
  from?: string;
  stamp?: string;
  resolveSettings?: ResolveSettings;
  lists?: string;
  sources: Record<string, StoredEntry | null>;
  hashes: StoreIndex['hashes'];
  facts: StoreIndex['facts'];
}

/** A loaded store: the index with the log applied, and the sizes that say when to write it whole. */
export interface LoadedStore {
  index: StoreIndex;
  warnings: Diagnostic[];
  /** Characters of the index file and of the log applied (0 when none was read). */
  indexSize: number;
  logSize: number;
  /** The files on disk cannot be appended to: the next save writes the index whole. */
  whole: boolean;
}

/** Where the store lives and how messages name it. */
export interface StorePlace {
  dir: string;
  /** `dir` relative to the project root, forward slashes. */
  shown: string;
}

export function storePlace(config: Pick<Config, 'root' | 'cacheDir'>): StorePlace {
  return { dir: config.cacheDir, shown: toPosix(path.relative(config.root, config.cacheDir)) || '.' };
}

/**
 * The store holds only for this compiler (its code and dependencies: see compiler-id.ts), these
 * templates and compile settings, and the content folder at this place in the project: compiled
 * articles carry their source path as shown, and a moved folder keeps its files' mtimes.
 */
export function storeKey(templatesHash: string, config: Pick<Config, 'root' | 'contentDir' | 'sourceUrl' | 'publish'>): string {
  return createHash('sha256')
    .update([compilerId(), templatesHash, config.sourceUrl ?? '', toPosix(path.relative(config.root, config.contentDir)), String(articleMaxBytes(config))].join('\0'))
    .digest('hex');
}

export function emptyIndex(key: string): StoreIndex {
  return { format: STORE_FORMAT, key, sources: {}, hashes: {}, facts: {} };
}

/** The warning for a store that cannot be used: it only costs time, so it never fails a build. */
function damagedWarning(place: StorePlace, what: string): Diagnostic {
  const file = `${place.shown}/${STORE_FILE}`;
  return diagnostic(
    'warning',
    'build-store-damaged',
    file,
    `The build store ${file} ${what}; every article is compiled afresh and the store written again.`,
    {},
    `Nothing to do; if this repeats, check the disk and delete ${place.shown}.`,
  );
}

/**
 * The store's index (its bytes; undefined: none can be read) and log, read together: a build that
 * rewrites the store between two reads would leave an index without its log.
 */
async function readStoreFiles(place: StorePlace): Promise<{ index: Buffer | undefined; log: string }> {
  const [index, log] = await Promise.all([readFile(path.join(place.dir, STORE_FILE)).catch(() => undefined), readFile(path.join(place.dir, LOG_FILE), 'utf8').catch(() => '')]);
  return { index, log };
}

/**
 * Read the store: its index, and the log applied to it. A missing index, or one for another
 * compiler, templates or settings, is simply empty; one that is not the store's JSON (cut short,
 * edited, another format) is empty and says so in a warning.
 */
export async function loadIndex(place: StorePlace, key: string): Promise<LoadedStore> {
  const empty = (warnings: Diagnostic[] = []): LoadedStore => ({ index: emptyIndex(key), warnings, indexSize: 0, logSize: 0, whole: true });
  const { index: bytes, log } = await readStoreFiles(place);
  if (bytes === undefined) return empty();
  const text = bytes.toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return empty([damagedWarning(place, 'is not valid JSON (cut short or edited?)')]);
  }
  if (!isRecord(data) || data['format'] !== STORE_FORMAT) {
    return empty(isRecord(data) && typeof data['format'] === 'number' ? [] : [damagedWarning(place, 'is not a build store')]);
  }
  if (!isRecord(data['sources']) || !isRecord(data['hashes']) || !isRecord(data['facts']) || typeof data['key'] !== 'string') {
    return empty([damagedWarning(place, 'is incomplete')]);
  }
  if (data['key'] !== key) return empty();
  if (!Object.entries(data['sources']).every(isStoredSource) || !hasFilesRead(data)) return empty([damagedWarning(place, 'is incomplete')]);
  const index = data as unknown as StoreIndex;
  const whole = !applyLog(index, log);
  return { index, warnings: [], indexSize: text.length, logSize: log.length, whole };
}

/**
 * Apply the log's lines to `index`, in order, up to the first that is cut short, not a record of
 * this store's, or made from another state of it; whether every line applied.
 */
function applyLog(index: StoreIndex, log: string): boolean {
  for (const line of log.split('\n')) {
    if (line === '') continue;
    let changes: unknown;
    try {
      changes = JSON.parse(line);
    } catch {
      return false;
    }
    if (!isRecord(changes) || changes['key'] !== index.key || changes['from'] !== index.stamp) return false;
    if (!isRecord(changes['sources']) || !isRecord(changes['hashes']) || !isRecord(changes['facts']) || !hasFilesRead(changes)) return false;
    const sources = Object.entries(changes['sources']);
    if (!sources.every(([p, entry]) => entry === null || isStoredSource([p, entry]))) return false;
    for (const [p, entry] of sources) {
      if (entry === null) delete index.sources[p];
      else index.sources[p] = entry as StoredEntry;
    }
    index.hashes = changes['hashes'] as StoreIndex['hashes'];
    index.facts = changes['facts'] as StoreIndex['facts'];
    if (isRecord(changes['resolveSettings'])) index.resolveSettings = changes['resolveSettings'] as unknown as ResolveSettings;
    else delete index.resolveSettings;
    if (typeof changes['stamp'] === 'string') index.stamp = changes['stamp'];
    else delete index.stamp;
    if (typeof changes['lists'] === 'string') index.lists = changes['lists'];
    else delete index.lists;
  }
  return true;
}

/**
 * Whether an index entry has what loading and updating read of it (an edited store may not), at a
 * content path in a KB (which gives the rest, see stored-entry.ts).
 */
function isStoredSource([p, value]: [string, unknown]): boolean {
  if (kbOfPath(p) === undefined) return false;
  if (!isRecord(value) || typeof value['sha256'] !== 'string' || typeof value['bodySha256'] !== 'string') return false;
  if (typeof value['size'] !== 'number' || typeof value['mtimeMs'] !== 'number') return false;
  return hasStoredParts(value);
}

/** A remembered file hash (see `HashMemo` in file-facts.ts). */
export function isFileHash(value: unknown): boolean {
  return withNumbers('size', 'mtimeMs')(value) && withStrings('sha256')(value) && ['string', 'undefined'].includes(typeof (value as Record<string, unknown>)['realPath']);
}

/** Whether the `hashes` and `facts` of an index or log line (records, checked) are of the shapes `file-facts.ts` gives. */
function hasFilesRead(data: Record<string, unknown>): boolean {
  const hashes = Object.values(data['hashes'] as Record<string, unknown>);
  const facts = Object.values(data['facts'] as Record<string, unknown>);
  const isFact = (value: unknown): boolean =>
    isRecord(value) &&
    (value['kind'] === 'missing' ||
      (value['kind'] === 'outside' && typeof value['target'] === 'string') ||
      (value['kind'] === 'file' && typeof value['size'] === 'number' && typeof value['sha256'] === 'string' && ['string', 'undefined'].includes(typeof value['realPath'])));
  return hashes.every(isFileHash) && facts.every(isFact);
}

/** The folder of the compiled bodies. */
export function bodyDirOf(place: StorePlace): string {
  return path.join(place.dir, BODY_DIR);
}

/** The warning for bodies found missing or damaged (their articles were compiled afresh). */
export function damagedBodyWarning(place: StorePlace, sha256s: readonly string[]): Diagnostic {
  const n = sha256s.length;
  const example = toPosix(path.join(place.shown, BODY_DIR, `${sha256s[0]}.body`));
  return diagnostic(
    'warning',
    'build-store-damaged',
    example,
    `${n === 1 ? 'A compiled article' : `${n} compiled articles`} in the build store ${n === 1 ? 'was' : 'were'} missing or damaged (${example}${n > 1 ? ' and others' : ''}); ${n === 1 ? 'it was' : 'they were'} compiled afresh.`,
    {},
    `Nothing to do; if this repeats, check the disk and delete ${place.shown}.`,
  );
}

/**
 * Write the store whole: the bodies not yet there (`bodies`: by hash, those compiled this run),
 * then the index (tmp + rename), then remove the log, the bodies no entry names and the
 * files of earlier cache formats. The number of characters of the index.
 */
export async function saveStore(place: StorePlace, index: StoreIndex, bodies: ReadonlyMap<string, Body>): Promise<number> {
  const dir = bodyDirOf(place);
  await mkdir(dir, { recursive: true });
  for (const [sha256, body] of bodies) writeBodyFile(dir, body, undefined, sha256);
  const text = JSON.stringify(index);
  await writeFileAtomic(path.join(place.dir, STORE_FILE), text);
  await rm(path.join(place.dir, LOG_FILE), { force: true });
  const named = new Set(Object.values(index.sources).map((entry) => `${entry.bodySha256}.body`));
  for (const name of readdirSync(dir)) if (!named.has(name) && !name.endsWith('.tmp')) rmSync(path.join(dir, name), { force: true });
  await Promise.all(OLD_FILES.map((name) => rm(path.join(place.dir, name), { force: true })));
  const oldHtml = path.join(place.dir, OLD_HTML_DIR);
  const old = await readdir(oldHtml).catch(() => []);
  await Promise.all(old.filter((name) => OLD_HTML_FILE.test(name)).map((name) => rm(path.join(oldHtml, name), { force: true })));
  await rmdir(oldHtml).catch(() => undefined); // not there, or not empty: left as it is
  return text.length;
}

/**
 * Append one build's changes to the log, after the bodies they name. One write of one line:
 * a crash leaves at most that line cut short, which loading ignores. The number of characters
 * appended.
 */
export async function appendStore(place: StorePlace, changes: StoreChanges, bodies: ReadonlyMap<string, Body>): Promise<number> {
  const dir = bodyDirOf(place);
  for (const [sha256, body] of bodies) writeBodyFile(dir, body, undefined, sha256);
  const line = `${JSON.stringify(changes)}\n`;
  await appendFile(path.join(place.dir, LOG_FILE), line);
  return line.length;
}
