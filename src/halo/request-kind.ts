/**
 * Requests counted by kind, for request budgets in tests and benchmarks. The client and the emulator
 * name a request the same way, so their counts can be compared: method, then the path in lower case
 * with numeric ids replaced by `:id` and without the query, e.g. `GET /api/kbarticle/:id`.
 */

/** The kind of a request to `url` (absolute, or a path). */
export function requestKind(method: string, url: string): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/[?#].*$/, '');
  const normalised = path
    .toLowerCase()
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) => (/^\d+$/.test(segment) ? ':id' : segment))
    .join('/');
  return `${method.toUpperCase()} ${normalised === '' ? '/' : normalised}`;
}

/** The path of `url` as sent, without origin, query or fragment: what progress lines show (a query may carry a tenant). */
export function requestPath(url: string): string {
  return url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/[?#].*$/, '') || '/';
}

/** Counts by kind. */
export interface RequestCounts {
  total: number;
  byKind: Record<string, number>;
}

export class RequestCounter {
  #total = 0;
  #byKind = new Map<string, number>();

  add(kind: string): void {
    this.#total += 1;
    this.#byKind.set(kind, (this.#byKind.get(kind) ?? 0) + 1);
  }

  /** A copy of the counts, kinds sorted by name. */
  snapshot(): RequestCounts {
    const byKind: Record<string, number> = {};
    for (const kind of [...this.#byKind.keys()].sort()) byKind[kind] = this.#byKind.get(kind) ?? 0;
    return { total: this.#total, byKind };
  }

  reset(): void {
    this.#total = 0;
    this.#byKind.clear();
  }
}
