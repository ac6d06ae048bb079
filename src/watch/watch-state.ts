/**
 * The preview's build, kept in memory: every source, its compiled and resolved article, the facts
 * about referenced files, and the dependency index that makes rebuilds incremental. `buildState`
 * is the first (full) build; `applyChanges` (apply-changes.ts) updates it in place.
 */
import { compileSettingsOf, type CompileSettings, type CompiledArticle } from '../compile/compile-article.js';
import type { CompileManyOptions } from '../compile/pool.js';
import { faqListsOf, resolveArticles, resolveSettingsOf, type ResolveSettings } from '../compile/resolve.js';
import type { Article } from '../model/article.js';
import type { FaqListNode } from '../model/faq-list.js';
import type { FileFact } from '../model/file-fact.js';
import { loadTemplates, type Templates } from '../compile/template.js';
import type { Config } from '../config/schema.js';
import type { Company } from '../model/company.js';
import type { SourceFile } from '../model/source.js';
import { scanContent } from '../content/scan.js';
import type { Diagnostic } from '../diagnostics.js';
import { compileSources } from './compile-sources.js';
import { emptyIndex, indexArticle, type DependencyIndex } from './dependency-index.js';
import { readFileFact, type HashMemo } from './file-facts.js';
import { refTargets } from '../compile/ref-targets.js';
import { cachedArticles } from './reuse-build-cache.js';

export interface WatchState {
  config: Config;
  templates: Templates;
  settings: CompileSettings;
  resolveSettings: ResolveSettings;
  /** By content path. */
  sources: Map<string, SourceFile>;
  compiled: Map<string, CompiledArticle>;
  articles: Map<string, Article>;
  /** Content paths in the scan's order (sorted). */
  order: string[];
  facts: Map<string, FileFact>;
  memo: HashMemo;
  index: DependencyIndex;
  companies: Company[];
  /** Problems with the tree itself (not with one article). */
  treeDiagnostics: Diagnostic[];
  faqLists: FaqListNode[];
}

export { compileSettingsOf, resolveSettingsOf };

/** The resolved articles in tree order. */
export function articlesOf(state: WatchState): Article[] {
  const list: Article[] = [];
  for (const p of state.order) {
    const article = state.articles.get(p);
    if (article !== undefined) list.push(article);
  }
  return list;
}

export function refreshFaqLists(state: WatchState): void {
  state.faqLists = faqListsOf(articlesOf(state), state.companies, state.resolveSettings);
}

/** Build everything (reusing what `halo-kb build` cached). Throws only for problems with the project itself (templates, missing content folder). */
export async function buildState(config: Config, options: CompileManyOptions = {}): Promise<WatchState> {
  const templates = await loadTemplates(config.templatesDir);
  const tree = await scanContent(config.contentDir, config.root);
  const settings = compileSettingsOf(config, templates);
  const reused = await cachedArticles(config, templates, settings, tree.sources);
  const missing = tree.sources.filter((s) => !reused.has(s.contentPath));
  const fresh = await compileSources(missing, settings, options);
  fresh.forEach((article, i) => reused.set(missing[i]!.contentPath, article));
  const compiledList = tree.sources.map((s) => reused.get(s.contentPath)!);
  const index = emptyIndex();
  for (const article of compiledList) indexArticle(index, article);
  const memo: HashMemo = new Map();
  const facts = new Map<string, FileFact>();
  const referenced = new Set(compiledList.flatMap((a) => refTargets(a).files));
  await Promise.all([...referenced].map(async (p) => facts.set(p, await readFileFact(config.contentDir, p, memo))));
  const resolveSettings = resolveSettingsOf(config);
  const articles = resolveArticles(compiledList, facts, resolveSettings);
  const state: WatchState = {
    config,
    templates,
    settings,
    resolveSettings,
    sources: new Map(tree.sources.map((s) => [s.contentPath, s])),
    compiled: new Map(compiledList.map((a) => [a.contentPath, a])),
    articles: new Map(articles.map((a) => [a.contentPath, a])),
    order: tree.sources.map((s) => s.contentPath),
    facts,
    memo,
    index,
    companies: tree.companies,
    treeDiagnostics: tree.diagnostics,
    faqLists: [],
  };
  refreshFaqLists(state);
  return state;
}
