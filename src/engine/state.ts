/**
 * The engine's state: every source, its compiled article and resolution, the facts about
 * referenced files, the dependency index, the companies and the tree's own problems. `loadState`
 * starts it from the build store; `update` (update.ts) brings it up to date with the disk, for a
 * whole build and for each watcher event alike; `storeIndexOf` is what goes back to the store.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import { toPosix } from '../content/file-paths.js';
import { tallyArticles, type ArticleTally } from '../compile/article-tally.js';
import type { CompiledArticle } from '../compile/compile-article.js';
import { compileSettingsOf, type CompileSettings } from '../compile/compile-settings.js';
import { faqListsOf } from '../compile/faq-lists.js';
import { resolveSettingsOf, type ResolveSettings } from '../compile/resolve.js';
import { articleFromMemo, listedArticle, replaceTokens } from '../compile/resolved-memo.js';
import type { Article, ListedArticle } from '../model/article.js';
import type { FaqListNode } from '../model/faq-list.js';
import type { FileFact } from '../model/file-fact.js';
import type { Templates } from '../compile/template.js';
import type { Config } from '../config/schema.js';
import type { Company } from '../model/company.js';
import type { SourceFile } from '../model/source.js';
import { emptyIndex as emptyDependencies, indexArticle, type DependencyIndex } from './dependency-index.js';
import type { HashMemo } from './file-facts.js';
import { readBodyFile, type Body } from '../compile/body-files.js';
import { bodyDirOf, emptyIndex, loadIndex, storeKey, storePlace, type StoreChanges, type StoreIndex, type StorePlace } from './store.js';
import { entryLoader, storedEntryOf, type Entry } from './stored-entry.js';

export type { Entry } from './stored-entry.js';

export interface EngineState {
  config: Config;
  templates: Templates;
  settings: CompileSettings;
  /** The resolve settings the entries' resolutions were made with. */
  resolveSettings: ResolveSettings;
  place: StorePlace;
  key: string;
  /** By content path. */
  sources: Map<string, SourceFile>;
  /** Content paths in the scan's order (sorted). */
  order: string[];
  entries: Map<string, Entry>;
  facts: Map<string, FileFact>;
  hashes: HashMemo;
  index: DependencyIndex;
  companies: Company[];
  /** Problems with the tree itself (not with one article). */
  treeDiagnostics: Diagnostic[];
  faqLists: FaqListNode[];
  tally: ArticleTally;
  /** Problems with the store itself (damaged, not saved): warnings, never errors. */
  storeDiagnostics: Diagnostic[];
  /** Whether anything changed since the store was read. */
  dirty: boolean;
  /** Content paths whose entry was set or removed since the store was last read or saved. */
  changed: Set<string>;
  /** The stamp of the build that saved the store as it was read, and of this build once saved. */
  stamp?: string;
  /**
   * The stamp the store was read with, its FAQ lists' digest, and what each entry changed since
   * was then: its key and published hash (undefined: no entry, or none resolved). See
   * `previousArticles`.
   */
  loaded: { stamp?: string; lists?: string; changed: Map<string, { key: string; hash: string } | undefined> };
  /**
   * The store on disk: whether it must be written whole (not appended to), the sizes that decide
   * it next time, and the stamp it carries.
   */
  store: { whole: boolean; indexSize: number; logSize: number; stamp?: string };
}

/**
 * A state to update from: the build store's (with `useStore`) or an empty one. Sources, companies
 * and the tree's problems come with the first update.
 */
export async function loadState(config: Config, templates: Templates, useStore: boolean): Promise<EngineState> {
  const place = storePlace(config);
  const key = storeKey(templates.hash, config);
  const { index, warnings, whole, indexSize, logSize } = useStore ? await loadIndex(place, key) : { index: emptyIndex(key), warnings: [], whole: true, indexSize: 0, logSize: 0 };
  const entries = new Map<string, Entry>();
  const dependencies = emptyDependencies();
  const loaded = entryLoader(toPosix(path.relative(config.root, config.contentDir)));
  for (const [p, stored] of Object.entries(index.sources)) {
    const entry = loaded(p, stored);
    entries.set(p, entry);
    indexArticle(dependencies, { contentPath: p, key: entry.compiled.key, targets: entry.targets });
  }
  const state: EngineState = {
    config,
    templates,
    settings: compileSettingsOf(config, templates),
    // A store without its settings resolved nothing that holds: every entry is resolved again.
    resolveSettings: index.resolveSettings ?? resolveSettingsOf(config),
    place,
    key,
    sources: new Map(),
    order: [],
    entries,
    facts: new Map(Object.entries(index.facts)),
    hashes: new Map(Object.entries(index.hashes)),
    index: dependencies,
    companies: [],
    treeDiagnostics: [],
    faqLists: [],
    tally: tallyArticles([]),
    storeDiagnostics: warnings,
    dirty: !useStore || warnings.length > 0,
    changed: new Set(),
    loaded: { changed: new Map() },
    store: { whole, indexSize, logSize },
  };
  if (index.lists !== undefined) state.loaded.lists = index.lists;
  if (index.stamp !== undefined) {
    state.stamp = index.stamp;
    state.loaded.stamp = index.stamp;
    state.store.stamp = index.stamp;
  }
  return state;
}

/**
 * A digest of the FAQ lists, names and places: an article's line in index.json names its lists,
 * so lines written under other lists cannot be kept (see index-patch.ts).
 */
export function listsDigest(faqLists: readonly FaqListNode[]): string {
  return createHash('sha256').update(JSON.stringify(faqLists)).digest('hex');
}

/** What goes to the store: every entry without its HTML, the file hashes and facts, the resolve settings. */
export function storeIndexOf(state: EngineState): StoreIndex {
  const index = emptyIndex(state.key);
  index.resolveSettings = state.resolveSettings;
  index.lists = listsDigest(state.faqLists);
  if (state.stamp !== undefined) index.stamp = state.stamp;
  for (const p of state.order) {
    index.sources[p] = storedEntryOf(p, state.entries.get(p)!);
  }
  index.hashes = Object.fromEntries(state.hashes);
  index.facts = Object.fromEntries(state.facts);
  return index;
}

/** Note that the entry at `p` is about to be set or removed (call before changing it). */
export function markChanged(state: EngineState, p: string): void {
  state.changed.add(p);
  if (state.loaded.changed.has(p)) return;
  const entry = state.entries.get(p);
  state.loaded.changed.set(p, entry?.resolved === undefined ? undefined : { key: entry.compiled.key, hash: entry.resolved.hash });
}

/**
 * Every article's key and published hash as the store was read (by key, the last in path order
 * when two share one): what the build with the store's stamp wrote to index.json.
 */
export function previousArticles(state: EngineState): Map<string, string> {
  const hashes = new Map<string, string>();
  const paths = new Set([...state.order, ...state.loaded.changed.keys()]);
  for (const p of [...paths].sort()) {
    const entry = state.entries.get(p);
    const was = state.loaded.changed.has(p) ? state.loaded.changed.get(p) : entry?.resolved === undefined ? undefined : { key: entry.compiled.key, hash: entry.resolved.hash };
    if (was !== undefined) hashes.set(was.key, was.hash);
  }
  return hashes;
}

/** What changed since the store was read, to append to its log. */
export function storeChangesOf(state: EngineState): StoreChanges {
  const changes: StoreChanges = {
    key: state.key,
    resolveSettings: state.resolveSettings,
    lists: listsDigest(state.faqLists),
    sources: {},
    hashes: Object.fromEntries(state.hashes),
    facts: Object.fromEntries(state.facts),
  };
  if (state.store.stamp !== undefined) changes.from = state.store.stamp;
  if (state.stamp !== undefined) changes.stamp = state.stamp;
  for (const p of state.changed) {
    const entry = state.entries.get(p);
    if (entry === undefined) {
      changes.sources[p] = null;
      continue;
    }
    changes.sources[p] = storedEntryOf(p, entry);
  }
  return changes;
}

/** The compiled bodies of entries whose body is not in the store yet, by hash. */
export function unstoredBodies(state: EngineState): Map<string, Body> {
  const bodies = new Map<string, Body>();
  for (const entry of state.entries.values()) if (!entry.bodyStored && entry.body !== undefined) bodies.set(entry.bodySha256, entry.body);
  return bodies;
}

/**
 * Read the compiled bodies of `paths` from the store where they are not in memory yet; the paths
 * whose body is missing or damaged (to be compiled afresh).
 */
export function readEntriesBody(state: EngineState, paths: Iterable<string>): string[] {
  const damaged: string[] = [];
  for (const p of paths) {
    const entry = state.entries.get(p);
    if (entry === undefined || entry.body !== undefined) continue;
    const body = readBodyFile(bodyDirOf(state.place), entry.bodySha256);
    if (body === undefined) damaged.push(p);
    else entry.body = body;
  }
  return damaged;
}

/**
 * The compiled article of an entry, whole when its body is in memory. Without it (a neighbour of
 * the articles resolved, which only they read of) its HTML is empty and it has no references.
 */
export function compiledOf(entry: Entry): CompiledArticle {
  return { ...entry.compiled, html: entry.body?.html ?? '', refs: entry.body?.refs ?? [] };
}

/** The resolved article at `p`; its entry's body must have been read. */
export function articleAt(state: EngineState, p: string): Article | undefined {
  const entry = state.entries.get(p);
  if (entry?.resolved === undefined || entry.body === undefined) return undefined;
  return articleFromMemo(compiledOf(entry), entry.resolved);
}

/** The resolved article at `p` without its HTML (none is read). */
export function listedAt(state: EngineState, p: string): ListedArticle | undefined {
  const entry = state.entries.get(p);
  return entry?.resolved === undefined ? undefined : listedArticle(entry.compiled, entry.resolved);
}

/** The final HTML of the article at `p` (its link tokens replaced); its entry's body must have been read. */
export function finalHtmlAt(state: EngineState, p: string): string | undefined {
  const entry = state.entries.get(p);
  return entry?.resolved === undefined || entry.body === undefined ? undefined : replaceTokens(entry.body.html, entry.resolved.replacements);
}

/** What the tally and the FAQ lists read of an article, without its HTML. */
function summaryOf(entry: Entry): Pick<Article, 'diagnostics' | 'hasErrors' | 'draft' | 'attachments' | 'faqLists' | 'kb'> {
  const memo = entry.resolved!;
  return { diagnostics: memo.diagnostics, hasErrors: hasErrors(memo.diagnostics), draft: entry.compiled.draft, attachments: memo.attachments, faqLists: memo.faqLists, kb: entry.compiled.kb };
}

/** Work out the FAQ lists and the tally again, from every article's resolution. */
export function refreshTree(state: EngineState): void {
  const summaries = state.order.map((p) => summaryOf(state.entries.get(p)!));
  state.faqLists = faqListsOf(summaries, state.companies, state.resolveSettings);
  state.tally = tallyArticles(summaries);
}
