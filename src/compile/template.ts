/**
 * Article templates: `templates/article.html` wraps every Markdown article and `templates/pdf.html`
 * is the body of every PDF article. Users edit them; the project's own copies are the fallback.
 *
 * Syntax: `{{name}}` inserts escaped text, `{{{body}}}` inserts the article's (sanitised) HTML,
 * `{{#name}}…{{/name}}` keeps its content only when `name` is set, `{{^name}}…{{/name}}` only when
 * it is not. Every other value is text: `{{{title}}}` is escaped like `{{title}}`, since a title or
 * a summary is written by anyone who edits the content.
 *
 * Templates are sanitised when loaded, by the rules of the published HTML (safe-html.ts): scripts,
 * event handlers and javascript: links in a template are dropped, as they are in articles.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HaloKbError } from '../errors.js';
import { decodeUtf8 } from '../utf8-text.js';
import type { RootContent } from 'hast';
import { parseHtml, sanitizeHtml } from './safe-html.js';

export type TemplateName = 'article' | 'pdf';
export type TemplateVars = Record<string, string | number | undefined>;

export interface Templates {
  article: string;
  pdf: string;
  /** Hash of both, part of the build cache key. */
  hash: string;
}

/** The templates shipped with halo-kb (two levels up from src/compile or dist/compile). */
export const BUILTIN_TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Render `template` with `vars`. Unknown names render empty. */
export function renderTemplate(template: string, vars: TemplateVars): string {
  const value = (name: string): string => {
    const v = vars[name];
    return v === undefined ? '' : String(v);
  };
  return (
    template
      .replace(/\{\{([#^])\s*([\w.]+)\s*\}\}([\s\S]*?)\{\{\/\s*\2\s*\}\}/g, (_, mode: string, name: string, inner: string) => ((value(name) === '') === (mode === '^') ? inner : ''))
      // One pass for both forms: inserted values are never scanned again, so an article about
      // Ansible or Handlebars that shows "{{ item }}" keeps it.
      .replace(/\{\{\{\s*([\w.]+)\s*\}\}\}|\{\{\s*([\w.]+)\s*\}\}/g, (_, raw: string | undefined, escaped: string | undefined) =>
        // Only the body is HTML: any other value is text, whichever form names it.
        raw === 'body' ? value(raw) : escapeHtml(value(raw ?? escaped ?? '')),
      )
  );
}

/** A template's text; one that is not UTF-8 would garble every article it wraps. */
function templateText(file: string, bytes: Buffer): string {
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return decoded.text;
  const { line, column, message, hint } = decoded.problem;
  throw new HaloKbError('TEMPLATE_ENCODING', `${file}:${line}:${column}: The template ${message}.`, { hint });
}

async function readTemplate(dir: string, name: TemplateName): Promise<string> {
  const file = path.join(dir, `${name}.html`);
  try {
    return templateText(file, await readFile(file));
  } catch (error) {
    if (error instanceof HaloKbError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new HaloKbError('TEMPLATE_UNREADABLE', `Cannot read the template ${file}: ${(error as Error).message}`, { cause: error });
    }
  }
  try {
    return await readFile(path.join(BUILTIN_TEMPLATES_DIR, `${name}.html`), 'utf8');
  } catch (error) {
    throw new HaloKbError('TEMPLATE_MISSING', `The built-in template ${name}.html is missing from ${BUILTIN_TEMPLATES_DIR}.`, {
      cause: error,
    });
  }
}

const BODY = /\{\{\{\s*body\s*\}\}\}/g;

/**
 * A template as it is used: sanitised. `{{{body}}}` must stay where HTML goes (an element's
 * content): inside an attribute, the article's HTML could close the attribute and add its own.
 */
function safeTemplate(file: string, text: string): string {
  const safe = sanitizeHtml(text);
  const everywhere = safe.match(BODY)?.length ?? 0;
  if (everywhere > bodyInText(safe)) {
    throw new HaloKbError('TEMPLATE_BODY_IN_ATTRIBUTE', `The template ${file} puts {{{body}}} inside an attribute or a tag.`);
  }
  return safe;
}

/** How many `{{{body}}}` placeholders sit in text between tags. */
function bodyInText(html: string): number {
  let count = 0;
  const walk = (nodes: readonly RootContent[]): void => {
    for (const node of nodes) {
      if (node.type === 'text') count += node.value.match(BODY)?.length ?? 0;
      else if (node.type === 'element') walk(node.children);
    }
  };
  walk(parseHtml(html).children);
  return count;
}

/** Load the project's templates, falling back to the built-in ones for any that are missing. */
export async function loadTemplates(dir: string): Promise<Templates> {
  const [articleText, pdfText] = await Promise.all([readTemplate(dir, 'article'), readTemplate(dir, 'pdf')]);
  const article = safeTemplate(path.join(dir, 'article.html'), articleText);
  const pdf = safeTemplate(path.join(dir, 'pdf.html'), pdfText);
  if (!/\{\{\{\s*body\s*\}\}\}/.test(article)) {
    throw new HaloKbError('TEMPLATE_NO_BODY', `The template ${path.join(dir, 'article.html')} has no {{{body}}} placeholder, so articles would be empty.`);
  }
  const hash = createHash('sha256').update(article).update('\0').update(pdf).digest('hex');
  return { article, pdf, hash };
}
