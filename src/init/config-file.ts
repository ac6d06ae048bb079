/**
 * The `halo-kb.yml` that `halo-kb init` writes: every option with its description (taken from the
 * config schema, so the two never drift apart) and its default. Pure.
 */
import type { FieldSpecs } from '../schema.js';
import { schemaModeline } from '../schemas/modeline.js';
import { ATTACHMENT_SPECS, DEFAULTS, FAQ_LIST_SPECS, HALO_SPECS, PUBLISH_SPECS, SCOPE_SPECS, TOP_LEVEL_SPECS } from '../config/schema.js';

type Value = string | number | boolean;

/** One option: its default, or an example when it has none (marked so). */
interface Option {
  key: string;
  value: Value;
  example?: true;
}

interface Section {
  key: string;
  specs: FieldSpecs;
  options: Option[];
}

const TOP: Option[] = [
  { key: 'content', value: DEFAULTS.content },
  { key: 'out', value: DEFAULTS.out },
  { key: 'state', value: DEFAULTS.state },
  { key: 'templates', value: DEFAULTS.templates },
  { key: 'cache', value: DEFAULTS.cache },
  { key: 'source_url', value: 'https://github.com/your-org/your-kb/blob/main', example: true },
  { key: 'strict', value: DEFAULTS.strict },
];

const SECTIONS: Section[] = [
  {
    key: 'attachments',
    specs: ATTACHMENT_SPECS,
    options: [
      { key: 'max_size_mb', value: DEFAULTS.maxSizeMb },
      { key: 'public_base_url', value: 'https://raw.githubusercontent.com/your-org/your-kb/main/content', example: true },
    ],
  },
  {
    key: 'faq_lists',
    specs: FAQ_LIST_SPECS,
    options: [
      { key: 'group', value: DEFAULTS.group },
      { key: 'central', value: DEFAULTS.central },
      { key: 'show_for_all', value: DEFAULTS.showForAll },
      { key: 'company_show_for_all', value: DEFAULTS.companyShowForAll },
    ],
  },
  {
    key: 'publish',
    specs: PUBLISH_SPECS,
    options: [
      { key: 'max_retire', value: DEFAULTS.maxRetire },
      { key: 'max_article_kb', value: DEFAULTS.maxArticleKb },
    ],
  },
  {
    key: 'scope',
    specs: SCOPE_SPECS,
    options: [
      { key: 'central', value: true },
      // A string-list setting: `all` is the one word it takes besides a list (README, "Choosing what is published").
      { key: 'companies', value: 'all' },
    ],
  },
  {
    key: 'halo',
    specs: HALO_SPECS,
    options: [
      { key: 'url', value: 'https://example.halopsa.com', example: true },
      { key: 'auth_url', value: 'https://example.halopsa.com/auth', example: true },
      { key: 'tenant', value: 'example', example: true },
      { key: 'client_id', value: 'your-client-id', example: true },
      { key: 'requests_per_window', value: DEFAULTS.requestsPerWindow },
      { key: 'window_seconds', value: DEFAULTS.windowSeconds },
      { key: 'concurrency', value: DEFAULTS.concurrency },
      { key: 'timeout_seconds', value: DEFAULTS.timeoutSeconds },
      { key: 'connect_timeout_seconds', value: DEFAULTS.connectTimeoutSeconds },
      { key: 'batch_size', value: DEFAULTS.batchSize },
      { key: 'batch_max_kb', value: DEFAULTS.batchMaxKb },
      { key: 'page_size', value: DEFAULTS.pageSize },
      { key: 'article_url', value: DEFAULTS.articleUrl },
      { key: 'attachment_mode', value: DEFAULTS.attachmentMode },
    ],
  },
];

// The first line lets the VS Code YAML extension complete and check this file (README, "Editor support").
const HEADER = `${schemaModeline('halo-kb.yml', 'halo-kb.schema.json')}
# halo-kb settings. Every key is optional: the commented values are the defaults (or, where
# marked, an example). Uncomment a line to change it.
#
# The connection can also come from the environment, which wins over this file: HALO_URL,
# HALO_AUTH_URL, HALO_TENANT, HALO_CLIENT_ID and HALO_CLIENT_SECRET. The client secret belongs in
# the environment only (a repository secret in CI), never in this file.`;

function scalar(value: Value): string {
  if (typeof value !== 'string') return String(value);
  // Quote what YAML would otherwise read as something else, or where a quote reads better.
  return /^[\w./-]+$/.test(value) && !/^(true|false|null|yes|no|~|[\d.]+)$/i.test(value) ? value : JSON.stringify(value);
}

function optionLines(option: Option, specs: FieldSpecs, indent: string, commented: boolean): string[] {
  const spec = specs[option.key];
  const note = option.example === true ? ' (no default; example)' : '';
  // Nested descriptions carry the same "# " as their option, so uncommenting a block keeps them comments.
  const lead = `${commented ? '# ' : ''}${indent}`;
  const describe = indent === '' ? '' : lead;
  const lines = [`${describe}# ${spec?.description ?? option.key}${note}`];
  if (spec?.values !== undefined) lines.push(`${describe}# One of: ${spec.values.join(', ')}.`);
  lines.push(`${lead}${option.key}: ${scalar(option.value)}`);
  return lines;
}

export interface ConfigFileOptions {
  /** false writes every option live, to check that the documented defaults are real ones. */
  commented?: boolean;
}

/** The text of `halo-kb.yml`. */
export function configFileText(options: ConfigFileOptions = {}): string {
  const commented = options.commented ?? true;
  const blocks: string[] = [HEADER];
  blocks.push(TOP.flatMap((o) => optionLines(o, TOP_LEVEL_SPECS, '', commented)).join('\n'));
  for (const section of SECTIONS) {
    const head = [`# ${TOP_LEVEL_SPECS[section.key]?.description ?? section.key}`, `${commented ? '# ' : ''}${section.key}:`];
    const body = section.options.flatMap((o) => optionLines(o, section.specs, '  ', commented));
    if (section.key === 'halo') {
      body.push(`${commented ? '# ' : ''}  # client_secret: never here; set HALO_CLIENT_SECRET in the environment.`);
    }
    blocks.push([...head, ...body].join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
