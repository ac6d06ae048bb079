/**
 * Build the content tree: scan, compile what changed (on every core), resolve links and
 * attachments across the tree. Returns plain data; writing output is a separate stage.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { Company } from '../model/company.js';
import type { SourceFile } from '../model/source.js';
import { isInside, scanContent, toPosix, withRealPath } from '../content/scan.js';
import { COMPANY_FILE } from '../content/company.js';
import { lazyProperty } from '../lazy-property.js';
import { tallyArticles, type ArticleTally } from './article-tally.js';
import { cacheKey, emptyCache, loadCache, loadCachedArticles, sameStamp, saveCache, type BuildCache, type CachedArticle } from './cache.js';
import { compileSettingsOf, type CompiledArticle } from './compile-article.js';
import { compileMany, workerCount, type CompileManyOptions } from './pool.js';
import { refTargets } from './ref-targets.js';
import { articleFromMemo, faqListsOf, resolveSettingsOf, resolveWithMemos, type ResolveSettings } from './resolve.js';
import type { Article } from '../model/article.js';
import type { FaqListNode } from '../model/faq-list.js';
import type { FileFact } from '../model/file-fact.js';
import { loadTemplates } from './template.js';

export interface BuildResult {
  articles: Article[];
  faqLists: FaqListNode[];
  companies: Company[];
  /** Problems with the tree itself (not with one article). */
  diagnostics: Diagnostic[];
  /** What the summary says of the articles (see article-tally.ts). */
  tally: ArticleTally;
  /**
   * A hash of everything this result was made from (compiler, templates, settings, every
   * source's and referenced file's content, the company files): the same stamp, the same result.
   */
  stamp: string;
  /** `workers`: threads that compiled (absent or 0: the main thread alone). */
  stats: { sources: number; compiled: number; reused: number; ms: number; workers?: number; resolveReused?: boolean };
}

export interface BuildOptions extends CompileManyOptions {
  /**
   * Reuse compiles from the build cache (default true). Either way, the cache is updated: without
   * it every article is compiled again and the fresh compiles replace the cache.
   */
  cache?: boolean;
  /**
   * Whether the caller reads the articles (default true). If it does, the cache's compiled
   * articles are read and checked during the build, and a damaged cache file is compiled afresh.
   * `halo-kb build` reads them only to write output that is out of date: with false, a build in
   * which nothing changed reads none of them (most of a warm build's time), and reading one later
   * from a cache file damaged since throws BUILD_CACHE_DAMAGED.
   */
  readsArticles?: boolean;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Whether `source` (and its sidecar) has the size and mtime the cached compile was made from. */
function sameStamps(source: SourceFile, cached: CachedArticle): boolean {
  return sameStamp(source, cached) && (source.sidecar === undefined ? cached.sidecar === undefined : sameStamp(source.sidecar, cached.sidecar));
}

/**
 * Whether the cached compile of a source whose size or mtime changed still holds: its content
 * hash decides (a checkout or touch changes mtime, not content).
 */
async function sameContent(source: SourceFile, cached: CachedArticle): Promise<boolean> {
  const sha256 = await sha256File(source.absPath);
  const sidecarSha = source.sidecar === undefined ? undefined : createHash('sha256').update(await readFile(source.sidecar.absPath)).digest('hex');
  return cached.sha256 === sha256 && cached.sidecar?.sha256 === sidecarSha;
}

async function fileFact(contentDir: string, contentReal: string, contentPath: string, cache: BuildCache): Promise<FileFact> {
  const abs = path.join(contentDir, ...contentPath.split('/'));
  let real: string;
  try {
    real = await realpath(abs);
  } catch {
    return { kind: 'missing' };
  }
  if (!isInside(contentReal, real)) return { kind: 'outside', target: toPosix(real) };
  const s = await stat(real);
  if (!s.isFile()) return { kind: 'missing' };
  const cached = cache.files.get(contentPath);
  let sha256 = cached?.sha256;
  if (cached === undefined || !sameStamp(cached, s)) {
    sha256 = await sha256File(real);
    cache.files.set(contentPath, { size: s.size, mtimeMs: s.mtimeMs, sha256 });
    cache.dirty = true;
  }
  return withRealPath({ kind: 'file', size: s.size, sha256: sha256! }, contentReal, contentPath, real);
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

/** A cache entry for a fresh compile of `source` (and its sidecar), stamped with their size, mtime and hash. */
function freshEntry(compiled: CompiledArticle, source: SourceFile, sha256: string, sidecarSha: string | undefined): CachedArticle {
  const entry: CachedArticle = { size: source.size, mtimeMs: source.mtimeMs, sha256, compiled, files: refTargets(compiled).files };
  if (source.sidecar !== undefined && sidecarSha !== undefined) {
    entry.sidecar = { size: source.sidecar.size, mtimeMs: source.sidecar.mtimeMs, sha256: sidecarSha };
  }
  return entry;
}

/** Give an entry whose source's content did not change the source's new size and mtime (in place: nothing else in it changes). */
function restamp(entry: CachedArticle, source: SourceFile): void {
  entry.size = source.size;
  entry.mtimeMs = source.mtimeMs;
  if (source.sidecar !== undefined && entry.sidecar !== undefined) entry.sidecar = { ...entry.sidecar, size: source.sidecar.size, mtimeMs: source.sidecar.mtimeMs };
}

/**
 * Everything resolving reads: which compiled article sits at each path (by its sources' hashes;
 * the cache key covers the compiler, templates and compile settings), the referenced files' facts
 * and the resolve settings. The same stamp means the same resolution.
 */
function resolveStamp(sources: readonly SourceFile[], entries: readonly CachedArticle[], facts: ReadonlyMap<string, FileFact>, settings: ResolveSettings): string {
  const hash = createHash('sha256').update(JSON.stringify(settings));
  sources.forEach((source, i) => hash.update(`\0${source.contentPath}\0${entries[i]!.sha256}\0${entries[i]!.sidecar?.sha256 ?? ''}`));
  for (const p of [...facts.keys()].sort()) hash.update(`\0${p}\0${JSON.stringify(facts.get(p))}`);
  return hash.digest('hex');
}

interface ResolvedTree {
  /** Worked out on first read when the tree's last resolution is reused whole. */
  articles: () => Article[];
  faqLists: FaqListNode[];
  tally: ArticleTally;
  reused: boolean;
  stamp: string;
}

/** The stamps of the tree's resolution: what resolving reads, and that plus the companies. */
interface TreeStamps {
  resolve: string;
  tree: string;
}

function treeStamps(sources: readonly SourceFile[], entries: readonly CachedArticle[], facts: ReadonlyMap<string, FileFact>, settings: ResolveSettings, companies: readonly Company[]): TreeStamps {
  const resolve = resolveStamp(sources, entries, facts, settings);
  return { resolve, tree: createHash('sha256').update(JSON.stringify([resolve, companies])).digest('hex') };
}

/**
 * Whether the cache's tree record holds whole: nothing was compiled, so every entry is one the
 * cache file held; the file's tree record was saved along with a memo in each of them, and its
 * stamp covers every path and hash: the same stamp, the same entries.
 */
function treeRecordHolds(compiledNow: number, stamps: TreeStamps, cache: BuildCache): boolean {
  return compiledNow === 0 && cache.resolveStamp === stamps.resolve && cache.tree?.stamp === stamps.tree;
}

/**
 * Resolve the tree, or take its last resolution from the cache when nothing it reads changed.
 * When the tree record holds, the FAQ lists and the tally are the cache's too, and no article is
 * decoded from the cache until one is read.
 */
function resolveTree(
  entries: readonly CachedArticle[],
  compiledNow: number,
  stamps: TreeStamps,
  facts: ReadonlyMap<string, FileFact>,
  settings: ResolveSettings,
  companies: readonly Company[],
  cache: BuildCache,
): ResolvedTree {
  const fromMemos = (): Article[] => entries.map((entry) => articleFromMemo(entry.compiled, entry.resolved!));
  if (treeRecordHolds(compiledNow, stamps, cache)) {
    return { articles: fromMemos, faqLists: cache.tree!.faqLists, tally: cache.tree!.tally, reused: true, stamp: stamps.resolve };
  }
  let articles: Article[];
  let reused = false;
  if (cache.resolveStamp === stamps.resolve && entries.every((entry) => entry.resolved !== undefined)) {
    articles = fromMemos();
    reused = true;
  } else {
    const resolved = resolveWithMemos(
      entries.map((entry) => entry.compiled),
      facts,
      settings,
    );
    // Every entry gets its memo along with the stamp, so a tree record below always goes with a
    // memo in every entry.
    resolved.forEach(({ memo }, i) => {
      entries[i]!.resolved = memo;
    });
    cache.resolveStamp = stamps.resolve;
    articles = resolved.map((r) => r.article);
  }
  cache.tree = { stamp: stamps.tree, faqLists: faqListsOf(articles, companies, settings), tally: tallyArticles(articles) };
  cache.dirty = true;
  return { articles: () => articles, faqLists: cache.tree.faqLists, tally: cache.tree.tally, reused, stamp: stamps.resolve };
}

/** Build the tree configured in `config`. */
export async function buildContent(config: Config, options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const templates = await loadTemplates(config.templatesDir);
  const settings = compileSettingsOf(config, templates);
  const key = cacheKey(templates.hash, config);
  const useCache = options.cache ?? true;
  // The cache file is read (off this thread) while the tree is scanned.
  const [tree, cache] = await Promise.all([scanContent(config.contentDir, config.root), useCache ? loadCache(config.cacheDir, key, path.relative(config.root, config.cacheDir)) : emptyCache(key)]);
  const { sources } = tree;

  const pending: { index: number; source: SourceFile }[] = [];
  const seen = new Set<string>();
  // A cached compile holds while the source's size and mtime are unchanged, checked here without
  // reading the file (nor decoding the cache entry). A source with no cache entry is not read
  // here at all: its compile reads it and reports the hash. Only sources whose stamp changed are
  // read (in parallel) to compare.
  const stale: { index: number; source: SourceFile; cached: CachedArticle }[] = [];
  sources.forEach((source, index) => {
    seen.add(source.contentPath);
    const cached = cache.articles.get(source.contentPath);
    if (cached === undefined) pending.push({ index, source });
    else if (!sameStamps(source, cached)) stale.push({ index, source, cached });
  });
  await Promise.all(
    stale.map(async ({ index, source, cached }) => {
      if (!(await sameContent(source, cached))) {
        pending.push({ index, source });
        return;
      }
      restamp(cached, source);
      cache.dirty = true;
    }),
  );
  pending.sort((a, b) => a.index - b.index);
  const fresh = await compileMany(
    pending.map((p) => p.source),
    settings,
    options,
  );
  await Promise.all(
    pending.map(async (p, i) => {
      const result = fresh[i]!;
      const sha256 = result.sourceSha256 ?? (await sha256File(p.source.absPath));
      cache.articles.set(p.source.contentPath, freshEntry(result, p.source, sha256, result.sidecarSha256));
      cache.dirty = true;
    }),
  );
  for (const cachedPath of cache.articles.keys()) {
    if (!seen.has(cachedPath)) {
      cache.articles.delete(cachedPath);
      cache.dirty = true;
    }
  }

  // Every source now has its entry, in the tree's order.
  const entries = sources.map((source) => cache.articles.get(source.contentPath)!);
  const facts = new Map<string, FileFact>();
  const referenced = new Set(entries.flatMap((entry) => entry.files));
  const contentReal = await realpath(config.contentDir);
  await Promise.all([...referenced].map(async (p) => facts.set(p, await fileFact(config.contentDir, contentReal, p, cache))));
  for (const cachedPath of cache.files.keys()) {
    if (!referenced.has(cachedPath)) {
      cache.files.delete(cachedPath);
      cache.dirty = true;
    }
  }
  const resolveSettings = { ...resolveSettingsOf(config), unmappedCompanies: unmappedCompanies(config, tree.companies, tree.diagnostics) };
  const stamps = treeStamps(sources, entries, facts, resolveSettings, tree.companies);
  // The cache file's compiled articles are read only when this build needs them: to resolve, to
  // save the cache, or for a caller that reads the articles. If they fail their check, the file
  // was damaged: build again without it (the fresh compiles replace it).
  const needsCachedArticles = (options.readsArticles ?? true) || cache.dirty || !treeRecordHolds(pending.length, stamps, cache);
  if (needsCachedArticles && !(await loadCachedArticles(cache))) return buildContent(config, { ...options, cache: false });
  const resolved = resolveTree(entries, pending.length, stamps, facts, resolveSettings, tree.companies, cache);
  const diagnostics = [...tree.diagnostics];
  // Without the cache (--no-cache), the fresh compiles replace it. The cache only saves time: a
  // build whose cache cannot be written still succeeds.
  try {
    await saveCache(config.cacheDir, cache);
  } catch (error) {
    const where = toPosix(path.relative(config.root, config.cacheDir)) || '.';
    const reason = error instanceof Error ? error.message : String(error);
    diagnostics.push(
      diagnostic('warning', 'cache-not-saved', where, `The build cache could not be saved (${reason}); the next build compiles everything again.`, {}, `Check that ${where} is a writable folder, or delete it.`),
    );
  }
  const result: BuildResult = {
    articles: [],
    faqLists: resolved.faqLists,
    companies: tree.companies,
    diagnostics,
    tally: resolved.tally,
    // The resolve stamp covers the sources' hashes, the referenced files and the resolve settings;
    // the cache key covers the compiler, templates and compile settings.
    stamp: createHash('sha256').update(JSON.stringify([key, resolved.stamp, tree.companies, diagnostics])).digest('hex'),
    stats: {
      sources: sources.length,
      compiled: pending.length,
      reused: sources.length - pending.length,
      ms: performance.now() - started,
      workers: workerCount(pending.length, options),
      resolveReused: resolved.reused,
    },
  };
  return lazyProperty(result, 'articles', resolved.articles);
}
