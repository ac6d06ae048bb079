/**
 * Raw HTML in Markdown (`<kbd>`, `<br>`, `<details>`) becomes a real tree, so that rehype-sanitize
 * can clean it, by running the document through the HTML parser: hast-util-raw, which is what
 * rehype-raw does. An article without raw HTML skips the parser: most KB articles have none, and
 * re-parsing a document costs about a tenth of its compile. Skipping it changes nothing a reader
 * sees: in a tree without raw HTML, the parser only does what a browser does itself when it reads
 * the HTML (writes footnote markers' bare `data-footnote-ref` as `data-footnote-ref=""`, splits a
 * link inside a link in two).
 */
import type { Nodes, Root } from 'hast';
import { raw } from 'hast-util-raw';
import type { VFile } from 'vfile';

/** Whether `node` is or holds raw HTML. */
function holdsRawHtml(node: Nodes): boolean {
  if (node.type === 'raw') return true;
  return 'children' in node && node.children.some(holdsRawHtml);
}

/** rehype plugin: raw HTML parsed into the tree, in articles that have any. */
export function rehypeRawHtml() {
  return (tree: Root, file: VFile): Root => (holdsRawHtml(tree) ? (raw(tree, { file }) as Root) : tree);
}
