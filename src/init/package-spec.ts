/**
 * Where a docs repository gets halo-kb from: the value of `halo-kb` in its package.json, always
 * pinned to one build (an exact version, a release tarball, or a git commit), so that every CI run
 * installs the same code and nobody else's package of the same name.
 *
 * `parsePackageSpec` checks what a user gives to `init --package`; `installedSpec` works out where
 * the running halo-kb was installed from, which is what `init` pins by default.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { HaloKbError } from '../errors.js';

export type PackageSpecKind = 'version' | 'tarball' | 'file' | 'git';

export interface PackageSpec {
  kind: PackageSpecKind;
  /** The value for `"halo-kb"` in package.json. */
  value: string;
  /** For a local tarball: its absolute path (a file outside the docs repository is not there in CI). */
  file?: string;
}

const EXACT_VERSION = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/;
/** A commit id: 7 to 40 hex digits (64 for SHA-256 repositories). */
const COMMIT = /^[0-9a-f]{7,64}$/i;
const HOSTED_PREFIX = /^(github|gitlab|bitbucket):/;
const GIT_URL = /^git(\+(https|ssh|file))?:\/\//;
const OWNER_REPO = /^[\w.-]+\/[\w.-]+(#.*)?$/;
const HOSTED_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org']);

const WHAT_TO_GIVE = 'Give an exact version (0.1.0), a release tarball (its path or https URL), or a git URL with a commit (github:OWNER/halo-kb#<commit>).';

function specError(message: string, hint: string): HaloKbError {
  return new HaloKbError('INIT_PACKAGE_SPEC', message, { hint });
}

function looksLikePath(spec: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return false;
  return spec.startsWith('file:') || spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('~') || /^[A-Za-z]:[\\/]/.test(spec) || /\.(tgz|tar\.gz|tar)$/.test(spec);
}

/** A git spec, if `spec` is one: hosted shorthand, owner/repo, git URLs, or a hosted https URL. */
function gitParts(spec: string): { repo: string; commitish: string | undefined } | undefined {
  const hash = spec.indexOf('#');
  const repo = hash === -1 ? spec : spec.slice(0, hash);
  const commitish = hash === -1 ? undefined : spec.slice(hash + 1);
  if (HOSTED_PREFIX.test(spec) || GIT_URL.test(spec) || OWNER_REPO.test(spec)) return { repo, commitish };
  if (/^https:\/\//.test(spec)) {
    let url: URL;
    try {
      url = new URL(repo);
    } catch {
      throw specError(`--package ${spec} is not a valid URL.`, WHAT_TO_GIVE);
    }
    if (HOSTED_HOSTS.has(url.hostname) && /^\/[^/]+\/[^/]+?(\.git)?\/?$/.test(url.pathname)) return { repo, commitish };
    if (url.pathname.endsWith('.git')) return { repo, commitish };
  }
  return undefined;
}

/** `owner/repo` is npm's shorthand for GitHub; written out, it says where it comes from. */
function gitValue(repo: string, commit: string): string {
  return `${OWNER_REPO.test(repo) && !HOSTED_PREFIX.test(repo) && !GIT_URL.test(repo) ? `github:${repo}` : repo}#${commit}`;
}

/** The value package.json needs for a tarball at `file`, from the docs repository at `root`. */
function fileValue(file: string, root: string): string {
  const relative = path.relative(root, file);
  // On another Windows drive there is no relative path.
  const shown = path.isAbsolute(relative) ? file : relative;
  return `file:${shown.split(path.sep).join('/')}`;
}

async function tarballSpec(input: string, absolute: string, root: string): Promise<PackageSpec> {
  let kind: 'file' | 'folder' | 'missing';
  try {
    kind = (await stat(absolute)).isDirectory() ? 'folder' : 'file';
  } catch {
    kind = 'missing';
  }
  if (kind === 'missing') throw specError(`--package ${input}: there is no such file.`, 'Give the path of a release tarball ("npm pack" makes one), or its https URL.');
  if (kind === 'folder') {
    throw specError(
      `--package ${input} is a folder: npm would link it, and the docs repository would run whatever the folder holds at the time.`,
      'Make a tarball of it with "npm pack" and give that file.',
    );
  }
  return { kind: 'file', value: fileValue(absolute, root), file: absolute };
}

/**
 * What `init --package SPEC` means, or a usage error (exit 64) saying why it does not pin one build.
 * Paths are relative to `cwd`, where the user typed them; the value is relative to `root`, the
 * docs repository.
 */
export async function parsePackageSpec(input: string, where: { cwd: string; root: string }): Promise<PackageSpec> {
  const spec = input.trim().replace(/^halo-kb@(?=.)/, '');
  const version = EXACT_VERSION.exec(spec);
  if (version) return { kind: 'version', value: version[1] ?? spec };
  if (/^npm:(@[\w.-]+\/)?[\w.-]+@/.test(spec)) {
    const at = spec.lastIndexOf('@');
    if (EXACT_VERSION.test(spec.slice(at + 1))) return { kind: 'version', value: spec.replace(/@v(?=\d)/, '@') };
    throw specError(`--package ${input} does not pin one version of halo-kb.`, WHAT_TO_GIVE);
  }
  if (spec.startsWith('http://')) {
    throw specError(`--package ${input} would be downloaded without encryption, and anyone on the way could change it.`, 'Use an https:// URL.');
  }
  if (looksLikePath(spec)) {
    const file = spec.startsWith('file:') ? spec.slice('file:'.length) : spec;
    return tarballSpec(input, path.resolve(where.cwd, file), where.root);
  }
  const git = gitParts(spec);
  if (git !== undefined) {
    if (git.commitish === undefined || !COMMIT.test(git.commitish)) {
      const named = git.commitish === undefined ? 'names no commit' : `names "${git.commitish}", a branch or tag that can move`;
      throw specError(`--package ${input} ${named}: pin a commit.`, `Give ${git.repo}#<commit>; "git ls-remote <repository URL> <tag>" prints a tag's commit.`);
    }
    return { kind: 'git', value: gitValue(git.repo, git.commitish) };
  }
  if (/^https:\/\//.test(spec)) return { kind: 'tarball', value: spec };
  throw specError(`--package ${input} does not pin one version of halo-kb.`, WHAT_TO_GIVE);
}

interface LockEntry {
  resolved?: unknown;
  version?: unknown;
}

/** A JSON object from `file`; undefined when it is missing, unreadable or not an object. */
export async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const data: unknown = JSON.parse(await readFile(file, 'utf8'));
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The spec for what npm recorded as `resolved` (paths in a lockfile are relative to its folder),
 * or undefined for what pins nothing (a linked folder, a tarball since removed).
 */
async function fromResolved(resolved: string, base: string, name: string, root: string): Promise<PackageSpec | undefined> {
  if (resolved.startsWith('file:')) {
    const file = path.resolve(base, resolved.slice('file:'.length));
    try {
      if (!(await stat(file)).isFile()) return undefined;
    } catch {
      return undefined;
    }
    return { kind: 'file', value: fileValue(file, root), file };
  }
  if (GIT_URL.test(resolved)) {
    const hash = resolved.indexOf('#');
    const commit = hash === -1 ? '' : resolved.slice(hash + 1);
    if (!COMMIT.test(commit)) return undefined;
    // npm records GitHub installs as git+ssh; the shorthand lets npm fetch public repositories over https.
    const hosted = /^git\+(?:ssh:\/\/git@|https:\/\/)github\.com[/:]([\w.-]+\/[\w.-]+?)(?:\.git)?#/.exec(resolved);
    return { kind: 'git', value: hosted ? `github:${hosted[1] ?? ''}#${commit}` : resolved };
  }
  if (/^https:\/\//.test(resolved)) {
    // A registry tarball, …/<name>/-/<basename>-<version>.tgz: the version says the same, and reads better.
    const marker = `/${name}/-/`;
    const file = resolved.includes(marker) ? (resolved.split(marker).pop() ?? '') : '';
    const basename = `${name.split('/').pop() ?? name}-`;
    const version = file.startsWith(basename) && file.endsWith('.tgz') ? file.slice(basename.length, -'.tgz'.length) : '';
    if (EXACT_VERSION.test(version) && !version.startsWith('v')) return { kind: 'version', value: name === 'halo-kb' ? version : `npm:${name}@${version}` };
    return { kind: 'tarball', value: resolved };
  }
  return undefined;
}

/**
 * Where the halo-kb at `packageRoot` was installed from, as npm recorded it in the installing
 * project's lockfiles (node_modules/.package-lock.json, package-lock.json; npx keeps both in its
 * cache folder) or, for older installs, in the package's own `_resolved`. Undefined when it was not
 * installed by npm (a source checkout) or what npm recorded pins nothing.
 */
export async function installedSpec(packageRoot: string, root: string): Promise<PackageSpec | undefined> {
  const real = await realpath(packageRoot).catch(() => packageRoot);
  const own = await readJson(path.join(real, 'package.json'));
  const name = typeof own?.['name'] === 'string' ? own['name'] : 'halo-kb';
  const parts = real.split(path.sep);
  const at = parts.lastIndexOf('node_modules');
  if (at > 0) {
    const consumer = parts.slice(0, at).join(path.sep) || path.sep;
    const key = path.relative(consumer, real).split(path.sep).join('/');
    for (const lock of [path.join(consumer, 'node_modules', '.package-lock.json'), path.join(consumer, 'package-lock.json'), path.join(consumer, 'npm-shrinkwrap.json')]) {
      const packages = (await readJson(lock))?.['packages'] as Record<string, LockEntry> | undefined;
      const resolved = packages?.[key]?.resolved;
      if (typeof resolved === 'string') return fromResolved(resolved, consumer, name, root);
    }
  }
  const recorded = own?.['_resolved'];
  if (typeof recorded === 'string') return fromResolved(recorded, real, name, root);
  return undefined;
}

/** How a spec reads in init's report: `halo-kb 0.1.0`, `halo-kb from file:../halo-kb-0.1.0.tgz`. */
export function describeSpec(spec: PackageSpec): string {
  return spec.kind === 'version' && !spec.value.startsWith('npm:') ? `halo-kb ${spec.value}` : `halo-kb from ${spec.value}`;
}
