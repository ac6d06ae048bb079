import type { AllowedHost } from '../../host-check.js';

/**
 * The emulator's settings. Every Halo behaviour is switchable; the defaults are real Halo's as far as
 * they are known (see ../../../../shared/reference/halo-api.md), except the rate limit, which is off
 * so tests and first tries are not slowed down.
 */

export interface RateLimitOptions {
  requests: number;
  windowSeconds: number;
  /** Send `Retry-After` with a 429. Real Halo is not known to; off by default. */
  retryAfter?: boolean;
}

/** Faults at random, at the given rates (0..1), on /api and the auth server. Off by default. */
export interface FaultRates {
  /** Added to every answer, in ms. */
  latencyMs?: number;
  /** Answer 503 without doing anything. */
  errorRate?: number;
  /** Do the work, then never answer (the client times out after the server stored the data). */
  timeoutRate?: number;
  /** Cut the connection before doing anything. */
  dropRate?: number;
  /** Writes only: do the work and store it, then cut the connection instead of answering. */
  lostReplyRate?: number;
  /** Seed of the random choice, so a run can be repeated. */
  seed?: number;
  /** Answer every list read (`GET /api/KBArticle`, `/FAQLists`, `/Client`, `/Attachment`) damaged this way. */
  corruptLists?: Corruption;
}

/**
 * A damaged success reply, as a proxy, a load balancer or an overloaded server can send one:
 * `invalid-json` (JSON behind a `)]}',` prefix), `truncated` (cut short), `html` (a sign-in page answered with 200),
 * `empty` (no body), `wrong-count` (`record_count` higher than the rows sent), `short-page` (the
 * last row of the page left out, `record_count` unchanged). The last two change envelope replies
 * only: a bare array has no count to contradict.
 */
export type Corruption = 'invalid-json' | 'truncated' | 'html' | 'empty' | 'wrong-count' | 'short-page';

export type AttachmentLinking = 'inline' | 'endpoint' | 'both';

export const ATTACHMENT_LINKINGS: readonly AttachmentLinking[] = ['inline', 'endpoint', 'both'];

export const CORRUPTIONS: readonly Corruption[] = ['invalid-json', 'truncated', 'html', 'empty', 'wrong-count', 'short-page'];

/** A fault for the next matching requests, e.g. "the next POST /api/kbarticle times out". */
export interface InjectedFault {
  /**
   * `error`: answer an error, doing nothing; `timeout`: do the work, never answer; `lost-reply`: do
   * the work, then cut the connection; `drop`: cut the connection, doing nothing; `hang`: do
   * nothing and never answer (a Halo that stopped answering); `corrupt`: do the work and damage
   * the success reply (see `corruption`).
   */
  kind: 'error' | 'timeout' | 'drop' | 'lost-reply' | 'hang' | 'corrupt';
  /** Only requests with this method; any when absent. */
  method?: string;
  /** Only requests whose lower-cased path starts with this; any when absent. */
  path?: string;
  /** How many matching requests it hits; default 1. */
  times?: number;
  /** Let this many matching requests through untouched first (e.g. to damage page 2 of a listing); default 0. */
  after?: number;
  /** For `error`: the status; default 503. */
  status?: number;
  /**
   * For `error`: answer with the web server's own HTML page for that status (IIS refusing the
   * DELETE verb, a proxy's "Forbidden"), not Halo's JSON error.
   */
  page?: boolean;
  /** For `corrupt`: how the success reply is damaged; default `truncated`. */
  corruption?: Corruption;
  /** Only requests whose query string contains this, e.g. `page_no=2`; any when absent. */
  query?: string;
}

export interface EmulatorOptions {
  /** 0 (default) picks a free port. The emulator only ever listens on 127.0.0.1. */
  port?: number;
  /** Host names answered besides localhost, 127.0.0.1 and [::1] with the port (DNS rebinding). */
  allowedHosts?: readonly AllowedHost[];
  /** JSON file the data persists in; in memory only when absent. */
  dataFile?: string;
  clientId?: string;
  clientSecret?: string;
  /** Tenant name shown by /api/authinfo; a token request naming another tenant is refused. */
  tenant?: string;
  /** Scopes the API application may be granted; `all` covers every scope. */
  scopes?: string[];
  tokenLifetimeSeconds?: number;
  /** Serve `GET /api/authinfo`; off to exercise the client's fallback to `/auth/token`. */
  authinfo?: boolean;
  /** Path of the auth server, default `/auth` (authinfo points at it). */
  authPath?: string;
  /** 403 on `DELETE /api/KBArticle/{id}` (Halo's API does not delete articles). Default on. */
  forbidArticleDelete?: boolean;
  /** 400 when an article is put in a FAQ list whose parent is not set for grouping. Default on. */
  requireGroupingParent?: boolean;
  /** 500 on creates through `POST /api/KBArticle`, as with Halo's AI duplicate detection on. Default off. */
  aiDuplicateDetection?: boolean;
  /** Largest attachment in bytes; default 25 MB. */
  attachmentLimitBytes?: number;
  /**
   * How this Halo links an attachment to a KB article, which is unknown for real Halo (see
   * attachment-link.ts): `inline` (files in the article write), `endpoint` (`POST /Attachment` with
   * `type` + `unique_id`), or `both` (default). The way it does not honour is still accepted with a
   * 200, as a Halo that ignores what it does not know would: an inline file is dropped (nothing is
   * stored), an endpoint file is stored but linked to no article (its `type` and `unique_id` are
   * kept, so listing by them finds it; the article does not list it).
   */
  attachmentLinking?: AttachmentLinking;
  /** Halo's hosted limit is 300 per 300 s; off unless given. */
  rateLimit?: RateLimitOptions | false;
  faults?: FaultRates;
  /**
   * What a POST answers: `all` saved records as an array (default), only the `first` as an object,
   * or an `empty` body. Real Halo's reply to a multi-item POST is unknown.
   */
  saveReply?: 'all' | 'first' | 'empty';
  /**
   * Whether article list rows carry `description`/`description_html`. Real Halo's list rows follow
   * `KBEntry_List`, which has no `*_html` fields; the emulator includes them by default and can leave
   * them out to prove the client copes.
   */
  listRowBodies?: boolean;
  /**
   * Whether article list rows carry `view_count`, `useful_count` and `notuseful_count`. Unknown for
   * real Halo: live rows seen carry only id, name, type, inactive and date_edited, so off by
   * default (the counters come with each article's details); on to play a Halo that lists them.
   */
  listRowCounters?: boolean;
  /**
   * Largest page served, whatever `page_size` asks for. Some Halo endpoints are reported to cap
   * pages at 100; off (no cap) by default.
   */
  maxPageSize?: number;
  /** Seed a few realistic customers into a new data set. Default on. */
  seedClients?: boolean;
  /** One line per request, for the CLI's --verbose. */
  log?: (line: string) => void;
  /** The time the rate limit and token lives go by; the system clock by default (tests share a virtual one with the client). */
  clock?: { now(): number };
}

export const EMULATOR_DEFAULTS = {
  clientId: 'halo-kb-demo',
  clientSecret: 'emulator-secret',
  tenant: 'halo-kb-demo',
  scopes: ['all'],
  tokenLifetimeSeconds: 3600,
  authPath: '/auth',
  attachmentLimitBytes: 25 * 1024 * 1024,
} as const;

/** Every option resolved. */
export interface ResolvedOptions {
  port: number;
  allowedHosts: readonly AllowedHost[];
  dataFile: string | undefined;
  clientId: string;
  clientSecret: string;
  tenant: string;
  scopes: string[];
  tokenLifetimeSeconds: number;
  authinfo: boolean;
  authPath: string;
  forbidArticleDelete: boolean;
  requireGroupingParent: boolean;
  aiDuplicateDetection: boolean;
  attachmentLimitBytes: number;
  attachmentLinking: AttachmentLinking;
  rateLimit: RateLimitOptions | false;
  faults: FaultRates;
  saveReply: 'all' | 'first' | 'empty';
  listRowBodies: boolean;
  listRowCounters: boolean;
  maxPageSize: number | undefined;
  seedClients: boolean;
  log: ((line: string) => void) | undefined;
  clock: { now(): number };
}

export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  return {
    port: options.port ?? 0,
    allowedHosts: options.allowedHosts ?? [],
    dataFile: options.dataFile,
    clientId: options.clientId ?? EMULATOR_DEFAULTS.clientId,
    clientSecret: options.clientSecret ?? EMULATOR_DEFAULTS.clientSecret,
    tenant: options.tenant ?? EMULATOR_DEFAULTS.tenant,
    scopes: options.scopes ?? [...EMULATOR_DEFAULTS.scopes],
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? EMULATOR_DEFAULTS.tokenLifetimeSeconds,
    authinfo: options.authinfo ?? true,
    authPath: `/${(options.authPath ?? EMULATOR_DEFAULTS.authPath).replace(/^\/+|\/+$/g, '')}`.toLowerCase(),
    forbidArticleDelete: options.forbidArticleDelete ?? true,
    requireGroupingParent: options.requireGroupingParent ?? true,
    aiDuplicateDetection: options.aiDuplicateDetection ?? false,
    attachmentLimitBytes: options.attachmentLimitBytes ?? EMULATOR_DEFAULTS.attachmentLimitBytes,
    attachmentLinking: options.attachmentLinking ?? 'both',
    rateLimit: options.rateLimit ?? false,
    faults: options.faults ?? {},
    saveReply: options.saveReply ?? 'all',
    listRowBodies: options.listRowBodies ?? true,
    listRowCounters: options.listRowCounters ?? false,
    maxPageSize: options.maxPageSize,
    seedClients: options.seedClients ?? true,
    log: options.log,
    clock: options.clock ?? { now: () => Date.now() },
  };
}
