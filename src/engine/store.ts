/**
 * The build store: what the engine keeps between runs, in the cache folder. `build-store.json`
 * holds, per source, its size, mtime and hash, the compiled article without its HTML and that
 * HTML's hash, and the article's last resolution; beside it, every compiled HTML body as
 * `html/<sha256>.html`. The index is read whole at start; an HTML file only when an article is
 * resolved or read, and checked against its name. Written atomically (tmp + rename), only when
 * something changed; HTML files no entry names any more are removed then.
 */
import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { articleMaxBytes, type Config } from '../config/schema.js';
import { toPosix } from '../content/scan.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { compilerId } from '../compile/compiler-id.js';
import { writeHtmlFile } from '../compile/html-files.js';
import type { CompiledArticle } from '../compile/compile-article.js';
import type { RefTargets } from '../compile/ref-targets.js';
import type { ResolveSettings } from '../compile/resolve.js';
import type { ResolvedMemo } from '../compile/resolved-memo.js';
import type { FileFact } from '../model/file-fact.js';

export const STORE_FILE = 'build-store.json';
const HTML_DIR = 'html';
/** Files of earlier cache formats, removed when the store is written. */
const OLD_FILES = ['build-cache.dat', 'build-cache.json', 'build-cache.jsonl'];
export const STORE_FORMAT = 2;

export interface Stamp {
  size: number;
  mtimeMs: number;
}

/** A compiled article as the store keeps it: everything but its HTML. */
export type StoredArticle = Omit<CompiledArticle, 'html'>;

/** One source's entry: the stamps it was compiled from, its compiled article, its resolution. */
export interface StoredEntry extends Stamp {
  sha256: string;
  sidecar?: Stamp & { sha256: string };
  compiled: StoredArticle;
  /** sha256 of the compiled HTML: its file is `html/<htmlSha256>.html`. */
  htmlSha256: string;
  /** Where the compiled article's references point (refTargets), kept so that loading does no path work. */
  targets: RefTargets;
  /** Valid against the store's `facts` and `resolveSettings` and the other entries. */
  resolved?: ResolvedMemo;
}

export interface StoreIndex {
  format: number;
  /** Compiler, templates and compile settings (see `storeKey`). */
  key: string;
  resolveSettings?: ResolveSettings;
  sources: Record<string, StoredEntry>;
  /** Hashes of referenced files, by content path, valid while their size and mtime are. */
  hashes: Record<string, Stamp & { sha256: string }>;
  facts: Record<string, FileFact>;
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
 * Read the store's index. A missing one, or one for another compiler, templates or settings, is
 * simply empty; one that is not the store's JSON (cut short, edited, another format) is empty and
 * says so in a warning.
 */
export async function loadIndex(place: StorePlace, key: string): Promise<{ index: StoreIndex; warnings: Diagnostic[] }> {
  let text: string;
  try {
    text = await readFile(path.join(place.dir, STORE_FILE), 'utf8');
  } catch {
    return { index: emptyIndex(key), warnings: [] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { index: emptyIndex(key), warnings: [damagedWarning(place, 'is not valid JSON (cut short or edited?)')] };
  }
  if (!isRecord(data) || data['format'] !== STORE_FORMAT) {
    return { index: emptyIndex(key), warnings: isRecord(data) && typeof data['format'] === 'number' ? [] : [damagedWarning(place, 'is not a build store')] };
  }
  if (!isRecord(data['sources']) || !isRecord(data['hashes']) || !isRecord(data['facts']) || typeof data['key'] !== 'string') {
    return { index: emptyIndex(key), warnings: [damagedWarning(place, 'is incomplete')] };
  }
  if (data['key'] !== key) return { index: emptyIndex(key), warnings: [] };
  if (!Object.values(data['sources']).every(isStoredEntry)) return { index: emptyIndex(key), warnings: [damagedWarning(place, 'is incomplete')] };
  return { index: data as unknown as StoreIndex, warnings: [] };
}

/** Whether an index entry has what loading and updating read of it (an edited store may not). */
function isStoredEntry(value: unknown): boolean {
  if (!isRecord(value) || typeof value['sha256'] !== 'string' || typeof value['htmlSha256'] !== 'string') return false;
  if (typeof value['size'] !== 'number' || typeof value['mtimeMs'] !== 'number') return false;
  const targets = value['targets'];
  if (!isRecord(targets) || !Array.isArray(targets['articles']) || !Array.isArray(targets['files'])) return false;
  const compiled = value['compiled'];
  if (!isRecord(compiled) || !Array.isArray(compiled['refs']) || typeof compiled['key'] !== 'string' || typeof compiled['contentPath'] !== 'string' || !isRecord(compiled['kb'])) return false;
  const resolved = value['resolved'];
  return resolved === undefined || (isRecord(resolved) && Array.isArray(resolved['diagnostics']));
}

/** The folder of the compiled HTML files. */
export function htmlDirOf(place: StorePlace): string {
  return path.join(place.dir, HTML_DIR);
}

/** The warning for HTML files found missing or damaged (their articles were compiled afresh). */
export function damagedHtmlWarning(place: StorePlace, sha256s: readonly string[]): Diagnostic {
  const n = sha256s.length;
  const example = toPosix(path.join(place.shown, HTML_DIR, `${sha256s[0]}.html`));
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
 * Write the store: the HTML files not yet there (`html`: by hash, the bodies compiled this run),
 * then the index (tmp + rename: a crash never leaves half an index), then remove HTML files no
 * entry names and the files of earlier cache formats.
 */
export async function saveStore(place: StorePlace, index: StoreIndex, html: ReadonlyMap<string, string>): Promise<void> {
  const dir = htmlDirOf(place);
  await mkdir(dir, { recursive: true });
  for (const [sha256, body] of html) writeHtmlFile(dir, body, sha256);
  const file = path.join(place.dir, STORE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(index));
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  const named = new Set(Object.values(index.sources).map((entry) => `${entry.htmlSha256}.html`));
  for (const name of readdirSync(dir)) if (!named.has(name) && !name.endsWith('.tmp')) rmSync(path.join(dir, name), { force: true });
  await Promise.all(OLD_FILES.map((name) => rm(path.join(place.dir, name), { force: true })));
}
