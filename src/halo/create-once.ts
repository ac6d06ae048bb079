/**
 * Creating records in Halo without sending a create twice blindly: a create is sent once, a failure
 * that may have stored the records is returned for the caller to look them up, and only then, for
 * what is still missing, is it waited for and sent again.
 */
import type { HaloKbError } from '../errors.js';
import { backoffMs } from './backoff.js';
import type { Call } from './call.js';
import type { ClientCalls } from './client-calls.js';
import { HaloConnectionError } from './errors.js';
import type { CallResult } from './http.js';
import { ok } from './send-call.js';

/**
 * Send a create once. A definite refusal (4xx, or a 429 whose retries ran out) is thrown; a failure
 * that may have stored the records (5xx, timeout, dropped connection) is returned for lookup.
 */
export async function sendCreate(calls: Pick<ClientCalls, 'send' | 'explain'>, call: Call): Promise<{ ok: true; res: CallResult } | { ok: false; error: HaloKbError }> {
  try {
    const res = await calls.send(call);
    if (ok(res)) return { ok: true, res };
    const error = calls.explain(res, call);
    if (res.status >= 500) return { ok: false, error };
    throw error;
  } catch (error) {
    if (error instanceof HaloConnectionError && (error.code === 'HALO_TIMEOUT' || error.code === 'HALO_CONNECTION_LOST')) return { ok: false, error };
    throw error;
  }
}

/** After a failed create and a lookup that found items missing: give up, or wait and try again. */
export async function beforeCreateRetry(
  calls: Pick<ClientCalls, 'policy' | 'clock' | 'onEvent'>,
  attempt: number,
  outcome: { ok: true } | { ok: false; error: HaloKbError },
  what: string,
  names: string[],
): Promise<void> {
  if (outcome.ok) return;
  if (attempt > calls.policy.retries) throw outcome.error;
  calls.onEvent?.({ type: 'recover-create', what, names });
  await calls.clock.sleep(backoffMs(attempt, calls.policy.backoffBaseMs, calls.policy.backoffMaxMs));
}
