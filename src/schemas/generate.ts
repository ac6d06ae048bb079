/**
 * JSON Schemas of halo-kb.yml, article frontmatter, PDF sidecars and `_company.yml`, for editors
 * (the VS Code YAML extension completes and checks a file against one). They are generated from
 * the field specs the checks themselves use (config/settings.ts, content/frontmatter.ts,
 * content/company.ts), so a key known to halo-kb is known to the editor and the other way round.
 * `npm run schemas` writes them to schemas/; a test fails when the files there are stale. Pure.
 */
import { CONFIG_SECTIONS, TOP_LEVEL_SPECS } from '../config/schema.js';
import { COMPANY_SPECS } from '../content/company.js';
import { ARTICLE_SPECS, SIDECAR_SPECS } from '../content/frontmatter.js';
import type { FieldSpec, FieldSpecs } from '../schema.js';

export type JsonSchemaObject = Record<string, unknown>;

export { CONFIG_SECTIONS };

const HTTP_URL = '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]';

/**
 * A JavaScript pattern as a JSON Schema pattern, which has no flags: the `i` flag is spelt out in
 * the character classes (`a-z` becomes `a-zA-Z`). A pattern with letters outside a class, or with
 * another flag, is refused rather than turned into one that means something else.
 */
export function schemaPattern(pattern: RegExp): string {
  if (pattern.flags === '') return pattern.source;
  if (pattern.flags !== 'i') throw new Error(`Pattern /${pattern.source}/${pattern.flags}: only the "i" flag can be written in a JSON Schema.`);
  const outside = pattern.source.replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
  if (/[a-z]/i.test(outside)) throw new Error(`Pattern /${pattern.source}/i has letters outside a character class; write it without the "i" flag.`);
  return pattern.source.replace(/\[([^\]]*)\]/g, (_, body: string) => `[${body.replace(/a-z/g, 'a-zA-Z')}]`);
}

/** The JSON Schema of one field, as `checkFields` accepts it. */
export function fieldSchema(spec: FieldSpec): JsonSchemaObject {
  const schema = typeSchema(spec);
  return spec.default === undefined ? schema : { ...schema, default: spec.default };
}

function typeSchema(spec: FieldSpec): JsonSchemaObject {
  const description = spec.description;
  switch (spec.type) {
    case 'string':
      return {
        type: 'string',
        description,
        ...(spec.values === undefined ? {} : { enum: [...spec.values] }),
        ...(spec.pattern === undefined ? {} : { pattern: schemaPattern(spec.pattern) }),
      };
    case 'boolean':
      return { type: 'boolean', description };
    case 'positive-number':
      return { type: 'number', exclusiveMinimum: 0, description };
    case 'whole-number':
      return { type: 'integer', minimum: 1, description };
    case 'string-list':
      // A list, or one string of comma-separated entries ("vpn, remote").
      return { anyOf: [{ type: 'array', items: { type: ['string', 'number'] } }, { type: 'string' }], description };
    case 'date':
      return { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description };
    case 'url':
      return { type: 'string', format: 'uri', pattern: HTTP_URL, description };
    case 'url-template':
      return { type: 'string', pattern: `^(\\{url\\}|${HTTP_URL.slice(1)})`, description };
    case 'url-map':
      return { type: 'object', additionalProperties: { type: 'string', format: 'uri', pattern: HTTP_URL }, description };
    case 'string-map':
      return { type: 'object', additionalProperties: { type: 'string' }, description };
    case 'mapping':
      return { type: 'object', description };
  }
}

function objectSchema(specs: FieldSpecs, sections: Readonly<Record<string, FieldSpecs>> = {}): JsonSchemaObject {
  const properties: Record<string, JsonSchemaObject> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const section = sections[key];
    properties[key] = section === undefined ? fieldSchema(spec) : { ...objectSchema(section), description: spec.description };
  }
  // Unknown keys are warnings (and a near-miss of a known key an error) in halo-kb: an editor flags them all.
  return { type: 'object', properties, additionalProperties: false };
}

function document(title: string, description: string, body: JsonSchemaObject): JsonSchemaObject {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title, description, ...body };
}

/** Every schema file, by its name under schemas/. */
export function generateSchemas(): Record<string, JsonSchemaObject> {
  for (const [key, spec] of Object.entries(TOP_LEVEL_SPECS)) {
    if (spec.type === 'mapping' && CONFIG_SECTIONS[key] === undefined) throw new Error(`halo-kb.yml section "${key}" has no specs in CONFIG_SECTIONS.`);
  }
  return {
    'halo-kb.schema.json': document('halo-kb.yml', 'Settings of a halo-kb project; every key is optional.', objectSchema(TOP_LEVEL_SPECS, CONFIG_SECTIONS)),
    'frontmatter.schema.json': document('halo-kb article frontmatter', 'The YAML frontmatter of a Markdown article; every key is optional.', objectSchema(ARTICLE_SPECS)),
    'pdf-sidecar.schema.json': document('halo-kb PDF sidecar (name.pdf.yml)', "A PDF article's metadata, next to the PDF; every key is optional.", objectSchema(SIDECAR_SPECS)),
    'company.schema.json': document('halo-kb _company.yml', "Which Halo customer a company folder's articles belong to; every key is optional.", objectSchema(COMPANY_SPECS)),
  };
}

/** A schema file's text: stable, two-space JSON with a final newline. */
export function schemaText(schema: JsonSchemaObject): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
