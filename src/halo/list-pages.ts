/**
 * Reading a whole listing from Halo, page by page, and refusing a partial one. Planning compares
 * the content tree with what Halo holds: a listing that silently lost rows makes published articles
 * look deleted, and publishing would create them again. So a page that holds no list, a short page
 * before the end, and rows that do not add up to `record_count` are problems, never the end of the list.
 */
import { isRecord, type JsonRecord } from './records.js';
import { plural } from '../report/plural.js';

export interface ListPage {
  rows: JsonRecord[];
  /** `record_count`, where the reply has one (bare arrays do not). */
  total: number | undefined;
}

/** What the rows are called in messages: `['article', 'articles']`. */
export type Noun = readonly [one: string, many: string];

function count(n: number, noun: Noun): string {
  return plural(n, noun[0], noun[1]);
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The rows of one list reply: `{record_count, [key]: [...]}`, a bare array (FAQ lists), or an
 * envelope whose array has another name (Halo's envelope keys are only partly known). An envelope
 * without any array is an empty list only when its `record_count` says 0; otherwise it is a problem.
 */
export function readListPage(value: unknown, key: string, noun: Noun): ListPage | { problem: string } {
  if (Array.isArray(value)) return { rows: value.filter(isRecord), total: undefined };
  if (!isRecord(value)) return { problem: `JSON that holds no list of ${noun[1]} (${jsonKind(value)})` };
  const counted = Number(value['record_count']);
  const total = value['record_count'] !== undefined && value['record_count'] !== null && Number.isFinite(counted) ? counted : undefined;
  const direct = value[key];
  const rows = Array.isArray(direct) ? direct : Object.values(value).find((v): v is unknown[] => Array.isArray(v));
  if (rows === undefined) {
    if (total === 0) return { rows: [], total };
    return { problem: `JSON that holds no list of ${noun[1]} (an object with ${Object.keys(value).slice(0, 4).join(', ') || 'no fields'})` };
  }
  return { rows: rows.filter(isRecord), total };
}

export interface ReadAllOptions {
  /** Rows asked for per page. */
  pageSize: number;
  /** "GET /api/KBArticle", for messages. */
  where: string;
  noun: Noun;
}

/** Read one page: its JSON value, or a problem already worded (`readListPage`'s). */
export type PageReader = (pageNo: number, pageSize: number) => Promise<ListPage | { problem: string }>;

/**
 * Every row of a paged listing, or what made it incomplete. Big pages keep a listing to a few
 * requests (the PowerShell module asks for 1000); some Halo endpoints are reported to cap pages at
 * 100, so a *first* page shorter than asked while `record_count` says more is a cap, and paging goes
 * on at the size the server really serves. Without a `record_count` a short page is the end: there
 * is nothing to check it against.
 */
export async function readAllPages(readPage: PageReader, options: ReadAllOptions): Promise<{ rows: JsonRecord[] } | { problem: string }> {
  const { where, noun } = options;
  let pageSize = Math.max(1, options.pageSize);
  const rows: JsonRecord[] = [];
  const seen = new Set<string>();
  for (let page = 1; ; page += 1) {
    const read = await readPage(page, pageSize);
    if ('problem' in read) return { problem: `${where} (page ${page}) answered with ${read.problem}` };
    const { rows: pageRows, total } = read;
    let fresh = 0;
    for (const row of pageRows) {
      const id = String(row['id']);
      if (seen.has(id)) continue;
      seen.add(id);
      rows.push(row);
      fresh += 1;
    }
    if (total === undefined) {
      if (fresh === 0 || pageRows.length < pageSize) return { rows };
      continue;
    }
    // More rows than counted is no partial picture (rows may be added while paging).
    if (rows.length >= total) return { rows };
    if (fresh === 0) {
      const held = pageRows.length === 0 ? 'held none' : 'held only rows already read';
      return { problem: `record_count says ${count(total, noun)}, but only ${rows.length} came (${where} page ${page} ${held})` };
    }
    if (pageRows.length < pageSize) {
      if (page !== 1) {
        return { problem: `${where} page ${page} held ${count(pageRows.length, noun)} where ${pageSize} were asked for, yet record_count says ${total} exist` };
      }
      pageSize = pageRows.length;
    }
  }
}
