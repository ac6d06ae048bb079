/**
 * The project configuration: `halo-kb.yml` at the project root, every key optional. The defaults
 * here are the documented defaults (README, `halo-kb init`).
 */
import type { FieldSpecs } from '../schema.js';

export const CONFIG_FILE = 'halo-kb.yml';

/** `halo.attachment_mode`: a way of linking attachments, or `auto` to find out. */
export type AttachmentModeSetting = 'auto' | 'inline' | 'attachment-endpoint';

/** Halo connection and client behaviour. Secrets come from the environment. */
export interface HaloSettings {
  /** Resource server as the user pasted it (normalised by the Halo client). */
  url: string | undefined;
  authUrl: string | undefined;
  tenant: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** Requests allowed per rolling window; Halo's hosted API allows 300 per 5 minutes. */
  requestsPerWindow: number;
  windowSeconds: number;
  concurrency: number;
  timeoutSeconds: number;
  /** One deadline for reaching Halo and logging in, before any other request. */
  connectTimeoutSeconds: number;
  /** Articles per POST /KBArticle. */
  batchSize: number;
  /** Upper bound on one POST body, in KiB. */
  batchMaxKb: number;
  /** Rows asked for per list page. */
  pageSize: number;
  /** Template for an article's Halo URL, used to rewrite cross-links: `{url}` and `{id}`. */
  articleUrl: string;
  /**
   * How attachments reach an article: inline in the KBArticle POST, or POST /Attachment; `auto`
   * (default) finds out on the first upload (or from `doctor --probe`) and records it per Halo
   * instance in the state manifest.
   */
  attachmentMode: AttachmentModeSetting;
}

/** `scope:` in halo-kb.yml: the central KB or not, and every company KB or the ones named. */
export interface ScopeSettings {
  central: boolean;
  /** `all`, or company folder names (`content/companies/<folder>`). */
  companies: 'all' | string[];
}

export interface Config {
  /** Absolute project root (where halo-kb.yml is, or the working directory). */
  root: string;
  /** Absolute paths. */
  contentDir: string;
  outDir: string;
  stateFile: string;
  templatesDir: string;
  cacheDir: string;
  /** Base URL of the source repository's files, for the banner link (e.g. GitHub's blob URL). */
  sourceUrl: string | undefined;
  attachments: {
    maxBytes: number;
    /** Where the content tree's files are publicly reachable; `path` is appended. */
    publicBaseUrl: string | undefined;
  };
  faqLists: {
    /** The grouping FAQ list every halo-kb list sits under. */
    group: string;
    /** The FAQ list of the central KB. */
    central: string;
    /** "Show for all users" on the central lists. */
    showForAll: boolean;
    /** "Show for all users" on company lists (false keeps client restrictions in force). */
    companyShowForAll: boolean;
  };
  publish: {
    /** Refuse to retire more than this many articles in one run unless forced. */
    maxRetire: number;
    /** The largest article (its Markdown source, and its HTML) that is published, in KiB. */
    maxArticleKb: number;
  };
  /** Which KBs `plan` and `publish` act on (`scope:`); `validate` and `build` check them all. */
  scope: ScopeSettings;
  halo: HaloSettings;
  /** Every warning counts as an error (`strict: true`, or `--strict` on validate, build, plan, publish). */
  strict: boolean;
}

/** `publish.max_article_kb` in bytes: the largest article source and HTML that is published. */
export function articleMaxBytes(config: Pick<Config, 'publish'>): number {
  return Math.round(config.publish.maxArticleKb * 1024);
}

export const TOP_LEVEL_SPECS: FieldSpecs = {
  content: { type: 'string', description: 'Folder of the content tree, relative to the project root.' },
  out: { type: 'string', description: 'Folder the build writes compiled HTML and index.json to.' },
  state: { type: 'string', description: 'Path of the state manifest, relative to the project root.' },
  templates: { type: 'string', description: 'Folder holding article.html and pdf.html.' },
  cache: { type: 'string', description: 'Folder for the build cache.' },
  source_url: { type: 'url', description: 'Base URL where the sources are browsable, shown in the banner.' },
  strict: { type: 'boolean', description: 'Count every warning as an error, as --strict does: an article with one is not published.' },
  attachments: { type: 'mapping', description: 'Attachment settings (a mapping).' },
  faq_lists: { type: 'mapping', description: 'FAQ list settings (a mapping).' },
  publish: { type: 'mapping', description: 'Publish settings (a mapping).' },
  scope: { type: 'mapping', description: 'Which KBs plan and publish act on (a mapping); articles of KBs left out are left as they are in Halo.' },
  halo: { type: 'mapping', description: 'Halo connection settings (a mapping).' },
};

export const ATTACHMENT_SPECS: FieldSpecs = {
  max_size_mb: { type: 'positive-number', description: "Largest attachment uploaded to Halo, in MB (Halo's default limit is 25)." },
  public_base_url: { type: 'url', description: 'Public URL of the content tree; oversized files link there instead.' },
};

export const FAQ_LIST_SPECS: FieldSpecs = {
  group: { type: 'string', description: 'Name of the grouping FAQ list all others sit under.' },
  central: { type: 'string', description: 'Name of the central KB FAQ list.' },
  show_for_all: { type: 'boolean', description: '"Show for all users" on central FAQ lists.' },
  company_show_for_all: { type: 'boolean', description: '"Show for all users" on company FAQ lists.' },
};

export const PUBLISH_SPECS: FieldSpecs = {
  max_retire: { type: 'positive-number', description: 'Most articles one publish may retire without --force.' },
  max_article_kb: {
    type: 'positive-number',
    description: 'Largest article published (its Markdown, and its HTML), in KiB; Halo refuses a request that is too large (413).',
  },
};

export const SCOPE_SPECS: FieldSpecs = {
  central: { type: 'boolean', description: 'Publish the central KB (default true).' },
  companies: {
    type: 'string-list',
    description: 'all (the default), or the company folders to publish, e.g. [contoso, fabrikam]; [] publishes none.',
  },
};

export const HALO_SPECS: FieldSpecs = {
  url: { type: 'string', description: 'Resource server, e.g. https://example.halopsa.com (env HALO_URL).' },
  auth_url: { type: 'string', description: 'Auth server where it differs (env HALO_AUTH_URL).' },
  tenant: { type: 'string', description: 'Tenant, for Halo-hosted instances (env HALO_TENANT).' },
  client_id: { type: 'string', description: 'API application client id (env HALO_CLIENT_ID).' },
  client_secret: { type: 'string', description: 'Prefer the HALO_CLIENT_SECRET environment variable.' },
  requests_per_window: { type: 'positive-number', description: 'Requests allowed per rolling window (Halo: 300).' },
  window_seconds: { type: 'positive-number', description: 'Length of the rate-limit window in seconds (Halo: 300).' },
  concurrency: { type: 'positive-number', description: 'Requests in flight at once.' },
  timeout_seconds: { type: 'positive-number', description: 'Timeout of one request.' },
  connect_timeout_seconds: { type: 'positive-number', description: 'How long to wait for Halo to answer while connecting and logging in.' },
  batch_size: { type: 'positive-number', description: 'Articles per write request.' },
  batch_max_kb: { type: 'positive-number', description: 'Largest write request body, in KiB.' },
  page_size: { type: 'positive-number', description: 'Rows asked for per list page (a lower cap on the server is followed).' },
  article_url: { type: 'url-template', description: 'Halo URL of an article for cross-links: {url} and {id} are replaced.' },
  attachment_mode: {
    type: 'string',
    values: ['auto', 'inline', 'attachment-endpoint'],
    description: 'auto: found out on the first upload and recorded in the state manifest; inline: attachments travel in the article write; attachment-endpoint: POST /Attachment.',
  },
};

export const DEFAULTS = {
  content: 'content',
  out: '.halo-kb/build',
  state: 'state/manifest.json',
  templates: 'templates',
  cache: '.halo-kb/cache',
  maxSizeMb: 25,
  group: 'Knowledge Base (docs)',
  central: 'Central',
  showForAll: false,
  companyShowForAll: false,
  maxRetire: 25,
  maxArticleKb: 4096,
  requestsPerWindow: 300,
  windowSeconds: 300,
  concurrency: 4,
  timeoutSeconds: 30,
  connectTimeoutSeconds: 20,
  batchSize: 50,
  batchMaxKb: 4096,
  pageSize: 1000,
  // Halo's own guides site links articles as .../guides/article?kbid=<id>; agent and portal paths
  // vary by instance and version, so this is a template the user can change.
  articleUrl: '{url}/kb?id={id}',
  attachmentMode: 'auto',
  strict: false,
  scopeCentral: true,
} as const;
