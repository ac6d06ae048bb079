/**
 * What the Halo client reports while a command waits on Halo, as plain lines on stderr: a server
 * that accepts the connection and stays silent is otherwise indistinguishable from a hung halo-kb.
 * Also what it finds out about the Halo on the way (how it links files to articles).
 */
import type { HaloEventHandler } from '../halo/events.js';
import { formatSeconds } from '../halo/transport.js';
import { err, type Io } from '../io.js';

export function reportHaloWaits(io: Io): HaloEventHandler {
  return (event) => {
    if (event.type === 'waiting') {
      err(io, `waiting for Halo at ${event.url} to answer (${formatSeconds(Math.round(event.waitedMs / 100) * 100)} so far; giving up after ${formatSeconds(event.deadlineMs)})`);
    }
    if (event.type === 'attachment-mode') {
      const how = event.mode === 'inline' ? 'inline in the article write' : 'through POST /api/Attachment';
      err(io, `This Halo links files to articles ${how}: found on the first upload, recorded in the state manifest and used from now on.`);
      for (const left of event.leftBehind) err(io, `  left in Halo: ${left}; delete it there if you like, nothing links to it`);
    }
  };
}
