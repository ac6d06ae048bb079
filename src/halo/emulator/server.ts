/**
 * The local Halo emulator: a real HTTP server on 127.0.0.1 answering what halo-kb uses of Halo's API,
 * with Halo's paths (case-insensitive), envelopes, pagination, scopes and token expiry, Halo's
 * known behaviours switchable, and every request counted. Tests start it in-process; the
 * `halo-kb emulator` command runs it until Ctrl-C.
 *
 * Control endpoints (never part of Halo):
 *   GET  /_emulator/stats            request counts by kind and by status
 *   POST /_emulator/reset-stats
 *   POST /_emulator/expire-tokens    every issued token expires now
 *   POST /_emulator/faults           {kind, method?, path?, query?, times?, after?, status?, page?, corruption?} for the next requests
 *                                    (kind: error, timeout, lost-reply, drop, hang, corrupt; see options.ts)
 *   POST /_emulator/agent-edit/{id}  {name?, html?, inactive?}: edit as an agent in Halo would
 *   POST /_emulator/feedback/{id}    {view_count?, useful_count?, notuseful_count?, next_review_date?, omit?}:
 *                                    readers' views and votes, a reviewer's date (see setFeedback)
 *   GET  /_emulator/attachment/{id}  download an attachment (for the HTML view)
 * The POSTs change state, so they need `Content-Type: application/json` and `Authorization: Bearer`
 * with the per-run control token or a valid access token: a web page can send neither without a
 * CORS preflight, which the emulator never grants. The GETs only read, which a page on another
 * origin cannot do (no Access-Control-Allow-Origin, and the Host check stops DNS rebinding), and
 * the HTML view links to them.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { refusedHost, refuseHost, type AllowedHost } from '../../host-check.js';
import { requestKind, RequestCounter, type RequestCounts } from '../request-kind.js';
import { routeApi } from './api-routes.js';
import type { RouteContext } from './context.js';
import { control, controlRefusal } from './control.js';
import { corruptReply, Faults, RollingLimit, serverErrorPage } from './faults.js';
import { BodyTooLarge, readBody, send } from './http-io.js';
import { renderArticle, renderIndex } from './html-view.js';
import { agentEdit, type AgentEdit } from './kb-articles.js';
import { resolveOptions, type EmulatorOptions, type InjectedFault, type ResolvedOptions } from './options.js';
import { haloError, type Reply } from './reply.js';
import { DataWriter, loadData, type EmulatorData, type StoredArticle } from './store.js';
import { TokenRegistry } from './tokens.js';

export interface EmulatorStats extends RequestCounts {
  byStatus: Record<string, number>;
}

/** Behaviours that can be switched while the emulator runs. */
export type EmulatorBehaviour = Partial<
  Pick<
    ResolvedOptions,
    'forbidArticleDelete' | 'requireGroupingParent' | 'aiDuplicateDetection' | 'saveReply' | 'listRowBodies' | 'listRowCounters' | 'attachmentLimitBytes' | 'attachmentLinking' | 'authinfo'
  >
>;

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`: what HALO_URL should be. */
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  tenant: string;
  dataFile: string | undefined;
  /** Bearer token for the control endpoints' POSTs, new on every start (an access token works too). */
  controlToken: string;
  /** Host names answered besides the loopback ones. */
  allowedHosts: readonly AllowedHost[];
  /** Requests to Halo's paths (not the control endpoints or the HTML view). */
  stats(): EmulatorStats;
  resetStats(): void;
  expireTokens(): void;
  injectFault(fault: InjectedFault): void;
  /** Change an article as an agent would in Halo; bumps `date_edited`. */
  editArticle(id: number, edit: AgentEdit): StoredArticle | undefined;
  configure(behaviour: EmulatorBehaviour): void;
  /** A copy of all data. */
  data(): EmulatorData;
  /** Stop: held (timed-out) requests are cut, data written. */
  close(): Promise<void>;
}

const MB = 1024 * 1024;

/**
 * The HTML view shows articles' own HTML, as Halo does, whatever a client stored: nothing in it
 * may run script in the emulator's origin (which holds the control endpoints), submit forms, or
 * be framed by another page.
 */
const VIEW_POLICY = "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Start the emulator. Resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const settings = resolveOptions(options);
  const data = await loadData(settings.dataFile, settings.seedClients);
  const writer = new DataWriter(settings.dataFile);
  const tokens = new TokenRegistry(settings);
  const controlToken = randomBytes(24).toString('hex');
  const faults = new Faults(settings.faults);
  const limit = settings.rateLimit === false ? undefined : new RollingLimit(settings.rateLimit);
  const counter = new RequestCounter();
  const byStatus = new Map<number, number>();
  const held = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let origin = '';
  let port = 0;

  const changed = (): void => writer.changed(() => data);
  const record = (status: number): void => {
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', origin);
    const lower = url.pathname.toLowerCase().replace(/\/+$/, '') || '/';
    const segments = lower.split('/').filter((s) => s !== '');
    const bodyLimit = Math.ceil(settings.attachmentLimitBytes * 1.4) + 2 * MB;

    if (segments[0] === '_emulator') {
      const refused = method === 'GET' ? undefined : controlRefusal(req, controlToken, tokens);
      if (refused !== undefined) {
        // Unread, the body would be answered with a reset connection.
        req.resume();
        send(res, refused);
        return;
      }
      send(res, await control(method, segments.slice(1), await readBody(req, MB), { data, settings, tokens, faults, changed, stats, resetStats }));
      return;
    }
    if (method === 'GET' && (lower === '/' || lower === '/kb')) {
      const html = lower === '/' ? renderIndex(data) : renderArticle(data, Number(url.searchParams.get('id')));
      send(
        res,
        html === undefined
          ? { status: 404, raw: { contentType: 'text/plain', data: 'No such article.\n' } }
          : { status: 200, raw: { contentType: 'text/html; charset=utf-8', data: html }, headers: { 'content-security-policy': VIEW_POLICY } },
      );
      return;
    }
    const isApi = segments[0] === 'api';
    const isToken = lower === `${settings.authPath}/token`;
    if (!isApi && !isToken) {
      send(res, { status: 404, raw: { contentType: 'text/plain', data: 'Not found. Halo lives under /api and /auth.\n' } });
      return;
    }

    counter.add(requestKind(method, lower));
    const finish = (reply: Reply): void => {
      record(reply.status);
      send(res, reply);
      settings.log?.(`${method} ${url.pathname} -> ${reply.status} (${Date.now() - started} ms)`);
    };
    const limited = limit?.admit(settings.clock.now());
    if (limited !== undefined) return finish(limited);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const fault = faults.decide(method, lower, url.search);
    const unanswered = (): void => {
      record(0);
      settings.log?.(`${method} ${url.pathname} -> no answer (${fault.kind}) (${Date.now() - started} ms)`);
    };
    if (fault.kind === 'drop') {
      unanswered();
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'hang') {
      // Nothing is done and no answer ever comes.
      unanswered();
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    if (fault.kind === 'error') return finish(fault.page === true ? serverErrorPage(fault.status) : haloError(fault.status, 'The service is temporarily unavailable.', 'ServiceUnavailable'));

    let raw: string;
    try {
      raw = await readBody(req, bodyLimit);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        finish(haloError(413, 'The request body is too large.'));
        req.socket.destroy();
        return;
      }
      throw error;
    }
    let reply: Reply;
    if (isToken) {
      reply = method === 'POST' ? tokens.issue(url.searchParams, raw) : haloError(405, 'Use POST.');
    } else {
      let body: unknown;
      try {
        body = raw.trim() === '' ? undefined : (JSON.parse(raw) as unknown);
      } catch {
        return finish(haloError(400, 'The request body is not valid JSON.'));
      }
      const ctx: RouteContext = { data, options: settings, query: url.searchParams, body, changed };
      reply = routeApi(method, segments.slice(1), ctx, req.headers.authorization, tokens, origin);
    }
    if (fault.kind === 'corrupt') reply = corruptReply(reply, fault.corruption);
    if (fault.kind === 'timeout') {
      // The work is done and stored; the answer never comes.
      unanswered();
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    if (fault.kind === 'lost-reply') {
      // The work is done and stored; the connection is cut before the answer.
      unanswered();
      req.socket.destroy();
      return;
    }
    finish(reply);
  }

  // Node's own 400 for a missing Host would not say what to do; refuseHost does.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    // Only requests addressed to 127.0.0.1/localhost: a web page cannot reach the data through DNS rebinding.
    const refused = refusedHost(req, port, settings.allowedHosts);
    if (refused !== undefined) {
      settings.log?.(`${req.method ?? 'GET'} ${req.url ?? '/'} -> 403 (addressed to another host)`);
      refuseHost(res, refused, port, settings.allowedHosts, 'This Halo emulator', 'halo-kb emulator');
      return;
    }
    handle(req, res).catch((error: unknown) => {
      settings.log?.(`emulator error: ${(error as Error).message}`);
      if (!res.headersSent) send(res, haloError(500, 'Emulator failure.'));
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  function stats(): EmulatorStats {
    const status: Record<string, number> = {};
    for (const [code, count] of [...byStatus.entries()].sort((a, b) => a[0] - b[0])) status[code === 0 ? 'no-answer' : String(code)] = count;
    return { ...counter.snapshot(), byStatus: status };
  }
  function resetStats(): void {
    counter.reset();
    byStatus.clear();
  }

  return {
    url: origin,
    port,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    tenant: settings.tenant,
    dataFile: settings.dataFile,
    controlToken,
    allowedHosts: settings.allowedHosts,
    stats,
    resetStats,
    expireTokens: () => tokens.expireAll(),
    injectFault: (fault) => faults.inject(fault),
    editArticle(id, edit) {
      const edited = agentEdit(data, id, edit);
      if (edited !== undefined) changed();
      return edited === undefined ? undefined : { ...edited };
    },
    configure(behaviour) {
      Object.assign(settings, behaviour);
    },
    data: () => structuredClone(data),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of held) res.destroy();
      for (const socket of sockets) socket.destroy();
      await closed;
      await writer.flush();
    },
  };
}
