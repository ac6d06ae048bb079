/**
 * Whether a reply can be used at all. Halo's API "accepts and returns JSON only" (halo-api.md §1):
 * an HTML page or a redirect means something else answered (a sign-in page, a portal, a proxy), and
 * a success whose body is empty, cut short or not JSON cannot be read. Either is reported as what
 * came back; it is never taken for "no data".
 */
import { redact } from '../secrets.js';
import { statusText } from './explain.js';
import type { HttpResponse } from './transport.js';

/**
 * `json`: a read, whose success must carry JSON. `json-or-empty`: a write, whose success may carry
 * nothing (Halo's POST reply shape is unknown), or a body the caller does not rely on.
 */
export type ReplyExpectation = 'json' | 'json-or-empty';

export interface ReplyProblem {
  kind: 'html' | 'redirect' | 'empty' | 'cut-short' | 'not-json';
  /** What came back, to follow "answered 200 OK with": `an empty body`, `JSON cut short after 211 bytes`. */
  detail: string;
  /** A damaged success: worth sending again (when that is safe). */
  transient: boolean;
}

const MAX_EXCERPT = 60;

function header(res: HttpResponse, name: string): string {
  const value = res.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** A short, one-line, secret-free piece of untrusted text. */
export function safeExcerpt(text: string, max = MAX_EXCERPT): string {
  // Redacted before anything is cut or collapsed, so no part of a secret survives the cut.
  const line = redact(text)
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  copy: '©',
  reg: '®',
  trade: '™',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16) || 0xfffd);
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)) || 0xfffd);
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The page's <title>, else the start of its text, for a message. */
function pageName(html: string): string {
  const cleaned = redact(html);
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(cleaned)?.[1];
  if (title !== undefined && title.trim() !== '') return `titled ${JSON.stringify(safeExcerpt(decodeEntities(title), 80))}`;
  const text = safeExcerpt(decodeEntities(cleaned.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')));
  return text === '' ? 'with no text' : `starting ${JSON.stringify(text)}`;
}

function looksLikeHtml(res: HttpResponse): boolean {
  if (/html/i.test(header(res, 'content-type'))) return true;
  return /^\s*(?:\ufeff)?\s*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(res.text);
}

/** Where a redirect points, without its query (which may carry a sign-in session). */
function redirectTarget(res: HttpResponse): string {
  const location = header(res, 'location');
  if (location === '') return 'a redirect without a Location';
  return `a redirect to ${safeExcerpt(location.replace(/[?#].*$/, ''), 100)}`;
}

/**
 * What is wrong with a reply, or undefined when it can be used (or explained by its status).
 * Rate limits, server errors and "too large" are left to the retry loop and `explainFailure`: proxies
 * in front of a real Halo answer those with HTML pages of their own.
 */
export function checkReply(res: HttpResponse, expect: ReplyExpectation): ReplyProblem | undefined {
  const success = res.status >= 200 && res.status < 300;
  if (res.status === 429 || res.status >= 500) return undefined;
  // Too large: a proxy in front of Halo (nginx's own page) says so as plainly as Halo would.
  if (res.status === 413) return undefined;
  if (res.status >= 300 && res.status < 400) return { kind: 'redirect', detail: redirectTarget(res), transient: false };
  if (looksLikeHtml(res)) {
    const type = header(res, 'content-type');
    return { kind: 'html', detail: `an HTML page (${type === '' ? 'no content type' : safeExcerpt(type)}) ${pageName(res.text)}`, transient: success };
  }
  if (!success || expect === 'json-or-empty') return undefined;
  if (res.text.trim() === '') return { kind: 'empty', detail: 'an empty body', transient: true };
  try {
    JSON.parse(res.text);
    return undefined;
  } catch (error) {
    const bytes = Buffer.byteLength(res.text);
    // Cut short: the parser ran out of input ("Unexpected end of JSON input"), or stopped where it ends
    // ("Expected ',' or '}' after property value in JSON at position 6" for `{"a":1`).
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message)?.[1];
    if (/end of (JSON )?input/i.test(message) || (at !== undefined && Number(at) >= res.text.trimEnd().length)) {
      return { kind: 'cut-short', detail: `JSON cut short after ${bytes} bytes`, transient: true };
    }
    return { kind: 'not-json', detail: `a body that is not JSON: ${JSON.stringify(safeExcerpt(res.text, 40))}`, transient: true };
  }
}

/** "200 OK with an empty body": the reply, as a message names it. */
export function describeReply(res: HttpResponse, problem: ReplyProblem): string {
  return `${statusText(res.status)} with ${problem.detail}`;
}
