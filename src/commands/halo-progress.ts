/**
 * What the Halo client reports while a command works, as plain lines on stderr: retries and
 * rate-limit waits as they happen (a long publish is never silent), a server that accepts the
 * connection and stays silent (otherwise indistinguishable from a hung halo-kb), and with
 * `--verbose` every request; and what it finds out about the Halo on the way (how it links files).
 * Never a body, a token or a query string: only method, path, status
 * and time.
 */
import type { HaloEvent, HaloEventHandler } from '../halo/events.js';
import { formatSeconds } from '../format-seconds.js';
import { err, type Io } from '../io.js';

export interface ProgressOptions {
  /** `--quiet`: no retry, rate-limit or request lines (a Halo that does not answer is still told). */
  quiet?: boolean;
  /** `--verbose`: one line per request answered. */
  verbose?: boolean;
  /** The clock, for tests. */
  now?: () => number;
}

/** Waits shorter than this are not worth a line of their own. */
const SHOWN_WAIT_MS = 1000;

/** "0.5 s", "41 s": a wait rounded to what a reader needs. */
function seconds(ms: number): string {
  return formatSeconds(ms >= 10_000 ? Math.round(ms / 1000) * 1000 : Math.round(ms / 100) * 100);
}

/** "GET /api/KBArticle": the method from the kind, the path as sent (or the kind's, lower-cased, where the event has none). */
function target(event: { kind: string; path?: string }): string {
  const [method = '', kindPath = ''] = event.kind.split(' ');
  return `${method} ${event.path ?? kindPath}`;
}

function attemptOf(event: Extract<HaloEvent, { type: 'retry' }>): string {
  const next = event.nextAttempt ?? event.attempt + 1;
  return event.maxAttempts === undefined ? `attempt ${next}` : `attempt ${next} of ${event.maxAttempts}`;
}

export function reportHaloProgress(io: Io, options: ProgressOptions = {}): HaloEventHandler {
  const now = options.now ?? Date.now;
  // On a terminal the publish progress bar holds the current line: clear it, and the bar draws
  // itself again below on its next step.
  const say = (text: string): void => err(io, io.stderr.isTTY === true ? `\r\u001b[2K${text}` : text);
  // A wait already told (one for every request queued behind it, or after a 429 that was told).
  let toldUntil = 0;
  let lastRecovery = '';
  const tell = (waitMs: number): boolean => {
    const until = now() + waitMs;
    if (until <= toldUntil + SHOWN_WAIT_MS) return false;
    toldUntil = until;
    return true;
  };
  return (event) => {
    switch (event.type) {
      case 'waiting':
        say(`waiting for Halo at ${event.url} to answer (${formatSeconds(Math.round(event.waitedMs / 100) * 100)} so far; giving up after ${formatSeconds(event.deadlineMs)})`);
        return;
      case 'rate-limit-wait':
        if (options.quiet === true || event.waitMs < SHOWN_WAIT_MS || !tell(event.waitMs)) return;
        say(`Halo's rate limit: waiting ${seconds(event.waitMs)}, ${event.used} of ${event.limit} requests used`);
        return;
      case 'retry': {
        if (options.quiet === true) return;
        if (event.reason.startsWith('429')) {
          tell(event.waitMs);
          const used = event.used === undefined || event.limit === undefined ? '' : `, ${event.used} of ${event.limit} requests used`;
          say(`Halo's rate limit: waiting ${seconds(event.waitMs)}${used}; then retrying ${target(event)} after HTTP 429 (${attemptOf(event)})`);
          return;
        }
        // A status or a short reason reads after "after"; a sentence (a connection error) after a colon.
        const short = /^(HTTP \d{3}|unusable reply|incomplete listing)/.test(event.reason);
        const wait = `in ${seconds(event.waitMs)}`;
        say(short ? `retrying ${target(event)} after ${event.reason} (${attemptOf(event)}, ${wait})` : `retrying ${target(event)} (${attemptOf(event)}, ${wait}): ${event.reason}`);
        return;
      }
      case 'recover-create': {
        // The client reports a lookup, then again before it sends once more: one line for both.
        const told = `${event.what}\0${event.names.join('\0')}`;
        if (options.quiet === true || told === lastRecovery) return;
        lastRecovery = told;
        say(
          `Halo did not confirm creating ${event.what === 'attachment' ? 'the attachment' : 'the articles'} ${event.names.map((n) => `"${n}"`).join(', ')}: looking for ${event.names.length === 1 ? 'it' : 'them'} in Halo before sending again`,
        );
        return;
      }
      case 'response':
        if (options.verbose === true && options.quiet !== true) say(`${target(event)} -> ${event.status} in ${event.ms} ms`);
        return;
      case 'attachment-mode': {
        // What was found out about this Halo on the way: said even with --quiet, once.
        const how = event.mode === 'inline' ? 'inline in the article write' : 'through POST /api/Attachment';
        say(`This Halo links files to articles ${how}: found on the first upload, recorded in the state manifest and used from now on.`);
        for (const left of event.leftBehind) say(`  left in Halo: ${left}; delete it there if you like, nothing links to it`);
        return;
      }
      default:
        return;
    }
  };
}
