/** What a route answers: JSON, or raw bytes (attachment downloads, the HTML view). */
export interface Reply {
  status: number;
  json?: unknown;
  raw?: { contentType: string; data: Buffer | string };
  headers?: Record<string, string>;
}

export function ok(json: unknown, status = 200): Reply {
  return { status, json };
}

/**
 * A Halo-style error. The emulator answers /api errors as `{ClassName, Message}`, one of the shapes
 * Halo is known to use (the PowerShell module HaloAPI parses it); the real class names are unknown.
 */
export function haloError(status: number, message: string, className = 'HaloApiException'): Reply {
  return { status, json: { ClassName: className, Message: message } };
}

/** An OAuth error from the auth server: `{error, error_description}`. */
export function oauthError(status: number, error: string, description?: string): Reply {
  return { status, json: description === undefined ? { error } : { error, error_description: description } };
}
