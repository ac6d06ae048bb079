/**
 * What in a piece of HTML could run script, found the way a browser sees it: the HTML is parsed by
 * a standards HTML parser (parse5, through hast-util-raw), so character references are decoded and
 * mis-nested markup is fixed up exactly as a browser would, before anything is looked at.
 */
import type { Element, Root, RootContent } from 'hast';
import { raw } from 'hast-util-raw';

/** Elements that run script, load a document or a plugin, or change where links go. */
const DANGEROUS_ELEMENTS = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'style', 'svg', 'math', 'template', 'form', 'noscript']);

/** hast property names of attributes that hold a URL. */
const URL_PROPERTIES = new Set([
  'href',
  'src',
  'action',
  'formAction',
  'cite',
  'data',
  'poster',
  'background',
  'longDesc',
  'lowsrc',
  'dynsrc',
  'codeBase',
  'xLinkHref',
  'ping',
  'srcSet',
  'manifest',
  'icon',
  'archive',
  'classId',
  'content',
]);

/** Schemes that never run script. `halo-kb` is the build's own reference, resolved when publishing. */
const HARMLESS_SCHEMES = new Set(['http', 'https', 'mailto', 'halo-kb']);

function scheme(url: string): string | undefined {
  const cleaned = url.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  return /^([^:/?#]*):/.exec(cleaned)?.[1]?.toLowerCase();
}

/** One line per thing in `html` that could run script (an empty list: nothing could). */
export function scriptCapable(html: string): string[] {
  const found: string[] = [];
  const tree = raw({ type: 'root', children: [{ type: 'raw', value: html }] }) as Root;
  const element = (node: Element): void => {
    const tag = node.tagName.toLowerCase();
    if (DANGEROUS_ELEMENTS.has(tag)) found.push(`<${tag}> element`);
    for (const [name, value] of Object.entries(node.properties)) {
      const text = Array.isArray(value) ? value.join(' ') : String(value);
      if (/^on/i.test(name)) found.push(`<${tag}> ${name} handler`);
      else if (name === 'srcDoc') found.push(`<${tag}> srcdoc`);
      else if (name === 'style' && /expression|javascript|vbscript|behavior|binding|url\s*\(|\\/i.test(text)) found.push(`<${tag}> style ${JSON.stringify(text)}`);
      else if (URL_PROPERTIES.has(name)) {
        const urls = name === 'srcSet' ? text.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : name === 'content' ? [text.replace(/^.*?url\s*=\s*/i, '')] : [text];
        for (const url of urls) {
          const s = scheme(url);
          if (s !== undefined && !HARMLESS_SCHEMES.has(s)) found.push(`<${tag}> ${name}=${JSON.stringify(url)}`);
        }
      }
    }
  };
  const walk = (nodes: readonly RootContent[]): void => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      element(node);
      walk(node.children);
      // <template> content lives apart from its children in hast.
      const content = (node as Element & { content?: Root }).content;
      if (content !== undefined) walk(content.children);
    }
  };
  walk(tree.children);
  return found;
}
