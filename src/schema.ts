/**
 * YAML with source positions, and a small field schema. Frontmatter, sidecars, `_company.yml` and the
 * config file are all checked through here, so every problem points at the YAML line it is on.
 *
 * YAML is parsed with the `yaml` package in its 1.2 core schema: `yes` stays a string, dates stay
 * strings, and nothing in a document can run code.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

export interface YamlIssue extends Position {
  message: string;
}

export interface ParsedYaml {
  /** The document as plain data; `undefined` for an empty document. */
  data: unknown;
  /** Syntax errors, already shifted by the line offset. */
  errors: YamlIssue[];
  /** Where the value at `path` starts (or its key, with `key: true`). */
  position(path: readonly (string | number)[], key?: boolean): Position | undefined;
  /**
   * The scalar at `path` (or its key) as YAML read it and as it is written in the file, so that a
   * number such as `3.10` can be told from `3.1`; undefined when there is no scalar there.
   */
  scalar(path: readonly (string | number)[], key?: boolean): { value: unknown; source: string } | undefined;
}

/**
 * Parse `text`. `lineOffset` is added to every line number, for YAML that sits inside a larger file
 * (frontmatter starts on line 2 of its Markdown file).
 */
export function parseYaml(text: string, lineOffset = 0): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Position => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + lineOffset, column: pos.col };
  };
  const errors = doc.errors.map((e) => ({
    // The yaml package appends " at line N, column M" with its own numbering; positions are ours.
    message: e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, ''),
    ...at(e.pos[0]),
  }));
  let data: unknown;
  try {
    data = errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    errors.push({ message: error instanceof Error ? error.message : String(error), line: 1 + lineOffset, column: 1 });
  }
  const nodeAt = (path: readonly (string | number)[], key: boolean): Node | undefined => {
    let node: unknown = doc.contents;
    let keyNode: Node | undefined;
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
        if (pair === undefined) return undefined;
        keyNode = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step];
        keyNode = undefined;
      } else {
        return undefined;
      }
    }
    return (key ? keyNode : undefined) ?? (node as Node | null | undefined) ?? keyNode;
  };
  return {
    data: data ?? undefined,
    errors,
    position(path, key = false) {
      const range = nodeAt(path, key)?.range;
      return range ? at(range[0]) : undefined;
    },
    scalar(path, key = false) {
      const node = nodeAt(path, key);
      if (!isScalar(node) || node.range === undefined || node.range === null) return undefined;
      return { value: node.value, source: text.slice(node.range[0], node.range[1]) };
    },
  };
}

export type FieldType = 'string' | 'boolean' | 'positive-number' | 'string-list' | 'date' | 'url' | 'url-map' | 'url-template' | 'string-map' | 'mapping';

export interface FieldSpec {
  type: FieldType;
  /** One line for `--help`-style documentation and error hints. */
  description: string;
  /** For strings: the value must match. */
  pattern?: RegExp;
  /** For strings: what the pattern means, shown in the error. */
  patternHint?: string;
  /** Allowed values for a string. */
  values?: readonly string[];
  /** The documented default, as written in YAML, where there is one (shown by editors). */
  default?: string | number | boolean;
}

export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

export interface FieldProblem {
  severity: 'error' | 'warning';
  ruleId: string;
  message: string;
  hint?: string;
  position: Position | undefined;
}

/** The example shown in an error for each type: what a right value looks like. */
const EXAMPLE: Record<FieldType, string> = {
  string: 'text',
  boolean: 'true',
  'positive-number': '25',
  'string-list': '[vpn, remote-access]',
  date: '2026-06-30',
  url: 'https://files.example.com/handbook.pdf',
  'url-map': '{ "files/big.zip": "https://files.example.com/big.zip" }',
  'url-template': '"{url}/kb?id={id}"',
  'string-map': '{ "files/big.zip": "https://files.example.com/big.zip" }',
  mapping: '{ key: value }',
};

const TYPE_NAME: Record<FieldType, string> = {
  string: 'a string',
  boolean: 'true or false',
  'positive-number': 'a positive number',
  'string-list': 'a list of strings',
  date: 'a date (YYYY-MM-DD)',
  url: 'an http(s) URL',
  'url-map': 'a mapping of paths to http(s) URLs',
  'url-template': 'an http(s) URL once {url} and {id} are filled in',
  'string-map': 'a mapping of strings to strings',
  mapping: 'a mapping',
};

function describe(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
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

function checkValue(spec: FieldSpec, value: unknown): unknown {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'positive-number':
      return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
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
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
      return Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? undefined : value;
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
function badUrls(spec: FieldSpec, key: string, value: Record<string, unknown>, parsed: Pick<ParsedYaml, 'position'>, at: readonly (string | number)[], what: string): FieldProblem[] {
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

/** What YAML made of a bare word where text was wanted, when that is not the text as written. */
function misread(value: unknown, source: string): { kind: string; read: string } | undefined {
  if (value instanceof Date) return { kind: 'a date', read: `the date ${value.toISOString()}` };
  if (typeof value !== 'number' && typeof value !== 'boolean' && typeof value !== 'bigint') return undefined;
  // A number or boolean that reads back exactly as written (`2024`, `25`) loses nothing.
  if (String(value) === source) return undefined;
  const kind = typeof value === 'boolean' ? 'a boolean' : 'a number';
  return { kind, read: `${kind === 'a boolean' ? 'the boolean' : 'the number'} ${String(value)}` };
}

/**
 * A number, boolean or date in a field that holds text, which YAML would publish other than as
 * written: `title: 3.10` reads as the number 3.1, `title: 1e3` as 1000, `client_id: 0123` as 123.
 * The scalar's source text is compared, so only a quote can keep it; tags entries and the keys
 * of a mapping of paths are checked the same way.
 */
function unquotedText(spec: FieldSpec, key: string, value: unknown, parsed: Pick<ParsedYaml, 'position' | 'scalar'>, at: readonly (string | number)[], what: string): FieldProblem | undefined {
  const problem = (where: readonly (string | number)[], asKey: boolean, name: string, example: (quoted: string) => string): FieldProblem | undefined => {
    const scalar = parsed.scalar(where, asKey);
    if (scalar === undefined) return undefined;
    const wrong = misread(scalar.value, scalar.source);
    if (wrong === undefined) return undefined;
    const quoted = JSON.stringify(scalar.source);
    return {
      severity: 'error',
      ruleId: 'wrong-type',
      message: `${what} ${name} is ${wrong.kind} in YAML (${scalar.source}, read as ${wrong.read}), not text; quote it: ${example(quoted)}`,
      hint: `${spec.description} Quoted, it stays exactly as written.`,
      position: parsed.position(where, asKey),
    };
  };
  // Only what is not a string already can have been misread.
  if (spec.type === 'string') return typeof value === 'string' ? undefined : problem(at, false, `key "${key}"`, (q) => `${key}: ${q}`);
  if (spec.type === 'string-list' && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] === 'string') continue;
      const found = problem([...at, i], false, `key "${key}" entry ${i + 1}`, (q) => q);
      if (found !== undefined) return found;
    }
  }
  if ((spec.type === 'string-map' || spec.type === 'url-map') && isRecord(value)) {
    for (const name of Object.keys(value)) {
      const found = problem([...at, name], true, `key "${key}" has a key that`, (q) => `${q}: …`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Edit distance counting a swap of two neighbours as one edit (optimal string alignment), for
 * "did you mean" on unknown keys: "titel" is one slip away from "title", not two.
 */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Keys compared as they are meant: case, "-", "_" and spaces do not count. */
function plainKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** The known key with the lowest distance to `key` that `accept` lets through. */
function nearestKey(key: string, known: readonly string[], measure: (wanted: string, other: string) => number, accept: (d: number, wanted: string, other: string) => boolean): string | undefined {
  const wanted = plainKey(key);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const other = plainKey(candidate);
    const d = measure(wanted, other);
    if (d < bestDistance && accept(d, wanted, other)) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/**
 * The known key closest to `key`, when it is close enough to be a typo. Case, "-" and "_" are
 * ignored ("reviewDate", "review-date"), and a key that is the start of a known one ("max_size"
 * for "max_size_mb") counts as close too.
 */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  return nearestKey(
    key,
    known,
    (wanted, other) => (wanted.length >= 3 && (other.startsWith(wanted) || wanted.startsWith(other)) ? 1 : distance(wanted, other)),
    (d) => d <= Math.max(1, Math.floor(key.length / 3)),
  );
}

/**
 * The known key that `key` is a slip of: the same key but for case, "-", "_" or spaces (`Draft`,
 * `draft_`, `Title`), or one edit away (`drafts`, `tag`, `summmary`, `titel`; two for keys of
 * eight letters or more). Narrower than `suggestKey`, which also offers "identifier" -> "id" as a
 * hint: a key this close was surely meant as the known one, so ignoring it would be wrong.
 */
export function misspeltKey(key: string, known: readonly string[]): string | undefined {
  return nearestKey(key, known, distance, (d, wanted, other) => {
    const shorter = Math.min(wanted.length, other.length);
    return d === 0 || (shorter >= 3 && d <= (shorter >= 8 ? 2 : 1));
  });
}

export interface CheckOptions {
  /**
   * Report a key that is a slip of a known one (`misspeltKey`) as an error instead of a warning,
   * saying what is held back until it is fixed (`held`): for frontmatter, sidecars and
   * `_company.yml`, where an ignored `Draft: true` would publish a draft.
   */
  misspeltKeys?: { held: string };
}

/**
 * Check a mapping against `specs`. Returns the valid values (normalised: a comma string becomes a
 * list) and a problem for every wrong type and unknown key, each with its position.
 */
export function checkFields(
  data: Record<string, unknown>,
  specs: FieldSpecs,
  parsed: Pick<ParsedYaml, 'position' | 'scalar'>,
  what: string,
  path: readonly string[] = [],
  options: CheckOptions = {},
): { values: Record<string, unknown>; problems: FieldProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  const known = Object.keys(specs);
  for (const [key, value] of Object.entries(data)) {
    const spec = specs[key];
    const meant = spec === undefined && options.misspeltKeys !== undefined ? misspeltKey(key, known) : undefined;
    if (meant !== undefined) {
      problems.push({
        severity: 'error',
        ruleId: 'misspelt-key',
        message: `Unknown ${what} key "${key}" is close to "${meant}": a misspelt key is not ignored, since "${meant}" may be what was meant.`,
        hint: `Rename it to "${meant}" (keys are lower case) or remove it; ${options.misspeltKeys!.held}. Known keys: ${known.join(', ')}.`,
        position: parsed.position([...path, key], true),
      });
      continue;
    }
    if (spec === undefined) {
      const suggestion = suggestKey(key, known);
      const problem: FieldProblem = {
        severity: 'warning',
        ruleId: 'unknown-key',
        message: `Unknown ${what} key "${key}" is ignored.`,
        hint: suggestion === undefined ? `Known keys: ${known.join(', ')}.` : `Did you mean "${suggestion}"? Known keys: ${known.join(', ')}.`,
        position: parsed.position([...path, key], true),
      };
      problems.push(problem);
      continue;
    }
    const unquoted = unquotedText(spec, key, value, parsed, [...path, key], what);
    if (unquoted !== undefined) {
      problems.push(unquoted);
      continue;
    }
    if (spec.type === 'url-map' && isRecord(value)) {
      const bad = badUrls(spec, key, value, parsed, [...path, key], what);
      if (bad.length > 0) {
        problems.push(...bad);
        continue;
      }
    }
    const checked = checkValue(spec, value);
    if (checked === undefined) {
      problems.push({
        severity: 'error',
        ruleId: 'wrong-type',
        message: `${what} key "${key}" must be ${TYPE_NAME[spec.type]}, but it is ${describe(value)}.`,
        hint: `${spec.description} Example: ${key}: ${EXAMPLE[spec.type]}`,
        position: parsed.position([...path, key]),
      });
      continue;
    }
    if (typeof checked === 'string' && spec.values !== undefined && !spec.values.includes(checked)) {
      problems.push({
        severity: 'error',
        ruleId: 'wrong-value',
        message: `${what} key "${key}" must be one of ${spec.values.join(', ')}, but it is "${checked}".`,
        hint: spec.description,
        position: parsed.position([...path, key]),
      });
      continue;
    }
    if (typeof checked === 'string' && spec.pattern !== undefined && !spec.pattern.test(checked)) {
      problems.push({
        severity: 'error',
        ruleId: 'wrong-value',
        message: `${what} key "${key}" is "${checked}", which is not valid: ${spec.patternHint ?? spec.description}`,
        hint: spec.description,
        position: parsed.position([...path, key]),
      });
      continue;
    }
    values[key] = checked;
  }
  return { values, problems };
}

/** True for a plain mapping (not a list, not a scalar). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
