/**
 * Run the real CLI in-process (`main(argv, io)`) and capture exactly what a user would read.
 */
import { main } from '../../src/cli.js';
import type { Clock } from '../../src/halo/clock.js';
import type { Io } from '../../src/io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout split into lines, without the trailing empty one. */
  lines: string[];
}

/**
 * Run `halo-kb ...argv` in `cwd` with colour off and no CI environment; with `clock`, Halo is
 * paced and waited by it (a VirtualClock shared with the emulator: no real time passes).
 */
export async function runCli(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}, clock?: Clock): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { NO_COLOR: '1', ...env },
    cwd,
  };
  if (clock !== undefined) io.clock = clock;
  const code = await main(argv, io);
  return { code, stdout, stderr, lines: stdout.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '') };
}

/** The problem lines of a run's output (`file: error: ...`, `file: warning: ...`), not hints, not the summary. */
export function problems(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^\S+: (error|warning): /.test(l));
}
