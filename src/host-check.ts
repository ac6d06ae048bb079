/**
 * Which host names the local servers (the preview and the emulator) answer to. Both listen on
 * 127.0.0.1 only, but a web page open in the same browser can still reach them through DNS
 * rebinding: its own domain, re-pointed at 127.0.0.1, is same-origin with it, so the page could
 * read every previewed (customer) article. What gives such a request away is its Host header (or
 * the authority of an absolute-form request target): only loopback names with the server's own
 * port are answered, plus the names the user allows with --allow-host.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A name the user allows; without a port it is accepted on any port (a proxy or a tunnel in front). */
export interface AllowedHost {
  name: string;
  port: number | undefined;
}

/** Always answered, with the server's own port. */
export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

interface Authority {
  name: string;
  port: number;
}

/** `name`, `name:port`, `[v6]` or `[v6]:port`, lower-cased; no port means 80 (plain http). */
function parseAuthority(text: string): (Authority & { portGiven: boolean }) | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(text.trim());
  if (match === null) return undefined;
  const port = match[2] === undefined ? 80 : Number(match[2]);
  if (port > 65535) return undefined;
  return { name: (match[1] ?? '').toLowerCase(), port, portGiven: match[2] !== undefined };
}

/** An --allow-host value, or undefined when it is not a host name (with an optional :port). */
export function parseAllowedHost(value: string): AllowedHost | undefined {
  const parsed = parseAuthority(value);
  if (parsed === undefined || /^[.-]|[.-]$/.test(parsed.name)) return undefined;
  return { name: parsed.name, port: parsed.portGiven ? parsed.port : undefined };
}

function accepts(text: string, port: number, allowed: readonly AllowedHost[]): boolean {
  const a = parseAuthority(text);
  if (a === undefined) return false;
  if (a.port === port && (LOOPBACK_NAMES as readonly string[]).includes(a.name)) return true;
  return allowed.some((h) => h.name === a.name && (h.port === undefined || h.port === a.port));
}

/** The refused host as it is safe and useful to repeat: printable, short. */
function quoted(text: string): string {
  const printable = text.replace(/[^\x21-\x7e]/g, '?');
  return `"${printable.length > 100 ? `${printable.slice(0, 99)}…` : printable}"`;
}

/**
 * The host a request is addressed to, when this server must not answer it: `''` for a request
 * without a Host header; undefined when the request may go on.
 */
export function refusedHost(req: IncomingMessage, port: number, allowed: readonly AllowedHost[]): string | undefined {
  const header = req.headers.host;
  if (header === undefined || header.trim() === '') return '';
  if (!accepts(header, port, allowed)) return header;
  const target = req.url ?? '/';
  if (target.startsWith('/')) return undefined;
  // Absolute form ("GET http://evil.example/ HTTP/1.1"): HTTP gives its authority precedence over
  // the Host header, so it must pass the same check.
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return target;
  }
  if (url.protocol !== 'http:' || !accepts(url.host, port, allowed)) return url.host === '' ? target : url.host;
  return undefined;
}

/** The names answered, for the refusal and the start-up lines: "localhost:4380, 127.0.0.1:4380 and [::1]:4380". */
export function answeredHosts(port: number, allowed: readonly AllowedHost[]): string {
  const names = [...LOOPBACK_NAMES.map((n) => `${n}:${port}`), ...allowed.map((h) => (h.port === undefined ? `${h.name} (any port)` : `${h.name}:${h.port}`))];
  return names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/**
 * Answer a request for another host with 403 and a short plain-text reason. `server` names the
 * server ("This halo-kb preview"), `command` the command to restart it with.
 */
export function refuseHost(res: ServerResponse, refused: string, port: number, allowed: readonly AllowedHost[], server: string, command: string): void {
  const what = refused === '' ? 'a request without a Host header' : quoted(refused);
  const suggestion = parseAllowedHost(refused);
  const how =
    suggestion === undefined
      ? `To open it under another name (a tunnel or a proxy in front of it), start it with --allow-host NAME: ${command} --allow-host NAME`
      : `If you opened it under that name yourself (a tunnel or a proxy in front of it), start it with: ${command} --allow-host ${suggestion.name}${suggestion.port === undefined ? '' : `:${suggestion.port}`}`;
  const body = `${server} answers only to ${answeredHosts(port, allowed)}, not to ${what}.\n${how}\n`;
  res.writeHead(403, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
