/**
 * Compile one article source to its Halo HTML and metadata. Self-contained plain data in and out,
 * so it runs the same in the main thread and in a worker; everything that depends on other files
 * (links, attachment sizes) is left to the resolve stage.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { readFrontmatter, readSidecar } from '../content/frontmatter.js';
import { keyFromPath, sourceFileUrl, titleFromFileName } from '../content/article-path.js';
import type { ArticleBase } from '../model/article.js';
import { linkToken } from '../model/link-token.js';
import type { ArticleMeta, SourceFile } from '../model/source.js';
import { readPdfInfo } from '../content/read-pdf.js';
import { readPdfText } from '../content/pdf-thread.js';
import { formatSize } from '../format-size.js';
import { decodeUtf8, notTextDiagnostic } from '../utf8-text.js';
import { renderMarkdown, type LocalRef, type RenderedMarkdown } from './markdown.js';
import { articleBase, compileFailure, failedArticle } from './failed-article.js';
import { pdfTextHtml } from './pdf-text-html.js';
import { escapeHtml, renderTemplate } from './template.js';
import { scrubAttributes } from './safe-html.js';
import { articleTooLarge, type CompileSettings } from './compile-settings.js';
import { TreeTooDeepError } from './tree-depth.js';

/**
 * Whether `error` says the document nests too deeply: its tree is over the limit (tree-depth.ts),
 * or the engine's own "Maximum call stack size exceeded" met it before the limit was checked.
 */
function isTooDeep(error: unknown): boolean {
  return error instanceof TreeTooDeepError || (error instanceof RangeError && /call stack/i.test(error.message));
}

function tooDeep(file: string): Diagnostic {
  return diagnostic(
    'error',
    'markdown-too-deep',
    file,
    'The Markdown nests too deeply to compile: blockquotes, lists or HTML elements about a thousand levels inside one another. It is not published.',
    {},
    'Flatten the nesting (Halo shows no more than a few levels legibly); if the file was generated, fix what generated it.',
  );
}

/** An article compiled on its own, before cross-article resolution. */
export interface CompiledArticle extends ArticleBase {
  /** Extra FAQ lists named in frontmatter, as folder paths within the KB. */
  extraFaqLists: string[];
  /** Public URLs for oversized files, by the path as written in the frontmatter. */
  publicLinks: Record<string, string>;
  /** A PDF article's own public link (sidecar `public_link`). */
  publicLink?: string;
  /** HTML with `halo-kb://article/N` and `halo-kb://file/N` tokens indexing `refs`. */
  html: string;
  refs: LocalRef[];
}

// Sources are small and each is read once, where it is compiled: a synchronous read costs less
// than a file handle's round trips, and a worker has nothing else to do meanwhile.
function readSource(file: string): Buffer {
  return readFileSync(file);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function sourceLink(settings: CompileSettings, source: SourceFile): string | undefined {
  return settings.sourceUrl === undefined ? undefined : sourceFileUrl(settings.sourceUrl, source.displayPath);
}

/**
 * A lone UTF-16 surrogate, which only a YAML escape such as "\uD83D" in frontmatter can produce.
 * The HTML is stored and sent as UTF-8, where it would become U+FFFD anyway: it becomes that here,
 * so a build's HTML and hash are the same whether or not they went through the build cache.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wrap(settings: CompileSettings, source: SourceFile, key: string, title: string, summary: string | undefined, body: string): string {
  const html = renderTemplate(settings.templates.article, {
    key,
    title,
    summary,
    body,
    source_path: source.displayPath,
    source_url: sourceLink(settings, source),
  }).trim();
  // The key marker is added whatever the template says: publishing finds its articles in Halo by it.
  // Keys derived from file names may hold any character, so they are escaped like any text.
  const safe = escapeHtml(key);
  // The template was sanitised when loaded and the body by the Markdown pipeline; what the values
  // filled in could still do is put a javascript: URL where the template has {{title}} in an href.
  return `${scrubAttributes(html)}\n<p class="halo-kb-key" data-halo-kb-key="${safe}" style="color:#8a8a8a;font-size:10px">halo-kb key: ${safe}</p>\n`.replace(LONE_SURROGATE, '\uFFFD');
}

async function compileMarkdown(source: SourceFile, settings: CompileSettings): Promise<CompiledArticle> {
  if (source.size > settings.maxArticleBytes) return oversized(source, settings);
  const bytes = readSource(source.absPath);
  const decoded = decodeUtf8(bytes);
  // Text that is not UTF-8 is never guessed at: the article is compiled empty, with the error.
  const text = decoded.ok ? decoded.text : '';
  const front = readFrontmatter(text, source.displayPath);
  const diagnostics = decoded.ok ? [...front.diagnostics] : [notTextDiagnostic(source.displayPath, decoded.problem)];
  const meta = front.meta;
  let rendered: RenderedMarkdown;
  try {
    rendered = await renderMarkdown(front.body, { dropLeadingH1: meta.title === undefined });
  } catch (error) {
    if (!isTooDeep(error)) throw error;
    diagnostics.push(tooDeep(source.displayPath));
    rendered = { html: '', headings: [], refs: [] };
  }
  const title = meta.title ?? rendered.firstH1 ?? titleFromFileName(path.basename(source.contentPath));
  if (front.body.trim() === '' && !diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push(
      diagnostic(
        'error',
        'empty-article',
        source.displayPath,
        text.trim() === '' ? 'The file is empty.' : 'The article has no text below its frontmatter.',
        { line: 1, column: 1 },
        'Write the article, mark it "draft: true" until it is ready, or delete the file.',
      ),
    );
  }
  const article = articleBase(source, meta, diagnostics);
  return {
    ...article,
    title,
    html: wrap(settings, source, article.key, title, article.summary, rendered.html),
    headings: rendered.headings,
    refs: rendered.refs,
    sourceSha256: sha256(bytes),
  };
}

/**
 * A Markdown source over the article limit is not read nor compiled at all: its HTML would be
 * over the limit too, and compiling tens of megabytes would only cost time and memory.
 */
function oversized(source: SourceFile, settings: CompileSettings): CompiledArticle {
  const diagnostics = [articleTooLarge(source.displayPath, 'This file is', source.size, settings.maxArticleBytes)];
  const key = keyFromPath(source.contentPath);
  const title = titleFromFileName(path.basename(source.contentPath));
  return { ...articleBase(source, {}, diagnostics), key, title, html: wrap(settings, source, key, title, undefined, ''), headings: [], refs: [] };
}

async function compilePdf(source: SourceFile, settings: CompileSettings): Promise<CompiledArticle> {
  const diagnostics: Diagnostic[] = [];
  let meta: ArticleMeta = {};
  let sidecarSha256: string | undefined;
  if (source.sidecar !== undefined) {
    const sidecarBytes = readSource(source.sidecar.absPath);
    sidecarSha256 = sha256(sidecarBytes);
    const decoded = decodeUtf8(sidecarBytes);
    if (decoded.ok) {
      const sidecar = readSidecar(decoded.text, source.sidecar.displayPath);
      meta = sidecar.meta;
      diagnostics.push(...sidecar.diagnostics);
    } else {
      diagnostics.push(notTextDiagnostic(source.sidecar.displayPath, decoded.problem));
    }
  }
  const bytes = readSource(source.absPath);
  let info = await readPdfInfo(bytes);
  // The text Halo's search will find. A file pdf-lib read but pdf.js cannot open gets the same
  // errors as one pdf-lib refused; one whose reading stopped short of an answer is published
  // without its text.
  const text = info.ok && meta.extract_text !== false ? await readPdfText(bytes, { maxPages: meta.extract_text_pages }) : undefined;
  if (text?.ok === false && text.stopped === true) {
    diagnostics.push(
      diagnostic(
        'warning',
        'pdf-text-unread',
        source.displayPath,
        `The text of this PDF could not be read (${text.reason}): it is published without it, and Halo search will only find its title.`,
        {},
        'Split the PDF into smaller files, or put "extract_text: false" in its .pdf.yml to say it is meant to be so.',
      ),
    );
  } else if (text?.ok === false) {
    info = text;
  }
  const fileName = path.basename(source.contentPath);
  const article = articleBase(source, meta, diagnostics);
  const title = meta.title ?? (info.ok ? info.documentTitle : undefined) ?? titleFromFileName(fileName);
  const refs: LocalRef[] = [{ kind: 'link', written: fileName, path: fileName, fromRoot: false }];
  if (!info.ok && info.encrypted === true) {
    diagnostics.push(
      diagnostic(
        'error',
        'encrypted-pdf',
        source.displayPath,
        `This PDF is encrypted (password-protected, or restricted by permissions): halo-kb cannot read its title and pages, and readers in Halo may be asked for a password; it is not published.`,
        {},
        'Save a copy without security (in Acrobat: File > Properties > Security > No Security; or "qpdf --decrypt in.pdf out.pdf") and commit that instead.',
      ),
    );
  } else if (!info.ok) {
    diagnostics.push(diagnostic('error', 'invalid-pdf', source.displayPath, `This is not a valid PDF: ${info.reason}.`, {}, 'Export the document to PDF again, or remove the file.'));
  } else if (info.damaged !== undefined) {
    diagnostics.push(
      diagnostic('warning', 'damaged-pdf', source.displayPath, `This PDF may be damaged: ${info.damaged}.`, {}, 'Check that it opens in a PDF reader; export it again if anything is missing.'),
    );
  }
  let body = renderTemplate(settings.templates.pdf, {
    title,
    summary: article.summary,
    file_name: fileName,
    page_count: info.ok ? info.pageCount : 0,
    pages_word: info.ok && info.pageCount === 1 ? 'page' : 'pages',
    document_title: info.ok ? info.documentTitle : undefined,
    size: formatSize(source.size),
    // The PDF itself is reference 0: the resolve stage turns it into an upload or a public link.
    attachment_url: linkToken('file', '0'),
  }).trim();
  if (text?.ok === true) {
    // What is left of the article limit once the rest of the article is in, less room for the
    // URLs publishing puts in place of the references.
    const room = settings.maxArticleBytes - Buffer.byteLength(wrap(settings, source, article.key, title, undefined, body)) - 4096;
    const shown = pdfTextHtml(source.displayPath, text, room);
    diagnostics.push(...shown.diagnostics);
    if (shown.html !== '') body += `\n${shown.html}`;
  }
  const compiled: CompiledArticle = {
    ...article,
    title,
    html: wrap(settings, source, article.key, title, undefined, body),
    headings: [],
    refs,
    sourceSha256: sha256(bytes),
  };
  if (sidecarSha256 !== undefined) compiled.sidecarSha256 = sidecarSha256;
  if (info.ok) compiled.pdf = info.documentTitle === undefined ? { pageCount: info.pageCount } : { pageCount: info.pageCount, documentTitle: info.documentTitle };
  return compiled;
}

/**
 * Compile one source. Never throws: problems with the content are diagnostics on the result, and a
 * source that cannot be read (gone since the scan, say) or whose compile fails is an article with
 * that one error (see failed-article.ts), so one file never costs the others their compile.
 */
export async function compileArticle(source: SourceFile, settings: CompileSettings): Promise<CompiledArticle> {
  try {
    return await (source.kind === 'pdf' ? compilePdf(source, settings) : compileMarkdown(source, settings));
  } catch (error) {
    return failedArticle(source, compileFailure(source, error));
  }
}
