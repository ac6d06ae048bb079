/**
 * The emulator's auth server: client credentials in a form body, tenant in the query or the form,
 * scopes granted as far as the application allows, tokens that expire. Tokens live in memory only,
 * so a restarted emulator answers an old token with 401, as a token revoked in Halo would be.
 */
import { randomBytes } from 'node:crypto';
import type { ResolvedOptions } from './options.js';
import { oauthError, ok, type Reply } from './reply.js';

interface IssuedToken {
  scopes: Set<string>;
  expiresAt: number;
}

/** Which scope an /api request needs: `read:kb`, `edit:kb`, `read:customers`. */
export function requiredScope(method: string, resource: string): string | undefined {
  if (resource === 'client') return 'read:customers';
  if (resource === 'kbarticle' || resource === 'faqlists' || resource === 'attachment') return method === 'GET' ? 'read:kb' : 'edit:kb';
  return undefined;
}

export class TokenRegistry {
  readonly #options: ResolvedOptions;
  readonly #tokens = new Map<string, IssuedToken>();

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  /** POST {auth}/token. */
  issue(query: URLSearchParams, rawBody: string): Reply {
    const form = new URLSearchParams(rawBody);
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported.');
    }
    const tenant = query.get('tenant') ?? form.get('tenant');
    const credentialsOk = form.get('client_id') === this.#options.clientId && form.get('client_secret') === this.#options.clientSecret;
    if (!credentialsOk || (tenant !== null && tenant !== '' && tenant !== this.#options.tenant)) {
      return oauthError(401, 'invalid_client');
    }
    const allowed = new Set(this.#options.scopes);
    const requested = (form.get('scope') ?? 'all').split(/\s+/).filter((s) => s !== '');
    const granted = requested.filter((s) => allowed.has('all') || allowed.has(s));
    if (granted.length === 0) return oauthError(400, 'invalid_scope', `None of the requested scopes (${requested.join(' ')}) is allowed.`);
    const token = randomBytes(24).toString('hex');
    const lifetime = this.#options.tokenLifetimeSeconds;
    this.#tokens.set(token, { scopes: new Set(granted), expiresAt: this.#options.clock.now() + lifetime * 1000 });
    return ok({
      access_token: token,
      token_type: 'Bearer',
      expires_in: lifetime,
      scope: granted.join(' '),
      refresh_token: randomBytes(24).toString('hex'),
    });
  }

  /** Check the Authorization header; undefined when the request may go on. */
  check(authorization: string | undefined, scope: string | undefined): Reply | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const issued = match?.[1] === undefined ? undefined : this.#tokens.get(match[1]);
    if (issued === undefined || issued.expiresAt <= this.#options.clock.now()) {
      return { ...oauthError(401, 'invalid_token', issued === undefined ? 'No valid bearer token.' : 'The token has expired.'), headers: { 'www-authenticate': 'Bearer error="invalid_token"' } };
    }
    if (scope === undefined || issued.scopes.has('all') || issued.scopes.has(scope)) return undefined;
    if (scope === 'read:kb' && issued.scopes.has('edit:kb')) return undefined;
    return {
      status: 403,
      json: { ClassName: 'HaloForbiddenException', Message: `The API application's token does not have the ${scope} permission.` },
    };
  }

  /** Make every issued token expire now (tests: a token expiring mid-run). */
  expireAll(): void {
    for (const issued of this.#tokens.values()) issued.expiresAt = 0;
  }
}
