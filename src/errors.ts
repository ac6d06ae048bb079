/**
 * The few error classes halo-kb throws. Each carries a stable `code`, a message that says what
 * happened, and a `hint` that says what to do. The CLI catches them once, prints them (with secrets
 * redacted) and alone decides the exit code.
 */

/** Exit codes, documented in the README. */
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

export interface ErrorOptions {
  hint?: string | undefined;
  cause?: unknown;
  exitCode?: ExitCodeValue;
}

/** A failure the user can act on. */
export class HaloKbError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;

  constructor(code: string, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HaloKbError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.failure;
  }
}

/** Configuration that cannot be used: a bad config file, a missing setting, a bad flag value. */
export class ConfigError extends HaloKbError {
  constructor(code: string, message: string, options: Omit<ErrorOptions, 'exitCode'> = {}) {
    super(code, message, { ...options, exitCode: ExitCode.config });
    this.name = 'ConfigError';
  }
}

/** The message of any thrown value, for wrapping foreign errors. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
