/**
 * The built CLI (`dist/bin.js`) as a separate process a test can SIGKILL at a chosen moment, and
 * emulator log hooks to choose that moment by: a request left unanswered, or the Nth answered one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/bin.js');

export interface Spawned {
  child: ChildProcess;
  /** Resolves with the exit code, or the signal's name. */
  exited: Promise<number | string>;
  /** SIGKILL now (if still running) and wait for the process to be gone. */
  kill(): Promise<number | string>;
}

/** Run `halo-kb ...argv` in `cwd`; its output is discarded. */
export function spawnCli(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(process.execPath, [BIN, ...argv], { cwd, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: 'ignore' });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    child,
    exited,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

/** A log hook for the emulator, and a promise for the first line matching `pattern`. */
export function logWatch(): { log: (line: string) => void; next(pattern: RegExp): Promise<string> } {
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  return {
    log(line) {
      for (const w of waiting.splice(0)) {
        if (w.pattern.test(line)) w.resolve(line);
        else waiting.push(w);
      }
    },
    next(pattern) {
      return new Promise((resolve) => waiting.push({ pattern, resolve }));
    },
  };
}
