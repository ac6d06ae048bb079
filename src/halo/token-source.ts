/**
 * OAuth client credentials for Halo. Finds the token URL (explicit auth URL, else `GET /api/authinfo`,
 * else `{base}/auth/token`, as the PowerShell module HaloAPI does), fetches a token with a form body,
 * caches it until shortly before `expires_in`, and fetches a new one on request after a 401.
 * The secret travels only in the form body; every token is registered for redaction at once.
 */
import { ConfigError, ERRORS } from '../errors.js';
import { registerSecret } from '../secrets.js';
import { systemClock, type Clock } from './clock.js';
import { HaloConnectionError } from './errors.js';
import type { HaloEventHandler } from './events.js';
import { explainUnusable } from './explain.js';
import type { BearerTokens, HaloHttp } from './http.js';
import { checkReply } from './reply-check.js';
import { authServerName, endpointFromAuthinfo, type TokenEndpoint } from './token-endpoint.js';
import { withoutQuery } from './transport.js';
import { notAuthServer, tokenFailure } from './token-errors.js';
import { formatSeconds } from '../format-seconds.js';
import { tokenUrl, type HaloEndpoints } from './url.js';

export interface TokenSourceOptions {
  endpoints: HaloEndpoints;
  tenant?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** Space-separated scopes to ask for. */
  scope: string;
  /**
   * One deadline for the first contact (finding the token endpoint and fetching the first token),
   * so a server that accepts connections and never answers is given up on in seconds, not after
   * every request timeout and retry. Later token renewals use the ordinary timeout.
   */
  connectTimeoutMs?: number;
  onEvent?: HaloEventHandler | undefined;
  /** The time tokens are renewed by (see clock.ts). */
  clock?: Clock;
}

/** What Halo said when it granted the current token. */
export interface Grant {
  scopes: string[];
  expiresAt: number;
  tokenType: string;
}

const DEFAULT_LIFETIME_SECONDS = 3600;
const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;
/** Progress while waiting: every 5 s, or four times before a shorter deadline. */
const MAX_PROGRESS_EVERY_MS = 5000;

/** The first contact: its deadline, and the timer that reports progress until it ends. */
interface Login {
  deadline: number;
  stop(): void;
}

export class TokenSource implements BearerTokens {
  readonly #options: TokenSourceOptions;
  readonly #http: HaloHttp;
  #endpoint: Promise<TokenEndpoint> | undefined;
  #token: string | undefined;
  #grant: Grant | undefined;
  #refreshAt = 0;
  #pending: Promise<string> | undefined;
  /** Open while the first contact is under way; undefined before it and once a token came. */
  #login: Login | undefined;
  #granted = false;

  constructor(options: TokenSourceOptions, http: HaloHttp) {
    this.#options = options;
    this.#http = http;
  }

  #now(): number {
    return (this.#options.clock ?? systemClock).now();
  }

  /** The token endpoint, discovered once. */
  endpoint(): Promise<TokenEndpoint> {
    this.#endpoint ??= this.#discover();
    return this.#endpoint;
  }

  /** The grant of the current token, once one was fetched. */
  grant(): Grant | undefined {
    return this.#grant;
  }

  get(): Promise<string> {
    return Promise.resolve(this.current() ?? this.#fetchOnce());
  }

  current(): string | undefined {
    return this.#token !== undefined && this.#now() < this.#refreshAt ? this.#token : undefined;
  }

  renew(stale: string): Promise<string> {
    if (this.#token !== undefined && this.#token !== stale) return Promise.resolve(this.#token);
    this.#token = undefined;
    return this.#fetchOnce();
  }

  /** Parallel callers share one token request. */
  #fetchOnce(): Promise<string> {
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #discover(): Promise<TokenEndpoint> {
    const { endpoints, tenant } = this.#options;
    if (endpoints.authBase !== undefined) {
      return { tokenUrl: tokenUrl(endpoints.authBase, tenant), tenant, source: 'auth-url' };
    }
    const url = `${endpoints.apiBase}/authinfo`;
    const deadline = this.#firstContact();
    const res = await this.#http.call({ method: 'GET', url, auth: false, retry: 'safe', ...(deadline === undefined ? {} : { deadline }) }).catch((error: unknown) => {
      throw this.#unanswered(error, `GET ${url}`, `The server at HALO_URL (${endpoints.base})`);
    });
    // A page where Halo's API answers JSON: whatever answered is not Halo, and every other request
    // would meet it too. Anything else unusable falls back, as other clients do: a Halo without
    // /api/authinfo may answer it with its web server's own 404 page.
    const problem = checkReply(res, 'json');
    if (problem?.kind === 'html' && res.status >= 200 && res.status < 300) {
      throw explainUnusable(res, problem, { method: 'GET', path: new URL(url).pathname, area: 'other', action: 'find the token endpoint', base: endpoints.base });
    }
    if (res.status === 200) {
      const named = endpointFromAuthinfo(res.text, endpoints, tenant);
      if (named !== undefined) return named;
    }
    return { tokenUrl: tokenUrl(`${endpoints.base}/auth`, tenant), tenant, source: 'fallback' };
  }

  async #fetch(): Promise<string> {
    const { clientId, clientSecret, scope } = this.#options;
    if (clientId === undefined || clientId === '' || clientSecret === undefined || clientSecret === '') {
      throw new ConfigError('HALO_CREDENTIALS_MISSING', `No Halo ${clientId ? 'client secret' : 'client id'} is set.`);
    }
    registerSecret(clientSecret);
    const deadline = this.#firstContact();
    try {
      return await this.#fetchToken(clientId, clientSecret, scope, deadline);
    } finally {
      this.#endFirstContact();
    }
  }

  async #fetchToken(clientId: string, clientSecret: string, scope: string, deadline: number | undefined): Promise<string> {
    const endpoint = await this.endpoint();
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope });
    const shown = withoutQuery(endpoint.tokenUrl);
    const res = await this.#http
      .call({
        method: 'POST',
        url: endpoint.tokenUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        auth: false,
        // Asking for a token twice is harmless.
        retry: 'safe',
        ...(deadline === undefined ? {} : { deadline }),
      })
      .catch((error: unknown) => {
        throw this.#unanswered(error, `POST ${shown}`, authServerName(endpoint, this.#options.endpoints));
      });
    const problem = checkReply(res, 'json');
    if (problem?.kind === 'html' || problem?.kind === 'redirect') throw notAuthServer(res, problem, endpoint, shown, this.#options.endpoints);
    let parsed: Record<string, unknown> = {};
    try {
      const value: unknown = JSON.parse(res.text);
      if (value !== null && typeof value === 'object') parsed = value as Record<string, unknown>;
    } catch {
      // Not JSON: handled below as a failure.
    }
    const accessToken = parsed['access_token'];
    if (res.status >= 200 && res.status < 300 && typeof accessToken === 'string' && accessToken !== '') {
      registerSecret(accessToken);
      for (const other of ['refresh_token', 'id_token']) {
        const value = parsed[other];
        if (typeof value === 'string') registerSecret(value);
      }
      const expiresIn = Number(parsed['expires_in']);
      const lifetime = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_SECONDS;
      // Renew a little early so a token never expires between being read and reaching Halo.
      const margin = Math.min(60, lifetime * 0.1);
      this.#refreshAt = this.#now() + (lifetime - margin) * 1000;
      const granted = typeof parsed['scope'] === 'string' ? parsed['scope'] : scope;
      this.#grant = {
        scopes: granted.split(/\s+/).filter((s) => s !== ''),
        expiresAt: this.#now() + lifetime * 1000,
        tokenType: typeof parsed['token_type'] === 'string' ? parsed['token_type'] : 'Bearer',
      };
      this.#token = accessToken;
      this.#granted = true;
      this.#options.onEvent?.({ type: 'token', tokenUrl: shown, expiresInSeconds: lifetime });
      return accessToken;
    }
    throw tokenFailure(res.status, res.text, shown, this.#options.scope);
  }

  /**
   * The deadline of the first contact, opened by whichever of discovery and the first token
   * request comes first; undefined once a token was granted (renewals are ordinary requests, which
   * may wait for the rate limiter longer than any connect deadline).
   */
  #firstContact(): number | undefined {
    if (this.#granted) return undefined;
    if (this.#login !== undefined) return this.#login.deadline;
    const { onEvent, endpoints } = this.#options;
    const total = this.#options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const started = Date.now();
    const every = Math.min(MAX_PROGRESS_EVERY_MS, total / 4);
    const timer = setInterval(() => {
      const waitedMs = Date.now() - started;
      if (waitedMs < total) onEvent?.({ type: 'waiting', url: endpoints.base, waitedMs, deadlineMs: total });
    }, every);
    // A CLI that is done must not be kept alive by progress reports.
    timer.unref();
    this.#login = { deadline: started + total, stop: () => clearInterval(timer) };
    return this.#login.deadline;
  }

  #endFirstContact(): void {
    this.#login?.stop();
    this.#login = undefined;
  }

  /** A first contact that ran out of time is a connection problem, said as such (exit code 3). */
  #unanswered(error: unknown, request: string, server: string): unknown {
    const login = this.#login;
    this.#endFirstContact();
    const timedOut = error instanceof HaloConnectionError && (error.code === 'HALO_TIMEOUT' || error.code === 'HALO_CONNECTION_LOST');
    // The last attempt was cut at the deadline (give or take the timer's granularity).
    if (login === undefined || !timedOut || Date.now() < login.deadline - 100) return error;
    const total = formatSeconds(this.#options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    return new HaloConnectionError('HALO_NO_ANSWER', `${server} did not answer: no reply to ${request} within ${total}.`, error.url, {
      hint: ERRORS.HALO_NO_ANSWER.hint(total),
      cause: error,
    });
  }
}
