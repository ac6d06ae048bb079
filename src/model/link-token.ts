/**
 * Link tokens: how an article's HTML names another article or a file until the place it is shown
 * decides the URL. `halo-kb://article/<key>#anchor` names an article, `halo-kb://file/<path>` a file
 * of the content folder. The compile stage writes reference indexes in place of keys and paths
 * (`halo-kb://file/0`), the resolve stage puts in the keys and paths; publishing turns them into
 * Halo URLs, the preview into its own pages.
 *
 * A token is always the whole value of an `href` or `src` attribute, and only there is it read: a
 * writer's prose or code about halo-kb:// URLs stays as written. Keys and paths stand in a token as
 * they are, not percent-encoded (no browser ever follows a token); in the HTML, `&` and `"` in them
 * are escaped as in any double-quoted attribute (`&amp;`, `&quot;`).
 */

export type LinkTokenKind = 'article' | 'file';

export const LINK_TOKEN_SCHEME = 'halo-kb://';
export const ARTICLE_TOKEN = `${LINK_TOKEN_SCHEME}article/`;
export const FILE_TOKEN = `${LINK_TOKEN_SCHEME}file/`;

export interface LinkToken {
  kind: LinkTokenKind;
  /** The article key or content path (before resolving, the reference index), unescaped. */
  target: string;
  /**
   * `#` and the anchor after it, as it stands in the attribute (so it can go back in as it is);
   * empty when the token has none.
   */
  hash: string;
}

/** The token naming `target`, as a URL (not yet escaped for an attribute). */
export function linkToken(kind: LinkTokenKind, target: string, anchor?: string): string {
  return `${kind === 'article' ? ARTICLE_TOKEN : FILE_TOKEN}${target}${anchor === undefined ? '' : `#${anchor}`}`;
}

// The target runs to the first `#` that does not belong to a character reference (`&#x26;`).
const TOKEN = /^halo-kb:\/\/(article|file)\/((?:[^#&]|&#x?[0-9a-fA-F]+;|&)+)(#.*)?$/s;

/**
 * The token an attribute value (as written in the HTML) holds; undefined when it is none: another
 * URL, an unknown kind, no key or path.
 */
export function parseLinkToken(value: string): LinkToken | undefined {
  const match = TOKEN.exec(value);
  if (match === null) return undefined;
  // Written by this project the escapes are `&amp;` and `&quot;`; an HTML serializer may write the numeric forms.
  const target = match[2]!.replace(/&(?:quot|#34|#x22);/gi, '"').replace(/&(?:amp|#38|#x26);/gi, '&');
  return { kind: match[1] as LinkTokenKind, target, hash: match[3] ?? '' };
}

// HTML as the serializer writes it: every `<` in text escaped, every attribute value double-quoted
// with every `"` in it escaped. So a start tag is found by this, and nothing in text looks like one.
const START_TAG = /<[a-zA-Z][^\s/>]*(?:\s+[^\s"'>/=]+(?:="[^"]*")?)*\s*\/?>/g;
const TOKEN_ATTRIBUTE = /(\s(?:href|src)=")(halo-kb:\/\/[^"]*)"/g;

/**
 * `html` with each token replaced by what `url` makes of it: the new attribute value, already
 * escaped for a double-quoted attribute, or undefined to leave the token as it is.
 */
export function rewriteLinkTokens(html: string, url: (token: LinkToken) => string | undefined): string {
  if (!html.includes(LINK_TOKEN_SCHEME)) return html;
  return html.replace(START_TAG, (tag) =>
    tag.includes(LINK_TOKEN_SCHEME)
      ? tag.replace(TOKEN_ATTRIBUTE, (whole, attribute: string, value: string) => {
          const token = parseLinkToken(value);
          const replaced = token === undefined ? undefined : url(token);
          return replaced === undefined ? whole : `${attribute}${replaced}"`;
        })
      : tag,
  );
}
