/**
 * The Halo API client: the only module in halo-kb that talks HTTP to Halo. It paces itself under
 * Halo's rate limit, retries what is safe to retry, never sends a create twice blindly, and turns
 * every failure into an error that says what to do.
 *
 *     const halo = HaloClient.fromSettings(config.halo);
 *     const saved = await halo.saveArticles([{ name, html, faqListIds: [12], key }]);
 *     await halo.close();
 */
import { plural } from '../report/plural.js';
import { ConfigError, HaloKbError } from '../errors.js';
import type { HaloSettings } from '../config/schema.js';
import { endpointWay, inlineWay } from './attachment-link.js';
import { convertAll, toArticle, toCustomer, toFaqList, toFaqListHead, toKbEntry } from './article-shape.js';
import { backoffMs } from './backoff.js';
import type { Call } from './call.js';
import { splitBatches } from './batches.js';
import { systemClock, type Clock } from './clock.js';
import { Concurrency } from './concurrency.js';
import { HaloConnectionError } from './errors.js';
import type { HaloEventHandler } from './events.js';
import { explainFailure, explainUnusable, type HaloArea } from './explain.js';
import { HaloHttp, type CallResult } from './http.js';
import { hasBody } from './key-marker.js';
import { readAllPages, readListPage, type ListPage, type Noun } from './list-pages.js';
import { matchCreated, type PendingCreate } from './match-created.js';
import { RateLimiter } from './rate-limiter.js';
import { parseJson, savedRecords, type JsonRecord } from './records.js';
import { RequestCounter, type RequestCounts } from './request-kind.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
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

export interface HaloClientOptions {
  /** The Halo address in any form users paste (see `url.ts`). */
  url: string;
  authUrl?: string | undefined;
  tenant?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** Also ask for `read:customers`, to map company folders to Halo customers. */
  readCustomers?: boolean;
  /** Default 300 per 300 s, hosted Halo's limit. */
  requestsPerWindow?: number;
  windowSeconds?: number;
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  /** Per request; default 30. */
  timeoutSeconds?: number;
  /** One deadline for the first contact: finding the token endpoint and logging in; default 20. */
  connectTimeoutSeconds?: number;
  /** Articles per POST; default 50. */
  batchSize?: number;
  /** Largest POST body in KiB; default 4096. */
  batchMaxKb?: number;
  /**
   * How attachments are linked to articles; default `auto`: the way recorded for this Halo
   * (`assumeAttachmentMode`), or found out on the first upload (see `upload-attachments.ts`).
   */
  attachmentMode?: 'auto' | AttachmentMode;
  /**
   * Attachment `type` meaning "KB article" for `attachment-endpoint` mode. Halo's value is unknown;
   * the emulator uses the default.
   */
  attachmentType?: number;
  /** Files over this are refused before upload; default 25 MB, Halo's usual limit. */
  maxAttachmentBytes?: number;
  /** Rows per list page; default 1000 (a server that caps pages lower is detected and followed). */
  pageSize?: number;
  retry?: Partial<RetryPolicy>;
  onEvent?: HaloEventHandler;
  /** The time pacing, retries and token renewal go by; the system clock by default (see clock.ts). */
  clock?: Clock;
}

/** The attachment `type` halo-kb uses for KB articles in `attachment-endpoint` mode (Halo's value unknown). */
export const KB_ATTACHMENT_TYPE = 2;

const KB_SCOPES = 'read:kb edit:kb';

const ARTICLES: Noun = ['article', 'articles'];
const FAQ_LISTS: Noun = ['FAQ list', 'FAQ lists'];
const CUSTOMERS: Noun = ['customer', 'customers'];
const ATTACHMENTS: Noun = ['attachment', 'attachments'];

function describeArticles(writes: readonly { name: string }[], verb: string): string {
  const first = writes[0];
  return writes.length === 1 && first !== undefined ? `${verb} the article "${first.name}"` : `${verb} ${plural(writes.length, 'article')}`;
}

export class HaloClient {
  readonly endpoints: HaloEndpoints;
  readonly #options: HaloClientOptions;
  readonly #counter = new RequestCounter();
  readonly #transport: Transport;
  readonly #http: HaloHttp;
  readonly #tokens: TokenSource;
  readonly #policy: RetryPolicy;
  readonly #uploader: AttachmentUploader;
  readonly #clock: Clock;

  constructor(options: HaloClientOptions) {
    this.#options = options;
    this.endpoints = normalizeHaloUrl(options.url, options.authUrl);
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
    const clock = options.clock ?? systemClock;
    this.#clock = clock;
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
    const linkDeps = {
      call: (call: Call) => this.#json(call),
      getArticle: (id: number) => this.getArticle(id),
      saveRaw: (call: Call) => this.#send(call),
      listAll: (call: Pick<Call, 'path' | 'query' | 'area' | 'action'>, key: string) => this.#listAll(call.path, key, call.query, call.area, call.action, ATTACHMENTS),
      explain: (res: CallResult, call: Call) => this.#explain(res, call),
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
    const endpoint = await this.#tokens.endpoint();
    await this.#tokens.get();
    const { rows, total } = await this.#firstPage(
      { method: 'GET', path: '/KBArticle', query: { pageinate: true, page_size: 1, page_no: 1, includeinactive: true }, retry: 'safe', area: 'kb', action: 'list knowledge-base articles' },
      'articles',
      ARTICLES,
    );
    const faqLists = await this.listFaqLists();
    const report: ConnectionReport = {
      apiBase: this.endpoints.apiBase,
      tokenUrl: endpoint.tokenUrl,
      tokenUrlSource: endpoint.source,
      scopes: this.#tokens.grant()?.scopes ?? [],
      articleCount: total ?? rows.length,
      faqListCount: faqLists.length,
    };
    if (endpoint.tenant !== undefined) report.tenant = endpoint.tenant;
    if (this.#options.readCustomers === true) {
      const page = await this.#firstPage(
        { method: 'GET', path: '/Client', query: { pageinate: true, page_size: 1, page_no: 1 }, retry: 'safe', area: 'clients', action: 'list customers' },
        'clients',
        CUSTOMERS,
      );
      report.customerCount = page.total ?? page.rows.length;
    }
    return report;
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
    const res = await this.#send(call);
    if (res.status === 404) return undefined;
    if (!ok(res)) throw this.#explain(res, call);
    const value = parseJson(res.text);
    const record = Array.isArray(value) ? value[0] : value;
    return record !== null && typeof record === 'object' ? toArticle(record as JsonRecord) : undefined;
  }

  /**
   * Create and update articles in batches. Returns one saved record per write, in the order of the
   * writes, each with its Halo id, whatever shape Halo's reply had.
   */
  async saveArticles(writes: readonly ArticleWrite[]): Promise<SavedArticle[]> {
    const results: (SavedArticle | undefined)[] = new Array<SavedArticle | undefined>(writes.length);
    const indexed = writes.map((write, index) => ({ write, index, entry: toKbEntry(write) }));
    const limits = { maxItems: Math.max(1, this.#options.batchSize ?? 50), maxBytes: (this.#options.batchMaxKb ?? 4096) * 1024 };
    const size = (item: { entry: JsonRecord }): number => Buffer.byteLength(JSON.stringify(item.entry));
    const updates = splitBatches(
      indexed.filter((x) => x.write.id !== undefined),
      limits,
      size,
    );
    const creates = splitBatches(
      indexed.filter((x) => x.write.id === undefined),
      limits,
      size,
    );
    const settled = await Promise.allSettled([...updates.map((batch) => this.#updateArticles(batch, results)), ...creates.map((batch) => this.#createArticles(batch, results))]);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return results.map((result, index) => {
      if (result === undefined) throw new Error(`saveArticles: write ${index} has no result`);
      return result;
    });
  }

  /**
   * Delete an article. Halo normally refuses (403): that is an expected outcome, returned as
   * `forbidden`, not thrown; the article stays in Halo. So is a 405 from a web server in front of
   * Halo that refuses the DELETE verb (IIS's default where WebDAV is set up).
   */
  async deleteArticle(id: number): Promise<DeleteResult> {
    const call: Call = { method: 'DELETE', path: `/KBArticle/${id}`, retry: 'safe', area: 'kb', action: `delete article ${id}` };
    const res = await this.#send(call);
    if (ok(res)) return { kind: 'deleted', id };
    if (res.status === 403) return { kind: 'forbidden', id, message: 'Halo does not allow deleting articles through the API; the article stays' };
    if (res.status === 405) return { kind: 'forbidden', id, message: 'the server in front of Halo does not allow DELETE requests (405); the article stays' };
    if (res.status === 404) return { kind: 'not-found', id };
    throw this.#explain(res, call);
  }

  // ---- FAQ lists --------------------------------------------------------------------------------

  /**
   * Delete a FAQ list. Whether Halo lets an API application delete FAQ lists is unknown: a refusal
   * (403, 405, any 4xx but 401, 404 and 429) is returned as `forbidden` (the caller hides the list instead), not thrown.
   */
  async deleteFaqList(id: number): Promise<DeleteResult> {
    const call: Call = { method: 'DELETE', path: `/FAQLists/${id}`, retry: 'safe', area: 'faq-lists', action: `delete FAQ list ${id}` };
    const res = await this.#send(call);
    if (ok(res)) return { kind: 'deleted', id };
    if (res.status === 404) return { kind: 'not-found', id };
    // 403 and 405 are the likely refusals; any other 4xx is taken as one too (Halo's is unknown).
    if (res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 429) {
      return { kind: 'forbidden', id, message: `Halo did not allow deleting the FAQ list (${res.status})` };
    }
    throw this.#explain(res, call);
  }

  async listFaqLists(): Promise<HaloFaqList[]> {
    // One request: Halo answers a bare array (halo-api.md §3), whose paging, if any, is unknown.
    const call: Call = { method: 'GET', path: '/FAQLists', retry: 'safe', area: 'faq-lists', action: 'list FAQ lists' };
    const rows = await this.#wholeListing(call, async () => {
      const page = readListPage(await this.#json(call), 'faqlists', FAQ_LISTS);
      return 'problem' in page ? { problem: `GET /api/FAQLists answered with ${page.problem}` } : page;
    });
    return convertAll(rows, toFaqList);
  }

  /**
   * Create and update FAQ lists; results in the order of the writes. A grouping list must be saved
   * before the children that name it (its id is their `groupId`).
   */
  async saveFaqLists(writes: readonly FaqListWrite[]): Promise<HaloFaqList[]> {
    if (writes.length === 0) return [];
    const results: (HaloFaqList | undefined)[] = new Array<HaloFaqList | undefined>(writes.length);
    const updates = writes.flatMap((write, index) => (write.id === undefined ? [] : [{ write, index }]));
    if (updates.length > 0) {
      const value = await this.#json({
        method: 'POST',
        path: '/FAQLists',
        body: updates.map((u) => toFaqListHead(u.write)),
        retry: 'safe',
        area: 'faq-lists',
        action: `update ${plural(updates.length, 'FAQ list')}`,
      });
      const saved = convertAll(Array.isArray(value) ? value : value === undefined ? [] : [value], toFaqList);
      for (const { write, index } of updates) {
        results[index] = saved.find((s) => s.id === write.id) ?? fromFaqListWrite(write, write.id ?? 0);
      }
    }
    let pending = writes.flatMap((write, index) => (write.id === undefined ? [{ write, index }] : []));
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const call: Call = {
        method: 'POST',
        path: '/FAQLists',
        body: pending.map((p) => toFaqListHead(p.write)),
        retry: 'never',
        area: 'faq-lists',
        action: `create ${pending.length === 1 ? `the FAQ list "${pending[0]?.write.name ?? ''}"` : plural(pending.length, 'FAQ list')}`,
      };
      const outcome = await this.#sendCreate(call);
      const claimed = new Set(results.flatMap((r) => (r === undefined ? [] : [r.id])));
      const match = (candidates: HaloFaqList[], items: typeof pending): typeof pending =>
        items.filter((item) => {
          const found = candidates.find((list) => !claimed.has(list.id) && sameFaqList(list, item.write));
          if (found === undefined) return true;
          results[item.index] = found;
          claimed.add(found.id);
          return false;
        });
      let still = match(outcome.ok ? convertAll(savedRecords(outcome.res.text), toFaqList) : [], pending);
      // The reply did not name every new list, or never came: look them up, newest first.
      if (still.length > 0)
        still = match(
          (await this.listFaqLists()).sort((a, b) => b.id - a.id),
          still,
        );
      if (still.length > 0 && outcome.ok) {
        throw new HaloKbError(
          'HALO_CREATE_UNCONFIRMED',
          `Halo accepted ${plural(still.length, 'new FAQ list')} but they could not be found afterwards: ${still.map((s) => `"${s.write.name}"`).join(', ')}.`,
          {
            hint: 'Run the command again; halo-kb finds its FAQ lists by their third_party_id and name.',
          },
        );
      }
      pending = still;
      if (pending.length > 0)
        await this.#beforeCreateRetry(
          attempt,
          outcome,
          'FAQ lists',
          pending.map((p) => p.write.name),
        );
    }
    return results.map((r) => {
      if (r === undefined) throw new Error('saveFaqLists: missing result');
      return r;
    });
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
    const call: Call = { method: 'DELETE', path: `/Attachment/${id}`, retry: 'safe', area: 'attachments', action: `delete attachment ${id}` };
    const res = await this.#send(call);
    if (ok(res) || res.status === 404) return true;
    if (res.status >= 400 && res.status < 500) return false;
    throw this.#explain(res, call);
  }

  // ---- probing ---------------------------------------------------------------------------------

  /**
   * One request with Halo's reply as it came (status and body text), for `doctor --probe`, which
   * must see the shapes the other methods smooth over. Paced, authenticated and checked like every
   * other request; a failure status is returned, not thrown.
   */
  async request(call: Call): Promise<{ status: number; text: string }> {
    const res = await this.#send(call);
    return { status: res.status, text: res.text };
  }

  // ---- customers --------------------------------------------------------------------------------

  /** Halo customers, optionally filtered by Halo's `search`. Needs `readCustomers`. */
  async listClients(search?: string): Promise<HaloCustomer[]> {
    const rows = await this.#listAll('/Client', 'clients', { search }, 'clients', 'list customers', CUSTOMERS);
    return convertAll(rows, toCustomer);
  }

  // ---- internals --------------------------------------------------------------------------------

  async #updateArticles(batch: readonly { write: ArticleWrite; index: number; entry: JsonRecord }[], results: (SavedArticle | undefined)[]): Promise<void> {
    const value = await this.#json({
      method: 'POST',
      path: '/KBArticle',
      body: batch.map((b) => b.entry),
      retry: 'safe',
      area: 'kb',
      action: describeArticles(
        batch.map((b) => b.write),
        'update',
      ),
    });
    const replied = convertAll(Array.isArray(value) ? value : value === undefined ? [] : [value], toArticle);
    for (const { write, index } of batch) {
      const id = write.id ?? 0;
      const record = replied.find((r) => r.id === id);
      results[index] = savedArticle(write, id, 'updated', false, record);
    }
  }

  async #createArticles(batch: readonly { write: ArticleWrite; index: number; entry: JsonRecord }[], results: (SavedArticle | undefined)[]): Promise<void> {
    let pending = [...batch];
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const call: Call = {
        method: 'POST',
        path: '/KBArticle',
        body: pending.map((p) => p.entry),
        retry: 'never',
        area: 'kb',
        action: describeArticles(
          pending.map((p) => p.write),
          'create',
        ),
      };
      const outcome = await this.#sendCreate(call);
      let unresolved = pending;
      if (outcome.ok) {
        const replied = convertAll(savedRecords(outcome.res.text), toArticle);
        unresolved = [];
        const claimed = this.#claimed(results);
        const matches = matchCreated(toPending(pending), replied, claimed);
        // A reply of exactly one record per item, in order, is matched by position as well.
        const byPosition = replied.length === pending.length;
        pending.forEach((item, position) => {
          const record = matches.get(item.index) ?? (byPosition ? replied[position] : undefined);
          if (record !== undefined && !claimed.has(record.id)) results[item.index] = savedArticle(item.write, record.id, 'created', false, record);
          else unresolved.push(item);
        });
        if (unresolved.length === 0) return;
      }
      // Either Halo did not say which ids it gave, or the create failed in a way that may have stored it.
      const found = await this.#findCreated(unresolved, results);
      pending = unresolved.filter((item) => !found.has(item.index));
      for (const item of unresolved) {
        const record = found.get(item.index);
        if (record !== undefined) results[item.index] = savedArticle(item.write, record.id, 'created', true, record);
      }
      if (pending.length > 0 && outcome.ok) {
        throw new HaloKbError(
          'HALO_CREATE_UNCONFIRMED',
          `Halo accepted ${plural(pending.length, 'new article')} but they could not be found afterwards: ${pending.map((p) => `"${p.write.name}"`).join(', ')}.`,
        );
      }
      if (pending.length > 0)
        await this.#beforeCreateRetry(
          attempt,
          outcome,
          'articles',
          pending.map((p) => p.write.name),
        );
    }
  }

  /** Look up articles that may have been created: list their FAQ lists, read rows without a body. */
  async #findCreated(items: readonly { write: ArticleWrite; index: number }[], results: readonly (SavedArticle | undefined)[]): Promise<Map<number, HaloArticle>> {
    this.#options.onEvent?.({ type: 'recover-create', what: 'articles', names: items.map((i) => i.write.name) });
    const rows = new Map<number, HaloArticle>();
    const lists = new Set(items.flatMap((i) => i.write.faqListIds.slice(0, 1)));
    for (const faqListId of lists) {
      for (const row of await this.listArticles({ faqListId, includeInactive: true })) rows.set(row.id, row);
    }
    for (const item of items.filter((i) => i.write.faqListIds.length === 0)) {
      for (const row of await this.listArticles({ search: item.write.name, includeInactive: true })) rows.set(row.id, row);
    }
    // Real Halo list rows may come without their body; read those whose name could match.
    const names = new Set(items.map((i) => i.write.name.trim()));
    for (const row of [...rows.values()]) {
      if (!hasBody(row) && names.has(row.name.trim())) {
        const detail = await this.getArticle(row.id);
        if (detail !== undefined) rows.set(row.id, detail);
      }
    }
    return matchCreated(toPending(items), [...rows.values()], this.#claimed(results));
  }

  #claimed(results: readonly (SavedArticle | undefined)[]): Set<number> {
    return new Set(results.flatMap((r) => (r === undefined ? [] : [r.id])));
  }

  /**
   * Send a create once. A definite refusal (4xx, or a 429 whose retries ran out) is thrown; a failure
   * that may have stored the records (5xx, timeout, dropped connection) is returned for lookup.
   */
  async #sendCreate(call: Call): Promise<{ ok: true; res: CallResult } | { ok: false; error: HaloKbError }> {
    try {
      const res = await this.#send(call);
      if (ok(res)) return { ok: true, res };
      const error = this.#explain(res, call);
      if (res.status >= 500) return { ok: false, error };
      throw error;
    } catch (error) {
      if (error instanceof HaloConnectionError && (error.code === 'HALO_TIMEOUT' || error.code === 'HALO_CONNECTION_LOST')) return { ok: false, error };
      throw error;
    }
  }

  /** After a failed create and a lookup that found items missing: give up, or wait and try again. */
  async #beforeCreateRetry(attempt: number, outcome: { ok: true } | { ok: false; error: HaloKbError }, what: string, names: string[]): Promise<void> {
    if (outcome.ok) return;
    if (attempt > this.#policy.retries) throw outcome.error;
    this.#options.onEvent?.({ type: 'recover-create', what, names });
    await this.#clock.sleep(backoffMs(attempt, this.#policy.backoffBaseMs, this.#policy.backoffMaxMs));
  }

  async #listAll(path: string, key: string, filters: Call['query'], area: HaloArea, action: string, noun: Noun): Promise<JsonRecord[]> {
    const call = (page: number, size: number): Call => ({ method: 'GET', path, query: { ...filters, pageinate: true, page_size: size, page_no: page }, retry: 'safe', area, action });
    return this.#wholeListing(call(1, 1), () =>
      readAllPages(async (page, size) => readListPage(await this.#json(call(page, size)), key, noun), {
        pageSize: this.#options.pageSize ?? 1000,
        where: `GET /api${path}`,
        noun,
      }),
    );
  }

  /**
   * A listing read whole, or an error: one that came back incomplete is read again from the start
   * (a transient fault, like a 5xx), and after the retries halo-kb stops rather than plan or publish
   * from a partial picture of Halo.
   */
  async #wholeListing(call: Call, read: () => Promise<{ rows: JsonRecord[] } | { problem: string }>): Promise<JsonRecord[]> {
    for (let attempt = 1; ; attempt += 1) {
      const listing = await read();
      if ('rows' in listing) return listing.rows;
      if (attempt > this.#policy.retries) {
        throw new HaloKbError('HALO_INCOMPLETE_LIST', `Could not ${call.action}: ${listing.problem}.`);
      }
      const waitMs = backoffMs(attempt, this.#policy.backoffBaseMs, this.#policy.backoffMaxMs);
      this.#options.onEvent?.({ type: 'retry', kind: `GET /api${call.path}`, attempt, waitMs, reason: 'incomplete listing' });
      await this.#clock.sleep(waitMs);
    }
  }

  /** The first page of a listing (for counts), read whole or refused like `#wholeListing`. */
  async #firstPage(call: Call, key: string, noun: Noun): Promise<ListPage> {
    let page: ListPage | undefined;
    await this.#wholeListing(call, async () => {
      const read = readListPage(await this.#json(call), key, noun);
      if ('problem' in read) return { problem: `GET /api${call.path} answered with ${read.problem}` };
      page = read;
      return read;
    });
    return page ?? { rows: [], total: undefined };
  }

  #url(call: Pick<Call, 'path' | 'query'>): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) params.set(name, String(value));
    }
    const query = params.toString();
    return `${this.endpoints.apiBase}${call.path}${query === '' ? '' : `?${query}`}`;
  }

  /**
   * Send one call. A reply that cannot be used at all (HTML, a redirect, a read whose success is
   * empty or not JSON) is thrown after the retries; see `reply-check.ts`.
   */
  async #send(call: Call): Promise<CallResult> {
    const res = await this.#http.call({
      method: call.method,
      url: this.#url(call),
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body), headers: { 'content-type': 'application/json' } }),
      auth: true,
      retry: call.retry,
      expect: call.method === 'GET' ? 'json' : 'json-or-empty',
    });
    // A refused delete may come as the web server's own page (IIS answers a DELETE it is set to
    // refuse with an HTML 405; a proxy with an HTML 403): for a delete that is a refusal the
    // caller handles, not a sign that something other than Halo answered.
    if (res.problem !== undefined && !(call.method === 'DELETE' && res.problem.kind === 'html' && isRefusal(res.status))) {
      const page = call.query?.['page_no'];
      throw explainUnusable(res, res.problem, {
        method: call.method,
        path: `/api${call.path}`,
        area: call.area,
        action: call.action,
        base: this.endpoints.base,
        page: typeof page === 'number' ? page : undefined,
      });
    }
    return res;
  }

  /** Send and read JSON; any failure is thrown as an explained error. */
  async #json(call: Call): Promise<unknown> {
    const res = await this.#send(call);
    if (!ok(res)) throw this.#explain(res, call);
    return parseJson(res.text);
  }

  #explain(res: CallResult, call: Call): HaloKbError {
    return explainFailure(res, { method: call.method, path: `/api${call.path}`, area: call.area, action: call.action });
  }
}

function ok(res: { status: number }): boolean {
  return res.status >= 200 && res.status < 300;
}

function toPending(items: readonly { write: ArticleWrite; index: number }[]): PendingCreate[] {
  return items.map((i) => ({ index: i.index, name: i.write.name, key: i.write.key }));
}

function savedArticle(write: ArticleWrite, id: number, action: SavedArticle['action'], resolved: boolean, record: HaloArticle | undefined): SavedArticle {
  const saved: SavedArticle = { id, name: write.name, action, resolved };
  if (write.key !== undefined) saved.key = write.key;
  if (record !== undefined) saved.record = record;
  return saved;
}

/** 403 or 405: the answers that refuse a delete. */
function isRefusal(status: number): boolean {
  return status === 403 || status === 405;
}

function sameFaqList(list: HaloFaqList, write: FaqListWrite): boolean {
  if (write.thirdPartyId !== undefined && list.third_party_id !== undefined && list.third_party_id !== '') {
    return list.third_party_id === write.thirdPartyId;
  }
  return list.name.trim() === write.name.trim() && (list.group_id ?? 0) === (write.groupId ?? 0);
}

function fromFaqListWrite(write: FaqListWrite, id: number): HaloFaqList {
  const list: HaloFaqList = { id, name: write.name, is_group: write.isGroup ?? false, group_id: write.groupId ?? 0, showforall: write.showForAll };
  if (write.thirdPartyId !== undefined) list.third_party_id = write.thirdPartyId;
  return list;
}

export type { HaloEndpoints } from './url.js';
