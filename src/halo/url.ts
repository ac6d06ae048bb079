/**
 * Halo addresses as users paste them, normalised. Every Halo integration documents a format rule for
 * its URL fields and wrong formatting is the top cause of failed setups, so halo-kb accepts them all:
 * `example.halopsa.com`, `https://example.halopsa.com/`, `.../api`, `.../api/`, `.../auth`,
 * `http://127.0.0.1:8765`, and a self-hosted Halo under a path prefix (`https://host/halo/api`).
 */
import { ConfigError, ERRORS } from '../errors.js';

/** Where Halo's two servers live. No trailing slashes anywhere. */
export interface HaloEndpoints {
  /** The instance root: scheme, host, port and any path prefix in front of `/api`. */
  base: string;
  /** The resource server, `{base}/api`. */
  apiBase: string;
  /** The auth server the user set explicitly (`HALO_AUTH_URL`), normalised; absent when not set. */
  authBase?: string;
}

/** A URL setting that cannot be understood. */
export class HaloUrlError extends ConfigError {
  constructor(setting: string, value: string, why: string) {
    super('HALO_URL_INVALID', `${setting} "${value}" is not a usable Halo address: ${why}.`, {
      hint: ERRORS.HALO_URL_INVALID.hint(setting),
    });
    this.name = 'HaloUrlError';
  }
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?(\/|$)/i;

/** Parse one pasted address into a URL without query, hash or trailing slashes. */
function parseLoose(setting: string, raw: string): URL {
  const value = raw.trim();
  if (value === '') throw new HaloUrlError(setting, raw, 'it is empty');
  if (/\s/.test(value)) throw new HaloUrlError(setting, raw, 'it contains spaces');
  // A bare host gets https, except loopback where a local Halo emulator speaks plain http.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `${LOOPBACK.test(value) ? 'http' : 'https'}://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new HaloUrlError(setting, raw, 'it cannot be parsed as a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new HaloUrlError(setting, raw, `the scheme must be https or http, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.hostname === '' || !/^[a-z0-9.[\]:-]+$/i.test(url.hostname) || url.hostname.startsWith('.') || url.hostname.endsWith('.')) {
    throw new HaloUrlError(setting, raw, 'the host name is not valid');
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in a URL would end up in logs; Halo never takes them there anyway.
    throw new HaloUrlError(setting, '(hidden)', 'it must not contain a user name or password');
  }
  url.search = '';
  url.hash = '';
  return url;
}

function withoutTrailingSlash(text: string): string {
  return text.replace(/\/+$/, '');
}

/** The URL as text, without trailing slashes and without a final path segment matching `strip`. */
function stripSuffix(url: URL, strip: RegExp): string {
  const path = withoutTrailingSlash(url.pathname).replace(strip, '');
  return `${url.origin}${withoutTrailingSlash(path)}`;
}

/**
 * Normalise the resource server and, when given, the auth server. Throws `HaloUrlError` for an
 * address that cannot be used.
 */
export function normalizeHaloUrl(url: string, authUrl?: string): HaloEndpoints {
  const parsed = parseLoose('HALO_URL', url);
  // Whatever the user pasted (instance root, /api, /auth, /auth/token), the instance root is in front.
  const base = stripSuffix(parsed, /\/(api|auth(\/token)?)$/i);
  const endpoints: HaloEndpoints = { base, apiBase: `${base}/api` };
  if (authUrl !== undefined && authUrl.trim() !== '') endpoints.authBase = normalizeAuthUrl(authUrl, base);
  return endpoints;
}

/**
 * The auth server: `/token` is dropped (halo-kb appends it); a bare origin of the same host as the
 * resource server means that instance's `/auth`; any other address is used as given (Halo-hosted
 * instances may use a separate auth host such as https://auth.haloservicedesk.com).
 */
export function normalizeAuthUrl(authUrl: string, base?: string, setting = 'HALO_AUTH_URL'): string {
  const parsed = parseLoose(setting, authUrl);
  if (base !== undefined && withoutTrailingSlash(parsed.pathname) === '' && parsed.origin === new URL(base).origin) {
    return `${base}/auth`;
  }
  return stripSuffix(parsed, /\/token$/i);
}

/** `{authBase}/token`, with `?tenant=` when a tenant is known. */
export function tokenUrl(authBase: string, tenant: string | undefined): string {
  const url = `${authBase}/token`;
  return tenant === undefined || tenant === '' ? url : `${url}?tenant=${encodeURIComponent(tenant)}`;
}

/** An article's address in Halo from the `article_url` template: `{url}/kb?id={id}` -> `https://example.halopsa.com/kb?id=12`. */
export function articleUrl(template: string, haloBase: string, id: number): string {
  return template.replace(/\{url\}/g, haloBase.replace(/\/+$/, '')).replace(/\{id\}/g, String(id));
}
