/**
 * Load `halo-kb.yml` (optional), apply defaults and the HALO_* environment variables (env wins),
 * and fail with every problem at once, each pointing at its line.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { isRecord } from '../field-values.js';
import { parseYaml, type ParsedYaml } from '../parse-yaml.js';
import { checkFields, type CheckOptions, type FieldProblem } from '../schema.js';
import { registerSecret } from '../secrets.js';
import { decodeUtf8 } from '../utf8-text.js';
import { CONFIG_FILE, TOP_LEVEL_SPECS, type Config } from './schema.js';
import { isSection, readSettings, SETTINGS, type Section } from './settings.js';

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

function checkSection(data: Record<string, unknown>, key: string, section: Section, parsed: ParsedYaml, problems: FieldProblem[]): Record<string, unknown> {
  const value = data[key];
  if (!isRecord(value)) return {};
  const options: CheckOptions = section.misspeltKeys === undefined ? {} : { misspeltKeys: section.misspeltKeys };
  const checked = checkFields(value, section.settings, parsed, `${CONFIG_FILE} ${key}`, [key], options);
  problems.push(...checked.problems);
  return checked.values;
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
      return (await exists(path.join(dir, SETTINGS.content.default))) ? dir : undefined;
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
  const root = path.resolve(options.root ?? (options.configFile === undefined ? ((await findProjectRoot(cwd)) ?? cwd) : path.dirname(path.resolve(cwd, options.configFile))));
  const env = options.env ?? process.env;
  const file = options.configFile === undefined ? path.join(root, CONFIG_FILE) : path.resolve(cwd, options.configFile);
  const shown = path.relative(cwd, file) || file;
  const text = await readOptional(file, shown);
  if (text === undefined && options.configFile !== undefined) {
    throw new ConfigError('CONFIG_NOT_FOUND', `Config file ${options.configFile} does not exist.`);
  }
  const warnings: string[] = [];
  let data: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  let parsed: ParsedYaml | undefined;
  if (text !== undefined) {
    parsed = parseYaml(text);
    if (parsed.errors.length > 0) {
      const lines = parsed.errors.map((e) => `${shown}:${e.line}:${e.column}: ${e.message}`);
      throw new ConfigError('CONFIG_SYNTAX', `${shown} is not valid YAML:\n${lines.join('\n')}`);
    }
    if (parsed.data !== undefined && parsed.data !== null && !isRecord(parsed.data)) {
      throw new ConfigError('CONFIG_SHAPE', `${shown} must be a mapping of settings, not ${Array.isArray(parsed.data) ? 'a list' : 'a single value'}.`);
    }
    const top = checkFields(isRecord(parsed.data) ? parsed.data : {}, TOP_LEVEL_SPECS, parsed, CONFIG_FILE);
    problems.push(...top.problems);
    data = top.values;
  }
  const p = parsed ?? parseYaml('');
  const sections = new Map<string, Record<string, unknown>>();
  for (const [key, entry] of Object.entries(SETTINGS)) {
    if (isSection(entry)) sections.set(key, checkSection(data, key, entry, p, problems));
  }

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
    throw new ConfigError('CONFIG_INVALID', `${shown} has ${errors.length} invalid setting${errors.length === 1 ? '' : 's'}:\n${lines.join('\n')}`);
  }
  if (sections.get('halo')?.['client_secret'] !== undefined) {
    warnings.push(`${shown}: halo.client_secret is set in the config file; keep it in the HALO_CLIENT_SECRET environment variable instead so it never lands in git.`);
  }

  const config: Config = {
    root,
    ...readSettings(SETTINGS, data, (key) => sections.get(key) ?? {}, {
      root,
      cwd,
      env,
      flags: { content: options.content, out: options.out, state: options.state },
    }),
  };
  registerSecret(config.halo.clientSecret);
  if (options.strict !== undefined) config.strict = options.strict;
  if (config.strict && warnings.length > 0) {
    throw new ConfigError(
      'CONFIG_STRICT',
      `${shown} has ${warnings.length === 1 ? 'a warning' : `${warnings.length} warnings`}, and --strict (or "strict: true") counts every warning as an error:\n${warnings.join('\n')}`,
    );
  }
  return { config, file: text === undefined ? undefined : file, warnings };
}
