/**
 * The preview's build, kept in memory: the engine's state (see src/engine/) started from the
 * build store `halo-kb build` leaves behind (read only: the build owns it), with every article
 * resolved and its HTML at hand for the pages. `buildState` is the first build; `applyChanges`
 * (apply-changes.ts) updates it through the same engine.
 */
import type { CompileManyOptions } from '../compile/pool.js';
import { loadTemplates } from '../compile/template.js';
import type { Config } from '../config/schema.js';
import type { Article } from '../model/article.js';
import { scanContent } from '../content/scan.js';
import { articleAt, loadState, readEntriesBody, type EngineState } from '../engine/state.js';
import { update } from '../engine/update.js';

export interface WatchState extends EngineState {
  /** Every resolved article, by content path. */
  articles: Map<string, Article>;
}

/** The resolved articles in tree order. */
export function articlesOf(state: WatchState): Article[] {
  const list: Article[] = [];
  for (const p of state.order) {
    const article = state.articles.get(p);
    if (article !== undefined) list.push(article);
  }
  return list;
}

/**
 * Read every article's body (pages are rendered from memory), compiling afresh any whose stored
 * body is damaged, and set `articles` for `paths`.
 */
export async function refreshArticles(state: WatchState, paths: Iterable<string>, compile: CompileManyOptions | undefined): Promise<void> {
  const damaged = readEntriesBody(state, state.order);
  if (damaged.length > 0) await update(state, { sources: { kind: 'files', edits: new Map(), adds: new Map(), deletes: new Set() }, recompile: damaged, ...(compile === undefined ? {} : { compile }) });
  for (const p of [...paths, ...damaged]) {
    const article = articleAt(state, p);
    if (article === undefined) state.articles.delete(p);
    else state.articles.set(p, article);
  }
}

/** Build everything (reusing what `halo-kb build` stored). Throws only for problems with the project itself (templates, missing content folder). */
export async function buildState(config: Config, options: CompileManyOptions = {}): Promise<WatchState> {
  const templates = await loadTemplates(config.templatesDir);
  const [engine, tree] = await Promise.all([loadState(config, templates, true), scanContent(config.contentDir, config.root)]);
  await update(engine, { sources: { kind: 'scan', tree }, compile: options });
  const state: WatchState = Object.assign(engine, { articles: new Map<string, Article>() });
  await refreshArticles(state, state.order, options);
  return state;
}
