/**
 * What `HaloClient` hands the operations kept in their own modules (saving articles and FAQ lists,
 * reading listings): its way of sending calls, and the retry pacing it goes by.
 */
import type { HaloKbError } from '../errors.js';
import type { Call } from './call.js';
import type { Clock } from './clock.js';
import type { HaloEventHandler } from './events.js';
import type { CallResult } from './http.js';
import type { RetryPolicy } from './retry-policy.js';

export interface ClientCalls {
  /** Send one call; see `send-call.ts`. */
  send(call: Call): Promise<CallResult>;
  /** Send and read JSON; any failure is thrown as an explained error. */
  json(call: Call): Promise<unknown>;
  explain(res: CallResult, call: Call): HaloKbError;
  policy: RetryPolicy;
  clock: Clock;
  onEvent: HaloEventHandler | undefined;
}
