/**
 * Halo's own feedback on one article, read from whatever record Halo sent (a list row or the
 * article's details): views, useful and not-useful votes, the next review date.
 *
 * Halo's forms here are not all known (halo-api.md §2: the detail record carries the counters; whether
 * list rows do is unknown), so every plausible form is read: a number, a string of digits ("12"),
 * missing or null (not known: shown as such, never taken for 0), negative or not a whole number
 * (not a count: not known either). Review dates come as `YYYY-MM-DD` with a time, with or without
 * a zone; absent, null, empty and Halo's empty date (`1900-01-01T00:00:00`, or .NET's `0001-01-01`)
 * mean none.
 */

/** The counters Halo keeps per article; `null` where Halo sent none that can be read. */
export interface HaloFeedback {
  views: number | null;
  useful: number | null;
  notUseful: number | null;
  /** `YYYY-MM-DD`, or null when the article has none. */
  nextReviewDate: string | null;
}

export const COUNTER_FIELDS = ['view_count', 'useful_count', 'notuseful_count'] as const;

/**
 * Whether a record carries all three counters with a value. A list row may carry none, or carry
 * the fields empty (null) where only the details fill them in: either way the details are read.
 */
export function carriesCounters(record: Record<string, unknown>): boolean {
  return COUNTER_FIELDS.every((field) => record[field] !== undefined && record[field] !== null);
}

/** A count as Halo may send it, or null when it is not one. */
export function readCount(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/**
 * A review date as `YYYY-MM-DD`, or null. The date is taken as written, zone or not: it is the day
 * the reviewer picked in Halo, and the zone Halo means without one is unknown.
 */
export function readReviewDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (match === null) return null;
  const [, y = '', m = '', d = ''] = match;
  // Halo's "no date" is 1900-01-01; .NET's default 0001-01-01 is the same in other clothes.
  if (Number(y) <= 1900) return null;
  const time = Date.UTC(Number(y), Number(m) - 1, Number(d));
  return new Date(time).toISOString().slice(0, 10) === `${y}-${m}-${d}` ? `${y}-${m}-${d}` : null;
}

export function readFeedback(record: Record<string, unknown>): HaloFeedback {
  return {
    views: readCount(record['view_count']),
    useful: readCount(record['useful_count']),
    notUseful: readCount(record['notuseful_count']),
    nextReviewDate: readReviewDate(record['next_review_date']),
  };
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
