/**
 * A halo-kb.yml setting is declared once (src/config/settings.ts) and every other place follows it:
 * the editors' JSON Schema names it with its default, `halo-kb init` writes it with that default,
 * and the loader fills its Config property from the file, from the default when it is absent, and
 * from its environment variable first where it has one. A setting added in one place only fails here.
 */
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { isSection, SETTINGS, type Setting } from '../../src/config/settings.js';
import { configFileText } from '../../src/init/config-file.js';
import { generateSchemas, type JsonSchemaObject } from '../../src/schemas/generate.js';
import { makeProject } from '../helpers/temp-tree.js';

interface Declared {
  /** `halo.batch_size` */
  key: string;
  /** `['halo', 'batch_size']` */
  keys: string[];
  /** `['halo', 'batchSize']` */
  props: string[];
  setting: Setting;
}

const declared: Declared[] = Object.entries(SETTINGS).flatMap(([key, entry]): Declared[] =>
  isSection(entry)
    ? Object.entries(entry.settings).map(([inner, setting]) => ({ key: `${key}.${inner}`, keys: [key, inner], props: [entry.prop, setting.prop], setting }))
    : [{ key, keys: [key], props: [entry.prop], setting: entry }],
);

function at(data: unknown, keys: readonly string[]): unknown {
  return keys.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], data);
}

/** A valid value other than the default, as written in YAML. */
function otherValue(setting: Setting): unknown {
  if (setting.values !== undefined) return setting.values.find((v) => v !== setting.default);
  switch (setting.type) {
    case 'boolean':
      return setting.default !== true;
    case 'positive-number':
    case 'whole-number':
      return 7;
    case 'url':
      return 'https://other.example.com/kb';
    case 'url-template':
      return 'https://other.example.com/kb/{id}';
    case 'string-list':
      return ['contoso'];
    default:
      return 'other-value';
  }
}

function yamlWith(keys: readonly string[], value: unknown): string {
  const [first, second] = keys;
  return second === undefined ? `${first}: ${JSON.stringify(value)}\n` : `${first}:\n  ${second}: ${JSON.stringify(value)}\n`;
}

describe('every halo-kb.yml setting is declared once', () => {
  const schema = generateSchemas()['halo-kb.schema.json']!;

  it('declares at least the settings halo-kb has always had', () => {
    expect(declared.map((d) => d.key)).toEqual(expect.arrayContaining(['content', 'strict', 'attachments.max_size_mb', 'scope.companies', 'halo.client_secret', 'halo.attachment_mode']));
  });

  it.each(declared)('$key is in the JSON Schema, with its default', ({ keys, setting }) => {
    const property = at(schema, keys.length === 1 ? ['properties', keys[0]!] : ['properties', keys[0]!, 'properties', keys[1]!]) as JsonSchemaObject | undefined;
    expect(property).toBeDefined();
    expect(property!['description']).toBe(setting.description);
    expect(property!['default']).toEqual(setting.default);
  });

  it.each(declared)('$key is in the file halo-kb init writes, with its default or an example', ({ key, keys, setting }) => {
    const live = parse(configFileText({ commented: false })) as unknown;
    if (setting.initNote !== undefined) {
      // A secret is never written into the file; init says where it goes instead.
      expect(at(live, keys)).toBeUndefined();
      expect(configFileText()).toContain(`# ${setting.initNote}`);
      expect(setting.initNote.startsWith(`${keys.at(-1)!}:`), key).toBe(true);
      return;
    }
    expect(at(live, keys)).toEqual(setting.default ?? setting.example);
  });

  it('the loader fills every setting with its default when halo-kb.yml is absent', async () => {
    const root = await makeProject({});
    const { config } = await loadConfig({ cwd: root, env: {} });
    for (const { key, props, setting } of declared) {
      expect(at(config, props), key).toEqual(setting.read(setting.default, { root, cwd: root, env: {}, flags: {} }));
    }
  });

  it.each(declared)('the loader reads $key from halo-kb.yml into its Config property', async ({ keys, props, setting }) => {
    const root = await makeProject({});
    const { config: defaults } = await loadConfig({ cwd: root, env: {} });
    const value = otherValue(setting);
    const project = await makeProject({ 'halo-kb.yml': yamlWith(keys, value) });
    const { config } = await loadConfig({ cwd: project, env: {} });
    expect(at(config, props)).not.toEqual(at(defaults, props));
    expect(at(config, props)).toEqual(setting.read(value, { root: project, cwd: project, env: {}, flags: {} }));
  });

  const withEnv = declared.filter((d) => d.setting.env !== undefined);

  it('names the HALO_* variables as the settings that take them', () => {
    expect(withEnv.map((d) => [d.key, d.setting.env])).toEqual([
      ['halo.url', 'HALO_URL'],
      ['halo.auth_url', 'HALO_AUTH_URL'],
      ['halo.tenant', 'HALO_TENANT'],
      ['halo.client_id', 'HALO_CLIENT_ID'],
      ['halo.client_secret', 'HALO_CLIENT_SECRET'],
    ]);
    // init's header lists the variables that win over the file.
    const header = configFileText().split('\n\n')[0]!;
    for (const { setting } of withEnv) expect(header).toContain(setting.env);
  });

  it.each(withEnv)('$setting.env wins over $key in halo-kb.yml', async ({ keys, props, setting }) => {
    const project = await makeProject({ 'halo-kb.yml': yamlWith(keys, 'from-the-file') });
    const { config } = await loadConfig({ cwd: project, env: { [setting.env!]: ' from-the-environment ' } });
    expect(at(config, props)).toBe('from-the-environment');
  });

  it('resolves folder settings against the project root, and folder flags against the working directory', async () => {
    const root = await makeProject({ 'halo-kb.yml': 'content: docs\n', 'sub/.keep': '' });
    const { config } = await loadConfig({ cwd: path.join(root, 'sub'), root, env: {}, state: 'elsewhere.json' });
    expect(config.contentDir).toBe(path.join(root, 'docs'));
    expect(config.stateFile).toBe(path.join(root, 'sub', 'elsewhere.json'));
  });
});
