/**
 * Raw HTML in Markdown becomes a real tree (so rehype-sanitize can clean it) by running the
 * document through an HTML parser: hast-util-raw, which is what rehype-raw does. Re-parsing the
 * whole document costs about a tenth of a compile, while KB articles mostly hold a few inline tags
 * (`<kbd>`, `<br>`, `<sup>`) in one or two blocks.
 *
 * So only the top-level blocks that contain raw HTML are re-parsed, each on its own, when that is
 * provably the same as re-parsing the whole document: every raw node sits inside a block (none is
 * an HTML block of its own), and each is one simple phrasing tag (or a comment), opened and closed
 * in the same block. A balanced block leaves the parser as it found it, so the blocks around it
 * parse the same either way. Anything else (an HTML block, an unclosed `<b>`, a `<div>` in a
 * paragraph, an attribute holding `>`) re-parses the whole document, as rehype-raw would. So does a
 * block the parser would change even without raw HTML: footnote markers, a link inside a link.
 *
 * A block whose raw nodes are all bare tags such as `<kbd>` or `<br>` skips the parser entirely
 * (nestBareTags): the parser would build the same elements. test/compile/markdown.test.ts
 * compares the result with rehype-raw over the whole document on tricky input.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { raw } from 'hast-util-raw';
import type { VFile } from 'vfile';

/** Tags that stay inside a paragraph and never switch the HTML tokenizer's mode. */
const PHRASING = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var',
]);
const VOID = new Set(['br', 'img', 'wbr']);
const TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?)*)\s*(\/?)>$/;
const COMMENT = /^<!--(?!-?>)[^<>]*?-->$/;

export type Verdict = 'none' | 'local' | 'global';

/**
 * Whether the HTML parser would change `element` itself, so that only re-parsing gives the tree
 * rehype-raw gives: a `data-*` property set to `true` (footnote markers) comes back as "", and a
 * link inside a link is split in two.
 */
function changedByParsing(element: Element, insideLink: boolean): boolean {
  if (element.tagName === 'a' && insideLink) return true;
  for (const key in element.properties) if (element.properties[key] === true && key.startsWith('data')) return true;
  return false;
}

/**
 * Whether `node`'s raw nodes can be parsed within it (`local`), need the whole document, or there
 * are none. `global` too when the parser would change the block even without raw HTML in it.
 */
export function rawHtmlVerdict(node: Element): Verdict {
  const open: string[] = [];
  let found = false;
  let global = changedByParsing(node, false);
  const walk = (children: ElementContent[], insideLink: boolean): void => {
    for (const child of children) {
      if (global) return;
      if (child.type === 'element') {
        if (changedByParsing(child, insideLink)) global = true;
        else walk(child.children, insideLink || child.tagName === 'a');
      } else if (child.type === 'raw') {
        found = true;
        if (COMMENT.test(child.value)) continue;
        const tag = TAG.exec(child.value);
        const name = tag?.[2]?.toLowerCase();
        if (tag === null || name === undefined) {
          global = true;
          return;
        }
        const closing = tag[1] === '/';
        const selfClosing = tag[4] === '/';
        if (VOID.has(name)) {
          if (closing) global = true;
        } else if (!PHRASING.has(name) || selfClosing) global = true;
        else if (!closing) open.push(name);
        else if (open.pop() !== name) global = true;
      }
    }
  };
  walk(node.children, node.tagName === 'a');
  if (global || open.length > 0) return 'global';
  return found ? 'local' : 'none';
}

/**
 * Tags the HTML parser treats as "any other" element in a paragraph: no formatting-element
 * bookkeeping (`b`, `em`, `a`, ...), no special rules. Bare ones (no attributes) nest the same
 * whether parsed or built directly.
 */
const BARE = new Set(['abbr', 'bdi', 'bdo', 'cite', 'data', 'del', 'dfn', 'ins', 'kbd', 'mark', 'q', 'samp', 'span', 'sub', 'sup', 'time', 'var']);
const BARE_VOID = new Set(['br', 'wbr']);
const BARE_TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)\s*(\/?)>$/;

function element(tagName: string): Element {
  return { type: 'element', tagName, properties: {}, children: [] };
}

/**
 * `children` with their raw nodes turned into elements directly, when every raw node is a bare
 * tag from BARE (opened and closed among the same siblings) or a bare `<br>`/`<wbr>`: the tree
 * the HTML parser would build, without running it (the commonest raw HTML in KB articles is
 * `<kbd>`, `<sup>` and `<br>`). `undefined` when anything else is there.
 */
export function nestBareTags(children: ElementContent[]): ElementContent[] | undefined {
  const top: ElementContent[] = [];
  const open: Element[] = [];
  let into = top;
  for (const child of children) {
    if (child.type === 'element') {
      const inner = nestBareTags(child.children);
      if (inner === undefined) return undefined;
      into.push(inner === child.children ? child : { ...child, children: inner });
      continue;
    }
    if (child.type !== 'raw') {
      into.push(child);
      continue;
    }
    const tag = BARE_TAG.exec(child.value);
    const name = tag?.[2]?.toLowerCase();
    if (tag === null || name === undefined) return undefined;
    const closing = tag[1] === '/';
    if (BARE_VOID.has(name) && !closing) into.push(element(name));
    else if (!BARE.has(name) || tag[3] === '/') return undefined;
    else if (!closing) {
      const opened = element(name);
      into.push(opened);
      open.push(opened);
      into = opened.children;
    } else {
      if (open.pop()?.tagName !== name) return undefined;
      into = open.at(-1)?.children ?? top;
    }
  }
  if (open.length > 0) return undefined;
  return top.length === children.length && top.every((c, i) => c === children[i]) ? children : top;
}

/** rehype plugin: raw HTML parsed into the tree, block by block where that is exact. */
export function rehypeRawHtml() {
  return (tree: Root, file: VFile): Root => {
    const verdicts: Verdict[] = [];
    for (const child of tree.children) {
      if (child.type === 'raw') return raw(tree, { file }) as Root;
      const verdict = child.type === 'element' ? rawHtmlVerdict(child) : 'none';
      if (verdict === 'global') return raw(tree, { file }) as Root;
      verdicts.push(verdict);
    }
    tree.children = tree.children.flatMap((child, i): RootContent[] => {
      if (verdicts[i] !== 'local') return [child];
      const bare = child.type === 'element' ? nestBareTags(child.children) : undefined;
      if (bare !== undefined) return [{ ...(child as Element), children: bare }];
      const parsed = raw({ type: 'root', children: [child] }, { file }) as Root;
      return parsed.children;
    });
    return tree;
  };
}
