/**
 * One HTTP attempt to Halo over a keep-alive undici Agent: paced by the concurrency bound and the
 * rate limiter, limited by a timeout, counted, and with network failures turned into errors that name
 * the URL. Retries and error meaning live in the client; this knows nothing of Halo's semantics.
 */
import { Agent, request, type Dispatcher } from 'undici';
import type { Concurrency } from './concurrency.js';
import { ExitCode } from '../errors.js';
import { HaloConnectionError } from './errors.js';
import type { HaloEventHandler } from './events.js';
import type { RateLimiter } from './rate-limiter.js';
import { requestKind, requestPath, type RequestCounter } from './request-kind.js';
import { formatSeconds } from '../format-seconds.js';

export interface HttpRequest {
  method: string;
  /** Absolute URL; it may carry a tenant but never a secret. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface TransportOptions {
  timeoutMs: number;
  concurrency: Concurrency;
  limiter: RateLimiter;
  counter: RequestCounter;
  onEvent?: HaloEventHandler | undefined;
  /** Connections kept per origin; also the most requests in flight. */
  connections: number;
}

const TLS_CODES = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_CERT)/;

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A URL without its query and fragment (which may carry a sign-in session), for messages. */
export function withoutQuery(url: string): string {
  return url.replace(/[?#].*$/, '');
}

/** Turn a failure to talk to Halo into an error naming the URL and what to check. */
export function connectionError(error: unknown, req: HttpRequest, timeoutMs: number, timedOut: boolean): HaloConnectionError {
  const url = withoutQuery(req.url);
  const { host } = new URL(req.url);
  const code = errorCode(error);
  const what = `${req.method} ${url}`;
  if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new HaloConnectionError('HALO_TIMEOUT', `Halo did not answer ${what} within ${formatSeconds(timeoutMs)}.`, url, {
      cause: error,
      // Mid-run trouble, unlike DNS, TLS or a refused connection: the run failed, the setup may be fine.
      exitCode: ExitCode.failure,
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return new HaloConnectionError('HALO_DNS', `Cannot resolve the Halo host ${host} (${url}).`, url, {
      cause: error,
    });
  }
  if (code === 'ECONNREFUSED') {
    return new HaloConnectionError('HALO_CONNECTION_REFUSED', `Nothing accepted the connection to ${url}.`, url, {
      cause: error,
    });
  }
  if (code !== undefined && TLS_CODES.test(code)) {
    return new HaloConnectionError('HALO_TLS', `The TLS connection to ${url} failed (${code}).`, url, {
      cause: error,
    });
  }
  return new HaloConnectionError('HALO_CONNECTION_LOST', `The connection to ${url} was lost during ${req.method} (${code ?? 'no error code'}).`, url, {
    cause: error,
    exitCode: ExitCode.failure,
  });
}

export class Transport {
  readonly #options: TransportOptions;
  readonly #agent: Agent;
  #closed = false;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#agent = new Agent({
      connections: options.connections,
      keepAliveTimeout: 10_000,
      // The overall timeout below covers these too; they are a backstop inside undici.
      headersTimeout: options.timeoutMs + 1000,
      bodyTimeout: options.timeoutMs + 1000,
      connect: { timeout: Math.min(options.timeoutMs, 30_000) },
    });
  }

  /**
   * Send one request and read the whole reply. Throws `HaloConnectionError` when no reply came.
   * `timeoutMs` overrides the configured timeout for this attempt (a deadline running out sooner).
   */
  async send(req: HttpRequest, attempt = 1, timeoutMs = this.#options.timeoutMs): Promise<HttpResponse> {
    const res = await this.sendAuthorized(req, () => ({}), attempt, timeoutMs);
    if (res === undefined) throw new Error('Transport: a request without authorization was not sent');
    return res;
  }

  /**
   * Like `send`, with headers that are only read once the request may go, after any wait for the
   * rate limiter: a bearer token taken before a long wait could expire during it. `authorize`
   * returns undefined when the request cannot go as things stand (the token went stale); the slot
   * is then given back unused and undefined returned, for the caller to fetch a token and try again.
   */
  sendAuthorized(req: HttpRequest, authorize: () => Record<string, string> | undefined, attempt = 1, timeoutMs = this.#options.timeoutMs): Promise<HttpResponse | undefined> {
    const { concurrency, limiter, counter, onEvent } = this.#options;
    const kind = requestKind(req.method, req.url);
    const path = requestPath(req.url);
    return concurrency.run(async () => {
      const release = await limiter.acquire(
        onEvent === undefined
          ? undefined
          : (waitMs) => {
              if (waitMs > 50) onEvent({ type: 'rate-limit-wait', waitMs, ...limiter.usage() });
            },
      );
      const auth = authorize();
      if (auth === undefined) {
        release(true);
        return undefined;
      }
      counter.add(kind);
      onEvent?.({ type: 'request', kind, path, attempt });
      const started = Date.now();
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      try {
        const reply = await request(req.url, {
          dispatcher: this.#agent,
          method: req.method as Dispatcher.HttpMethod,
          headers: { accept: 'application/json', ...req.headers, ...auth },
          ...(req.body === undefined ? {} : { body: req.body }),
          signal: controller.signal,
        });
        const text = await reply.body.text();
        onEvent?.({ type: 'response', kind, path, status: reply.statusCode, ms: Date.now() - started });
        return { status: reply.statusCode, headers: reply.headers, text };
      } catch (error) {
        throw connectionError(error, req, timeoutMs, timedOut);
      } finally {
        clearTimeout(timer);
        release();
      }
    });
  }

  /** Close the connections; closing twice is harmless. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#agent.close();
  }
}
