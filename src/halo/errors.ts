/**
 * The errors of the Halo client. Each says what happened and what to do; none ever carries the client
 * secret or a token (messages pass through `redact`, and neither is ever put into a URL).
 */
import { ExitCode, HaloKbError, type ErrorCode, type ErrorOptions } from '../errors.js';
import { redact } from '../secrets.js';

/** Halo answered, but not with success. */
export class HaloApiError extends HaloKbError {
  readonly status: number;
  readonly method: string;
  /** The request path without query, e.g. `/api/KBArticle/12`. */
  readonly path: string;
  /** Halo's own message from the body, where there was one. */
  readonly haloMessage: string | undefined;

  constructor(code: ErrorCode, message: string, details: { status: number; method: string; path: string; haloMessage?: string | undefined }, options: ErrorOptions = {}) {
    super(code, redact(message), { ...options, ...(options.hint === undefined ? {} : { hint: redact(options.hint) }) });
    this.name = 'HaloApiError';
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.haloMessage = details.haloMessage;
  }
}

/** Halo could not be reached at all, or did not answer in time. */
export class HaloConnectionError extends HaloKbError {
  /** The URL (without query) that could not be reached. */
  readonly url: string;

  constructor(code: ErrorCode, message: string, url: string, options: ErrorOptions = {}) {
    super(code, redact(message), { exitCode: ExitCode.config, ...options });
    this.name = 'HaloConnectionError';
    this.url = url;
  }
}

/** The request never reached Halo's processing for sure: safe to send again, even a create. */
export function isNotDelivered(error: unknown): boolean {
  return error instanceof HaloConnectionError && (error.code === 'HALO_CONNECTION_REFUSED' || error.code === 'HALO_DNS');
}
