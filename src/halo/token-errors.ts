/**
 * What a failed login means: the errors for a token endpoint that answered a page instead of JSON,
 * and for one that refused or granted no token. Both are configuration problems (exit code 3).
 */
import { parseHaloErrorBody } from './error-body.js';
import { HaloApiError } from './errors.js';
import { statusText } from './explain.js';
import type { CallResult } from './http.js';
import { describeReply, type ReplyProblem } from './reply-check.js';
import type { TokenEndpoint } from './token-endpoint.js';
import type { HaloEndpoints } from './url.js';

/** An HTML page or a redirect where the token endpoint should answer JSON: not a credentials problem. */
export function notAuthServer(res: CallResult, problem: ReplyProblem, endpoint: TokenEndpoint, shown: string, endpoints: HaloEndpoints): HaloApiError {
  const details = { status: res.status, method: 'POST', path: new URL(shown).pathname };
  const answered = `its token endpoint ${shown} answered ${describeReply(res, problem)}`;
  if (endpoint.source === 'auth-url') {
    return new HaloApiError('HALO_NOT_AUTH', `HALO_AUTH_URL (${endpoints.authBase ?? shown}) does not look like Halo's auth server: ${answered}.`, details, {
      hint: "HALO_AUTH_URL is Halo's auth server, usually your Halo address followed by /auth; leave it unset to have halo-kb find it through HALO_URL/api/authinfo.",
    });
  }
  if (endpoint.source === 'authinfo') {
    return new HaloApiError('HALO_NOT_AUTH', `The auth server named by ${endpoints.apiBase}/authinfo does not look like Halo's: ${answered}.`, details);
  }
  return new HaloApiError('HALO_NOT_API', `HALO_URL (${endpoints.base}) does not look like Halo: ${answered}.`, details);
}

/** Nothing was attempted yet when logging in fails: a configuration problem (exit code 3). */
export function tokenFailure(status: number, text: string, shown: string, scope: string): HaloApiError {
  const body = parseHaloErrorBody(text);
  const details = { status, method: 'POST', path: new URL(shown).pathname, haloMessage: body.message };
  if (body.code === 'invalid_client' || status === 401) {
    return new HaloApiError('HALO_INVALID_CLIENT', `Halo rejected the client credentials (${body.code ?? statusText(status)}) at ${shown}.`, details);
  }
  if (body.code === 'invalid_scope') {
    return new HaloApiError('HALO_INVALID_SCOPE', `Halo refused to grant the scopes "${scope}" (invalid_scope) at ${shown}.`, details);
  }
  if (status === 404) {
    return new HaloApiError('HALO_TOKEN_URL', `Halo has no token endpoint at ${shown} (404 Not Found).`, details);
  }
  const said = body.message === undefined ? '' : `: Halo said "${body.message}"`;
  const got = status >= 200 && status < 300 ? 'answered without an access token' : `answered ${statusText(status)}`;
  return new HaloApiError('HALO_AUTH_FAILED', `Halo's token endpoint ${shown} ${got}${said}.`, details);
}
