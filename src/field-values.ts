/**
 * What a value of each field type must be: the check that normalises a right value, the words and
 * the example an error shows for a wrong one, and the check of every URL in a mapping of URLs.
 */
import type { ParsedYaml } from './parse-yaml.js';
import type { FieldProblem, FieldSpec, FieldType } from './schema.js';

/** The example shown in an error for each type: what a right value looks like. */
export const EXAMPLE: Record<FieldType, string> = {
  string: 'text',
  boolean: 'true',
  'positive-number': '25',
  'whole-number': '20',
  'string-list': '[vpn, remote-access]',
  date: '2026-06-30',
  url: 'https://files.example.com/handbook.pdf',
  'url-map': '{ "files/big.zip": "https://files.example.com/big.zip" }',
  'url-template': '"{url}/kb?id={id}"',
  'string-map': '{ "files/big.zip": "https://files.example.com/big.zip" }',
  mapping: '{ key: value }',
};

export const TYPE_NAME: Record<FieldType, string> = {
  string: 'a string',
  boolean: 'true or false',
  'positive-number': 'a positive number',
  'whole-number': 'a whole number, at least 1',
  'string-list': 'a list of strings',
  date: 'a date (YYYY-MM-DD)',
  url: 'an http(s) URL',
  'url-map': 'a mapping of paths to http(s) URLs',
  'url-template': 'an http(s) URL once {url} and {id} are filled in',
  'string-map': 'a mapping of strings to strings',
  mapping: 'a mapping',
};

export function describe(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** `YYYY-MM-DD` naming a day that exists: Date.parse takes "2027-02-30" as 2 March. */
function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
}

/** Whether `value` is an absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function checkValue(spec: FieldSpec, value: unknown): unknown {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'positive-number':
      return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
    case 'whole-number':
      return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
    case 'string-list':
      if (typeof value === 'string')
        return value
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
      if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
        return value.map(String);
      }
      return undefined;
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? value : undefined;
    case 'url':
      return typeof value === 'string' && isHttpUrl(value) ? value : undefined;
    case 'url-template':
      return typeof value === 'string' && isHttpUrl(value.replace(/\{url\}/g, 'https://example.halopsa.com').replace(/\{id\}/g, '1')) ? value : undefined;
    case 'url-map':
    case 'string-map':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
      return Object.values(value).every((v) => typeof v === 'string') ? value : undefined;
    case 'mapping':
      return isRecord(value) ? value : undefined;
  }
}

/**
 * One problem for each value of a mapping of URLs that is not an http(s) URL: such a URL goes into
 * the published HTML as a link, where javascript: or data: would run script.
 */
export function badUrls(spec: FieldSpec, key: string, value: Record<string, unknown>, parsed: Pick<ParsedYaml, 'position'>, at: readonly (string | number)[], what: string): FieldProblem[] {
  return Object.entries(value)
    .filter(([, url]) => typeof url !== 'string' || !isHttpUrl(url))
    .map(([name, url]) => ({
      severity: 'error',
      ruleId: 'wrong-type',
      message: `${what} key "${key}" links ${JSON.stringify(name)} to ${typeof url === 'string' ? JSON.stringify(url) : describe(url)}, which is not an http(s) URL.`,
      hint: `${spec.description} Only http:// and https:// links are published. Example: ${key}: ${EXAMPLE[spec.type]}`,
      position: parsed.position([...at, name]),
    }));
}

/** True for a plain mapping (not a list, not a scalar). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A predicate for a record whose `fields` are all strings (one shape checked over many values). */
export const withStrings =
  (...fields: string[]) =>
  (value: unknown): boolean =>
    isRecord(value) && fields.every((field) => typeof value[field] === 'string');

/** A predicate for a record whose `fields` are all numbers. */
export const withNumbers =
  (...fields: string[]) =>
  (value: unknown): boolean =>
    isRecord(value) && fields.every((field) => typeof value[field] === 'number');
