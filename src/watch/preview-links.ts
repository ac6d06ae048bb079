/**
 * URLs of the preview, and the rewrite of an article's HTML from publish tokens to them:
 * `halo-kb://article/<key>#anchor` becomes the other article's preview page, `halo-kb://file/<path>`
 * the file served from the content folder. Publishing rewrites the same tokens to Halo URLs.
 */
import { rewriteLinkTokens } from '../model/link-token.js';

export const ARTICLE_ROUTE = '/articles/';
export const FILE_ROUTE = '/files/';
export const EVENTS_ROUTE = '/__events';

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

export function articleUrl(contentPath: string): string {
  return ARTICLE_ROUTE + encodePath(contentPath);
}

export function fileUrl(contentPath: string): string {
  return FILE_ROUTE + encodePath(contentPath);
}

/**
 * Rewrite the link tokens (see link-token.ts) to preview URLs; `pathOfKey` finds an article's
 * content path (undefined: the link goes nowhere).
 */
export function rewriteForPreview(html: string, pathOfKey: (key: string) => string | undefined): string {
  // Preview URLs are percent-encoded, so they hold no `&` or `"` to escape for the attribute.
  return rewriteLinkTokens(html, (token) => {
    if (token.kind === 'file') return fileUrl(token.target) + token.hash;
    const contentPath = pathOfKey(token.target);
    return contentPath === undefined ? '#' : articleUrl(contentPath) + token.hash;
  });
}
