/**
 * What identifies the compiler in the build cache key: halo-kb's version, a hash of its own code
 * and the installed version of each of its dependencies. A dependency updated within its range
 * (`npm update`) or a local change to halo-kb's code can change the HTML without a new halo-kb
 * version; a cached compile is reused only by the compiler that made it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../version.js';

/** The installed version of `name`, found the way Node finds a package: in node_modules up from `from`. */
function installedVersion(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      return String((JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown }).version);
    } catch {
      // not here: look one folder up
    }
    if (path.dirname(dir) === dir) return 'missing';
  }
}

/** Code files under `dir`, as sorted paths relative to it (a walk: readdir's own recursion is slower). */
function codeFiles(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...codeFiles(dir, rel));
    else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(rel);
  }
  return files.sort();
}

/**
 * The identity of the compiler whose code is in `codeDir` (src/ or dist/), in the package at
 * `packageDir`. Reads about half a megabyte of code: a few milliseconds, once per process.
 */
export function compilerIdOf(codeDir: string, packageDir: string, version = VERSION): string {
  const hash = createHash('sha256').update(version);
  for (const file of codeFiles(codeDir)) hash.update(`\0${file}\0`).update(readFileSync(path.join(codeDir, ...file.split('/'))));
  const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies ?? {}).sort()) hash.update(`\0${name}@${installedVersion(name, packageDir)}`);
  return hash.digest('hex');
}

let memo: string | undefined;

/** This process's compiler identity. */
export function compilerId(): string {
  // This file is <package>/src/compile/compiler-id.ts, or <package>/dist/compile/compiler-id.js.
  const codeDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  memo ??= compilerIdOf(codeDir, path.dirname(codeDir));
  return memo;
}
