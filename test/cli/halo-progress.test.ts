/**
 * The progress lines a user reads on stderr while halo-kb waits on Halo, from the client's events,
 * with an injected clock: which waits are worth a line, and that one wait is told once.
 */
import { describe, expect, it } from 'vitest';
import { reportHaloProgress, type ProgressOptions } from '../../src/commands/halo-progress.js';
import type { HaloEvent } from '../../src/halo/events.js';
import type { Io } from '../../src/io.js';

function progress(options: Omit<ProgressOptions, 'now'> = {}, isTTY = false) {
  let stderr = '';
  let clock = 1_000_000;
  const io: Io = { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s), isTTY }, env: {}, cwd: '/' };
  const handler = reportHaloProgress(io, { ...options, now: () => clock });
  return {
    send: (...events: HaloEvent[]) => events.forEach(handler),
    advance: (ms: number) => (clock += ms),
    lines: () => stderr.split('\n').filter((l) => l !== ''),
  };
}

describe('progress lines', () => {
  it('tell a rate-limit wait once, however many requests queue behind it, and only waits of a second or more', () => {
    const p = progress();
    p.send(
      { type: 'rate-limit-wait', waitMs: 41_200, used: 300, limit: 300 },
      { type: 'rate-limit-wait', waitMs: 41_150, used: 300, limit: 300 },
      { type: 'rate-limit-wait', waitMs: 41_100, used: 300, limit: 300 },
    );
    p.advance(42_000);
    p.send({ type: 'rate-limit-wait', waitMs: 400, used: 300, limit: 300 }, { type: 'rate-limit-wait', waitMs: 2_340, used: 212, limit: 300 });
    expect(p.lines()).toEqual(["Halo's rate limit: waiting 41 s, 300 of 300 requests used", "Halo's rate limit: waiting 2.3 s, 212 of 300 requests used"]);
  });

  it('tell a 429 with what is retried, and not the wait it causes again', () => {
    const p = progress();
    p.send(
      { type: 'retry', kind: 'POST /api/kbarticle', path: '/api/KBArticle', attempt: 1, waitMs: 41_000, reason: '429 Too Many Requests', nextAttempt: 2, maxAttempts: 11, used: 212, limit: 300 },
      { type: 'rate-limit-wait', waitMs: 40_990, used: 213, limit: 300 },
    );
    expect(p.lines()).toEqual(["Halo's rate limit: waiting 41 s, 212 of 300 requests used; then retrying POST /api/KBArticle after HTTP 429 (attempt 2 of 11)"]);
  });

  it('tell every retry, with the reason after "after" or, for a sentence, after a colon', () => {
    const p = progress();
    p.send(
      { type: 'retry', kind: 'POST /api/kbarticle', path: '/api/KBArticle', attempt: 1, waitMs: 480, reason: 'HTTP 503', nextAttempt: 2, maxAttempts: 4 },
      {
        type: 'retry',
        kind: 'GET /api/faqlists',
        path: '/api/FAQLists',
        attempt: 2,
        waitMs: 1_040,
        reason: 'The connection to https://example.halopsa.com/api/FAQLists was lost during GET (ECONNRESET).',
        nextAttempt: 3,
        maxAttempts: 4,
      },
      { type: 'retry', kind: 'GET /api/KBArticle', attempt: 1, waitMs: 500, reason: 'incomplete listing' },
    );
    expect(p.lines()).toEqual([
      'retrying POST /api/KBArticle after HTTP 503 (attempt 2 of 4, in 0.5 s)',
      'retrying GET /api/FAQLists (attempt 3 of 4, in 1 s): The connection to https://example.halopsa.com/api/FAQLists was lost during GET (ECONNRESET).',
      'retrying GET /api/KBArticle after incomplete listing (attempt 2, in 0.5 s)',
    ]);
  });

  it("on a terminal, clear the progress bar's line first", () => {
    const p = progress({}, true);
    p.send({ type: 'retry', kind: 'GET /api/faqlists', path: '/api/FAQLists', attempt: 1, waitMs: 500, reason: 'HTTP 503', nextAttempt: 2, maxAttempts: 4 });
    expect(p.lines()).toEqual(['\r\u001b[2Kretrying GET /api/FAQLists after HTTP 503 (attempt 2 of 4, in 0.5 s)']);
  });

  it('tell a create Halo did not confirm once, not once per lookup', () => {
    const p = progress();
    const event: HaloEvent = { type: 'recover-create', what: 'articles', names: ['Office Wi-Fi', 'VPN'] };
    p.send(event, event);
    expect(p.lines()).toEqual(['Halo did not confirm creating the articles "Office Wi-Fi", "VPN": looking for them in Halo before sending again']);
  });

  it('log requests only with verbose, and nothing but a hung Halo with quiet', () => {
    const response: HaloEvent = { type: 'response', kind: 'GET /api/faqlists', path: '/api/FAQLists', status: 200, ms: 12 };
    const plain = progress();
    plain.send(response);
    expect(plain.lines()).toEqual([]);
    const verbose = progress({ verbose: true });
    verbose.send(response);
    expect(verbose.lines()).toEqual(['GET /api/FAQLists -> 200 in 12 ms']);
    const quiet = progress({ quiet: true, verbose: true });
    quiet.send(response, { type: 'rate-limit-wait', waitMs: 5_000, used: 3, limit: 3 }, { type: 'retry', kind: 'GET /api/faqlists', attempt: 1, waitMs: 500, reason: 'HTTP 503' });
    quiet.send({ type: 'waiting', url: 'https://example.halopsa.com', waitedMs: 5_000, deadlineMs: 20_000 });
    expect(quiet.lines()).toEqual(['waiting for Halo at https://example.halopsa.com to answer (5 s so far; giving up after 20 s)']);
  });
});
