/**
 * A small field schema. Frontmatter, sidecars, `_company.yml` and the config file are all checked
 * through here (once parsed with their positions by parse-yaml.ts), so every problem points at the
 * YAML line it is on.
 */
import { badUrls, checkValue, describe, EXAMPLE, isRecord, TYPE_NAME } from './field-values.js';
import { misspeltKey, suggestKey } from './key-typos.js';
import type { ParsedYaml, Position } from './parse-yaml.js';
import { unquotedText } from './unquoted-text.js';

export type FieldType = 'string' | 'boolean' | 'positive-number' | 'whole-number' | 'string-list' | 'date' | 'url' | 'url-map' | 'url-template' | 'string-map' | 'mapping';

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
