/**
 * What identifies the compiler in the build cache key: halo-kb's version, a hash of the code that
 * compiles and resolves articles (not the rest of halo-kb) and the installed version of every
 * package that code runs, theirs included. A dependency updated within its range
 * (`npm update`) or a local change to halo-kb's code can change the HTML without a new halo-kb
 * version; a cached compile is reused only by the compiler that made it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../version.js';

interface Manifest {
  version?: unknown;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The folder of package `name` as Node finds it from `from` (node_modules, up the tree), real path. */
function findPackage(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * npm's record of what it installed (node_modules/.package-lock.json, rewritten by every install
 * and update): one small file instead of a walk of some 150 packages (about 30 ms). It is looked
 * for where npm keeps it for halo-kb's packages: in halo-kb's own node_modules (a checkout of
 * halo-kb) or in the node_modules folder halo-kb is installed in.
 */
function npmInstallRecord(packageDir: string): { root: string; packages: Record<string, NpmRecordEntry> } | undefined {
  const places = [path.join(packageDir, 'node_modules')];
  if (path.basename(path.dirname(packageDir)) === 'node_modules') places.push(path.dirname(packageDir));
  for (const place of places) {
    let text: string;
    try {
      text = readFileSync(path.join(place, '.package-lock.json'), 'utf8');
    } catch {
      continue; // not installed by npm here
    }
    const record = JSON.parse(text) as { packages?: Record<string, NpmRecordEntry> };
    return { root: path.dirname(place), packages: record.packages ?? {} };
  }
  return undefined;
}

interface NpmRecordEntry {
  version?: string;
  integrity?: string;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/**
 * `packages` of npm's record that `names` (needed by halo-kb at `packageDir`) run: each found from
 * the place of the package that needs it as Node would find it (`a/node_modules/b`, then up), with
 * its own dependencies, as `place@version integrity`.
 */
function recordedPackages(record: { root: string; packages: Record<string, NpmRecordEntry> }, packageDir: string, names: readonly string[]): string[] {
  const found = new Set<string>();
  const visit = (from: string, wanted: readonly string[]): void => {
    for (const name of wanted) {
      let place: string | undefined;
      for (let dir = from; place === undefined; dir = path.posix.dirname(dir)) {
        const candidate = dir === '.' || dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
        if (record.packages[candidate] !== undefined) place = candidate;
        else if (dir === '.' || dir === '') break;
      }
      if (place === undefined) {
        found.add(`${name}@missing`);
        continue;
      }
      const entry = record.packages[place]!;
      const line = `${place}@${entry.version ?? ''} ${entry.integrity ?? entry.resolved ?? ''}`;
      if (found.has(line)) continue;
      found.add(line);
      visit(place, [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {})]);
    }
  };
  visit(path.relative(record.root, packageDir).split(path.sep).join('/'), names);
  return [...found].sort();
}

/**
 * `name@version` of every package halo-kb runs: its dependencies and theirs, each found from the
 * folder of the package that needs it, as Node finds it. The HTML comes from packages two or three
 * levels down (micromark, mdast-util-to-hast, hast-util-to-html), which `npm update` can move
 * while every direct dependency keeps its version.
 */
function installedPackages(packageDir: string, names: readonly string[]): string[] {
  const found = new Map<string, string>();
  const visit = (from: string, wanted: string[]): void => {
    for (const name of wanted) {
      const dir = findPackage(name, from);
      if (dir === undefined) {
        found.set(`missing ${name}`, `${name}@missing`);
        continue;
      }
      if (found.has(dir)) continue;
      const own = readManifest(dir);
      found.set(dir, `${name}@${String(own.version)}`);
      visit(dir, [...Object.keys(own.dependencies ?? {}), ...Object.keys(own.optionalDependencies ?? {})]);
    }
  };
  visit(packageDir, [...names]);
  return [...new Set(found.values())].sort();
}

/**
 * Where compiling starts: the build engine, and the worker pool.ts starts by URL (not an import).
 * Everything the HTML, the resolution and the cache hold comes from these and what they import.
 */
const OUTPUT_ENTRIES = ['compile/build', 'compile/worker'];

/**
 * Static and dynamic imports, of modules (`./x.js`) and packages; `import type` is left out (it is
 * not in the built code). A match inside a comment or a string only adds a module or a package, or
 * names a module that is not there and is passed over.
 */
const IMPORT = /^\s*(?:import|export)\s+(?!type\s)[^'";]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The package an import names (`pdf-lib`, `@scope/name` of `@scope/name/sub.js`); undefined for a module of halo-kb's or Node's. */
function packageOf(spec: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) return undefined;
  return spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');
}

/** `rel` (a `.js` path, as imports name modules) as it is in `dir`: built (.js) or source (.ts); undefined when neither is there. */
function moduleFile(dir: string, rel: string): string | undefined {
  for (const candidate of [rel, rel.replace(/\.js$/, '.ts')]) if (existsSync(path.join(dir, ...candidate.split('/')))) return candidate;
  return undefined;
}

/**
 * The code that decides what a build writes: the entries and every module they import, as sorted
 * paths relative to `dir` with their text, and the packages they import. Not the CLI, the Halo
 * client, the planner, the emulator or the preview: editing those leaves every cached compile valid.
 */
function outputCode(dir: string): { code: Map<string, Buffer>; packages: string[] } {
  const code = new Map<string, Buffer>();
  const packages = new Set<string>();
  const visit = (rel: string): void => {
    if (code.has(rel)) return;
    const text = readFileSync(path.join(dir, ...rel.split('/')));
    code.set(rel, text);
    for (const match of text.toString('utf8').matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3] ?? '';
      const pkg = packageOf(spec);
      if (pkg !== undefined) {
        packages.add(pkg);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = moduleFile(dir, path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec)));
      if (target !== undefined) visit(target);
    }
  };
  for (const entry of OUTPUT_ENTRIES) {
    const file = moduleFile(dir, `${entry}.js`);
    if (file === undefined) throw new Error(`${entry} is not in ${dir}`);
    visit(file);
  }
  return { code: new Map([...code].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), packages: [...packages].sort() };
}

/**
 * The identity of the compiler whose code is in `codeDir` (src/ or dist/), in the package at
 * `packageDir`. Reads some thirty modules: a few milliseconds, once per process.
 * Where the code or the packages cannot be read (a layout halo-kb was not installed in, say), the
 * version alone, as before this identity existed: the cache then trusts the version, and
 * `build --no-cache` rebuilds it. Never throws: every command that compiles computes it.
 */
export function compilerIdOf(codeDir: string, packageDir: string, version = VERSION): string {
  const hash = createHash('sha256').update(version);
  try {
    const { code, packages } = outputCode(codeDir);
    for (const [file, text] of code) hash.update(`\0${file}\0`).update(text);
    const record = npmInstallRecord(packageDir);
    const installed = record !== undefined ? recordedPackages(record, packageDir, packages) : installedPackages(packageDir, packages);
    for (const entry of installed) hash.update(`\0${entry}`);
    return hash.digest('hex');
  } catch {
    return createHash('sha256').update(`${version}\0unknown`).digest('hex');
  }
}

let memo: string | undefined;

/** The folder of this process's code: this file is <package>/src/compile/compiler-id.ts, or <package>/dist/compile/compiler-id.js. */
export const CODE_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** This process's compiler identity. */
export function compilerId(): string {
  memo ??= compilerIdOf(CODE_DIR, path.dirname(CODE_DIR));
  return memo;
}
