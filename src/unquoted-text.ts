/**
 * Text that YAML reads as something else: a number, boolean or date written bare in a field that
 * holds text, which would be published other than as written unless it is quoted.
 */
import { isRecord } from './field-values.js';
import type { ParsedYaml } from './parse-yaml.js';
import type { FieldProblem, FieldSpec } from './schema.js';

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
export function unquotedText(spec: FieldSpec, key: string, value: unknown, parsed: Pick<ParsedYaml, 'position' | 'scalar'>, at: readonly (string | number)[], what: string): FieldProblem | undefined {
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
