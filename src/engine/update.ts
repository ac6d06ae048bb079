import path from 'node:path';
import type { CompiledArticle } from '../compile/compile-article.js';
import { compileSettingsOf } from '../compile/compile-settings.js';
import { RETRIED_RULES } from '../compile/failed-article.js';
import type { CompileManyOptions, PoolResult } from '../compile/pool.js';
import { refTargets, type RefTargets } from '../compile/ref-targets.js';
import { resolveSettingsOf, resolveWithMemos, type ResolveSettings } from '../compile/resolve.js';
import type { ResolvedMemo } from '../compile/resolved-memo.js';
import type { Templates } from '../compile/template.js';
import type { Config } from '../config/schema.js';
import { COMPANY_FILE } from '../content/company.js';
import type { Company } from '../model/company.js';
import type { SourceFile } from '../model/source.js';
import { toPosix } from '../content/file-paths.js';
import type { Diagnostic } from '../diagnostics.js';
import { applySources, type SourceUpdate } from './apply-sources.js';
import { compileSources } from './compile-sources.js';
import { claimantsOf, indexArticle, referrersOf, unindexArticle } from './dependency-index.js';
import { readFileFact, sameFact, sha256File } from './file-facts.js';
import { compiledOf, markChanged, readEntriesBody, refreshTree, type EngineState, type Entry } from './state.js';
import { bodyText, sha256Of } from '../compile/body-files.js';
import { bodyDirOf, damagedBodyWarning, storeKey } from './store.js';

export interface Changes {
  sources: SourceUpdate;
  /** Sources to compile again whatever their stamps say (edited twice within the clock's resolution). */
  recompile?: Iterable<string>;
  /** Referenced files that changed (watcher events); after a scan, every referenced file is looked at. */
  files?: Iterable<string>;
  /** The templates now: when they differ, everything is compiled again. */
  templates?: Templates;
  compile?: CompileManyOptions;
}

export interface UpdateReport {
  /** Content paths compiled again. */
  compiled: string[];
  /** Content paths resolved again. */
  resolved: string[];
  added: string[];
  removed: string[];
  /** Content paths whose published output or problems changed, added and removed ones included. */
  affected: string[];
}

/**
 * Company folders whose `_company.yml` has errors (broken YAML, a wrong value, not UTF-8, a link
 * from another KB): their articles are held back rather than published to a customer guessed from
 * the folder's name.
 */
function unmappedCompanies(config: Config, companies: readonly Company[], diagnostics: readonly Diagnostic[]): Record<string, string> {
  const held: Record<string, string> = {};
  for (const company of companies) {
    const file = toPosix(path.relative(config.root, path.join(config.contentDir, 'companies', company.folder, COMPANY_FILE)));
    if (diagnostics.some((d) => d.severity === 'error' && d.file === file)) held[company.folder] = file;
  }
  return held;
}

/** Whether an entry's compile failed for a reason outside its file's content (see `RETRIED_RULES`): it is compiled again. */
export function failedOutside(entry: Entry): boolean {
  return entry.compiled.diagnostics.some((d) => RETRIED_RULES.has(d.ruleId));
}

/** Whether an entry was compiled from exactly these stamps of `source` (and its sidecar). */
function sameStamps(source: SourceFile, entry: Entry): boolean {
  const sidecarSame = source.sidecar === undefined ? entry.sidecar === undefined : entry.sidecar?.size === source.sidecar.size && entry.sidecar.mtimeMs === source.sidecar.mtimeMs;
  return sidecarSame && entry.size === source.size && entry.mtimeMs === source.mtimeMs;
}

/** The source's and its sidecar's content hashes now (empty when unreadable: compiling says why). */
async function hashesOf(source: SourceFile): Promise<[string, string | undefined]> {
  try {
    const sidecar = source.sidecar === undefined ? undefined : await sha256File(source.sidecar.absPath);
    return [await sha256File(source.absPath), sidecar];
  } catch {
    return ['', undefined];
  }
}

function entryFor(source: SourceFile, compiled: PoolResult, sha256: string, sidecarSha: string | undefined): Entry {
  const { html, refs, bodySha256, ...stored } = compiled;
  // A body a worker wrote to the store is read from there when needed.
  const entry: Entry = {
    size: source.size,
    mtimeMs: source.mtimeMs,
    sha256,
    compiled: stored,
    bodySha256: bodySha256 ?? sha256Of(bodyText(compiled)),
    targets: refTargets(compiled),
    bodyStored: bodySha256 !== undefined,
  };
  if (bodySha256 === undefined) entry.body = { html, refs };
  if (source.sidecar !== undefined) entry.sidecar = { size: source.sidecar.size, mtimeMs: source.sidecar.mtimeMs, sha256: sidecarSha ?? '' };
  return entry;
}

/** What the dependency index reads of the entry at `p`. */
function indexed(p: string, entry: Entry): { contentPath: string; key: string; targets: RefTargets } {
  return { contentPath: p, key: entry.compiled.key, targets: entry.targets };
}

function sameMemo(a: ResolvedMemo | undefined, b: ResolvedMemo): boolean {
  return a !== undefined && a.hash === b.hash && JSON.stringify(a.diagnostics) === JSON.stringify(b.diagnostics);
}

/** What of the resolve settings changed: everything, or the standing of some companies. */
function settingsChange(before: ResolveSettings, after: ResolveSettings): { all: boolean; companies: Set<string> } {
  const { unmappedCompanies: a = {}, ...restBefore } = before;
  const { unmappedCompanies: b = {}, ...restAfter } = after;
  const companies = new Set<string>();
  for (const folder of new Set([...Object.keys(a), ...Object.keys(b)])) if (a[folder] !== b[folder]) companies.add(folder);
  return { all: JSON.stringify(restBefore) !== JSON.stringify(restAfter), companies };
}

/**
 * Whether an article references `f` as a file (embeds or links it), not only as an article: only
 * then is its fact kept, as a build from nothing would have it.
 */
function referencedAsFile(state: EngineState, f: string): boolean {
  for (const r of referrersOf(state.index, f)) if (state.entries.get(r)?.targets.files.includes(f)) return true;
  return false;
}

/** Bring `state` up to date with `changes`, in place; what was done. */
export async function update(state: EngineState, changes: Changes): Promise<UpdateReport> {
  const toCompile = new Set<string>();
  const toResolve = new Set<string>();
  const fileTargets = new Set<string>(changes.files ?? []);
  // A watcher event says the file changed, even when its size and mtime do not (written twice
  // within the clock's resolution, or put back with its old time): it is hashed again.
  for (const f of fileTargets) state.hashes.delete(f);
  const touch = (p: string, key: string | undefined): void => {
    toResolve.add(p);
    for (const r of referrersOf(state.index, p)) toResolve.add(r);
    if (key !== undefined) for (const same of claimantsOf(state.index, key)) toResolve.add(same);
  };

  if (changes.templates !== undefined && changes.templates.hash !== state.templates.hash) {
    state.templates = changes.templates;
    state.settings = compileSettingsOf(state.config, changes.templates);
    state.key = storeKey(changes.templates.hash, state.config);
    state.store.whole = true; // a store for other templates
    for (const p of state.entries.keys()) toCompile.add(p);
  }
  const { candidates, added, removed } = applySources(state, changes.sources);
  for (const p of changes.recompile ?? []) if (state.sources.has(p)) toCompile.add(p);

  // A source whose stamps changed is read to compare: a checkout or touch changes mtime, not content.
  await Promise.all(
    candidates.map(async (p) => {
      const source = state.sources.get(p)!;
      const entry = state.entries.get(p);
      if (entry === undefined || failedOutside(entry)) return void toCompile.add(p);
      if (toCompile.has(p) || sameStamps(source, entry)) return;
      const [sha256, sidecarSha] = await hashesOf(source);
      if (sha256 === '' || sha256 !== entry.sha256 || sidecarSha !== entry.sidecar?.sha256) return void toCompile.add(p);
      markChanged(state, p);
      entry.size = source.size;
      entry.mtimeMs = source.mtimeMs;
      if (source.sidecar !== undefined && entry.sidecar !== undefined) entry.sidecar = { ...entry.sidecar, size: source.sidecar.size, mtimeMs: source.sidecar.mtimeMs };
      state.dirty = true;
    }),
  );

  for (const p of removed) {
    const old = state.entries.get(p);
    touch(p, old?.compiled.key);
    if (old !== undefined) unindexArticle(state.index, indexed(p, old));
    // Its files may be referenced by no article now: looked at, their facts go.
    for (const f of old?.targets.files ?? []) fileTargets.add(f);
    markChanged(state, p);
    state.entries.delete(p);
  }

  const compiled: string[] = [];
  const compile = async (paths: string[]): Promise<void> => {
    const sources = paths.map((p) => state.sources.get(p)!);
    const fresh = await compileSources(sources, state.settings, { ...changes.compile, bodyDir: bodyDirOf(state.place) });
    await Promise.all(
      paths.map(async (p, i) => {
        const article = fresh[i]!;
        const source = sources[i]!;
        const hashes: [string, string | undefined] = article.sourceSha256 === undefined ? await hashesOf(source) : [article.sourceSha256, article.sidecarSha256];
        const old = state.entries.get(p);
        touch(p, old?.compiled.key);
        if (old !== undefined) unindexArticle(state.index, indexed(p, old));
        const entry = entryFor(source, article, ...hashes);
        markChanged(state, p);
        state.entries.set(p, entry);
        indexArticle(state.index, indexed(p, entry));
        touch(p, article.key);
        // Known files change only with their own events (or a scan); a newly referenced one, and
        // a PDF's own file (which changes with the article), is looked at now.
        for (const f of entry.targets.files) if (!state.facts.has(f) || f === p) fileTargets.add(f);
        for (const f of old?.targets.files ?? []) if (!entry.targets.files.includes(f)) fileTargets.add(f);
      }),
    );
    compiled.push(...paths);
  };
  await compile(state.order.filter((p) => toCompile.has(p)));

  if (changes.sources.kind === 'scan') for (const entry of state.entries.values()) for (const f of entry.targets.files) fileTargets.add(f);
  const lookAtFiles = async (): Promise<void> => {
    const targets = [...fileTargets];
    fileTargets.clear();
    await Promise.all(
      targets.map(async (f) => {
        const referrers = referrersOf(state.index, f);
        if (!referencedAsFile(state, f)) {
          if (state.facts.delete(f)) state.dirty = true;
          state.hashes.delete(f);
          return;
        }
        const fact = await readFileFact(state.config.contentDir, f, state.hashes);
        if (sameFact(state.facts.get(f), fact)) return;
        for (const r of referrers) toResolve.add(r);
        state.facts.set(f, fact);
        state.dirty = true;
      }),
    );
  };
  await lookAtFiles();
  if (changes.sources.kind === 'scan') {
    // Facts and hashes of files no article references any more.
    for (const f of [...state.facts.keys()]) if (!referencedAsFile(state, f)) state.facts.delete(f);
    for (const f of [...state.hashes.keys()]) if (!state.facts.has(f)) state.hashes.delete(f);
  }

  const settings: ResolveSettings = { ...resolveSettingsOf(state.config), unmappedCompanies: unmappedCompanies(state.config, state.companies, state.treeDiagnostics) };
  const moved = settingsChange(state.resolveSettings, settings);
  state.resolveSettings = settings;
  for (const [p, entry] of state.entries) {
    const kb = entry.compiled.kb;
    if (entry.resolved === undefined || moved.all || (kb.kind === 'company' && moved.companies.has(kb.folder))) toResolve.add(p);
  }

  // The compiled bodies of what is resolved; a store file missing or damaged means compiling
  // afresh. That may add the articles that link to the one compiled, so this goes on until every
  // body to resolve is in memory (compiled on workers, a body went straight to the store and is
  // read back from there). Each article is compiled afresh once at most.
  const afresh = new Set<string>();
  for (;;) {
    const damaged = readEntriesBody(
      state,
      [...toResolve].filter((p) => state.entries.has(p)),
    ).filter((p) => !afresh.has(p));
    if (damaged.length === 0) break;
    state.storeDiagnostics.push(
      damagedBodyWarning(
        state.place,
        damaged.map((p) => state.entries.get(p)!.bodySha256),
      ),
    );
    for (const p of damaged) afresh.add(p);
    await compile(damaged);
    await lookAtFiles();
  }

  const wanted = new Set([...toResolve].filter((p) => state.entries.has(p)));
  const context = new Map<string, CompiledArticle>();
  for (const p of wanted) {
    const entry = state.entries.get(p)!;
    context.set(p, compiledOf(entry));
    const neighbours = [...entry.targets.articles, ...claimantsOf(state.index, entry.compiled.key)];
    for (const n of neighbours) {
      const other = state.entries.get(n);
      // A neighbour's body is not read: only `wanted` articles are resolved.
      if (other !== undefined && !context.has(n)) context.set(n, compiledOf(other));
    }
  }
  const affected = new Set<string>([...added, ...removed]);
  const resolved = resolveWithMemos([...context.values()], state.facts, settings, wanted);
  for (const { article, memo } of resolved) {
    const entry = state.entries.get(article.contentPath)!;
    if (!sameMemo(entry.resolved, memo)) affected.add(article.contentPath);
    markChanged(state, article.contentPath);
    entry.resolved = memo;
  }
  if (compiled.length + resolved.length + removed.length + added.length > 0 || changes.sources.kind === 'scan') refreshTree(state);
  if (compiled.length + resolved.length + removed.length > 0) state.dirty = true;
  return {
    compiled: compiled.sort(),
    resolved: [...wanted].sort(),
    added: added.sort(),
    removed: removed.sort(),
    affected: [...affected].sort(),
  };
}
