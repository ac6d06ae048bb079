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
import type { Company, SourceFile } from '../content/model.js';
import { isInside, scanContent, toPosix } from '../content/scan.js';
import { cacheKey, emptyCache, loadCache, sameStamp, saveCache, type BuildCache, type CachedArticle } from './cache.js';
import type { CompileSettings, CompiledArticle } from './compile-article.js';
import { compileMany, workerCount, type CompileManyOptions } from './pool.js';
import { refTargets } from './ref-targets.js';
import { articleFromMemo, faqListsOf, resolveWithMemos, type Article, type FaqListNode, type FileFact, type ResolveSettings } from './resolve.js';
import { loadTemplates } from './template.js';

export interface BuildResult {
  articles: Article[];
  faqLists: FaqListNode[];
  companies: Company[];
  /** Problems with the tree itself (not with one article). */
  diagnostics: Diagnostic[];
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
  if (cached !== undefined && sameStamp(cached, s)) return { kind: 'file', size: s.size, sha256: cached.sha256 };
  const sha256 = await sha256File(real);
  cache.files.set(contentPath, { size: s.size, mtimeMs: s.mtimeMs, sha256 });
  cache.dirty = true;
  return { kind: 'file', size: s.size, sha256 };
}

/** Every file path an article references that is not another article (plus a PDF's own file). */
function referencedFiles(compiled: readonly CompiledArticle[], cache: BuildCache): Set<string> {
  const files = new Set<string>();
  for (const article of compiled) for (const file of cache.articles.get(article.contentPath)?.files ?? refTargets(article).files) files.add(file);
  return files;
}

/** A cache entry stamped with the source's (and sidecar's) size, mtime and hash. */
function withStamps(entry: Pick<CachedArticle, 'compiled' | 'resolved' | 'files'>, source: SourceFile, sha256: string, sidecarSha: string | undefined): CachedArticle {
  const stamped: CachedArticle = { size: source.size, mtimeMs: source.mtimeMs, sha256, compiled: entry.compiled, files: entry.files };
  if (entry.resolved !== undefined) stamped.resolved = entry.resolved;
  if (source.sidecar !== undefined && sidecarSha !== undefined) {
    stamped.sidecar = { size: source.sidecar.size, mtimeMs: source.sidecar.mtimeMs, sha256: sidecarSha };
  }
  return stamped;
}

/**
 * Everything resolving reads: which compiled article sits at each path (by its sources' hashes;
 * the cache key covers the compiler, templates and compile settings), the referenced files' facts
 * and the resolve settings. The same stamp means the same resolution.
 */
function resolveStamp(compiled: readonly CompiledArticle[], facts: ReadonlyMap<string, FileFact>, settings: ResolveSettings, cache: BuildCache): string {
  const hash = createHash('sha256').update(JSON.stringify(settings));
  for (const article of compiled) {
    const entry = cache.articles.get(article.contentPath);
    hash.update(`\0${article.contentPath}\0${entry?.sha256 ?? '?'}\0${entry?.sidecar?.sha256 ?? ''}`);
  }
  for (const p of [...facts.keys()].sort()) hash.update(`\0${p}\0${JSON.stringify(facts.get(p))}`);
  return hash.digest('hex');
}

/** Resolve the tree, or rebuild its last resolution from the cache when nothing it reads changed. */
function resolveTree(
  compiled: readonly CompiledArticle[],
  facts: ReadonlyMap<string, FileFact>,
  settings: ResolveSettings,
  cache: BuildCache,
): { articles: Article[]; reused: boolean; stamp: string } {
  const stamp = resolveStamp(compiled, facts, settings, cache);
  if (cache.resolveStamp === stamp) {
    const memos = compiled.map((article) => cache.articles.get(article.contentPath)?.resolved);
    if (memos.every((memo) => memo !== undefined)) return { articles: compiled.map((article, i) => articleFromMemo(article, memos[i]!)), reused: true, stamp };
  }
  const resolved = resolveWithMemos(compiled, facts, settings);
  resolved.forEach(({ memo }, i) => {
    const entry = cache.articles.get(compiled[i]!.contentPath);
    if (entry !== undefined) entry.resolved = memo;
  });
  cache.resolveStamp = stamp;
  cache.dirty = true;
  return { articles: resolved.map((r) => r.article), reused: false, stamp };
}

/** Build the tree configured in `config`. */
export async function buildContent(config: Config, options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const templates = await loadTemplates(config.templatesDir);
  const settings: CompileSettings = { templates: { article: templates.article, pdf: templates.pdf }, sourceUrl: config.sourceUrl };
  const key = cacheKey(templates.hash, config);
  const useCache = options.cache ?? true;
  // The cache file is read (off this thread) while the tree is scanned.
  const [tree, cache] = await Promise.all([scanContent(config.contentDir, config.root), useCache ? loadCache(config.cacheDir, key) : emptyCache(key)]);

  const compiled: (CompiledArticle | undefined)[] = new Array(tree.sources.length);
  const pending: { index: number; source: SourceFile }[] = [];
  const seen = new Set<string>();
  // A cached compile holds while the source's size and mtime are unchanged, checked here without
  // reading the file. A source with no cache entry is not read here at all: its compile reads it
  // and reports the hash. Only sources whose stamp changed are read (in parallel) to compare.
  const stale: { index: number; source: SourceFile; cached: CachedArticle }[] = [];
  tree.sources.forEach((source, index) => {
    seen.add(source.contentPath);
    const cached = cache.articles.get(source.contentPath);
    if (cached === undefined) pending.push({ index, source });
    else if (sameStamps(source, cached)) compiled[index] = cached.compiled;
    else stale.push({ index, source, cached });
  });
  await Promise.all(
    stale.map(async ({ index, source, cached }) => {
      if (!(await sameContent(source, cached))) {
        pending.push({ index, source });
        return;
      }
      compiled[index] = cached.compiled;
      cache.articles.set(source.contentPath, withStamps(cached, source, cached.sha256, cached.sidecar?.sha256));
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
      compiled[p.index] = result;
      const sha256 = result.sourceSha256 ?? (await sha256File(p.source.absPath));
      cache.articles.set(p.source.contentPath, withStamps({ compiled: result, files: refTargets(result).files }, p.source, sha256, result.sidecarSha256));
      cache.dirty = true;
    }),
  );
  for (const cachedPath of cache.articles.keys()) {
    if (!seen.has(cachedPath)) {
      cache.articles.delete(cachedPath);
      cache.dirty = true;
    }
  }

  const all = compiled as CompiledArticle[];
  const facts = new Map<string, FileFact>();
  const referenced = referencedFiles(all, cache);
  const contentReal = await realpath(config.contentDir);
  await Promise.all([...referenced].map(async (p) => facts.set(p, await fileFact(config.contentDir, contentReal, p, cache))));
  for (const cachedPath of cache.files.keys()) {
    if (!referenced.has(cachedPath)) {
      cache.files.delete(cachedPath);
      cache.dirty = true;
    }
  }
  const resolveSettings = { maxBytes: config.attachments.maxBytes, publicBaseUrl: config.attachments.publicBaseUrl, centralListName: config.faqLists.central };
  const { articles, reused: resolveReused, stamp: resolvedFrom } = resolveTree(all, facts, resolveSettings, cache);
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
  return {
    articles,
    faqLists: faqListsOf(articles, tree.companies, resolveSettings),
    companies: tree.companies,
    diagnostics,
    // The resolve stamp covers the sources' hashes, the referenced files and the resolve settings;
    // the cache key covers the compiler, templates and compile settings.
    stamp: createHash('sha256').update(JSON.stringify([key, resolvedFrom, tree.companies, diagnostics])).digest('hex'),
    stats: {
      sources: tree.sources.length,
      compiled: pending.length,
      reused: tree.sources.length - pending.length,
      ms: performance.now() - started,
      workers: workerCount(pending.length, options),
      resolveReused,
    },
  };
}
