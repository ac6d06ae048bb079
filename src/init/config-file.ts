/**
 * The `halo-kb.yml` that `halo-kb init` writes: every setting declared in config/settings.ts, in
 * order, with its description and its default (or an example), so the two never drift apart. Pure.
 */
import { SETTINGS, isSection, type Setting, type SettingValue, type Settings } from '../config/settings.js';
import { schemaModeline } from '../schemas/modeline.js';

// The first line lets the VS Code YAML extension complete and check this file (README, "Editor support").
const HEADER = `${schemaModeline('halo-kb.yml', 'halo-kb.schema.json')}
# halo-kb settings. Every key is optional: the commented values are the defaults (or, where
# marked, an example). Uncomment a line to change it.
#
# The connection can also come from the environment, which wins over this file: HALO_URL,
# HALO_AUTH_URL, HALO_TENANT, HALO_CLIENT_ID and HALO_CLIENT_SECRET. The client secret belongs in
# the environment only (a repository secret in CI), never in this file.`;

function scalar(value: SettingValue): string {
  if (typeof value !== 'string') return String(value);
  // Quote what YAML would otherwise read as something else, or where a quote reads better.
  return /^[\w./-]+$/.test(value) && !/^(true|false|null|yes|no|~|[\d.]+)$/i.test(value) ? value : JSON.stringify(value);
}

function optionLines(key: string, setting: Setting, indent: string, commented: boolean): string[] {
  const lead = `${commented ? '# ' : ''}${indent}`;
  if (setting.initNote !== undefined) return [`${lead}# ${setting.initNote}`];
  const value: SettingValue | undefined = setting.default ?? setting.example;
  if (value === undefined) throw new Error(`halo-kb.yml setting "${key}" has neither a default nor an example for halo-kb init.`);
  const note = setting.default === undefined ? ' (no default; example)' : '';
  // Nested descriptions carry the same "# " as their option, so uncommenting a block keeps them comments.
  const describe = indent === '' ? '' : lead;
  const lines = [`${describe}# ${setting.description}${note}`];
  if (setting.values !== undefined) lines.push(`${describe}# One of: ${setting.values.join(', ')}.`);
  lines.push(`${lead}${key}: ${scalar(value)}`);
  return lines;
}

function settingLines(settings: Settings, indent: string, commented: boolean): string[] {
  return Object.entries(settings).flatMap(([key, setting]) => optionLines(key, setting, indent, commented));
}

export interface ConfigFileOptions {
  /** false writes every option live, to check that the documented defaults are real ones. */
  commented?: boolean;
}

/** The text of `halo-kb.yml`. */
export function configFileText(options: ConfigFileOptions = {}): string {
  const commented = options.commented ?? true;
  const blocks: string[] = [HEADER];
  const top = Object.entries(SETTINGS).flatMap(([key, entry]) => (isSection(entry) ? [] : optionLines(key, entry, '', commented)));
  blocks.push(top.join('\n'));
  for (const [key, entry] of Object.entries(SETTINGS)) {
    if (!isSection(entry)) continue;
    blocks.push([`# ${entry.description}`, `${commented ? '# ' : ''}${key}:`, ...settingLines(entry.settings, '  ', commented)].join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
