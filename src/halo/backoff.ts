/** How long to wait before the next attempt. */

/** Exponential back-off with jitter: base, 2×base, 4×base… capped at `maxMs`. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const exact = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  // ±20 % jitter, so parallel requests that failed together do not retry together.
  return Math.round(exact * (0.8 + Math.random() * 0.4));
}

/**
 * `Retry-After` in ms: either delta-seconds or an HTTP date. Undefined when absent or unreadable.
 * No source shows real Halo sending it, but proxies in front of Halo may.
 */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
