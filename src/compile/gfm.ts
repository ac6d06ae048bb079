/**
 * remark-gfm (tables, task lists, strikethrough, footnotes, autolink literals), with one cost cut.
 *
 * GFM's autolink literals (a bare `https://…`, `www.…` or e-mail address in text becomes a link)
 * are found after parsing by a transform that walks the whole tree four times, once per pattern:
 * about a tenth of a compile. Every one of its patterns needs `http://`, `https://`, `www.` or
 * `@` in a text node outside a link, so one walk looks for those first, and the transform runs
 * only where one can match. Its result is then exactly remark-gfm's.
 */
import type { Nodes, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import type { Processor } from 'unified';

type Transform = (tree: Root) => Root | undefined | void;

interface FromMarkdownExtension {
  enter?: Record<string, unknown>;
  transforms?: Transform[];
}

const TRIGGER = /https?:\/\/|www\.|@/i;

/** Whether a text node outside links (which the transform skips) could hold an autolink literal. */
export function mayHoldAutolinkLiteral(node: Nodes): boolean {
  if (node.type === 'text') return TRIGGER.test(node.value);
  if (node.type === 'link' || node.type === 'linkReference' || !('children' in node)) return false;
  for (const child of node.children) if (mayHoldAutolinkLiteral(child)) return true;
  return false;
}

function isAutolinkLiteralExtension(extension: FromMarkdownExtension): boolean {
  return extension.enter !== undefined && 'literalAutolink' in extension.enter;
}

/** remark plugin: remark-gfm, its autolink-literal transform run only where it can change the tree. */
export function remarkGfmGuarded(this: Processor): void {
  (remarkGfm as (this: Processor) => void).call(this);
  const data = this.data() as { fromMarkdownExtensions?: (FromMarkdownExtension | FromMarkdownExtension[])[] };
  const extensions = (data.fromMarkdownExtensions ?? []).flat();
  const autolink = extensions.find(isAutolinkLiteralExtension);
  if (autolink?.transforms === undefined) {
    throw new Error('remark-gfm no longer provides the autolink-literal extension halo-kb expects; check the remark-gfm version.');
  }
  autolink.transforms = autolink.transforms.map(
    (transform): Transform =>
      (tree) => (mayHoldAutolinkLiteral(tree) ? transform(tree) : undefined),
  );
}
