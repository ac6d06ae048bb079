/**
 * Sending one `Call` to Halo's resource server and reading its reply: the URL it goes to, the
 * replies that cannot be used at all, reading JSON, and explaining a failure status.
 */
import type { HaloKbError } from '../errors.js';
import type { Call } from './call.js';
import { explainFailure, explainUnusable } from './explain.js';
import type { CallResult, HaloHttp } from './http.js';
import { parseJson } from './records.js';
import type { HaloEndpoints } from './url.js';

export function ok(res: { status: number }): boolean {
  return res.status >= 200 && res.status < 300;
}

/** 403 or 405: the answers that refuse a delete. */
function isRefusal(status: number): boolean {
  return status === 403 || status === 405;
}

export function callUrl(endpoints: HaloEndpoints, call: Pick<Call, 'path' | 'query'>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(call.query ?? {})) {
    if (value !== undefined) params.set(name, String(value));
  }
  const query = params.toString();
  return `${endpoints.apiBase}${call.path}${query === '' ? '' : `?${query}`}`;
}

/**
 * Send one call. A reply that cannot be used at all (HTML, a redirect, a read whose success is
 * empty or not JSON) is thrown after the retries; see `reply-check.ts`.
 */
export async function sendCall(http: HaloHttp, endpoints: HaloEndpoints, call: Call): Promise<CallResult> {
  const res = await http.call({
    method: call.method,
    url: callUrl(endpoints, call),
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
      base: endpoints.base,
      page: typeof page === 'number' ? page : undefined,
    });
  }
  return res;
}

/** Read JSON from a reply; a failure status is thrown as an explained error. */
export function replyJson(res: CallResult, call: Call): unknown {
  if (!ok(res)) throw explainCall(res, call);
  return parseJson(res.text);
}

export function explainCall(res: CallResult, call: Call): HaloKbError {
  return explainFailure(res, { method: call.method, path: `/api${call.path}`, area: call.area, action: call.action });
}
