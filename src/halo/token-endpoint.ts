/**
 * Where Halo's tokens come from: the token URL an explicit auth URL, `GET /api/authinfo`'s reply or
 * the fallback `{base}/auth/token` gives, and who should have answered there, for messages.
 */
import { withoutQuery } from './transport.js';
import { normalizeAuthUrl, tokenUrl, type HaloEndpoints } from './url.js';

/** Where tokens come from, and how that was found. */
export interface TokenEndpoint {
  tokenUrl: string;
  tenant: string | undefined;
  source: 'auth-url' | 'authinfo' | 'fallback';
}

/** The token endpoint a 200 reply of /api/authinfo names; undefined when it names none usable (then the caller falls back). */
export function endpointFromAuthinfo(text: string, endpoints: HaloEndpoints, tenant: string | undefined): TokenEndpoint | undefined {
  let info: unknown;
  try {
    info = JSON.parse(text);
  } catch {
    info = undefined;
  }
  const record = info !== null && typeof info === 'object' ? (info as Record<string, unknown>) : {};
  const authUrl = record['auth_url'];
  if (typeof authUrl === 'string' && authUrl.trim() !== '') {
    const found = record['tenant_id'];
    const discoveredTenant = tenant ?? (typeof found === 'string' || typeof found === 'number' ? String(found) : undefined);
    try {
      const authBase = normalizeAuthUrl(authUrl, endpoints.base, 'auth_url from /api/authinfo');
      return { tokenUrl: tokenUrl(authBase, discoveredTenant), tenant: discoveredTenant, source: 'authinfo' };
    } catch {
      // An unusable auth_url: fall back like the other clients do.
    }
  }
  return undefined;
}

/** Who should have answered the token request, for a message. */
export function authServerName(endpoint: TokenEndpoint, endpoints: HaloEndpoints): string {
  const origin = withoutQuery(endpoint.tokenUrl).replace(/\/token$/, '');
  if (endpoint.source === 'auth-url') return `The auth server at HALO_AUTH_URL (${origin})`;
  if (endpoint.source === 'authinfo') return `The auth server named by ${endpoints.apiBase}/authinfo (${origin})`;
  return `The server at HALO_URL (${endpoints.base})`;
}
