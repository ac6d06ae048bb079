/**
 * A failed Halo reply turned into an error that says what to do. The known failures of KB
 * integrations (bad scopes or role permissions, a parent FAQ list not set for grouping, AI duplicate
 * detection) each get their own code and hint.
 */
import { STATUS_CODES } from 'node:http';
import { parseHaloErrorBody } from './error-body.js';
import type { ErrorCode } from '../errors.js';
import { HaloApiError } from './errors.js';
import type { CallResult } from './http.js';
import { describeReply, type ReplyProblem } from './reply-check.js';

/** What part of Halo a request touches; it decides which scope or role setting a 403 points at. */
export type HaloArea = 'kb' | 'faq-lists' | 'attachments' | 'clients' | 'other';

export interface FailureContext {
  method: string;
  /** The request path without query, e.g. `/api/KBArticle`. */
  path: string;
  area: HaloArea;
  /** What the client was doing, as a verb phrase: "save 3 articles", "list FAQ lists". */
  action: string;
}

const READ_HINT: Record<HaloArea, string> = {
  kb: 'Give the API application the read:kb permission, and the agent it logs in as a role with "Knowledge Base Access: Read".',
  'faq-lists': 'Give the API application the read:kb permission, and the agent it logs in as a role with "Knowledge Base Access: Read".',
  attachments: 'Give the API application the read:kb permission, and the agent it logs in as a role with "Knowledge Base Access: Read".',
  clients: 'Give the API application the read:customers permission, and the agent it logs in as a role that can see customers.',
  other: 'Check the permissions of the API application and the role of the agent it logs in as.',
};

const WRITE_HINT =
  'Give the API application the edit:kb permission, and the agent it logs in as a role with "Knowledge Base Access: Read, Modify, Delete" and "Can create FAQ lists: Yes"; also turn on "Allow Articles to be added to FAQ Lists" under Configuration > Knowledge Base.';

export function statusText(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? 'Unknown Status'}`;
}

function isKbWrite(ctx: FailureContext): boolean {
  return ctx.area === 'kb' && ctx.method === 'POST' && /\/kbarticle$/i.test(ctx.path);
}

/** The error for a reply that is not a success. */
export function explainFailure(res: CallResult, ctx: FailureContext): HaloApiError {
  const body = parseHaloErrorBody(res.text);
  const said = body.message === undefined ? '' : `: Halo said "${body.message}"`;
  const where = `${statusText(res.status)} on ${ctx.method} ${ctx.path}`;
  const details = { status: res.status, method: ctx.method, path: ctx.path, haloMessage: body.message };
  const write = ctx.method !== 'GET';
  // Without a hint for this situation, the catalogue's for the code.
  const fail = (code: ErrorCode, message: string, hint?: string): HaloApiError => new HaloApiError(code, message, details, { hint });

  switch (true) {
    case res.status === 401:
      return fail(
        'HALO_UNAUTHORIZED',
        `Halo refused to ${ctx.action} (${where}) even with a fresh token${said}.`,
        `The agent the API application logs in as may lack permission for this part of Halo. ${write ? WRITE_HINT : READ_HINT[ctx.area]}`,
      );
    case res.status === 403:
      return fail('HALO_FORBIDDEN', `Halo refused to ${ctx.action} (${where})${said}.`, write ? WRITE_HINT : READ_HINT[ctx.area]);
    case res.status === 429:
      return fail('HALO_RATE_LIMITED', `Halo kept answering 429 Too Many Requests to ${ctx.method} ${ctx.path} after ${res.rateLimited} waits${said}.`);
    case (res.status === 400 || res.status === 413) && ctx.area === 'attachments':
      return fail('HALO_ATTACHMENT_REJECTED', `Halo rejected the request to ${ctx.action} (${where})${said}.`);
    case res.status === 413 && isKbWrite(ctx):
      return fail(
        'HALO_ARTICLE_TOO_LARGE',
        `Halo refused to ${ctx.action}: the request was too large for it (${where})${said}. Lower publish.max_article_kb and halo.batch_max_kb to what your Halo accepts.`,
      );
    case res.status === 400 && isKbWrite(ctx):
      return fail('HALO_ARTICLE_REJECTED', `Halo rejected the request to ${ctx.action} (${where})${said}.`);
    case res.status === 500 && isKbWrite(ctx):
      return fail('HALO_ARTICLE_SERVER_ERROR', `Halo failed to ${ctx.action} (${where})${said}.`);
    case res.status === 404:
      return fail('HALO_NOT_FOUND', `Halo could not ${ctx.action} (${where})${said}.`);
    case res.status >= 500:
      return fail('HALO_SERVER_ERROR', `Halo failed to ${ctx.action} (${where})${said}.`);
    default:
      return fail('HALO_REQUEST_REJECTED', `Halo rejected the request to ${ctx.action} (${where})${said}.`);
  }
}

/** Where an unusable reply came from, beyond the failure context. */
export interface UnusableContext extends FailureContext {
  /** The Halo address in use (HALO_URL, normalised). */
  base: string;
  /** The page of a listing, where the request read one. */
  page?: number | undefined;
}

/**
 * The error for a reply that cannot be used at all (see `reply-check.ts`): HTML or a redirect means
 * HALO_URL does not reach Halo's API; a damaged success means halo-kb cannot know what Halo holds.
 * Both are exit code 3: nothing should be planned or written from such a reply.
 */
export function explainUnusable(res: CallResult, problem: ReplyProblem, ctx: UnusableContext): HaloApiError {
  const details = { status: res.status, method: ctx.method, path: ctx.path };
  const answered = `answered ${describeReply(res, problem)}`;
  if (problem.kind === 'html' || problem.kind === 'redirect') {
    return new HaloApiError('HALO_NOT_API', `HALO_URL (${ctx.base}) does not look like Halo's API: ${ctx.method} ${ctx.path} ${answered}.`, details);
  }
  const page = ctx.page === undefined ? '' : ` (page ${ctx.page})`;
  return new HaloApiError('HALO_BAD_REPLY', `Could not ${ctx.action}: ${ctx.method} ${ctx.path}${page} ${answered}.`, details);
}
