/**
 * Injected trouble: a rolling-window rate limit answering 429 with Halo's own message, latency, 5xx
 * answers, timeouts (the work is done, the answer never comes), lost replies (the work is done, then
 * the connection is cut), dropped connections (nothing is done), hangs (nothing is done, no answer
 * ever comes) and damaged success replies, at random rates, for every list read, or for the next
 * matching requests, optionally after letting a number of them through ("stop answering after the
 * 3rd write", "damage page 2").
 */
import type { Corruption, FaultRates, InjectedFault, RateLimitOptions } from './options.js';
import type { Reply } from './reply.js';

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'error'; status: number; page?: boolean }
  | { kind: 'timeout' }
  | { kind: 'drop' }
  | { kind: 'lost-reply' }
  | { kind: 'hang' }
  | { kind: 'corrupt'; corruption: Corruption };

/** A list read: `GET /api/<resource>` without an id (authinfo is no list). */
function isListRead(method: string, path: string): boolean {
  return method === 'GET' && /^\/api\/[a-z]+$/.test(path) && path !== '/api/authinfo';
}

/** A small seeded generator (mulberry32), so a faulty run can be repeated exactly. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** "5 minute" or "30 second", as Halo words its window. */
function windowText(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} minute` : `${seconds} second`;
}

export class Faults {
  readonly #rates: FaultRates;
  readonly #random: () => number;
  #injected: (InjectedFault & { left: number; skip: number })[] = [];

  constructor(rates: FaultRates) {
    this.#rates = rates;
    this.#random = seeded(rates.seed ?? 1);
  }

  get latencyMs(): number {
    return this.#rates.latencyMs ?? 0;
  }

  inject(fault: InjectedFault): void {
    this.#injected.push({ ...fault, left: fault.times ?? 1, skip: Math.max(0, fault.after ?? 0) });
  }

  clear(): void {
    this.#injected = [];
  }

  /** What happens to this request. `path` is lower-cased; `query` is the URL's search part. */
  decide(method: string, path: string, query = ''): FaultDecision {
    const matches = this.#injected.filter(
      (f) =>
        f.left > 0 &&
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (f.path === undefined || path.startsWith(f.path.toLowerCase())) &&
        (f.query === undefined || query.includes(f.query)),
    );
    const hit = matches.find((f) => f.skip === 0);
    // A fault still waiting for its turn counts this request as one let through.
    for (const f of matches) if (f.skip > 0) f.skip -= 1;
    if (hit !== undefined) {
      hit.left -= 1;
      this.#injected = this.#injected.filter((f) => f.left > 0);
      if (hit.kind === 'error') return { kind: 'error', status: hit.status ?? 503, ...(hit.page === true ? { page: true } : {}) };
      if (hit.kind === 'corrupt') return { kind: 'corrupt', corruption: hit.corruption ?? 'truncated' };
      return { kind: hit.kind };
    }
    if (this.#rates.corruptLists !== undefined && isListRead(method, path)) return { kind: 'corrupt', corruption: this.#rates.corruptLists };
    const roll = (rate: number | undefined): boolean => rate !== undefined && rate > 0 && this.#random() < rate;
    if (roll(this.#rates.dropRate)) return { kind: 'drop' };
    if (roll(this.#rates.errorRate)) return { kind: 'error', status: 503 };
    if (roll(this.#rates.timeoutRate)) return { kind: 'timeout' };
    // Only a write has a stored result whose reply can be lost.
    if (method !== 'GET' && roll(this.#rates.lostReplyRate)) return { kind: 'lost-reply' };
    return { kind: 'none' };
  }
}

const SIGN_IN_PAGE =
  '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Sign in to your account</title></head>\n' +
  '<body><form method="post" action="/login"><input name="username"><input name="password" type="password"></form></body></html>\n';

/** A web server's own error page for `status`, as IIS or a proxy in front of Halo answers. */
export function serverErrorPage(status: number): Reply {
  const title = `${status} - ${status === 405 ? 'HTTP verb used to access this page is not allowed.' : status === 403 ? 'Forbidden: Access is denied.' : 'Error'}`;
  return { status, raw: { contentType: 'text/html', data: `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h2>${title}</h2></body></html>\n` } };
}

/** The list of an envelope reply (`{record_count, articles: [...]}`), or of a bare array. */
function rowsOf(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json;
  if (json === null || typeof json !== 'object') return undefined;
  return Object.values(json).find((v): v is unknown[] => Array.isArray(v));
}

/** A success reply damaged the way `corruption` says; other replies are left alone. */
export function corruptReply(reply: Reply, corruption: Corruption): Reply {
  if (reply.status < 200 || reply.status >= 300 || reply.json === undefined) return reply;
  const text = JSON.stringify(reply.json);
  const raw = (data: string, contentType = 'application/json; charset=utf-8'): Reply => ({ ...reply, json: undefined, raw: { contentType, data } });
  switch (corruption) {
    case 'invalid-json':
      // The anti-JSON-hijacking prefix some web frameworks put in front of JSON.
      return raw(`)]}',\n${text}`);
    case 'truncated':
      return raw(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    case 'html':
      return raw(SIGN_IN_PAGE, 'text/html; charset=utf-8');
    case 'empty':
      return raw('');
    case 'wrong-count': {
      const envelope = reply.json as Record<string, unknown>;
      if (typeof envelope['record_count'] !== 'number') return reply;
      return { ...reply, json: { ...envelope, record_count: envelope['record_count'] + 5 } };
    }
    case 'short-page': {
      const rows = rowsOf(reply.json);
      if (Array.isArray(reply.json) || rows === undefined || rows.length === 0) return reply;
      const envelope = reply.json as Record<string, unknown>;
      const key = Object.keys(envelope).find((k) => envelope[k] === rows) ?? '';
      return { ...reply, json: { ...envelope, [key]: rows.slice(0, -1) } };
    }
  }
}

/** Halo's hosted limit: N requests per rolling window, counted on arrival. */
export class RollingLimit {
  readonly #options: RateLimitOptions;
  readonly #arrivals: number[] = [];

  constructor(options: RateLimitOptions) {
    this.#options = options;
  }

  /** Count this request, or a 429 reply when it is over the limit (a refused request is not counted). */
  admit(now = Date.now()): Reply | undefined {
    const windowMs = this.#options.windowSeconds * 1000;
    while (this.#arrivals.length > 0 && (this.#arrivals[0] ?? now) <= now - windowMs) this.#arrivals.shift();
    const over = this.#arrivals.length >= this.#options.requests;
    if (over) {
      const oldest = this.#arrivals[0] ?? now;
      const headers: Record<string, string> = {};
      if (this.#options.retryAfter === true) headers['retry-after'] = String(Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)));
      // The message is Halo's, as reported by users of the PowerShell module; the JSON key is unknown,
      // so the emulator sends it as a JSON string.
      return { status: 429, json: `Rate Limit Reached - ${this.#options.requests} Requests per rolling ${windowText(this.#options.windowSeconds)} window`, headers };
    }
    this.#arrivals.push(now);
    return undefined;
  }
}
