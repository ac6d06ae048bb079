/**
 * Halo's error bodies come in several shapes (the PowerShell module HaloAPI handles all of them):
 * `{ClassName, Message}`, `{Message}`, OAuth's `{error, error_description}`, `{resultCode,
 * errorMessage}`, a JSON string, or plain text. This reads whichever arrived.
 */
import { redact } from '../secrets.js';

export interface HaloErrorBody {
  /** Halo's own words, trimmed and shortened for a one-line message; absent for an empty body. */
  message?: string;
  /** A machine-readable code where the body has one (OAuth `error`, `resultCode`). */
  code?: string;
}

const MAX_MESSAGE = 300;

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function shorten(message: string): string {
  const oneLine = redact(message).replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE - 1)}…` : oneLine;
}

function fromObject(body: Record<string, unknown>): HaloErrorBody {
  const get = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const found = Object.keys(body).find((k) => k.toLowerCase() === key);
      const value = found === undefined ? undefined : text(body[found]);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const result: HaloErrorBody = {};
  const code = get('error', 'resultcode', 'code');
  const message = get('error_description', 'errormessage', 'message', 'title', 'detail') ?? code;
  if (message !== undefined) result.message = shorten(message);
  if (code !== undefined) result.code = code;
  return result;
}

/** Read an error body, whatever its shape. `raw` is the body text as received. */
export function parseHaloErrorBody(raw: string): HaloErrorBody {
  // Secrets are masked before anything else: stripping tags or cutting could break one apart
  // (a secret may hold `<`, `>` or quotes) so that it would no longer be recognised.
  const trimmed = redact(raw).trim();
  if (trimmed === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    // Plain text, or an HTML error page from a proxy: keep only its text.
    const plain = trimmed.replace(/<[^>]*>/g, ' ');
    return plain.trim() === '' ? {} : { message: shorten(plain) };
  }
  if (typeof parsed === 'string') return parsed.trim() === '' ? {} : { message: shorten(parsed) };
  if (Array.isArray(parsed)) {
    const first: unknown = parsed[0];
    if (typeof first === 'string') return { message: shorten(first) };
    if (first !== null && typeof first === 'object') return fromObject(first as Record<string, unknown>);
    return {};
  }
  if (parsed !== null && typeof parsed === 'object') return fromObject(parsed as Record<string, unknown>);
  return {};
}
