/**
 * How deep a document may nest. The Markdown stack walks its trees recursively, so a document
 * nested deeply enough (blockquotes, lists or HTML elements inside one another: no article a
 * person wrote, but a generated or hostile one) overflows the call stack somewhere in it. Where
 * depends on the thread's stack and on how far V8 has optimised the code, so the same file could
 * compile on one run and fail on the next. The tree is measured instead, after parsing and again
 * once raw HTML is parsed into it, against a fixed limit below every depth at which the stack was
 * seen to overflow (about 1,400 nodes deep for nested lists, the shallowest, in the main thread):
 * the same file always gives the same answer. An overflow before the check (a shape not measured)
 * is still caught where the article is compiled, and reported the same way.
 */
import type { Node, Parent } from 'unist';

/** Nodes inside one another, the root's children at depth 1. */
export const MAX_TREE_DEPTH = 1000;

export class TreeTooDeepError extends Error {
  constructor(depth: number) {
    super(`The document's tree nests ${depth} nodes deep, more than ${MAX_TREE_DEPTH}.`);
    this.name = 'TreeTooDeepError';
  }
}

/** The depth of the deepest node under `root` (its children at depth 1), without recursion. */
export function treeDepth(root: Node): number {
  let deepest = 0;
  const stack: [Node, number][] = [[root, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (depth > deepest) deepest = depth;
    if ('children' in node) for (const child of (node as Parent).children) stack.push([child, depth + 1]);
  }
  return deepest;
}

function checkDepth(tree: Node): void {
  const depth = treeDepth(tree);
  if (depth > MAX_TREE_DEPTH) throw new TreeTooDeepError(depth);
}

/**
 * unified plugins that throw `TreeTooDeepError` for a tree deeper than `MAX_TREE_DEPTH`: one for
 * the Markdown tree, one for the HTML tree (unified runs a plugin used twice only once).
 */
export const remarkDepthLimit = () => checkDepth;
export const rehypeDepthLimit = () => checkDepth;
