/**
 * A rebuild in watch mode: a batch of classified changes applied to the in-memory build through
 * the engine's one update (src/engine/update.ts), as `halo-kb build` applies the whole tree. The
 * tree is rescanned only when a single-file path cannot tell (folders, companies, PDFs, links).
 * Everything that can throw (config, templates, scan) runs before the state is touched, so a
 * failed rebuild leaves the last good preview in place.
 */
import type { CompileManyOptions } from '../compile/pool.js';
import type { Article } from '../model/article.js';
import { loadTemplates, type Templates } from '../compile/template.js';
import type { Config } from '../config/schema.js';
import { update } from '../engine/update.js';
import type { Change } from './classify-change.js';
import { readSourceUpdate } from './source-update.js';
import { buildState, refreshArticles, type WatchState } from './watch-state.js';

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
    compiled: [...state.order],
    resolved: [...state.articles.keys()],
    added: [...state.articles.keys()].filter((p) => !before.has(p)),
    removed: [...before.keys()].filter((p) => !state.articles.has(p)),
    affected: [...affected].sort(),
    ms: performance.now() - started,
  };
}

/**
 * Apply `changes` to `state` in place and say what was rebuilt. `full`: rebuild everything from
 * the project as it is now, whatever the changes (after a failed rebuild, whose changes were not
 * applied and whose cause may lie in any of them).
 */
export async function applyChanges(state: WatchState, changes: readonly Change[], context: RebuildContext, full = false): Promise<RebuildReport> {
  const started = performance.now();
  if (full || changes.some((c) => c.kind === 'config')) return fullRebuild(state, context, started);

  // Everything that may throw comes first.
  let templates: Templates | undefined;
  if (changes.some((c) => c.kind === 'templates')) {
    const loaded = await loadTemplates(state.config.templatesDir);
    if (loaded.hash !== state.templates.hash) templates = loaded;
  }
  const sources = await readSourceUpdate(state, changes);

  const report = await update(state, {
    sources,
    // A source or sidecar event compiles its article whatever its stamps say: an in-place edit
    // keeps the file's stamp when written twice within the clock's resolution.
    recompile: changes.flatMap((c) => (c.kind === 'source' || c.kind === 'sidecar' ? [c.contentPath] : [])),
    files: changes.flatMap((c) => (c.kind === 'file' ? [c.contentPath] : [])),
    ...(templates === undefined ? {} : { templates }),
    ...(context.compile === undefined ? {} : { compile: context.compile }),
  });
  await refreshArticles(state, [...report.resolved, ...report.removed], context.compile);
  return {
    kind: 'incremental',
    rescanned: sources.kind === 'scan',
    templatesChanged: templates !== undefined,
    manifestChanged: changes.some((c) => c.kind === 'manifest'),
    ...report,
    ms: performance.now() - started,
  };
}
