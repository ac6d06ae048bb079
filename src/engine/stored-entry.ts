/**
 * What the build store keeps of an entry, and the entry given back when the store is read. Every
 * build of a large tree reads and parses the whole store, and on this kind of machine its cost
 * goes with its bytes and, more, with the objects parsing makes. So the store leaves out:
 * - what an entry's content path gives: the path itself and as messages show it, its KB and
 *   folders, and its key unless the frontmatter names another (`id:`);
 * - the source hashes the compiled article repeats from the entry;
 * - the empty lists and mappings, and `draft: false`, that most articles have (one object each).
 * Loading puts them back, the empty ones as shared frozen values: nothing changes an entry's
 * parts in place, and anything that tried would fail where it did, not in another article.
 */
import type { Body } from '../compile/body-files.js';
import type { CompiledArticle } from '../compile/compile-article.js';
import type { RefTargets } from '../compile/ref-targets.js';
import type { ResolvedMemo } from '../compile/resolved-memo.js';
import { keyFromPath } from '../content/article-path.js';
import { isRecord, withStrings } from '../field-values.js';
import { kbKey, kbOfPath, type KbRef } from '../model/kb.js';
import type { StoredEntry } from './store.js';

/** An entry as the engine holds it: the store's made whole, and the body once read or compiled. */
export interface Entry extends Omit<StoredEntry, 'compiled' | 'targets' | 'resolved'> {
  /** The compiled article without its body (see body-files.ts). */
  compiled: Omit<CompiledArticle, 'html' | 'refs'>;
  /** Where the compiled article's references point (refTargets), kept so that loading does no path work. */
  targets: RefTargets;
  /** Valid against the store's `facts` and `resolveSettings` and the other entries. */
  resolved?: ResolvedMemo;
  body?: Body;
  /** Whether the body is in the store already (read from it), or still to be written. */
  bodyStored: boolean;
}

const NONE: readonly never[] = Object.freeze([]);
const NO_LINKS: Readonly<Record<string, string>> = Object.freeze({});

/** By part of an entry, the fields the store leaves out when empty (or false), with what loading puts back. */
const DEFAULTS = {
  compiled: { draft: false, tags: NONE, extraFaqLists: NONE, publicLinks: NO_LINKS, diagnostics: NONE, headings: NONE },
  resolved: { replacements: NONE, diagnostics: NONE, faqLists: NONE, attachments: NONE, crossLinks: NONE },
  targets: { articles: NONE, files: NONE },
} as const;

type Defaults = Readonly<Record<string, unknown>>;

function isEmpty(value: unknown): boolean {
  if (value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

/** `part` without its fields that are empty and have a default (and without `drop`). */
function withoutDefaults(part: object, defaults: Defaults, drop: readonly string[] = []): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(part)) if (!drop.includes(name) && !(name in defaults && isEmpty(value))) kept[name] = value;
  return kept;
}

/** Put the defaults back into a part parsed from the store, in place. */
function fillDefaults(part: object, defaults: Defaults): void {
  const fields = part as Record<string, unknown>;
  for (const name in defaults) if (fields[name] === undefined) fields[name] = defaults[name];
}

const isString = (value: unknown): boolean => typeof value === 'string';

/** What every element of a stored list (or value of a stored mapping) must be, by field name. */
const ELEMENTS: Readonly<Record<string, (value: unknown) => boolean>> = {
  tags: isString,
  extraFaqLists: isString,
  headings: isString,
  faqLists: isString,
  articles: isString,
  files: isString,
  publicLinks: isString,
  replacements: (value) => value === null || isString(value),
  diagnostics: withStrings('ruleId', 'severity', 'message'),
  attachments: withStrings('path'),
  crossLinks: withStrings('key'),
};

/**
 * Whether each field of `part` that has a default is absent or of the default's shape (a list, a
 * mapping, true or false), each of its elements as `ELEMENTS` says.
 */
function fitsDefaults(part: Record<string, unknown>, defaults: Defaults): boolean {
  for (const name in defaults) {
    const value = part[name];
    const fallback = defaults[name];
    if (value === undefined) continue;
    if (typeof fallback === 'boolean') {
      if (typeof value !== 'boolean') return false;
      continue;
    }
    const elements = Array.isArray(fallback) ? (Array.isArray(value) ? value : undefined) : isRecord(value) ? Object.values(value) : undefined;
    const fits = ELEMENTS[name];
    if (elements === undefined || (fits !== undefined && !elements.every(fits))) return false;
  }
  return true;
}

/**
 * Whether the parts of a stored entry (as parsed, unchecked) are as `storedEntryOf` writes them:
 * what loading restores of the right shape, and what every article has (its kind, title and, once
 * resolved, hash) there. A store edited or damaged otherwise is rebuilt, never read half right.
 */
export function hasStoredParts(entry: Record<string, unknown>): boolean {
  const { compiled, targets, resolved } = entry;
  if (!isRecord(compiled) || !isRecord(targets) || (resolved !== undefined && !isRecord(resolved))) return false;
  if (typeof compiled['kind'] !== 'string' || typeof compiled['title'] !== 'string' || !['string', 'undefined'].includes(typeof compiled['key'])) return false;
  if (resolved !== undefined && typeof resolved['hash'] !== 'string') return false;
  return fitsDefaults(compiled, DEFAULTS.compiled) && fitsDefaults(targets, DEFAULTS.targets) && (resolved === undefined || fitsDefaults(resolved, DEFAULTS.resolved));
}

/** What the content path gives, and the store leaves out. */
const FROM_PATH = ['key', 'contentPath', 'displayPath', 'kb', 'folders'];

/** The entry at content path `p` as the store keeps it. */
export function storedEntryOf(p: string, entry: Entry): StoredEntry {
  const { body: _body, bodyStored: _stored, compiled, targets, resolved, ...rest } = entry;
  const kept = withoutDefaults(compiled, DEFAULTS.compiled, [...FROM_PATH, 'sourceSha256', 'sidecarSha256']);
  if (compiled.key !== keyFromPath(p)) kept['key'] = compiled.key;
  // The compiled article's source hashes are the entry's (both come from the one read of the
  // source, update.ts), unless it has none: a source too large to read, say. '' says so.
  if (compiled.sourceSha256 !== entry.sha256) kept['sourceSha256'] = compiled.sourceSha256 ?? '';
  if (compiled.sidecarSha256 !== entry.sidecar?.sha256) kept['sidecarSha256'] = compiled.sidecarSha256 ?? '';
  const stored: StoredEntry = { ...rest, compiled: kept, targets: withoutDefaults(targets, DEFAULTS.targets) };
  if (resolved !== undefined) stored.resolved = withoutDefaults(resolved, DEFAULTS.resolved);
  return stored;
}

/** Put back a compiled article's source hash (see `storedEntryOf`): the entry's, or none for ''. */
function restoreHash(compiled: StoredEntry['compiled'], field: 'sourceSha256' | 'sidecarSha256', entryHash: string | undefined): void {
  const stored = compiled[field];
  if (stored === '') delete compiled[field];
  else if (stored === undefined && entryHash !== undefined) compiled[field] = entryHash;
}

/** What a folder of the content tree gives the articles in it; one per folder, shared by them as the scan shares it. */
interface Folder {
  kb: KbRef;
  folders: string[];
}

/**
 * Makes entries read from the store whole again (see `storedEntryOf`), for a content folder that
 * messages show as `shownContent`. Every stored path lies in a KB: the store's loading checks it.
 */
export function entryLoader(shownContent: string): (p: string, stored: StoredEntry) => Entry {
  const byFolder = new Map<string, Folder>();
  return (p, stored) => {
    const dir = p.slice(0, p.lastIndexOf('/') + 1);
    let folder = byFolder.get(dir);
    if (folder === undefined) {
      const kb = kbOfPath(p)!;
      const below = dir.slice(kbKey(kb).length + 1);
      folder = { kb, folders: below === '' ? [] : below.slice(0, -1).split('/') };
      byFolder.set(dir, folder);
    }
    // The parsed entry itself, completed in place: a store holds thousands.
    const compiled = stored.compiled;
    compiled.key ??= keyFromPath(p);
    compiled.contentPath = p;
    compiled.displayPath = shownContent === '' ? p : `${shownContent}/${p}`;
    compiled.kb = folder.kb;
    compiled.folders = folder.folders;
    restoreHash(compiled, 'sourceSha256', stored.sha256);
    restoreHash(compiled, 'sidecarSha256', stored.sidecar?.sha256);
    fillDefaults(compiled, DEFAULTS.compiled);
    fillDefaults(stored.targets, DEFAULTS.targets);
    if (stored.resolved !== undefined) fillDefaults(stored.resolved, DEFAULTS.resolved);
    const entry = stored as unknown as Entry;
    entry.bodyStored = true;
    return entry;
  };
}
