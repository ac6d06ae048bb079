/**
 * The Halo API client: the only module in halo-kb that talks HTTP to Halo. It paces itself under
 * Halo's rate limit, retries what is safe to retry, never sends a create twice blindly, and turns
 * every failure into an error that says what to do.
 *
 *     const halo = HaloClient.fromSettings(config.halo);
 *     const saved = await halo.saveArticles([{ name, html, faqListIds: [12], key }]);
 *     await halo.close();
 */
import { ConfigError } from '../errors.js';
import type { HaloSettings } from '../config/schema.js';
import { endpointWay, inlineWay } from './attachment-link.js';
import { convertAll, toArticle, toCustomer, toFaqList } from './article-shape.js';
import type { Call } from './call.js';
import type { ClientCalls } from './client-calls.js';
import { KB_ATTACHMENT_TYPE, type HaloClientOptions } from './client-options.js';
import { systemClock } from './clock.js';
import { Concurrency } from './concurrency.js';
import { checkConnection } from './connection-check.js';
import { deleteArticle, deleteAttachment, deleteFaqList } from './delete-records.js';
import type { HaloArea } from './explain.js';
import { HaloHttp, type CallResult } from './http.js';
import { readListPage, type Noun } from './list-pages.js';
import { RateLimiter } from './rate-limiter.js';
import { ARTICLES, ATTACHMENTS, CUSTOMERS, FAQ_LISTS, listAll, wholeListing } from './read-listing.js';
import { parseJson, type JsonRecord } from './records.js';
import { RequestCounter, type RequestCounts } from './request-kind.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { saveArticles } from './save-articles.js';
import { saveFaqLists } from './save-faq-lists.js';
import { explainCall, ok, replyJson, sendCall } from './send-call.js';
import { TokenSource } from './token-source.js';
import { Transport } from './transport.js';
import { AttachmentUploader, type LearnedMode, type UploadSettled } from './upload-attachments.js';
import type {
  ArticleWrite,
  AttachmentMode,
  AttachmentUpload,
  ConnectionReport,
  DeleteResult,
  FaqListWrite,
  HaloArticle,
  HaloAttachment,
  HaloCustomer,
  HaloFaqList,
  ListArticlesQuery,
  SavedArticle,
  UploadedAttachment,
} from './types.js';
import { normalizeHaloUrl, type HaloEndpoints } from './url.js';

const KB_SCOPES = 'read:kb edit:kb';

export class HaloClient {
  readonly endpoints: HaloEndpoints;
  readonly #options: HaloClientOptions;
  readonly #counter = new RequestCounter();
  readonly #transport: Transport;
  readonly #http: HaloHttp;
  readonly #tokens: TokenSource;
  readonly #policy: RetryPolicy;
  readonly #uploader: AttachmentUploader;
  readonly #calls: ClientCalls;

  constructor(options: HaloClientOptions) {
    this.#options = options;
    this.endpoints = normalizeHaloUrl(options.url, options.authUrl);
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
    const clock = options.clock ?? systemClock;
    const limiter = new RateLimiter({ limit: options.requestsPerWindow ?? 300, windowMs: (options.windowSeconds ?? 300) * 1000, clock });
    this.#transport = new Transport({
      timeoutMs: (options.timeoutSeconds ?? 30) * 1000,
      concurrency: new Concurrency(concurrency),
      limiter,
      counter: this.#counter,
      onEvent: options.onEvent,
      connections: concurrency,
    });
    this.#http = new HaloHttp(this.#transport, limiter, this.#policy, options.onEvent, clock);
    this.#tokens = new TokenSource(
      {
        endpoints: this.endpoints,
        tenant: options.tenant,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        scope: options.readCustomers === true ? `${KB_SCOPES} read:customers` : KB_SCOPES,
        connectTimeoutMs: (options.connectTimeoutSeconds ?? 20) * 1000,
        onEvent: options.onEvent,
        clock,
      },
      this.#http,
    );
    this.#http.useTokens(this.#tokens);
    this.#calls = {
      send: (call) => sendCall(this.#http, this.endpoints, call),
      json: async (call) => replyJson(await sendCall(this.#http, this.endpoints, call), call),
      explain: explainCall,
      policy: this.#policy,
      clock,
      onEvent: options.onEvent,
    };
    const linkDeps = {
      call: (call: Call) => this.#calls.json(call),
      getArticle: (id: number) => this.getArticle(id),
      saveRaw: (call: Call) => this.#calls.send(call),
      listAll: (call: Pick<Call, 'path' | 'query' | 'area' | 'action'>, key: string) => this.#listAll(call.path, key, call.query, call.area, call.action, ATTACHMENTS),
      explain: (res: CallResult, call: Call) => this.#calls.explain(res, call),
      attachmentType: options.attachmentType ?? KB_ATTACHMENT_TYPE,
    };
    this.#uploader = new AttachmentUploader(options.attachmentMode ?? 'auto', {
      inline: inlineWay(linkDeps),
      endpoint: endpointWay(linkDeps),
      getArticle: (id) => this.getArticle(id),
      deleteAttachment: (id) => this.deleteAttachment(id),
      policy: this.#policy,
      onEvent: options.onEvent,
      clock,
      maxBytes: options.maxAttachmentBytes ?? 25 * 1024 * 1024,
      maxItems: Math.max(1, options.batchSize ?? 50),
    });
  }

  /** A client from the project configuration; fails clearly when no Halo URL is set. */
  static fromSettings(settings: HaloSettings, extra: Omit<HaloClientOptions, keyof HaloSettings> = {}): HaloClient {
    if (settings.url === undefined) {
      throw new ConfigError('HALO_URL_MISSING', 'No Halo URL is set.');
    }
    return new HaloClient({ ...settings, url: settings.url, ...extra });
  }

  /** Requests sent so far (every attempt, token requests included), by kind. */
  requestCounts(): RequestCounts {
    return this.#counter.snapshot();
  }

  resetRequestCounts(): void {
    this.#counter.reset();
  }

  /** Close the keep-alive connections. */
  async close(): Promise<void> {
    await this.#transport.close();
  }

  // ---- connection -------------------------------------------------------------------------------

  /** Log in and read a little: where the token came from, the scopes Halo granted, what is there. */
  async testConnection(): Promise<ConnectionReport> {
    return checkConnection({ calls: this.#calls, tokens: this.#tokens, apiBase: this.endpoints.apiBase, readCustomers: this.#options.readCustomers === true, listFaqLists: () => this.listFaqLists() });
  }

  // ---- articles ---------------------------------------------------------------------------------

  /** Every article matching the query, over all pages. */
  async listArticles(query: ListArticlesQuery = {}): Promise<HaloArticle[]> {
    const rows = await this.#listAll(
      '/KBArticle',
      'articles',
      {
        faqlists: query.faqListId,
        client_id: query.clientId,
        search: query.search,
        includeinactive: query.includeInactive,
      },
      'kb',
      'list knowledge-base articles',
      ARTICLES,
    );
    return convertAll(rows, toArticle);
  }

  /** One article with its details, or undefined when Halo has no article with that id. */
  async getArticle(id: number): Promise<HaloArticle | undefined> {
    const call: Call = { method: 'GET', path: `/KBArticle/${id}`, query: { includedetails: true }, retry: 'safe', area: 'kb', action: `read article ${id}` };
    const res = await this.#calls.send(call);
    if (res.status === 404) return undefined;
    if (!ok(res)) throw this.#calls.explain(res, call);
    const value = parseJson(res.text);
    const record = Array.isArray(value) ? value[0] : value;
    return record !== null && typeof record === 'object' ? toArticle(record as JsonRecord) : undefined;
  }

  /**
   * Create and update articles in batches. Returns one saved record per write, in the order of the
   * writes, each with its Halo id, whatever shape Halo's reply had.
   */
  async saveArticles(writes: readonly ArticleWrite[]): Promise<SavedArticle[]> {
    const lookups = { listArticles: (query: ListArticlesQuery) => this.listArticles(query), getArticle: (id: number) => this.getArticle(id) };
    return saveArticles({ ...this.#calls, ...lookups, batchSize: this.#options.batchSize, batchMaxKb: this.#options.batchMaxKb }, writes);
  }

  /**
   * Delete an article. Halo normally refuses (403): that is an expected outcome, returned as
   * `forbidden`, not thrown; the article stays in Halo. So is a 405 from a web server in front of
   * Halo that refuses the DELETE verb (IIS's default where WebDAV is set up).
   */
  async deleteArticle(id: number): Promise<DeleteResult> {
    return deleteArticle(this.#calls, id);
  }

  // ---- FAQ lists --------------------------------------------------------------------------------

  /**
   * Delete a FAQ list. Whether Halo lets an API application delete FAQ lists is unknown: a refusal
   * (403, 405, any 4xx but 401, 404 and 429) is returned as `forbidden` (the caller hides the list instead), not thrown.
   */
  async deleteFaqList(id: number): Promise<DeleteResult> {
    return deleteFaqList(this.#calls, id);
  }

  async listFaqLists(): Promise<HaloFaqList[]> {
    // One request: Halo answers a bare array (halo-api.md §3), whose paging, if any, is unknown.
    const call: Call = { method: 'GET', path: '/FAQLists', retry: 'safe', area: 'faq-lists', action: 'list FAQ lists' };
    const rows = await wholeListing(this.#calls, call, async () => {
      const page = readListPage(await this.#calls.json(call), 'faqlists', FAQ_LISTS);
      return 'problem' in page ? { problem: `GET /api/FAQLists answered with ${page.problem}` } : page;
    });
    return convertAll(rows, toFaqList);
  }

  /**
   * Create and update FAQ lists; results in the order of the writes. A grouping list must be saved
   * before the children that name it (its id is their `groupId`).
   */
  async saveFaqLists(writes: readonly FaqListWrite[]): Promise<HaloFaqList[]> {
    return saveFaqLists({ ...this.#calls, listFaqLists: () => this.listFaqLists() }, writes);
  }

  // ---- attachments ------------------------------------------------------------------------------

  /**
   * Upload a file (base64) and link it to an article, the way `attachmentMode` selects (found out
   * first, with `auto`). Files over `maxAttachmentBytes` are refused before anything is sent.
   */
  async uploadAttachment(upload: AttachmentUpload): Promise<UploadedAttachment> {
    for await (const settled of this.#uploader.upload([upload])) {
      const [result] = settled;
      if (result === undefined) continue;
      if (result.ok) return result.uploaded;
      throw result.error;
    }
    throw new Error('uploadAttachment: no result');
  }

  /**
   * Upload several files, each once; yields the results of each request as it settles. With
   * `attachment-endpoint`, files of several articles share a request.
   */
  uploadAttachments(uploads: readonly AttachmentUpload[]): AsyncGenerator<UploadSettled[]> {
    return this.#uploader.upload(uploads);
  }

  /** How files are linked to articles now: the setting's, the recorded or learned one; undefined while unknown. */
  get attachmentMode(): AttachmentMode | undefined {
    return this.#uploader.mode;
  }

  /** With `attachmentMode: auto`, use the way recorded for this Halo instead of finding it out. */
  assumeAttachmentMode(mode: AttachmentMode): void {
    this.#uploader.assume(mode);
  }

  /** What the first upload found out about this Halo, when it had to (for the Halo profile). */
  learnedAttachmentMode(): LearnedMode | undefined {
    return this.#uploader.learned();
  }

  /** The attachments linked to an article, read the way files are linked (its details, while unknown). */
  listArticleAttachments(articleId: number): Promise<HaloAttachment[]> {
    return this.#uploader.list(articleId);
  }

  /**
   * The attachments of several articles: one listing in `attachment-endpoint` mode, one read per
   * article otherwise (the files are only known from the article's details).
   */
  listAttachmentsOf(articleIds: readonly number[]): Promise<Map<number, HaloAttachment[]>> {
    if (articleIds.length === 0) return Promise.resolve(new Map());
    return this.#uploader.listMany(articleIds);
  }

  /** Delete an attachment: true when it is gone (or was already), false when Halo refuses. */
  async deleteAttachment(id: number): Promise<boolean> {
    return deleteAttachment(this.#calls, id);
  }

  // ---- probing ---------------------------------------------------------------------------------

  /**
   * One request with Halo's reply as it came (status and body text), for `doctor --probe`, which
   * must see the shapes the other methods smooth over. Paced, authenticated and checked like every
   * other request; a failure status is returned, not thrown.
   */
  async request(call: Call): Promise<{ status: number; text: string }> {
    const res = await this.#calls.send(call);
    return { status: res.status, text: res.text };
  }

  // ---- customers --------------------------------------------------------------------------------

  /** Halo customers, optionally filtered by Halo's `search`. Needs `readCustomers`. */
  async listClients(search?: string): Promise<HaloCustomer[]> {
    const rows = await this.#listAll('/Client', 'clients', { search }, 'clients', 'list customers', CUSTOMERS);
    return convertAll(rows, toCustomer);
  }

  // ---- internals --------------------------------------------------------------------------------

  #listAll(path: string, key: string, filters: Call['query'], area: HaloArea, action: string, noun: Noun): Promise<JsonRecord[]> {
    return listAll({ ...this.#calls, pageSize: this.#options.pageSize }, path, key, filters, area, action, noun);
  }
}

export type { HaloEndpoints } from './url.js';
