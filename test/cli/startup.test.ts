/**
 * What a run of the built CLI loads: every command is registered on every run, but the compiler
 * (unified and its plugins), the diff library, the Halo client (undici) and the watcher (chokidar)
 * are loaded only by the commands that use them. `halo-kb --version` in a CI step, or `--help`,
 * starts in a third of the time it took when every command loaded all of them.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN } from '../publish/killed-run.js';
import { makeProject, tempDir } from '../helpers/temp-tree.js';

const run = promisify(execFile);

/** A module hook that writes every package a run loads to the file in HALO_KB_TEST_LOADED. */
const HOOK = path.resolve(import.meta.dirname, '../helpers/record-packages.mjs');

/** The packages `halo-kb ...argv` loads in `cwd`. */
async function packagesLoaded(argv: string[], cwd: string): Promise<Set<string>> {
  const log = path.join(await tempDir(), 'loaded.txt');
  await run(process.execPath, ['--import', HOOK, BIN, ...argv], { cwd, env: { ...process.env, NO_COLOR: '1', HALO_KB_TEST_LOADED: log } });
  const text = await readFile(log, 'utf8').catch(() => '');
  return new Set(text.split('\n').filter((name) => name !== ''));
}

const HEAVY = ['unified', 'remark-parse', 'hast-util-raw', 'diff', 'undici', 'chokidar', 'pdfjs-dist', 'pdf-lib'];

describe('what a run loads', () => {
  it('--version and --help load none of the compiler, the diff library, the Halo client or the watcher', async () => {
    const cwd = await tempDir();
    for (const argv of [['--version'], ['--help'], ['publish', '--help']]) {
      const loaded = await packagesLoaded(argv, cwd);
      const heavy = HEAVY.filter((name) => loaded.has(name));
      expect(loaded.has('commander'), argv.join(' ')).toBe(true);
      expect(heavy, argv.join(' ')).toEqual([]);
    }
  });

  it('validate loads the compiler, and neither the Halo client nor the watcher', async () => {
    const root = await makeProject({ 'content/central/network/vpn.md': '# VPN\n\nConnect before you sign in.\n' });
    const loaded = await packagesLoaded(['validate'], root);
    expect(loaded.has('unified')).toBe(true);
    expect(['undici', 'chokidar', 'diff'].filter((name) => loaded.has(name))).toEqual([]);
  });
});
