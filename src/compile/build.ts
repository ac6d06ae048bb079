/**
 * Build the content tree: load the build store, update it with everything on disk that differs
 * from it (the engine compiles what changed, on every core, and resolves what depends on it), save
 * it. Returns plain data; writing output is a separate stage.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { scanContent } from '../content/scan.js';
import { articleAt, finalHtmlAt, listedAt, listsDigest, loadState, previousArticles, readEntriesBody, storeChangesOf, storeIndexOf, unstoredBodies, type EngineState } from '../engine/state.js';
import type { DeltaArticle } from './index-patch.js';
import { indexStamp, type WriteOptions } from './write-output.js';
import { appendStore, damagedBodyWarning, saveStore, storeKey, storePlace } from '../engine/store.js';
import { update, type UpdateReport } from '../engine/update.js';
import type { ArticleTally } from './article-tally.js';
import { workerCount, type CompileManyOptions } from './pool.js';
import type { Company } from '../model/company.js';
import type { Article, ListedArticle } from '../model/article.js';
import type { FaqListNode } from '../model/faq-list.js';
import { loadTemplates, type Templates } from './template.js';
import { keepLastBuild, lastBuildHolds, lastBuildOf, readLastBuild, type LastResult } from '../engine/last-build.js';
import { resolveSettingsOf } from './resolve.js';
import type { ContentTree } from '../model/source.js';

/** A build, without its articles (see `TreeBuild`). */
export interface BuildSummary {
  faqLists: FaqListNode[];
  companies: Company[];
  /** Problems with the tree itself (not with one article), and with the build store. */
  diagnostics: Diagnostic[];
  /** What the summary says of the articles (see article-tally.ts). */
  tally: ArticleTally;
  /**
   * A hash of everything this result was made from (compiler, templates, settings, every
   * source's and referenced file's content, the company files): the same stamp, the same result.
   */
  stamp: string;
  /** `workers`: threads that compiled (absent or 0: the main thread alone). `resolveReused`: no article was resolved again. */
  stats: { sources: number; compiled: number; reused: number; ms: number; workers?: number; resolveReused?: boolean };
}

/** A build with its articles, without their HTML. */
export interface BuildListing extends BuildSummary {
  articles: ListedArticle[];
}

export interface BuildResult extends BuildListing {
  articles: Article[];
}

/**
 * A build whose articles are listed, and their HTML read from the store, only when asked for. A
 * body (see body-files.ts) found missing or damaged compiles its article afresh; the warning that
 * says so is in the `diagnostics` of every listing and result made after.
 */
export interface TreeBuild extends BuildSummary {
  /**
   * The build's summary now: once the engine has run, its own (should a last build kept by an
   * earlier run say otherwise, the engine's result is the one that holds).
   */
  summary: () => BuildSummary;
  /** The build with its articles, none of whose HTML is read. */
  listing: () => Promise<BuildListing>;
  /**
   * The published HTML of the articles at these content paths, by content path, and how many of
   * them were compiled afresh (their body missing from the store: the listing's diagnostics say so).
   */
  htmlOf: (contentPaths: Iterable<string>) => Promise<{ html: Map<string, string>; compiled: number }>;
  /** The build with its articles, every one's HTML read. */
  withArticles: () => Promise<BuildResult>;
  /** What the store knows of the output written from it as it was read (see write-output.ts). */
  previousOutput: (group: string, generator: string) => Promise<WriteOptions['previous']>;
  /**
   * Every article in order, with its key and hash, listed only when its entry changed since the
   * store was read: what patching the index.json written from that store needs (index-patch.ts).
   * Undefined when no store was read, or the FAQ lists changed since.
   */
  delta: () => Promise<DeltaArticle[] | undefined>;
}

export interface BuildOptions extends CompileManyOptions {
  /**
   * Reuse compiles from the build store (default true). Either way, the store is updated: without
   * it every article is compiled again and the fresh compiles replace the store.
   */
  cache?: boolean;
}

/**
 * The stamp of a state: the store key covers the compiler, templates and compile settings; then
 * the resolve settings, every source's content hash, the referenced files' facts, the companies
 * and the tree's problems.
 */
function stampOf(state: EngineState, diagnostics: readonly Diagnostic[]): string {
  const hash = createHash('sha256').update(JSON.stringify([state.key, state.resolveSettings, state.companies, diagnostics]));
  for (const p of state.order) {
    const entry = state.entries.get(p)!;
    hash.update(`\0${p}\0${entry.sha256}\0${entry.sidecar?.sha256 ?? ''}`);
  }
  for (const p of [...state.facts.keys()].sort()) hash.update(`\0${p}\0${JSON.stringify(state.facts.get(p))}`);
  return hash.digest('hex');
}

/**
 * Save the store when it changed: append this build's changes to its log, or write it whole when
 * it must be or the log has grown past a quarter of the index. It only saves time: a build whose
 * store cannot be written still succeeds.
 */
async function save(state: EngineState): Promise<void> {
  if (!state.dirty) return;
  const { store } = state;
  try {
    if (store.whole || store.logSize > store.indexSize / 4) {
      Object.assign(store, { whole: false, indexSize: await saveStore(state.place, storeIndexOf(state), unstoredBodies(state)), logSize: 0 });
    } else {
      store.logSize += await appendStore(state.place, storeChangesOf(state), unstoredBodies(state));
    }
    state.changed.clear();
    if (state.stamp !== undefined) store.stamp = state.stamp;
    for (const entry of state.entries.values()) entry.bodyStored = true;
    state.dirty = false;
  } catch (error) {
    store.whole = true;
    const reason = error instanceof Error ? error.message : String(error);
    const where = state.place.shown;
    state.storeDiagnostics.push(
      diagnostic(
        'warning',
        'build-store-not-saved',
        where,
        `The build store could not be saved (${reason}); the next build compiles everything again.`,
        {},
        `Check that ${where} is a writable folder, or delete it.`,
      ),
    );
  }
}

/**
 * Read the compiled bodies of `paths` from the store; a body found missing or damaged compiles
 * its article afresh (with a warning) and the store is saved again. How many were compiled.
 */
async function readBodies(state: EngineState, paths: Iterable<string>, options: BuildOptions): Promise<number> {
  const damaged = readEntriesBody(state, paths);
  if (damaged.length === 0) return 0;
  state.storeDiagnostics.push(
    damagedBodyWarning(
      state.place,
      damaged.map((p) => state.entries.get(p)!.bodySha256),
    ),
  );
  const compiled = (await update(state, { sources: { kind: 'files', edits: new Map(), adds: new Map(), deletes: new Set() }, recompile: damaged, compile: options })).compiled.length;
  await save(state);
  return compiled;
}

/** Problems with the tree itself and with the build store. */
function treeDiagnostics(state: EngineState): Diagnostic[] {
  return [...state.treeDiagnostics, ...state.storeDiagnostics];
}

function summaryOf(state: EngineState, report: Pick<UpdateReport, 'resolved'> & { compiled: number }, options: BuildOptions, started: number): BuildSummary {
  const diagnostics = treeDiagnostics(state);
  return {
    faqLists: state.faqLists,
    companies: state.companies,
    diagnostics,
    tally: state.tally,
    stamp: stampOf(state, diagnostics),
    stats: {
      sources: state.order.length,
      compiled: report.compiled,
      reused: state.order.length - report.compiled,
      ms: performance.now() - started,
      workers: workerCount(report.compiled, options),
      resolveReused: report.resolved.length === 0,
    },
  };
}

/** The summary of a build whose inputs are those of the last one (see last-build.ts). */
function lastSummary(last: LastResult, started: number): BuildSummary {
  const { stamp, faqLists, companies, diagnostics, tally, sources } = last;
  return { faqLists, companies, diagnostics, tally, stamp, stats: { sources, compiled: 0, reused: sources, ms: performance.now() - started, workers: 0, resolveReused: true } };
}

interface Engine {
  state: EngineState;
  report: UpdateReport;
}

/** Run the engine over the scanned tree: load the store, update it, save it. */
async function runEngine(config: Config, templates: Templates, tree: ContentTree, options: BuildOptions): Promise<Engine> {
  const state = await loadState(config, templates, options.cache ?? true);
  const report = await update(state, { sources: { kind: 'scan', tree }, compile: options });
  // The stamp goes with the store: a build that finds its output carrying it knows what it holds.
  const stamp = stampOf(state, treeDiagnostics(state));
  if (stamp !== state.stamp) {
    state.stamp = stamp;
    state.dirty = true;
  }
  await save(state);
  return { state, report };
}

/**
 * Build the tree configured in `config`; its articles are read when asked for. When the scan
 * finds the tree as the last build left it (see last-build.ts), the build is that one's result,
 * and the engine runs only if its articles are asked for.
 */
export async function buildTree(config: Config, options: BuildOptions = {}): Promise<TreeBuild> {
  const started = performance.now();
  const templates = await loadTemplates(config.templatesDir);
  const last = (options.cache ?? true) ? readLastBuild(storePlace(config), storeKey(templates.hash, config)) : undefined;
  const [kept, tree] = await Promise.all([last, scanContent(config.contentDir, config.root)]);
  const held = kept !== undefined && (await lastBuildHolds(kept, config.contentDir, resolveSettingsOf(config), tree)) ? kept.result : undefined;
  // Articles compiled afresh from a damaged store count as compiled, not reused.
  let compiled = 0;
  let ran: Engine | undefined;
  let running: Promise<Engine> | undefined;
  const summary = (): BuildSummary => (ran === undefined ? lastSummary(held!, started) : summaryOf(ran.state, { resolved: ran.report.resolved, compiled }, options, started));
  const engine = async (): Promise<EngineState> => {
    running ??= runEngine(config, templates, tree, options).then(async (done) => {
      ran = done;
      compiled += done.report.compiled.length;
      // Every run of the engine leaves the last build it gives, or none (see `lastBuildOf`): one
      // kept by an earlier run never outlives a result it does not match.
      const keep = lastBuildOf(done.state, tree, { ...summary(), diagnostics: done.state.treeDiagnostics, stamp: stampOf(done.state, done.state.treeDiagnostics) });
      await keepLastBuild(done.state.place, keep);
      return done;
    });
    return (await running).state;
  };
  if (held === undefined) await engine();
  const htmlOf = async (paths: Iterable<string>): Promise<{ html: Map<string, string>; compiled: number }> => {
    const state = await engine();
    const wanted = [...paths];
    const fresh = await readBodies(state, wanted, options);
    compiled += fresh;
    const html = new Map<string, string>();
    for (const p of wanted) {
      const body = finalHtmlAt(state, p);
      if (body !== undefined) html.set(p, body);
    }
    return { html, compiled: fresh };
  };
  return {
    ...summary(),
    summary,
    listing: async () => {
      const state = await engine();
      return { ...summary(), articles: state.order.map((p) => listedAt(state, p)!) };
    },
    htmlOf,
    previousOutput: async (group, generator) => {
      const state = await engine();
      return state.loaded.stamp === undefined ? undefined : { stamp: indexStamp(state.loaded.stamp, group, generator), hashes: previousArticles(state) };
    },
    delta: async () => {
      const state = await engine();
      if (state.loaded.stamp === undefined || state.loaded.lists !== listsDigest(state.faqLists)) return undefined;
      return state.order.map((p) => {
        const { compiled, resolved } = state.entries.get(p)!;
        const article: DeltaArticle = { key: compiled.key, hash: resolved!.hash };
        if (state.loaded.changed.has(p)) article.listed = listedAt(state, p)!;
        return article;
      });
    },
    withArticles: async () => {
      const state = await engine();
      compiled += await readBodies(state, state.order, options);
      return { ...summary(), articles: state.order.map((p) => articleAt(state, p)!) };
    },
  };
}

/** Build the tree configured in `config`, with every article. */
export async function buildContent(config: Config, options: BuildOptions = {}): Promise<BuildResult> {
  return (await buildTree(config, options)).withArticles();
}
