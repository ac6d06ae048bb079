/**
 * The preview's HTTP server, on 127.0.0.1 only: the index, article pages, files from the content
 * folder, and the live-reload event stream. Pages are rendered on request from the current model.
 * Every route, the event stream included, first checks the Host header (DNS rebinding).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERRORS, HaloKbError } from '../errors.js';
import { refusedHost, refuseHost, type AllowedHost } from '../host-check.js';
import { renderArticlePage, renderMissingArticlePage } from './article-page.js';
import { renderIndexPage } from './index-page.js';
import { PAGE_POLICY } from './page-layout.js';
import type { LiveReload } from './live-reload.js';
import { ARTICLE_ROUTE, EVENTS_ROUTE, FILE_ROUTE } from './preview-links.js';
import { articleAt, type PreviewModel } from './preview-model.js';
import { serveContentFile } from './serve-content-file.js';

export const HOST = '127.0.0.1';

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': PAGE_POLICY, 'x-content-type-options': 'nosniff' });
  res.end(html);
}

function decodePath(p: string): string | undefined {
  try {
    return decodeURIComponent(p);
  } catch {
    return undefined;
  }
}

/** Fresh data a page needs beyond the build (the state manifest, which a publish may rewrite at any time). */
export type BeforeRender = () => Promise<void>;

export interface PreviewServerOptions {
  /** Fresh data a page needs beyond the build. */
  beforeRender?: BeforeRender;
  /** Host names answered besides the loopback ones (--allow-host). */
  allowedHosts?: readonly AllowedHost[];
}

async function handle(req: IncomingMessage, res: ServerResponse, model: () => PreviewModel, reload: LiveReload, beforeRender: BeforeRender): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  const route = url.pathname;
  if (route === EVENTS_ROUTE) {
    reload.connect(req, res);
    return;
  }
  if (route === '/' || route === '/index.html' || route.startsWith(ARTICLE_ROUTE)) await beforeRender();
  if (route === '/' || route === '/index.html') {
    sendHtml(res, 200, renderIndexPage(model()));
    return;
  }
  if (route.startsWith(ARTICLE_ROUTE)) {
    const contentPath = decodePath(route.slice(ARTICLE_ROUTE.length));
    const current = model();
    const article = contentPath === undefined ? undefined : articleAt(current, contentPath);
    if (article === undefined) sendHtml(res, 404, renderMissingArticlePage(current, contentPath ?? route));
    else sendHtml(res, 200, renderArticlePage(current, article));
    return;
  }
  if (route.startsWith(FILE_ROUTE)) {
    const relative = decodePath(route.slice(FILE_ROUTE.length));
    if (relative === undefined) res.writeHead(400).end();
    else await serveContentFile(res, model().state.config.contentDir, relative);
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.\n');
}

export function createPreviewServer(model: () => PreviewModel, reload: LiveReload, options: PreviewServerOptions = {}): Server {
  const beforeRender = options.beforeRender ?? (async () => undefined);
  const allowed = options.allowedHosts ?? [];
  // Node's own 400 for a missing Host would not say what to do; the check below answers it.
  return createServer({ requireHostHeader: false }, (req, res) => {
    const port = req.socket.localPort ?? 0;
    const refused = refusedHost(req, port, allowed);
    if (refused !== undefined) {
      refuseHost(res, refused, port, allowed, 'This halo-kb preview', 'halo-kb watch');
      return;
    }
    handle(req, res, model, reload, beforeRender).catch((error: unknown) => {
      // A rendering bug must not take the watcher down: answer 500 and keep serving.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`The preview failed to render this page: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
}

/** Listen on 127.0.0.1:`port` (0 picks a free port); returns the port. */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          new HaloKbError('PORT_IN_USE', `Port ${port} on ${HOST} is already in use, so the preview cannot start.`, {
            hint: ERRORS.PORT_IN_USE.hint(port),
            cause: error,
          }),
        );
      } else if (error.code === 'EACCES') {
        reject(new HaloKbError('PORT_DENIED', `Not allowed to listen on port ${port}.`, { cause: error }));
      } else reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, HOST);
  });
}
