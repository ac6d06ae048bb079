/**
 * What keeps script out of the HTML sent to Halo after the Markdown pipeline has sanitised an
 * article's body: the templates around it, the values put into the templates, and every URL put in
 * later in place of a `halo-kb://` reference (public links, Halo URLs of articles and files).
 *
 * - `sanitizeHtml`: the full pass, rehype-sanitize over a real HTML parse, with the rules of the
 *   body plus what templates need (`class`, `style`, `data-*`). Templates go through it once per
 *   build, and publishing puts every article's final HTML through it after its references are
 *   resolved: nothing inserted later can bring script back to Halo.
 * - `safeUrl`: a URL put into an attribute must be http(s), mailto, a `halo-kb://` reference, an
 *   anchor or a relative path; anything else (javascript:, vbscript:, data:, ...) becomes `#`.
 * - `scrubAttributes`: a linear pass over HTML the serializer wrote (every `<` in text is escaped,
 *   every attribute value double-quoted, every `"` in it escaped), for after a template's values
 *   are filled in: URL attributes are checked with `safeUrl`, event handlers and `srcdoc` dropped.
 *   It costs a fraction of a parse, so every build can afford it for every article.
 */
import type { Element, Root } from 'hast';
import { raw } from 'hast-util-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';

/** Schemes a link or image may use; a URL without a scheme (relative, `#anchor`) is fine too. */
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'halo-kb']);

/** Attributes that hold a URL a browser may follow or load (any element, any HTML version). */
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'cite',
  'data',
  'poster',
  'background',
  'longdesc',
  'lowsrc',
  'dynsrc',
  'codebase',
  'xlink:href',
  'ping',
  'manifest',
  'icon',
  'profile',
  'usemap',
  'srcset',
  'imagesrcset',
  'archive',
  'classid',
]);

/** Named character references that can hide a scheme's letters or its colon. */
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n', nbsp: '\u00a0', sol: '/', num: '#', period: '.', lpar: '(', rpar: ')' };

/**
 * An attribute value as the browser reads it: character references decoded. `undefined` when it
 * holds a named reference this table does not know: it is then not trusted.
 */
function decodeAttribute(value: string): string | undefined {
  let unknown = false;
  const decoded = value.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);?/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    }
    const named = NAMED[ref.toLowerCase()];
    if (named === undefined) unknown = true;
    return named ?? whole;
  });
  return unknown ? undefined : decoded;
}

/**
 * Whether a URL (as it stands in an attribute, character references and all) is safe to follow:
 * no scheme, or one of SAFE_SCHEMES. Read the way browsers read it: leading spaces and control
 * characters are skipped, tabs and newlines anywhere ignored, the scheme's case ignored.
 */
export function safeUrl(value: string): boolean {
  const decoded = decodeAttribute(value);
  if (decoded === undefined) return false;
  const url = decoded.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  const scheme = /^([^:/?#]*):/.exec(url)?.[1];
  if (scheme === undefined) return true;
  return SAFE_SCHEMES.has(scheme.toLowerCase());
}

/** `srcset` holds several URLs, each followed by a size. */
function safeSrcset(value: string): boolean {
  return value.split(',').every((candidate) => safeUrl(candidate.trim().split(/\s+/)[0] ?? ''));
}

/** CSS that can run script or fetch something in some browser: expressions, bindings, url() to anything but http(s), escapes that hide either. */
function dangerousStyle(style: string): boolean {
  if (/expression|javascript|vbscript|behavior|binding|@import|\\|&#|<|>/i.test(style)) return true;
  for (const match of style.matchAll(/url\s*\(\s*['"]?\s*([^'")\s]*)/gi)) if (!/^https?:\/\//i.test(match[1] ?? '')) return true;
  return false;
}

const START_TAG = /<([a-zA-Z][^\s/>]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)(\s*\/?)>/g;
const ATTRIBUTE = /(\s+)([^\s"'>/=]+)(?:="([^"]*)")?/g;

/**
 * Check every attribute of every start tag in serializer output: an event handler, `srcdoc` or a
 * dangerous `style` is dropped, a URL attribute with an unsafe URL becomes `#`.
 */
export function scrubAttributes(html: string): string {
  return html.replace(START_TAG, (tag, name: string, attributes: string, end: string) => {
    let changed = false;
    const kept = attributes.replace(ATTRIBUTE, (whole, space: string, attribute: string, value: string | undefined) => {
      const lower = attribute.toLowerCase();
      if (lower.startsWith('on') || lower === 'srcdoc' || (lower === 'style' && value !== undefined && dangerousStyle(value))) {
        changed = true;
        return '';
      }
      if (value === undefined || !URL_ATTRIBUTES.has(lower)) return whole;
      if (lower === 'srcset' || lower === 'imagesrcset' ? safeSrcset(value) : safeUrl(value)) return whole;
      changed = true;
      return `${space}${attribute}="#"`;
    });
    return changed ? `<${name}${kept}${end}>` : tag;
  });
}

/**
 * The rules of the final HTML: the body's (GitHub's, as rehype-sanitize's default), plus `class`,
 * `style` (checked) and `data-*` on every element for templates, and `halo-kb://` references in
 * links and images until publishing resolves them. Names are not prefixed again: the body's were.
 */
const FINAL_SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  clobber: [],
  attributes: { ...defaultSchema.attributes, '*': [...(defaultSchema.attributes?.['*'] ?? []), 'className', 'style', 'data*'] },
  protocols: {
    ...defaultSchema.protocols,
    href: [...(defaultSchema.protocols?.['href'] ?? []), 'halo-kb'],
    src: [...(defaultSchema.protocols?.['src'] ?? []), 'halo-kb'],
  },
};

/** rehype plugin: drop `style` attributes that could run or load anything. */
function rehypeSafeStyles() {
  return (tree: Root): void => {
    const walk = (node: Root | Element): void => {
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        const style = child.properties['style'];
        if (typeof style === 'string' && dangerousStyle(style)) delete child.properties['style'];
        walk(child);
      }
    };
    walk(tree);
  };
}

const finalPass = unified().use(rehypeSanitize, FINAL_SCHEMA).use(rehypeSafeStyles).use(rehypeStringify).freeze();

/** `html` parsed as a browser parses a fragment of a page's body. */
export function parseHtml(html: string): Root {
  return raw({ type: 'root', children: [{ type: 'raw', value: html }] }) as Root;
}

/** Parse `html` as a browser would and keep only what the final rules allow. */
export function sanitizeHtml(html: string): string {
  return finalPass.stringify(finalPass.runSync(parseHtml(html)));
}

/** A URL for an attribute value: escaped, and `#` unless it is safe to follow. */
export function checkedUrl(url: string): string {
  // In a double-quoted attribute only these two need escaping.
  const escaped = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return safeUrl(escaped) ? escaped : '#';
}
