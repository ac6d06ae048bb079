/**
 * The request loop: a bearer token on every API call (fetched again once after a 401), waiting out
 * 429s, and retrying transient failures, but only for requests that are safe to send twice. A create
 * is sent once (`retry: 'never'`); its caller looks up what was stored before trying again.
 */
import { backoffMs, retryAfterMs } from './backoff.js';
import { systemClock, type Clock } from './clock.js';
import { HaloConnectionError } from './errors.js';
import type { HaloEventHandler } from './events.js';
import type { RateLimiter } from './rate-limiter.js';
import { checkReply, type ReplyExpectation, type ReplyProblem } from './reply-check.js';
import { requestKind, requestPath } from './request-kind.js';
import type { RetryPolicy } from './retry-policy.js';
import type { HttpRequest, HttpResponse, Transport } from './transport.js';

export interface CallRequest extends HttpRequest {
  /** Send `Authorization: Bearer`; false for the auth server and /api/authinfo. */
  auth: boolean;
  /** `safe`: reads and updates with an id; `never`: creates, which must not be sent twice blindly. */
  retry: 'safe' | 'never';
  /** What a usable reply looks like (see `reply-check.ts`); unchecked when absent. */
  expect?: ReplyExpectation;
  /**
   * When to give up (ms since epoch), whatever the timeout and retries would allow: each attempt
   * is cut at it, and no attempt starts after it. The last failure is thrown.
   */
  deadline?: number;
}

/** The token side of the loop, implemented by `TokenSource`. */
export interface BearerTokens {
  get(): Promise<string>;
  /** The token, if one is held and still fresh now; never fetches. */
  current(): string | undefined;
  /** A new token, unless one newer than `stale` was fetched meanwhile. */
  renew(stale: string): Promise<string>;
}

/** The final reply, after retries; may still be a failure for the caller to explain. */
export interface CallResult extends HttpResponse {
  /** 429 replies received along the way (or the last one, when retries ran out). */
  rateLimited: number;
  /** Whether the token was renewed after a 401. */
  renewedToken: boolean;
  /** Why the reply cannot be used, when it cannot (only with `expect`). */
  problem?: ReplyProblem;
}

/** Times in a row a request may find its token stale after waiting, before it is sent anyway. */
const MAX_STALE_TOKENS = 3;

export class HaloHttp {
  readonly #transport: Transport;
  readonly #limiter: RateLimiter;
  readonly #policy: RetryPolicy;
  readonly #clock: Clock;
  readonly #onEvent: HaloEventHandler | undefined;
  #tokens: BearerTokens | undefined;

  constructor(transport: Transport, limiter: RateLimiter, policy: RetryPolicy, onEvent?: HaloEventHandler, clock: Clock = systemClock) {
    this.#clock = clock;
    this.#transport = transport;
    this.#limiter = limiter;
    this.#policy = policy;
    this.#onEvent = onEvent;
  }

  useTokens(tokens: BearerTokens): void {
    this.#tokens = tokens;
  }

  async call(req: CallRequest): Promise<CallResult> {
    const policy = this.#policy;
    const kind = requestKind(req.method, req.url);
    let attempt = 0;
    let failures = 0;
    let rateLimited = 0;
    let renewedToken = false;
    // Fetched up front so a failing login fails before any wait; the token actually sent is read
    // after the wait for the rate limiter (see `authorize`).
    let token = req.auth ? await this.#bearer().get() : undefined;
    let stale = 0;
    for (;;) {
      attempt += 1;
      let sent: string | undefined;
      const authorize = (): Record<string, string> | undefined => {
        if (!req.auth) return {};
        // Waits longer than a token's life, again and again: send the newest rather than loop.
        sent = this.#bearer().current() ?? (stale >= MAX_STALE_TOKENS ? token : undefined);
        return sent === undefined ? undefined : { authorization: `Bearer ${sent}` };
      };
      let res: HttpResponse;
      try {
        const timeout = req.deadline === undefined ? undefined : Math.max(1, req.deadline - Date.now());
        const reply = await this.#transport.sendAuthorized(req, authorize, attempt, timeout);
        if (reply === undefined) {
          // The token expired while this request waited its turn: fetch one and queue again.
          stale += 1;
          attempt -= 1;
          token = await this.#bearer().get();
          continue;
        }
        res = reply;
      } catch (error) {
        const transient = error instanceof HaloConnectionError && error.code !== 'HALO_DNS' && error.code !== 'HALO_TLS';
        const wait = backoffMs(failures + 1, policy.backoffBaseMs, policy.backoffMaxMs);
        const inTime = req.deadline === undefined || Date.now() + wait < req.deadline;
        if (req.retry === 'safe' && transient && failures < policy.retries && inTime) {
          failures += 1;
          await this.#pause(req, kind, attempt, wait, error.message, failures);
          continue;
        }
        throw error;
      }
      if (res.status === 401 && sent !== undefined && !renewedToken) {
        // Tokens can expire or be revoked before `expires_in`: fetch a new one, once.
        renewedToken = true;
        token = await this.#bearer().renew(sent);
        continue;
      }
      if (res.status === 429 && rateLimited < policy.rateLimitRetries) {
        rateLimited += 1;
        const wait = retryAfterMs(res.headers['retry-after'], this.#clock.now()) ?? backoffMs(rateLimited, policy.rateLimitBackoffMs, policy.rateLimitBackoffMaxMs);
        // Everyone waits, not just this request: the limit is shared.
        this.#limiter.pauseUntil(this.#clock.now() + wait);
        this.#onEvent?.({
          type: 'retry',
          kind,
          attempt,
          waitMs: wait,
          reason: '429 Too Many Requests',
          path: requestPath(req.url),
          nextAttempt: rateLimited + 1,
          maxAttempts: policy.rateLimitRetries + 1,
          ...this.#limiter.usage(),
        });
        continue;
      }
      if (res.status >= 500 && req.retry === 'safe' && failures < policy.retries) {
        failures += 1;
        await this.#pause(req, kind, attempt, backoffMs(failures, policy.backoffBaseMs, policy.backoffMaxMs), `HTTP ${res.status}`, failures);
        continue;
      }
      const problem = req.expect === undefined ? undefined : checkReply(res, req.expect);
      // A damaged success (cut short, empty, a proxy's page) is a transient fault, like a 5xx.
      if (problem?.transient === true && req.retry === 'safe' && failures < policy.retries) {
        failures += 1;
        await this.#pause(req, kind, attempt, backoffMs(failures, policy.backoffBaseMs, policy.backoffMaxMs), `unusable reply: ${problem.kind}`, failures);
        continue;
      }
      return { ...res, rateLimited, renewedToken, ...(problem === undefined ? {} : { problem }) };
    }
  }

  #bearer(): BearerTokens {
    if (this.#tokens === undefined) throw new Error('HaloHttp: no token source set');
    return this.#tokens;
  }

  /** Report a retry after the `failures`-th transient failure, then wait before it. */
  async #pause(req: CallRequest, kind: string, attempt: number, waitMs: number, reason: string, failures: number): Promise<void> {
    const path = requestPath(req.url);
    this.#onEvent?.({ type: 'retry', kind, attempt, waitMs, reason, path, nextAttempt: failures + 1, maxAttempts: this.#policy.retries + 1 });
    await this.#clock.sleep(waitMs);
  }
}
