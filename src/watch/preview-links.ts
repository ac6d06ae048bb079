/**
 * URLs of the preview, and the rewrite of an article's HTML from publish tokens to them:
 * `halo-kb://article/<key>#anchor` becomes the other article's preview page, `halo-kb://file/<path>`
 * the file served from the content folder. Publishing rewrites the same tokens to Halo URLs.
 */
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
 * Rewrite tokens in `href` and `src` attributes (a writer's prose about halo-kb:// URLs stays as
 * written); `pathOfKey` finds an article's content path (undefined: the link goes nowhere). Tokens
 * hold paths as the resolve stage wrote them, unencoded, so everything up to the closing quote counts.
 */
export function rewriteForPreview(html: string, pathOfKey: (key: string) => string | undefined): string {
  return html.replace(/(\s(?:href|src)=")halo-kb:\/\/(article|file)\/([^"#]*)(#[^"]*)?"/g, (_whole, attr: string, kind: string, target: string, anchor: string | undefined) => {
    if (kind === 'file') return `${attr}${fileUrl(target)}${anchor ?? ''}"`;
    const contentPath = pathOfKey(target);
    return `${attr}${contentPath === undefined ? '#' : articleUrl(contentPath) + (anchor ?? '')}"`;
  });
}
