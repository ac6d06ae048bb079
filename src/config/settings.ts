/**
 * Every `halo-kb.yml` setting, declared once: its key, type, default, description, environment
 * variable and the `Config` property it fills. The `Config` type, the checks (through
 * `checkFields`), the defaults, the loader's mapping (config/load.ts), the editors' JSON Schema
 * (schemas/generate.ts) and `halo-kb init`'s commented file (init/config-file.ts) all come from
 * here, so a setting cannot be added in one place only. Pure.
 */
import path from 'node:path';
import type { FieldSpec } from '../schema.js';

/** What a setting's value is made from besides the file. */
export interface SettingContext {
  /** The project root: relative paths in halo-kb.yml are relative to it. */
  root: string;
  /** The working directory: folder flags are relative to it. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Folder flags (`--content`, `--out`, `--state`), which win over the file. */
  flags: Readonly<Partial<Record<FolderFlag, string | undefined>>>;
}

export type FolderFlag = 'content' | 'out' | 'state';

/** A default or an example as written in halo-kb.yml. */
export type SettingValue = string | number | boolean;

/** One key of halo-kb.yml: the field spec it is checked with, and how it becomes a Config property. */
export interface Setting<P extends string = string, V = unknown> extends FieldSpec {
  /** The Config property it fills. */
  prop: P;
  /** For a setting with no default: the example `halo-kb init` shows. */
  example?: SettingValue;
  /** The environment variable that wins over the file. */
  env?: string;
  /** What `halo-kb init` writes instead of the setting (for a secret, which never belongs in the file). */
  initNote?: string;
  /** The Config value from the checked value in the file (undefined when absent or invalid). */
  read(value: unknown, ctx: SettingContext): V;
}

/** A mapping of settings (`halo:`, `scope:` …), filling a Config property of its own. */
export interface Section<P extends string = string, S extends Settings = Settings> extends FieldSpec {
  type: 'mapping';
  prop: P;
  settings: S;
  /** A key that is a slip of a known one is an error, holding back what this says (see `CheckOptions`). */
  misspeltKeys?: { held: string };
}

export type Settings = Readonly<Record<string, Setting>>;

type Entry = Setting | Section;

/** The Config properties that `entries` fill, with their types. */
export type ConfigOf<T> = {
  -readonly [K in keyof T as T[K] extends { prop: infer P extends string } ? P : never]: T[K] extends Section<string, infer S> ? ConfigOf<S> : T[K] extends Setting<string, infer V> ? V : never;
};

function nonEmpty(value: unknown): string | undefined {
  return typeof value !== 'string' || value.trim() === '' ? undefined : value.trim();
}

function fromEnv(name: string | undefined, ctx: SettingContext): string | undefined {
  return name === undefined ? undefined : nonEmpty(ctx.env[name]);
}

/** A folder or file, relative to the project root; a flag, where there is one, is relative to the working directory. */
function folder<P extends string>(prop: P, description: string, fallback: string, flag?: FolderFlag): Setting<P, string> & { default: string } {
  return {
    prop,
    type: 'string',
    description,
    default: fallback,
    read: (value, ctx) => {
      const given = flag === undefined ? undefined : ctx.flags[flag];
      return given === undefined ? path.resolve(ctx.root, typeof value === 'string' ? value : fallback) : path.resolve(ctx.cwd, given);
    },
  };
}

/** A setting spelt out in full, with its Config property and value types kept. */
function setting<P extends string, V>(prop: P, declared: Omit<Setting<P, V>, 'prop'>): Setting<P, V> {
  return { prop, ...declared };
}

function text<P extends string>(prop: P, description: string, fallback: string): Setting<P, string> {
  return { prop, type: 'string', description, default: fallback, read: (value) => (typeof value === 'string' ? value : fallback) };
}

/** Text with no default; blank is unset, and the environment variable, where there is one, wins. */
function optionalText<P extends string>(prop: P, description: string, more: { example?: string; env?: string; initNote?: string }): Setting<P, string | undefined> {
  return { prop, type: 'string', description, ...more, read: (value, ctx) => fromEnv(more.env, ctx) ?? nonEmpty(value) };
}

function optionalUrl<P extends string>(prop: P, description: string, example: string): Setting<P, string | undefined> {
  return { prop, type: 'url', description, example, read: (value) => (typeof value === 'string' ? value : undefined) };
}

function flag<P extends string>(prop: P, description: string, fallback: boolean): Setting<P, boolean> {
  return { prop, type: 'boolean', description, default: fallback, read: (value) => (typeof value === 'boolean' ? value : fallback) };
}

/** A positive number; a `whole` one must be a whole number (2.5 requests in flight is an error, not 2). */
function positive<P extends string>(prop: P, description: string, fallback: number, whole = false): Setting<P, number> {
  return { prop, type: whole ? 'whole-number' : 'positive-number', description, default: fallback, read: (value) => (typeof value === 'number' ? value : fallback) };
}

function choice<P extends string, const V extends string>(prop: P, description: string, values: readonly V[], fallback: V): Setting<P, V> {
  return { prop, type: 'string', description, values, default: fallback, read: (value) => values.find((v) => v === value) ?? fallback };
}

function section<P extends string, S extends Settings>(prop: P, description: string, settings: S, more: { misspeltKeys?: { held: string } } = {}): Section<P, S> {
  return { prop, type: 'mapping', description, settings, ...more };
}

const MIB = 1024 * 1024;

/** halo-kb.yml, key by key, in the order the file, the schema and `halo-kb init` show them. */
export const SETTINGS = {
  content: folder('contentDir', 'Folder of the content tree, relative to the project root.', 'content', 'content'),
  out: folder('outDir', 'Folder the build writes compiled HTML and index.json to.', '.halo-kb/build', 'out'),
  state: folder('stateFile', 'Path of the state manifest, relative to the project root.', 'state/manifest.json', 'state'),
  templates: folder('templatesDir', 'Folder holding article.html and pdf.html.', 'templates'),
  cache: folder('cacheDir', 'Folder for the build cache.', '.halo-kb/cache'),
  /** Base URL of the source repository's files, for the banner link (e.g. GitHub's blob URL). */
  source_url: optionalUrl('sourceUrl', 'Base URL where the sources are browsable, shown in the banner.', 'https://github.com/your-org/your-kb/blob/main'),
  /** Every warning counts as an error (`--strict` on validate, build, plan, publish does the same). */
  strict: flag('strict', 'Count every warning as an error, as --strict does: an article with one is not published.', false),
  attachments: section('attachments', 'Attachment settings (a mapping).', {
    max_size_mb: setting('maxBytes', {
      type: 'positive-number',
      description: "Largest attachment uploaded to Halo, in MB (Halo's default limit is 25).",
      default: 25,
      read: (value) => Math.round((typeof value === 'number' ? value : 25) * MIB),
    }),
    /** Where the content tree's files are publicly reachable; an attachment's path is appended. */
    public_base_url: optionalUrl('publicBaseUrl', 'Public URL of the content tree; oversized files link there instead.', 'https://raw.githubusercontent.com/your-org/your-kb/main/content'),
  }),
  faq_lists: section('faqLists', 'FAQ list settings (a mapping).', {
    group: text('group', 'Name of the grouping FAQ list all others sit under.', 'Knowledge Base (docs)'),
    central: text('central', 'Name of the central KB FAQ list.', 'Central'),
    show_for_all: flag('showForAll', '"Show for all users" on central FAQ lists.', false),
    /** false keeps client restrictions in force. */
    company_show_for_all: flag('companyShowForAll', '"Show for all users" on company FAQ lists.', false),
  }),
  publish: section('publish', 'Publish settings (a mapping).', {
    max_retire: positive('maxRetire', 'Most articles one publish may retire without --force.', 25),
    max_article_kb: positive('maxArticleKb', 'Largest article published (its Markdown, and its HTML), in KiB; Halo refuses a request that is too large (413).', 4096),
  }),
  /** Which KBs `plan` and `publish` act on; `validate` and `build` check them all. */
  scope: section(
    'scope',
    'Which KBs plan and publish act on (a mapping); articles of KBs left out are left as they are in Halo.',
    {
      central: flag('central', 'Publish the central KB (default true).', true),
      companies: setting('companies', {
        type: 'string-list',
        description: 'all (the default), or the company folders to publish, e.g. [contoso, fabrikam]; [] publishes none.',
        // `all` is the one word the list takes besides folder names (README, "Choosing what is published").
        default: 'all',
        read: (value): 'all' | string[] => {
          if (!Array.isArray(value)) return 'all';
          const folders = value.map(String);
          return folders.length === 1 && folders[0] === 'all' ? 'all' : folders;
        },
      }),
    },
    // A misspelt scope key ignored would publish more than was chosen: an error, like `Draft:`.
    { misspeltKeys: { held: 'nothing is planned or published until it is fixed' } },
  ),
  /** Halo connection and client behaviour. Secrets come from the environment. */
  halo: section('halo', 'Halo connection settings (a mapping).', {
    /** As the user pasted it; the Halo client normalises it. */
    url: optionalText('url', 'Resource server, e.g. https://example.halopsa.com (env HALO_URL).', { example: 'https://example.halopsa.com', env: 'HALO_URL' }),
    auth_url: optionalText('authUrl', 'Auth server where it differs (env HALO_AUTH_URL).', { example: 'https://example.halopsa.com/auth', env: 'HALO_AUTH_URL' }),
    tenant: optionalText('tenant', 'Tenant, for Halo-hosted instances (env HALO_TENANT).', { example: 'example', env: 'HALO_TENANT' }),
    client_id: optionalText('clientId', 'API application client id (env HALO_CLIENT_ID).', { example: 'your-client-id', env: 'HALO_CLIENT_ID' }),
    client_secret: optionalText('clientSecret', 'Prefer the HALO_CLIENT_SECRET environment variable.', {
      env: 'HALO_CLIENT_SECRET',
      initNote: 'client_secret: never here; set HALO_CLIENT_SECRET in the environment.',
    }),
    requests_per_window: positive('requestsPerWindow', 'Requests allowed per rolling window (Halo: 300).', 300),
    window_seconds: positive('windowSeconds', 'Length of the rate-limit window in seconds (Halo: 300).', 300),
    concurrency: positive('concurrency', 'Requests in flight at once.', 4, true),
    timeout_seconds: positive('timeoutSeconds', 'Timeout of one request.', 30),
    /** One deadline for reaching Halo and logging in, before any other request. */
    connect_timeout_seconds: positive('connectTimeoutSeconds', 'How long to wait for Halo to answer while connecting and logging in.', 20),
    batch_size: positive('batchSize', 'Articles per write request.', 50, true),
    batch_max_kb: positive('batchMaxKb', 'Largest write request body, in KiB.', 4096),
    page_size: positive('pageSize', 'Rows asked for per list page (a lower cap on the server is followed).', 1000, true),
    // Halo's own guides site links articles as .../guides/article?kbid=<id>; agent and portal paths
    // vary by instance and version, so this is a template the user can change.
    article_url: setting('articleUrl', {
      type: 'url-template',
      description: 'Halo URL of an article for cross-links: {url} and {id} are replaced.',
      default: '{url}/kb?id={id}',
      read: (value) => (typeof value === 'string' ? value : '{url}/kb?id={id}'),
    }),
    /**
     * How attachments reach an article: `auto` finds out on the first upload (or from `doctor
     * --probe`) and records it per Halo instance in the state manifest.
     */
    attachment_mode: choice(
      'attachmentMode',
      'auto: found out on the first upload and recorded in the state manifest; inline: attachments travel in the article write; attachment-endpoint: POST /Attachment.',
      ['auto', 'inline', 'attachment-endpoint'],
      'auto',
    ),
  }),
} satisfies Readonly<Record<string, Entry>>;

/** True for a mapping of settings. */
export function isSection(entry: Entry): entry is Section {
  return entry.type === 'mapping' && 'settings' in entry;
}

/** The Config properties `entries` fill, from the checked values of the file (`values`, `sections` by key). */
export function readSettings<T extends Readonly<Record<string, Entry>>>(
  entries: T,
  values: Readonly<Record<string, unknown>>,
  sections: (key: string, section: Section) => Readonly<Record<string, unknown>>,
  ctx: SettingContext,
): ConfigOf<T> {
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(entries)) {
    out[entry.prop] = isSection(entry) ? readSettings(entry.settings, sections(key, entry), () => ({}), ctx) : entry.read(values[key], ctx);
  }
  // The loop fills exactly the properties ConfigOf<T> names, each with its setting's `read`.
  return out as ConfigOf<T>;
}
