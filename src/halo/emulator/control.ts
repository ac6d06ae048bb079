/**
 * The emulator's control endpoints under /_emulator (never part of Halo; listed in server.ts): who
 * may send their POSTs, and what each one does to the running emulator.
 */
import type { IncomingMessage } from 'node:http';
import { getAttachment } from './attachments.js';
import type { RouteContext } from './context.js';
import type { Faults } from './faults.js';
import { isJson } from './http-io.js';
import { agentEdit, setFeedback, type AgentEdit } from './kb-articles.js';
import type { InjectedFault, ResolvedOptions } from './options.js';
import { haloError, ok, type Reply } from './reply.js';
import type { EmulatorData } from './store.js';
import type { TokenRegistry } from './tokens.js';

/** What the control endpoints act on. */
export interface ControlContext {
  data: EmulatorData;
  settings: ResolvedOptions;
  tokens: TokenRegistry;
  faults: Faults;
  /** Call after changing `data`, so it is persisted. */
  changed(): void;
  /** Request counts, as `GET /_emulator/stats` answers them. */
  stats(): unknown;
  resetStats(): void;
}

/** Why a control POST is refused, or undefined when it may go on. */
export function controlRefusal(req: IncomingMessage, controlToken: string, tokens: TokenRegistry): Reply | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (match?.[1] !== controlToken && tokens.check(req.headers.authorization, undefined) !== undefined) {
    return {
      ...haloError(401, 'Emulator control requests need "Authorization: Bearer <token>": the control token halo-kb emulator prints at start, or an access token from /auth/token.'),
      headers: { 'www-authenticate': 'Bearer' },
    };
  }
  if (!isJson(req.headers['content-type'])) {
    return haloError(415, 'Emulator control requests must be JSON: send "Content-Type: application/json" (an empty body is {}).');
  }
  return undefined;
}

/** Answer a control request: the path segments after `/_emulator`, and the body as read. */
export async function control(method: string, segments: string[], body: string, emulator: ControlContext): Promise<Reply> {
  const { data, settings, tokens, faults, changed } = emulator;
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? {} : (JSON.parse(body) as unknown);
  } catch {
    return haloError(400, 'The request body is not valid JSON.');
  }
  const json = (): unknown => parsed;
  const [action = '', idText] = segments;
  switch (`${method} ${action}`) {
    case 'GET stats':
      return ok(emulator.stats());
    case 'POST reset-stats':
      emulator.resetStats();
      return { status: 204 };
    case 'POST expire-tokens':
      tokens.expireAll();
      return { status: 204 };
    case 'POST faults': {
      const value = json();
      for (const fault of Array.isArray(value) ? value : [value]) faults.inject(fault as InjectedFault);
      return { status: 204 };
    }
    case 'POST agent-edit': {
      const edited = agentEdit(data, Number(idText), json() as AgentEdit);
      if (edited === undefined) return haloError(404, `Article ${idText ?? ''} not found.`);
      changed();
      return ok(edited);
    }
    case 'POST feedback': {
      const set = setFeedback(data, Number(idText), json());
      if (set === undefined) return haloError(404, `Article ${idText ?? ''} not found.`);
      if (typeof set === 'string') return haloError(400, set);
      changed();
      return ok(set);
    }
    case 'GET attachment': {
      const ctx: RouteContext = { data, options: settings, query: new URLSearchParams(), body: undefined, changed };
      return getAttachment(ctx, Number(idText));
    }
    default:
      return haloError(404, 'Unknown emulator control endpoint.');
  }
}
