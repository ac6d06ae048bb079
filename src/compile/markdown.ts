/**
 * Markdown -> sanitised HTML with unified: remark-parse, remark-gfm (tables, task lists, footnotes,
 * strikethrough, autolinks), remark-rehype, raw HTML parsed into the tree (raw-html.ts) so that
 * rehype-sanitize can clean it (Halo agents and portal users open these pages), heading ids, local
 * references turned into `halo-kb://` tokens, rehype-stringify.
 *
 * Local references are recorded, not checked: whether a target exists, is another article, or is
 * too large to upload is decided across the whole tree by the resolve stage.
 */
import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent } from 'hast';
import type { Heading, Root as MdastRoot, RootContent } from 'mdast';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type Processor } from 'unified';
import type { VFile } from 'vfile';
import { isArticlePath } from '../content/article-path.js';
import { linkToken } from '../model/link-token.js';
import { rehypeRawHtml } from './raw-html.js';
import { rehypeDepthLimit, remarkDepthLimit } from './tree-depth.js';

/** A reference from an article to another file in the tree. */
export interface LocalRef {
  kind: 'link' | 'image';
  /** The URL as written (for messages). */
  written: string;
  /** Decoded path relative to the article's folder, or to the content root when written with a leading "/". */
  path: string;
  fromRoot: boolean;
  anchor?: string;
  line?: number;
  column?: number;
}

export interface RenderedMarkdown {
  html: string;
  /** Text of the first level-1 heading, when there is one. */
  firstH1?: string;
  /** Heading ids in the HTML, for anchor checks. */
  headings: string[];
  refs: LocalRef[];
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function textOf(node: Heading | RootContent): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as RootContent[]).map(textOf).join('');
  return '';
}

export interface TitleOptions {
  /** Drop the leading "# Title" from the body: Halo shows the article name as the title already. */
  dropLeadingH1: boolean;
}

/** Find the first H1; drop it from the body when it opens the document and becomes the title. */
export function remarkTitle(options: TitleOptions) {
  return (tree: MdastRoot, file: VFile) => {
    const index = tree.children.findIndex((n) => n.type === 'heading' && n.depth === 1);
    if (index === -1) return;
    const heading = tree.children[index] as Heading;
    file.data['firstH1'] = textOf(heading).trim();
    const leading = tree.children.slice(0, index).every((n) => n.type === 'html' && /^<!--/.test(n.value));
    if (options.dropLeadingH1 && leading) tree.children.splice(index, 1);
  };
}

function headingText(node: Element): string {
  let text = '';
  const walk = (children: ElementContent[]): void => {
    for (const child of children) {
      if (child.type === 'text') text += child.value;
      else if (child.type === 'element') walk(child.children);
    }
  };
  walk(node.children);
  return text;
}

function parseRef(url: string): { path: string; anchor?: string; fromRoot: boolean } | undefined {
  if (url === '' || url.startsWith('#') || url.startsWith('//') || SCHEME.test(url)) return undefined;
  const hashAt = url.indexOf('#');
  const rawPath = (hashAt === -1 ? url : url.slice(0, hashAt)).replace(/\?.*$/, '');
  let decoded = rawPath;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    // A stray "%" in a file name: use the path as written.
  }
  const ref: { path: string; anchor?: string; fromRoot: boolean } = {
    path: decoded.replace(/^\/+/, ''),
    fromRoot: decoded.startsWith('/'),
  };
  if (hashAt !== -1 && hashAt < url.length - 1) ref.anchor = url.slice(hashAt + 1);
  return ref;
}

/** Heading ids (GitHub's slugs, so links written on GitHub work) and local references as tokens. */
export function rehypeHaloRefs() {
  return (tree: HastRoot, file: VFile) => {
    const slugger = new GithubSlugger();
    const headings: string[] = [];
    const refs: LocalRef[] = [];
    const element = (node: Element): void => {
      if (HEADING.test(node.tagName)) {
        const id = slugger.slug(headingText(node));
        node.properties['id'] = id;
        headings.push(id);
        return;
      }
      const attr = node.tagName === 'a' ? 'href' : node.tagName === 'img' ? 'src' : undefined;
      if (attr === undefined) return;
      const value = node.properties[attr];
      if (typeof value !== 'string') return;
      const parsed = parseRef(value);
      if (parsed === undefined) return;
      const ref: LocalRef = { kind: node.tagName === 'img' ? 'image' : 'link', written: value, ...parsed };
      const start = node.position?.start;
      if (start !== undefined) {
        ref.line = start.line;
        ref.column = start.column;
      }
      refs.push(ref);
      // The token names the file as written; the resolve stage maps it to the content path.
      node.properties[attr] = linkToken(isArticlePath(parsed.path) ? 'article' : 'file', String(refs.length - 1), parsed.anchor);
    };
    // Document order, parents before children (a link inside a heading is a reference too).
    const walk = (children: (HastContent | ElementContent)[]): void => {
      for (const child of children) {
        if (child.type !== 'element') continue;
        element(child);
        walk(child.children);
      }
    };
    walk(tree.children);
    file.data['headings'] = headings;
    file.data['refs'] = refs;
  };
}

const HEADING = /^h[1-6]$/;

export const sanitizeSchema = {
  ...defaultSchema,
  // Headings get their ids after sanitising, without the "user-content-" prefix.
  clobber: (defaultSchema.clobber ?? []).filter((name) => name !== 'id'),
};

type AnyProcessor = Processor<MdastRoot, MdastRoot, HastRoot, HastRoot, string>;

const processors = new Map<boolean, AnyProcessor>();

function processor(dropLeadingH1: boolean): AnyProcessor {
  let p = processors.get(dropLeadingH1);
  if (p === undefined) {
    p = unified()
      .use(remarkParse)
      .use(remarkGfm)
      .use(remarkDepthLimit)
      .use(remarkTitle, { dropLeadingH1 })
      .use(remarkRehype, { allowDangerousHtml: true })
      .use(rehypeRawHtml)
      .use(rehypeDepthLimit)
      .use(rehypeSanitize, sanitizeSchema)
      .use(rehypeHaloRefs)
      .use(rehypeStringify)
      .freeze() as unknown as AnyProcessor;
    processors.set(dropLeadingH1, p);
  }
  return p;
}

/** Render Markdown to sanitised HTML, recording the first H1, heading ids and local references. */
export async function renderMarkdown(markdown: string, options: TitleOptions): Promise<RenderedMarkdown> {
  const file = await processor(options.dropLeadingH1).process(markdown);
  const rendered: RenderedMarkdown = {
    html: String(file.value).trim(),
    headings: (file.data['headings'] as string[] | undefined) ?? [],
    refs: (file.data['refs'] as LocalRef[] | undefined) ?? [],
  };
  const h1 = file.data['firstH1'];
  if (typeof h1 === 'string' && h1 !== '') rendered.firstH1 = h1;
  return rendered;
}
