/**
 * The few error classes halo-kb throws. Each carries a stable `code` from the catalogue
 * (error-catalogue.ts), a message that says what happened, and a `hint` that says what to do (the
 * catalogue's, unless the throw site gives one for its situation). The CLI catches them once, prints them (with secrets
 * redacted) and alone decides the exit code.
 */

import { catalogueHint, ERRORS, type ErrorCode } from './error-catalogue.js';
import { ExitCode, type ExitCodeValue } from './exit-code.js';

export { ExitCode, type ExitCodeValue };
export type { ErrorCode };
export { ERRORS };

export interface ErrorOptions {
  /** Advice for this situation; the catalogue's hint for the code otherwise. */
  hint?: string | undefined;
  cause?: unknown;
  /** The catalogue's exit code for the code otherwise. */
  exitCode?: ExitCodeValue;
}

/** A failure the user can act on. */
export class HaloKbError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HaloKbError';
    this.code = code;
    this.hint = options.hint ?? catalogueHint(code);
    this.exitCode = options.exitCode ?? ERRORS[code].exitCode;
  }
}

/** Configuration that cannot be used: a bad config file, a missing setting, a bad flag value. */
export class ConfigError extends HaloKbError {
  constructor(code: ErrorCode, message: string, options: Omit<ErrorOptions, 'exitCode'> = {}) {
    super(code, message, { ...options, exitCode: ExitCode.config });
    this.name = 'ConfigError';
  }
}

/** The message of any thrown value, for wrapping foreign errors. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
