/** What a route handler gets: the data, the options, the request's query and parsed body. */
import type { ResolvedOptions } from './options.js';
import type { EmulatorData } from './store.js';

export interface RouteContext {
  data: EmulatorData;
  options: ResolvedOptions;
  query: URLSearchParams;
  body: unknown;
  /** Call after changing `data`, so it is persisted. */
  changed(): void;
}

/** Query parameters are case-insensitive in Halo (ASP.NET model binding). */
export function param(query: URLSearchParams, name: string): string | undefined {
  for (const [key, value] of query) if (key.toLowerCase() === name) return value;
  return undefined;
}

export function flag(query: URLSearchParams, name: string): boolean {
  return /^(true|1|yes)$/i.test(param(query, name) ?? '');
}

export function now(): string {
  return new Date().toISOString();
}

/**
 * Pagination as Halo does it: `pageinate=true&page_size=N&page_no=P` (1-based), else `count=N` caps
 * the rows; `record_count` is always the total before paging.
 */
export function paginate<T>(rows: T[], query: URLSearchParams, maxPageSize?: number): { page: T[]; total: number } {
  const total = rows.length;
  if (flag(query, 'pageinate')) {
    const asked = Math.max(1, Number(param(query, 'page_size') ?? 50) || 50);
    const size = maxPageSize === undefined ? asked : Math.min(asked, maxPageSize);
    const pageNo = Math.max(1, Number(param(query, 'page_no') ?? 1) || 1);
    return { page: rows.slice((pageNo - 1) * size, pageNo * size), total };
  }
  const count = Number(param(query, 'count'));
  return { page: Number.isInteger(count) && count > 0 ? rows.slice(0, count) : rows, total };
}

/** A JSON value as a list of records: Halo's POST bodies are arrays. */
export function records(body: unknown): Record<string, unknown>[] | undefined {
  if (!Array.isArray(body)) return undefined;
  return body.filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object' && !Array.isArray(item));
}

export function numberOr(value: unknown, fallback: number): number {
  const n = Number(value);
  return value === undefined || value === null || value === '' || !Number.isFinite(n) ? fallback : n;
}

export function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

export function boolOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** The POST reply the options ask for. */
export function saveReply(saved: unknown[], options: ResolvedOptions): unknown {
  if (options.saveReply === 'empty') return undefined;
  if (options.saveReply === 'first') return saved[0];
  return saved;
}
