/**
 * The editor schemas the build writes to dist/schemas/ say what halo-kb itself accepts: they are the generated ones (not
 * stale), they name exactly the keys the checks know, and for each key they accept and refuse the
 * same values `checkFields` does. Checked with the small validator in test/helpers/json-schema.ts.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { TOP_LEVEL_SPECS } from '../../src/config/schema.js';
import { COMPANY_SPECS } from '../../src/content/company.js';
import { ARTICLE_SPECS, SIDECAR_SPECS } from '../../src/content/frontmatter.js';
import { configFileText } from '../../src/init/config-file.js';
import { EXAMPLE_CONTENT } from '../../src/init/example-content.js';
import { parseYaml } from '../../src/parse-yaml.js';
import { checkFields, type FieldSpecs } from '../../src/schema.js';
import { CONFIG_SECTIONS, generateSchemas, schemaPattern, schemaText, type JsonSchemaObject } from '../../src/schemas/generate.js';
import { validateJson, type JsonSchema } from '../helpers/json-schema.js';

const FOLDER = path.resolve(import.meta.dirname, '..', '..', 'dist', 'schemas');
const generated = generateSchemas();

async function shipped(name: string): Promise<JsonSchemaObject> {
  return JSON.parse(await readFile(path.join(FOLDER, name), 'utf8')) as JsonSchemaObject;
}

/** Values of every shape, good and bad, each tried against every key. */
const CANDIDATES: unknown[] = [
  'text',
  '',
  'vpn, remote',
  true,
  false,
  25,
  0.5,
  0,
  -3,
  null,
  ['vpn', 'remote'],
  [1, 2],
  [['nested']],
  { a: 1 },
  '2026-06-30',
  '2026-6-30',
  'https://files.example.com/a.pdf',
  'HTTP://files.example.com/a',
  'javascript:alert(1)',
  'files.example.com',
  '{url}/kb?id={id}',
  '/kb?id={id}',
  { 'files/big.zip': 'https://files.example.com/big.zip' },
  { 'files/big.zip': 'ftp://x' },
  { 'files/big.zip': 3 },
  'network/vpn',
  'Network/VPN-2',
  '../escape',
  'a/./b',
  '/rooted',
  'inline',
  'attachment-endpoint',
  'Inline',
];

function acceptedByCode(specs: FieldSpecs, key: string, value: unknown): boolean {
  const none = { position: () => undefined, scalar: () => undefined };
  return checkFields({ [key]: value }, specs, none, 'test').problems.length === 0;
}

describe('editor schemas', () => {
  it('the build writes exactly the generated schemas to dist/schemas/', async () => {
    expect((await readdir(FOLDER)).filter((f) => f.endsWith('.json')).sort()).toEqual(Object.keys(generated).sort());
    for (const [name, schema] of Object.entries(generated)) {
      expect(await readFile(path.join(FOLDER, name), 'utf8'), `dist/schemas/${name} is stale: run "npm run build"`).toBe(schemaText(schema));
    }
  });

  const files: [string, FieldSpecs, Record<string, FieldSpecs>][] = [
    ['halo-kb.schema.json', TOP_LEVEL_SPECS, CONFIG_SECTIONS],
    ['frontmatter.schema.json', ARTICLE_SPECS, {}],
    ['pdf-sidecar.schema.json', SIDECAR_SPECS, {}],
    ['company.schema.json', COMPANY_SPECS, {}],
  ];

  it.each(files)('%s names exactly the keys halo-kb reads, in every section', async (name, specs, sections) => {
    const schema = await shipped(name);
    const properties = schema['properties'] as Record<string, JsonSchemaObject>;
    expect(Object.keys(properties)).toEqual(Object.keys(specs));
    expect(schema['additionalProperties']).toBe(false);
    for (const [section, sectionSpecs] of Object.entries(sections)) {
      expect(Object.keys(properties[section]!['properties'] as object)).toEqual(Object.keys(sectionSpecs));
    }
    expect(
      Object.entries(specs)
        .filter(([, s]) => s.type === 'mapping')
        .map(([k]) => k),
    ).toEqual(Object.keys(sections));
  });

  it.each(files)('%s accepts and refuses each value as halo-kb does', async (name, specs, sections) => {
    const schema = await shipped(name);
    const disagree: string[] = [];
    const check = (keySpecs: FieldSpecs, wrap: (key: string, value: unknown) => unknown): void => {
      for (const [key, spec] of Object.entries(keySpecs)) {
        if (spec.type === 'mapping') continue;
        for (const value of CANDIDATES) {
          // halo-kb reads a bare number as text where it reads back as written (title: 2024); an
          // editor cannot see how a number was written, so the schema asks for text there.
          if (spec.type === 'string' && typeof value === 'number') continue;
          const code = acceptedByCode(keySpecs, key, value);
          const editor = validateJson(wrap(key, value), schema as JsonSchema).length === 0;
          if (code !== editor) disagree.push(`${key} = ${JSON.stringify(value)}: halo-kb ${code ? 'accepts' : 'refuses'}, schema ${editor ? 'accepts' : 'refuses'}`);
        }
      }
    };
    check(specs, (key, value) => ({ [key]: value }));
    for (const [section, sectionSpecs] of Object.entries(sections)) check(sectionSpecs, (key, value) => ({ [section]: { [key]: value } }));
    expect(disagree).toEqual([]);
  });

  it('flags an unknown key, a wrong type and a value outside the allowed ones, as halo-kb does', async () => {
    const schema = (await shipped('halo-kb.schema.json')) as JsonSchema;
    expect(validateJson(parseYaml('contnet: docs\nhalo:\n  attachment_mode: upload\n  concurrency: lots\n').data, schema)).toEqual([
      '(top level): has a field "contnet" the schema does not know',
      'halo.attachment_mode: must be one of "auto", "inline", "attachment-endpoint", but is "upload"',
      'halo.concurrency: must be integer, but is string "lots"',
    ]);
  });

  it('the files init writes pass their schemas, and name them on their first line', async () => {
    const config = configFileText({ commented: false });
    expect(config.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/halo-kb/dist/schemas/halo-kb.schema.json');
    expect(validateJson(parse(config), await shipped('halo-kb.schema.json'))).toEqual([]);
    const company = EXAMPLE_CONTENT['content/companies/contoso/_company.yml']!;
    expect(company.split('\n')[0]).toBe('# yaml-language-server: $schema=../../../node_modules/halo-kb/dist/schemas/company.schema.json');
    expect(validateJson(parse(company), await shipped('company.schema.json'))).toEqual([]);
    for (const [file, text] of Object.entries(EXAMPLE_CONTENT).filter(([f]) => f.endsWith('.md'))) {
      const frontmatter = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1];
      expect(frontmatter, file).toBeDefined();
      expect(validateJson(parse(frontmatter!) ?? {}, await shipped('frontmatter.schema.json')), file).toEqual([]);
    }
  });

  it('writes a case-insensitive key pattern without the flag JSON Schema lacks, and refuses what it cannot write', () => {
    expect(schemaPattern(/^[a-z0-9]+(?:\/[a-z0-9._-]+)*$/i)).toBe('^[a-zA-Z0-9]+(?:\\/[a-zA-Z0-9._-]+)*$');
    expect(() => schemaPattern(/^draft$/i)).toThrow('Pattern /^draft$/i has letters outside a character class; write it without the "i" flag.');
    expect(() => schemaPattern(/^a$/m)).toThrow('Pattern /^a$/m: only the "i" flag can be written in a JSON Schema.');
  });
});
