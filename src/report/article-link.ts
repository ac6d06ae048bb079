/**
 * Where a published article opens in Halo, for `status --articles` and the preview's badge: the
 * `halo.article_url` template (the one cross-links are written from) filled in with the Halo the
 * article was published to and its id. Only an http(s) URL is ever given out: anything else (a
 * manifest edited by hand to hold `javascript:…`) gives no link at all.
 */
import type { Config } from '../config/schema.js';
import { articleUrl, normalizeHaloUrl } from '../halo/url.js';
import { isHttpUrl } from '../field-values.js';

/**
 * The Halo articles live in: the one the manifest was published to, else the configured one
 * (HALO_URL or halo.url); undefined when neither is known or usable.
 */
export function publishedHalo(manifestHalo: unknown, config: Pick<Config, 'halo'>): string | undefined {
  if (typeof manifestHalo === 'string' && isHttpUrl(manifestHalo)) return manifestHalo;
  if (config.halo.url === undefined) return undefined;
  try {
    return normalizeHaloUrl(config.halo.url).base;
  } catch {
    return undefined;
  }
}

/** The article's Halo URL, or undefined when there is no Halo or the result is not an http(s) URL. */
export function haloArticleLink(template: string, haloBase: string | undefined, id: number): string | undefined {
  if (haloBase === undefined || !Number.isSafeInteger(id) || id <= 0) return undefined;
  const url = articleUrl(template, haloBase, id);
  return isHttpUrl(url) ? url : undefined;
}
