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
 * paragraph, an attribute holding `>`) re-parses the whole document, as rehype-raw would.
 * test/compile/markdown.test.ts compares both ways on tricky input.
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

/** Whether `node`'s raw nodes can be parsed within it (`local`), need the whole document, or there are none. */
export function rawHtmlVerdict(node: Element): Verdict {
  const open: string[] = [];
  let found = false;
  let global = false;
  const walk = (children: ElementContent[]): void => {
    for (const child of children) {
      if (global) return;
      if (child.type === 'element') walk(child.children);
      else if (child.type === 'raw') {
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
  walk(node.children);
  if (global || open.length > 0) return 'global';
  return found ? 'local' : 'none';
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
      const parsed = raw({ type: 'root', children: [child] }, { file }) as Root;
      return parsed.children;
    });
    return tree;
  };
}
