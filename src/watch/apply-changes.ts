/**
 * The incremental rebuild: apply a batch of classified changes to the in-memory build. Only changed
 * sources are compiled again; only they and the articles whose output depends on them (their
 * referrers, the articles sharing a key, the articles embedding a changed file) are resolved again.
 * The tree is rescanned only when a single-file path cannot tell (folders, companies, PDFs, links).
 * Everything that can throw (config, templates, scan) runs before the state is touched, so a failed
 * rebuild leaves the last good preview in place.
 */
import type { CompiledArticle } from '../compile/compile-article.js';
import type { CompileManyOptions } from '../compile/pool.js';
import type { Article } from '../model/article.js';
import { loadTemplates, type Templates } from '../compile/template.js';
import type { Config } from '../config/schema.js';
import type { Change } from './classify-change.js';
import { compileSources } from './compile-sources.js';
import { claimantsOf, indexArticle, referrersOf, unindexArticle } from './dependency-index.js';
import { readFileFact, sameFact } from './file-facts.js';
import { refTargets } from '../compile/ref-targets.js';
import { resolveSubset } from './resolve-subset.js';
import { applySourceUpdate, readSourceUpdate } from './source-update.js';
import { buildState, compileSettingsOf, refreshFaqLists, type WatchState } from './watch-state.js';

export interface RebuildReport {
  /** `full`: config changed, everything rebuilt; `incremental`: only what the changes touch. */
  kind: 'full' | 'incremental';
  rescanned: boolean;
  templatesChanged: boolean;
  manifestChanged: boolean;
  /** Content paths compiled again. */
  compiled: string[];
  /** Content paths resolved again. */
  resolved: string[];
  added: string[];
  removed: string[];
  /** Content paths whose published output or problems changed, added and removed ones included. */
  affected: string[];
  ms: number;
}

export interface RebuildContext {
  /** Read the config again (the same flags as at start-up). */
  loadConfig: () => Promise<Config>;
  compile?: CompileManyOptions;
}

/** What an article contributes to the FAQ list tree. */
function listsOf(article: CompiledArticle): string {
  return JSON.stringify([article.kb, article.folders, article.extraFaqLists]);
}

function sameOutput(a: Article, b: Article | undefined): boolean {
  return b !== undefined && a.hash === b.hash && a.hasErrors === b.hasErrors && JSON.stringify(a.diagnostics) === JSON.stringify(b.diagnostics);
}

async function fullRebuild(state: WatchState, context: RebuildContext, started: number): Promise<RebuildReport> {
  const next = await buildState(await context.loadConfig(), context.compile);
  const before = state.articles;
  Object.assign(state, next);
  const affected = new Set<string>([...before.keys()].filter((p) => !state.articles.has(p)));
  for (const [p, article] of state.articles) if (!sameOutput(article, before.get(p))) affected.add(p);
  return {
    kind: 'full',
    rescanned: true,
    templatesChanged: false,
    manifestChanged: false,
    compiled: [...state.compiled.keys()],
    resolved: [...state.articles.keys()],
    added: [...state.articles.keys()].filter((p) => !before.has(p)),
    removed: [...before.keys()].filter((p) => !state.articles.has(p)),
    affected: [...affected].sort(),
    ms: performance.now() - started,
  };
}

/** Apply `changes` to `state` in place and say what was rebuilt. */
export async function applyChanges(state: WatchState, changes: readonly Change[], context: RebuildContext): Promise<RebuildReport> {
  const started = performance.now();
  if (changes.some((c) => c.kind === 'config')) return fullRebuild(state, context, started);

  // Everything that may throw comes first.
  let templates: Templates | undefined;
  if (changes.some((c) => c.kind === 'templates')) {
    const loaded = await loadTemplates(state.config.templatesDir);
    if (loaded.hash !== state.templates.hash) templates = loaded;
  }
  const update = await readSourceUpdate(state, changes);

  // From here on the state changes.
  const { toCompile, added, removed } = applySourceUpdate(state, update, changes);
  if (templates !== undefined) {
    state.templates = templates;
    state.settings = compileSettingsOf(state.config, templates);
    for (const p of state.sources.keys()) toCompile.add(p);
  }

  const toResolve = new Set<string>();
  const touch = (p: string, key: string | undefined): void => {
    toResolve.add(p);
    for (const r of referrersOf(state.index, p)) toResolve.add(r);
    if (key !== undefined) for (const same of claimantsOf(state.index, key)) toResolve.add(same);
  };
  for (const p of removed) {
    const old = state.compiled.get(p);
    touch(p, old?.key);
    if (old !== undefined) unindexArticle(state.index, old);
    state.compiled.delete(p);
    state.articles.delete(p);
  }
  const paths = [...toCompile];
  const fresh = await compileSources(
    paths.map((p) => state.sources.get(p)!),
    state.settings,
    context.compile,
  );
  const fileTargets = new Set<string>();
  let listsMoved = update.kind === 'scan' || removed.length > 0;
  paths.forEach((p, i) => {
    const article = fresh[i]!;
    const old = state.compiled.get(p);
    touch(p, old?.key);
    if (old !== undefined) unindexArticle(state.index, old);
    indexArticle(state.index, article);
    state.compiled.set(p, article);
    touch(p, article.key);
    if (old === undefined || listsOf(old) !== listsOf(article)) listsMoved = true;
    // Known files change only with their own events; only files newly referenced need a look now
    // (and a PDF's own file, which changes with the article).
    for (const f of refTargets(article).files) if (!state.facts.has(f) || f === p) fileTargets.add(f);
  });

  // Files: those the events name, those the recompiled articles reference, and after a rescan all of
  // them (a folder rename moves attachments without an event per file).
  for (const c of changes) if (c.kind === 'file') fileTargets.add(c.contentPath);
  if (update.kind === 'scan') for (const f of state.facts.keys()) fileTargets.add(f);
  await Promise.all(
    [...fileTargets].map(async (f) => {
      const referrers = referrersOf(state.index, f);
      if (referrers.size === 0) {
        state.facts.delete(f);
        return;
      }
      const fact = await readFileFact(state.config.contentDir, f, state.memo);
      if (!sameFact(state.facts.get(f), fact)) for (const r of referrers) toResolve.add(r);
      state.facts.set(f, fact);
    }),
  );

  const before = new Map([...toResolve].map((p) => [p, state.articles.get(p)] as const));
  const resolved = resolveSubset(toResolve, state.compiled, state.index, state.facts, state.resolveSettings);
  const affected = new Set<string>([...added, ...removed]);
  for (const [p, article] of resolved) {
    state.articles.set(p, article);
    if (!sameOutput(article, before.get(p))) affected.add(p);
  }
  // The FAQ lists follow the articles' folders, extra lists and companies: skip the walk over the
  // whole tree when none of them moved.
  if (listsMoved) refreshFaqLists(state);
  return {
    kind: 'incremental',
    rescanned: update.kind === 'scan',
    templatesChanged: templates !== undefined,
    manifestChanged: changes.some((c) => c.kind === 'manifest'),
    compiled: paths.sort(),
    resolved: [...resolved.keys()].sort(),
    added: added.sort(),
    removed: removed.sort(),
    affected: [...affected].sort(),
    ms: performance.now() - started,
  };
}
