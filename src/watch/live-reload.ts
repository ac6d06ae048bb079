/**
 * Server-sent events to every open preview page: after each rebuild, which articles changed, so a
 * page reloads only when what it shows did.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ReloadMessage {
  /** Content paths of the articles whose output or problems changed. */
  paths: string[];
  /** Every page reloads (templates, config, manifest, a failed or recovered rebuild). */
  all: boolean;
}

export class LiveReload {
  readonly #clients = new Set<ServerResponse>();

  /** Keep `res` open as an event stream. */
  connect(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    // The retry hint lets pages reconnect quickly after the watcher restarts.
    res.write('retry: 500\n\n');
    this.#clients.add(res);
    req.on('close', () => this.#clients.delete(res));
  }

  get clients(): number {
    return this.#clients.size;
  }

  send(message: ReloadMessage): void {
    const data = `event: rebuild\ndata: ${JSON.stringify(message)}\n\n`;
    for (const res of this.#clients) res.write(data);
  }

  close(): void {
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }
}
