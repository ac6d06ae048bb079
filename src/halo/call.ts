/** One request to Halo's resource server, as the client's operations describe it. */
import type { HaloArea } from './explain.js';

export interface Call {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path under the resource server, e.g. `/KBArticle`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** `never` for creates: see `http.ts`. */
  retry: 'safe' | 'never';
  area: HaloArea;
  /** What the client is doing, as a verb phrase for error messages: "create 3 articles". */
  action: string;
}

/** How a create went: stored for sure, or failed in a way that may still have stored it. */
export type CreateOutcome<T> = { ok: true; value: T } | { ok: false; error: Error };
