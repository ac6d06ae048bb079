/**
 * Reading Halo's replies, whatever shape they take: bare objects (details), and POST replies that
 * may be one object, every object, or nothing at all (unknown for real Halo, so all are accepted).
 * List replies are read by `list-pages.ts`.
 */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Parse a reply body; an empty or non-JSON body is `undefined`. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A record's numeric id, or undefined when it has none (ids may arrive as strings). */
export function recordId(record: JsonRecord): number | undefined {
  const id = Number(record['id']);
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

/** The records of a POST reply: one object, an array, an envelope, or nothing. */
export function savedRecords(text: string): JsonRecord[] {
  const value = parseJson(text);
  if (Array.isArray(value)) return value.filter(isRecord);
  if (!isRecord(value)) return [];
  if (recordId(value) !== undefined || typeof value['name'] === 'string') return [value];
  const inner = Object.values(value).find((v): v is unknown[] => Array.isArray(v));
  return inner === undefined ? [] : inner.filter(isRecord);
}
