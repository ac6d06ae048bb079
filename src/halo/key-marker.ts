/**
 * The identity marker halo-kb puts into each article's HTML:
 * `<div class="halo-kb-banner" data-halo-kb-key="KEY">…</div>`, with the key also as visible text
 * `halo-kb key: KEY` in case Halo's editor strips data attributes. Reading it back lets publishing
 * adopt articles that already exist in Halo, and lets the client find an article whose create reply
 * was lost, without a local mapping that a "stop and restart" could break.
 */
import type { HaloArticle } from './types.js';

export const KEY_MARKER_ATTRIBUTE = 'data-halo-kb-key';
export const KEY_MARKER_TEXT = 'halo-kb key:';

const ATTRIBUTE = /data-halo-kb-key\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
// The visible form may have markup between the label and the key, e.g. `halo-kb key: <code>KEY</code>`.
const TEXT = /halo-kb key:(?:\s|&nbsp;|<[^>]*>)*([^\s<"]+)/i;

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#39);/gi, (whole, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? whole;
  });
}

/** The key in one piece of HTML or text, or undefined. */
export function findKeyMarker(html: string): string | undefined {
  const attribute = ATTRIBUTE.exec(html);
  const fromAttribute = attribute?.[1] ?? attribute?.[2] ?? attribute?.[3];
  if (fromAttribute !== undefined && fromAttribute.trim() !== '') return decodeEntities(fromAttribute.trim());
  const text = TEXT.exec(html)?.[1];
  return text === undefined ? undefined : decodeEntities(text);
}

/**
 * The halo-kb key of an article, from `description_html` or else `description`. Undefined when
 * neither carries a marker, including list rows that came without their body: the caller then reads
 * the article with `getArticle`.
 */
export function readKeyMarker(article: Pick<HaloArticle, 'description' | 'description_html'>): string | undefined {
  for (const field of [article.description_html, article.description]) {
    if (typeof field !== 'string') continue;
    const key = findKeyMarker(field);
    if (key !== undefined) return key;
  }
  return undefined;
}

/** Whether a record carries its body at all (list rows in real Halo may not). */
export function hasBody(article: Pick<HaloArticle, 'description' | 'description_html'>): boolean {
  return typeof article.description_html === 'string' || typeof article.description === 'string';
}
