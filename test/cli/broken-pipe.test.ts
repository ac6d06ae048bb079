/**
 * `halo-kb … | head`: the reader closes the pipe before the output is written. The compiled CLI
 * must end quietly (no EPIPE stack trace) with the exit code the command itself chose, and a
 * command doing work (publish) must still finish it. Runs dist/, which `npm test` compiles first.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';
import { makeProject, type TreeFiles } from '../helpers/temp-tree.js';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'dist/bin.js');

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Run the CLI with its stdout a pipe whose reading end is closed before the child writes a byte
 * (Node takes tens of milliseconds to start; the close is immediate). `closeStderr` closes stderr
 * the same way, as `2>&1 | head` would.
 */
function runWithClosedStdout(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}, closeStderr = false): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...argv], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    if (closeStderr) child.stderr.destroy();
    let stderr = '';
    if (!closeStderr) child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

function manyArticles(count: number): TreeFiles {
  const files: TreeFiles = {};
  for (let n = 0; n < count; n++) {
    files[`content/central/printers/printer-${String(n).padStart(3, '0')}.md`] = `# Printer PRN-${n}\n\nOn floor ${n % 9}. Release jobs with your badge at the device.\n`;
  }
  return files;
}

let emulator: RunningEmulator;
let kb: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  if (!existsSync(bin)) {
    // tsc exits non-zero on type errors elsewhere but still emits; the runs below show real breakage.
    await promisify(execFile)(process.execPath, [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: repo }).catch(() => undefined);
  }
  emulator = await startEmulator();
  kb = await makeProject(manyArticles(60));
  env = { HALO_URL: emulator.url, HALO_CLIENT_ID: emulator.clientId, HALO_CLIENT_SECRET: emulator.clientSecret, HALO_TENANT: emulator.tenant };
}, 60_000);

afterAll(async () => {
  await emulator?.close();
});

describe('output piped into a reader that leaves early', () => {
  it.each([[['--help']], [['--version']], [['plan', '--help']], [['help', 'publish']]])('halo-kb %j ends quietly with exit code 0', async (argv) => {
    const ended = await runWithClosedStdout(argv, kb);
    expect(ended).toEqual({ code: 0, signal: null, stderr: '' });
  });

  it('a long plan report keeps its exit code (2: changes) and prints no stack trace', async () => {
    const ended = await runWithClosedStdout(['plan', '--detailed-exitcode'], kb, env);
    expect(ended).toEqual({ code: 2, signal: null, stderr: '' });
    // With stderr closed as well.
    expect(await runWithClosedStdout(['plan', '--detailed-exitcode'], kb, env, true)).toMatchObject({ code: 2, signal: null });
  }, 30_000);

  it('a usage error still exits 64 and says what was wrong on stderr', async () => {
    const ended = await runWithClosedStdout(['plan', '--format', 'yaml'], kb);
    expect(ended.code).toBe(64);
    expect(ended.stderr).toMatch(/^error: option '--format <format>' argument 'yaml' is invalid/);
    expect(ended.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });

  it('a publish whose log reader left still publishes everything, and exits 0', async () => {
    const ended = await runWithClosedStdout(['publish'], kb, env);
    expect(ended).toEqual({ code: 0, signal: null, stderr: 'publishing articles: 50/60\npublishing articles: 60/60\n' });
    expect(emulator.data().articles).toHaveLength(60);
  }, 30_000);
});
