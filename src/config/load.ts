/**
 * Load `halo-kb.yml` (optional), apply defaults and the HALO_* environment variables (env wins),
 * and fail with every problem at once, each pointing at its line.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { checkFields, isRecord, parseYaml, type CheckOptions, type FieldProblem, type FieldSpecs, type ParsedYaml } from '../schema.js';
import { registerSecret } from '../secrets.js';
import { decodeUtf8 } from '../utf8-text.js';
import {
  ATTACHMENT_SPECS,
  CONFIG_FILE,
  DEFAULTS,
  FAQ_LIST_SPECS,
  HALO_SPECS,
  PUBLISH_SPECS,
  SCOPE_SPECS,
  TOP_LEVEL_SPECS,
  type Config,
} from './schema.js';

export interface LoadConfigOptions {
  /** Working directory, against which flags are resolved; defaults to process.cwd(). */
  cwd?: string | undefined;
  /**
   * Project root; defaults to the nearest folder at or above the working directory that holds
   * halo-kb.yml (see `findProjectRoot`), else the working directory.
   */
  root?: string | undefined;
  /** An explicit config file path (`--config`); it must exist. */
  configFile?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  /** Command-line overrides of folders, relative to the working directory. */
  content?: string | undefined;
  out?: string | undefined;
  state?: string | undefined;
  /**
   * `--strict`: every warning is an error (as `strict: true` in the file makes it). `false` leaves
   * warnings warnings whatever the file says, for commands that only read (`status`).
   */
  strict?: boolean | undefined;
}

export interface LoadedConfig {
  config: Config;
  /** Where the settings came from, for `doctor` and `--verbose`. */
  file: string | undefined;
  warnings: string[];
}

async function readOptional(file: string, shown: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError('CONFIG_UNREADABLE', `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return decoded.text;
  const { line, column, message, hint } = decoded.problem;
  throw new ConfigError('CONFIG_ENCODING', `${shown}:${line}:${column}: ${shown} ${message}.`, { hint });
}

function section(
  data: Record<string, unknown>,
  key: string,
  specs: FieldSpecs,
  parsed: ParsedYaml,
  problems: FieldProblem[],
  options: CheckOptions = {},
): Record<string, unknown> {
  const value = data[key];
  if (!isRecord(value)) return {};
  const checked = checkFields(value, specs, parsed, `${CONFIG_FILE} ${key}`, [key], options);
  problems.push(...checked.problems);
  return checked.values;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** `scope.companies`: absent or `all` is every company; otherwise the folders listed. */
function companiesInScope(value: unknown): 'all' | string[] {
  if (!Array.isArray(value)) return 'all';
  const folders = value.map(String);
  return folders.length === 1 && folders[0] === 'all' ? 'all' : folders;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The folder holding the halo-kb.yml that applies to `cwd`: `cwd` itself or the nearest folder
 * above it, as git and eslint find theirs. The search stops at a folder holding `.git` (the top of
 * the repository, searched too) and at the filesystem root. A repository with no halo-kb.yml is
 * rooted at its top when that holds the default content folder; otherwise undefined.
 */
export async function findProjectRoot(cwd: string): Promise<string | undefined> {
  let dir = path.resolve(cwd);
  for (;;) {
    if (await exists(path.join(dir, CONFIG_FILE))) return dir;
    const parent = path.dirname(dir);
    if (await exists(path.join(dir, '.git'))) {
      // A repository without halo-kb.yml (every setting is optional): its top, where it holds the
      // default content folder, so a command run from content/central still finds the tree.
      return (await exists(path.join(dir, DEFAULTS.content))) ? dir : undefined;
    }
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Read the configuration of the project at `options.root` (or the one found from the working
 * directory): its relative paths are relative to the folder holding halo-kb.yml, flags to the
 * working directory.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const root = path.resolve(
    options.root ?? (options.configFile === undefined ? ((await findProjectRoot(cwd)) ?? cwd) : path.dirname(path.resolve(cwd, options.configFile))),
  );
  const env = options.env ?? process.env;
  const file = options.configFile === undefined ? path.join(root, CONFIG_FILE) : path.resolve(cwd, options.configFile);
  const shown = path.relative(cwd, file) || file;
  const text = await readOptional(file, shown);
  if (text === undefined && options.configFile !== undefined) {
    throw new ConfigError('CONFIG_NOT_FOUND', `Config file ${options.configFile} does not exist.`, {
      hint: `Create it (halo-kb init writes one with every option documented) or leave out --config to use ${CONFIG_FILE} in the project root.`,
    });
  }
  const warnings: string[] = [];
  let data: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  let parsed: ParsedYaml | undefined;
  if (text !== undefined) {
    parsed = parseYaml(text);
    if (parsed.errors.length > 0) {
      const lines = parsed.errors.map((e) => `${shown}:${e.line}:${e.column}: ${e.message}`);
      throw new ConfigError('CONFIG_SYNTAX', `${shown} is not valid YAML:\n${lines.join('\n')}`, {
        hint: 'Fix the YAML syntax at the line shown; every key is optional, so an empty file is valid too.',
      });
    }
    if (parsed.data !== undefined && parsed.data !== null && !isRecord(parsed.data)) {
      throw new ConfigError('CONFIG_SHAPE', `${shown} must be a mapping of settings, not ${Array.isArray(parsed.data) ? 'a list' : 'a single value'}.`, {
        hint: 'Write settings as "key: value" lines, e.g. "content: docs".',
      });
    }
    const top = checkFields(isRecord(parsed.data) ? parsed.data : {}, TOP_LEVEL_SPECS, parsed, CONFIG_FILE);
    problems.push(...top.problems);
    data = top.values;
  }
  const p = parsed ?? parseYaml('');
  const attachments = section(data, 'attachments', ATTACHMENT_SPECS, p, problems);
  const faq = section(data, 'faq_lists', FAQ_LIST_SPECS, p, problems);
  const publish = section(data, 'publish', PUBLISH_SPECS, p, problems);
  const halo = section(data, 'halo', HALO_SPECS, p, problems);
  // A misspelt scope key ignored would publish more than was chosen: an error, like `Draft:`.
  const scope = section(data, 'scope', SCOPE_SPECS, p, problems, { misspeltKeys: { held: 'nothing is planned or published until it is fixed' } });

  for (const problem of problems.filter((x) => x.severity === 'warning')) {
    const at = problem.position ? `${shown}:${problem.position.line}:${problem.position.column}: ` : `${shown}: `;
    warnings.push(`${at}${problem.message}${problem.hint ? ` ${problem.hint}` : ''}`);
  }
  const errors = problems.filter((x) => x.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const at = e.position ? `${shown}:${e.position.line}:${e.position.column}` : shown;
      return `${at}: ${e.message}${e.hint ? `\n    ${e.hint}` : ''}`;
    });
    throw new ConfigError('CONFIG_INVALID', `${shown} has ${errors.length} invalid setting${errors.length === 1 ? '' : 's'}:\n${lines.join('\n')}`, {
      hint: 'Fix the settings shown, or remove them to use the defaults.',
    });
  }
  if (halo['client_secret'] !== undefined) {
    warnings.push(`${shown}: halo.client_secret is set in the config file; keep it in the HALO_CLIENT_SECRET environment variable instead so it never lands in git.`);
  }

  const fromRoot = (value: unknown, fallback: string): string => path.resolve(root, typeof value === 'string' ? value : fallback);
  const fromCwd = (flag: string | undefined, value: unknown, fallback: string): string =>
    flag === undefined ? fromRoot(value, fallback) : path.resolve(cwd, flag);
  const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const num = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
  const bool = (value: unknown, fallback: boolean): boolean => (typeof value === 'boolean' ? value : fallback);

  const clientSecret = nonEmpty(env['HALO_CLIENT_SECRET']) ?? nonEmpty(str(halo['client_secret']));
  registerSecret(clientSecret);

  const config: Config = {
    root,
    contentDir: fromCwd(options.content, data['content'], DEFAULTS.content),
    outDir: fromCwd(options.out, data['out'], DEFAULTS.out),
    stateFile: fromCwd(options.state, data['state'], DEFAULTS.state),
    templatesDir: fromRoot(data['templates'], DEFAULTS.templates),
    cacheDir: fromRoot(data['cache'], DEFAULTS.cache),
    sourceUrl: str(data['source_url']),
    attachments: {
      maxBytes: Math.round(num(attachments['max_size_mb'], DEFAULTS.maxSizeMb) * 1024 * 1024),
      publicBaseUrl: str(attachments['public_base_url']),
    },
    faqLists: {
      group: str(faq['group']) ?? DEFAULTS.group,
      central: str(faq['central']) ?? DEFAULTS.central,
      showForAll: bool(faq['show_for_all'], DEFAULTS.showForAll),
      companyShowForAll: bool(faq['company_show_for_all'], DEFAULTS.companyShowForAll),
    },
    publish: { maxRetire: num(publish['max_retire'], DEFAULTS.maxRetire), maxArticleKb: num(publish['max_article_kb'], DEFAULTS.maxArticleKb) },
    scope: { central: bool(scope['central'], DEFAULTS.scopeCentral), companies: companiesInScope(scope['companies']) },
    halo: {
      url: nonEmpty(env['HALO_URL']) ?? nonEmpty(str(halo['url'])),
      authUrl: nonEmpty(env['HALO_AUTH_URL']) ?? nonEmpty(str(halo['auth_url'])),
      tenant: nonEmpty(env['HALO_TENANT']) ?? nonEmpty(str(halo['tenant'])),
      clientId: nonEmpty(env['HALO_CLIENT_ID']) ?? nonEmpty(str(halo['client_id'])),
      clientSecret,
      requestsPerWindow: num(halo['requests_per_window'], DEFAULTS.requestsPerWindow),
      windowSeconds: num(halo['window_seconds'], DEFAULTS.windowSeconds),
      concurrency: Math.max(1, Math.floor(num(halo['concurrency'], DEFAULTS.concurrency))),
      timeoutSeconds: num(halo['timeout_seconds'], DEFAULTS.timeoutSeconds),
      connectTimeoutSeconds: num(halo['connect_timeout_seconds'], DEFAULTS.connectTimeoutSeconds),
      batchSize: Math.max(1, Math.floor(num(halo['batch_size'], DEFAULTS.batchSize))),
      batchMaxKb: num(halo['batch_max_kb'], DEFAULTS.batchMaxKb),
      pageSize: Math.max(1, Math.floor(num(halo['page_size'], DEFAULTS.pageSize))),
      articleUrl: str(halo['article_url']) ?? DEFAULTS.articleUrl,
      attachmentMode: (str(halo['attachment_mode']) as Config['halo']['attachmentMode'] | undefined) ?? DEFAULTS.attachmentMode,
    },
    strict: bool(data['strict'], DEFAULTS.strict),
  };
  if (options.strict !== undefined) config.strict = options.strict;
  if (config.strict && warnings.length > 0) {
    throw new ConfigError('CONFIG_STRICT', `${shown} has ${warnings.length === 1 ? 'a warning' : `${warnings.length} warnings`}, and --strict (or "strict: true") counts every warning as an error:\n${warnings.join('\n')}`, {
      hint: 'Fix the settings shown, or run without --strict.',
    });
  }
  return { config, file: text === undefined ? undefined : file, warnings };
}
