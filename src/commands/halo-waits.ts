/**
 * What the Halo client reports while a command waits on Halo, as plain lines on stderr: a server
 * that accepts the connection and stays silent is otherwise indistinguishable from a hung halo-kb.
 */
import type { HaloEventHandler } from '../halo/events.js';
import { formatSeconds } from '../halo/transport.js';
import { err, type Io } from '../io.js';

export function reportHaloWaits(io: Io): HaloEventHandler {
  return (event) => {
    if (event.type === 'waiting') {
      err(io, `waiting for Halo at ${event.url} to answer (${formatSeconds(Math.round(event.waitedMs / 100) * 100)} so far; giving up after ${formatSeconds(event.deadlineMs)})`);
    }
  };
}
