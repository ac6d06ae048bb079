/**
 * A small JSON Schema validator for the subset halo-kb's schemas use (draft 2020-12 keywords):
 * type, enum, const, pattern, minimum, exclusiveMinimum, properties, required,
 * additionalProperties, items, anyOf and local $ref ("#/$defs/name"). `format`, `description`,
 * `default` and `$schema`/`$id`/`title` are annotations and not checked. Any other keyword is
 * refused, so a schema cannot silently rely on something this does not check.
 */

export type JsonSchema = boolean | { [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'format', 'examples', '$defs', 'markdownDescription']);
const CHECKED = new Set(['type', 'enum', 'const', 'pattern', 'minimum', 'exclusiveMinimum', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', '$ref']);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function at(path: string): string {
  return path === '' ? '(top level)' : path;
}

/** Every way `value` breaks `schema`, as "path: what is wrong" lines; empty when it is valid. */
export function validateJson(value: unknown, schema: JsonSchema, root: JsonSchema = schema, path = ''): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at(path)}: is not allowed here`];
  for (const keyword of Object.keys(schema)) {
    if (!CHECKED.has(keyword) && !ANNOTATIONS.has(keyword)) throw new Error(`The schema uses "${keyword}" at ${at(path)}, which this validator does not check.`);
  }
  const problems: string[] = [];
  if (typeof schema['$ref'] === 'string') {
    const match = /^#\/\$defs\/([^/]+)$/.exec(schema['$ref']);
    const defs = typeof root === 'object' ? (root['$defs'] as Record<string, JsonSchema> | undefined) : undefined;
    const target = match === null ? undefined : defs?.[match[1]!];
    if (target === undefined) throw new Error(`Unresolved $ref ${schema['$ref']} at ${at(path)}.`);
    problems.push(...validateJson(value, target, root, path));
  }
  if (schema['type'] !== undefined) {
    const types = Array.isArray(schema['type']) ? (schema['type'] as string[]) : [schema['type'] as string];
    if (!types.some((t) => hasType(value, t))) return [...problems, `${at(path)}: must be ${types.join(' or ')}, but is ${typeOf(value)} ${JSON.stringify(value)}`];
  }
  if (Array.isArray(schema['enum']) && !schema['enum'].some((v) => v === value)) {
    problems.push(`${at(path)}: must be one of ${schema['enum'].map((v) => JSON.stringify(v)).join(', ')}, but is ${JSON.stringify(value)}`);
  }
  if ('const' in schema && schema['const'] !== value) problems.push(`${at(path)}: must be ${JSON.stringify(schema['const'])}, but is ${JSON.stringify(value)}`);
  if (typeof value === 'string' && typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) {
    problems.push(`${at(path)}: ${JSON.stringify(value)} does not match ${schema['pattern']}`);
  }
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) problems.push(`${at(path)}: must be at least ${schema['minimum']}, but is ${value}`);
    if (typeof schema['exclusiveMinimum'] === 'number' && value <= schema['exclusiveMinimum']) {
      problems.push(`${at(path)}: must be more than ${schema['exclusiveMinimum']}, but is ${value}`);
    }
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>;
    const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
    for (const key of (schema['required'] ?? []) as string[]) {
      if (!(key in record)) problems.push(`${at(path)}: lacks the required field "${key}"`);
    }
    for (const [key, item] of Object.entries(record)) {
      const where = path === '' ? key : `${path}.${key}`;
      if (key in properties) problems.push(...validateJson(item, properties[key]!, root, where));
      else if (schema['additionalProperties'] === false) problems.push(`${at(path)}: has a field "${key}" the schema does not know`);
      else if (schema['additionalProperties'] !== undefined) problems.push(...validateJson(item, schema['additionalProperties'] as JsonSchema, root, where));
    }
  }
  if (Array.isArray(value) && schema['items'] !== undefined) {
    value.forEach((item, i) => {
      problems.push(...validateJson(item, schema['items'] as JsonSchema, root, `${path}[${i}]`));
    });
  }
  if (Array.isArray(schema['anyOf'])) {
    const each = (schema['anyOf'] as JsonSchema[]).map((s) => validateJson(value, s, root, path));
    if (each.every((p) => p.length > 0)) problems.push(`${at(path)}: matches none of its allowed forms (${each.map((p) => p.join('; ')).join(' | ')})`);
  }
  return problems;
}
