/** Exit codes, documented in the README. The CLI alone sets them (src/cli.ts). */
export const ExitCode = {
  /** Everything done; for `plan --detailed-exitcode`: no changes. */
  ok: 0,
  /** Content errors, failed writes, or any other failure of the run. */
  failure: 1,
  /** `plan --detailed-exitcode` only: the plan has changes. */
  changes: 2,
  /** Configuration or connection problem: nothing was attempted. */
  config: 3,
  /** `publish`: everything else was done, but a guard held retirements back. */
  heldBack: 4,
  /** The command line itself was wrong. */
  usage: 64,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
