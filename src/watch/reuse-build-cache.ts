/**
 * Start from the build cache `halo-kb build` leaves behind: a source whose size and mtime match its
 * cache entry reuses the compiled article, so starting watch on a built tree of 10,000 articles does
 * not compile them all again. Read only: the build owns the cache.
 */
import { cacheKey, loadCache, loadCachedArticles, sameStamp } from '../compile/cache.js';
import type { CompileSettings, CompiledArticle } from '../compile/compile-article.js';
import type { Templates } from '../compile/template.js';
import type { Config } from '../config/schema.js';
import type { SourceFile } from '../model/source.js';

export async function cachedArticles(config: Config, templates: Templates, settings: CompileSettings, sources: readonly SourceFile[]): Promise<Map<string, CompiledArticle>> {
  const cache = await loadCache(config.cacheDir, cacheKey(templates.hash, config));
  const reused = new Map<string, CompiledArticle>();
  if (!(await loadCachedArticles(cache))) return reused; // damaged: compile everything
  for (const source of sources) {
    const entry = cache.articles.get(source.contentPath);
    if (entry === undefined || !sameStamp(source, entry)) continue;
    const sidecarSame = source.sidecar === undefined ? entry.sidecar === undefined : sameStamp(source.sidecar, entry.sidecar);
    if (sidecarSame && entry.compiled.contentPath === source.contentPath) reused.set(source.contentPath, entry.compiled);
  }
  return reused;
}
