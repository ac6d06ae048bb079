/**
 * package-lock.json for a docs repository, made by npm itself: halo-kb and every package under it
 * resolved and pinned by its hash, so `npm ci` in CI installs exactly that. Nothing is installed and
 * no package script runs; npm needs its registry for the packages under halo-kb.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { readJson } from './package-spec.js';

const LOCK_ARGS = ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'];

/** The command, as a user would type it. */
export const LOCK_COMMAND = `npm ${LOCK_ARGS.join(' ')}`;

export type LockResult = { ok: true; version: string | undefined; packages: number } | { ok: false; reason: string };

type Json = Record<string, unknown>;

function haloKbOf(manifest: Json | undefined): unknown {
  const pick = (key: string): unknown => (manifest?.[key] as Json | undefined)?.['halo-kb'];
  return pick('dependencies') ?? pick('devDependencies');
}

/** Whether package-lock.json exists and pins the halo-kb that package.json asks for. */
export async function lockfileInStep(dir: string): Promise<boolean> {
  const lock = await readJson(path.join(dir, 'package-lock.json'));
  const wanted = haloKbOf(await readJson(path.join(dir, 'package.json')));
  const locked = haloKbOf((lock?.['packages'] as Record<string, Json> | undefined)?.['']);
  return wanted !== undefined && wanted === locked;
}

/** npm's own words for why it failed: its error code and first message, without the log file line. */
function npmReason(stderr: string, code: number | null): string {
  const lines = stderr
    .split('\n')
    .filter((l) => l.startsWith('npm error') || l.startsWith('npm ERR!'))
    .map((l) => l.replace(/^npm (error|ERR!)\s*/, '').trim())
    .filter((l) => l !== '' && !/complete log of this run|^A complete log/i.test(l));
  const errorCode = lines.find((l) => l.startsWith('code '))?.slice('code '.length);
  const message = lines.filter((l) => !l.startsWith('code ') && !l.startsWith('errno ') && !l.startsWith('syscall '))[0];
  if (message === undefined) return `npm exited with code ${code ?? 'unknown'}`;
  return errorCode === undefined ? message : `${errorCode}: ${message}`;
}

/** Run npm in `dir` to write package-lock.json. `env` is npm's whole environment (its npm_config_* too). */
export function writeLockfile(dir: string, env: NodeJS.ProcessEnv): Promise<LockResult> {
  return new Promise((resolve) => {
    // npm is a .cmd script on Windows, which only a shell starts.
    const child = spawn('npm', LOCK_ARGS, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'], shell: process.platform === 'win32' });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', (error: NodeJS.ErrnoException) => {
      resolve({ ok: false, reason: error.code === 'ENOENT' ? 'npm was not found on PATH' : error.message });
    });
    child.on('close', (code) => {
      if (code !== 0) {
        resolve({ ok: false, reason: npmReason(stderr, code) });
        return;
      }
      void readJson(path.join(dir, 'package-lock.json')).then((lock) => {
        const packages = (lock?.['packages'] ?? {}) as Record<string, Json>;
        const version = packages['node_modules/halo-kb']?.['version'];
        resolve({ ok: true, version: typeof version === 'string' ? version : undefined, packages: Object.keys(packages).filter((k) => k !== '').length });
      });
    });
  });
}
