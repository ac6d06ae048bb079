/**
 * Halo's rate limit: kept under by the client, and waited out when it is hit anyway. The client and
 * the emulator share a virtual clock: the windows are waited out in full, in no real time.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { VirtualClock } from '../helpers/virtual-clock.js';
import { harness, rejection, type Harness } from './harness.js';

let h: Harness | undefined;
let clock: VirtualClock;
beforeEach(() => {
  clock = new VirtualClock();
});
afterEach(async () => {
  await h?.close();
  h = undefined;
});

test('the client keeps under a small limit instead of running into it', async () => {
  h = await harness({ rateLimit: { requests: 4, windowSeconds: 1 }, clock }, { requestsPerWindow: 4, windowSeconds: 1, concurrency: 1, clock });
  const started = clock.now();
  // 2 requests to log in, then 8 reads: 10 requests need three windows.
  await Promise.all(Array.from({ length: 8 }, () => h!.client.listFaqLists()));
  expect(clock.now() - started).toBeGreaterThanOrEqual(2000);
  expect(h.emulator.stats().byStatus).toEqual({ 200: 10 });
  expect(h.client.requestCounts().total).toBe(10);
});

test('a 429 with Retry-After waits that long, then succeeds', async () => {
  h = await harness({ rateLimit: { requests: 3, windowSeconds: 1, retryAfter: true }, clock }, { clock });
  const started = clock.now();
  for (let i = 0; i < 3; i += 1) await h.client.listFaqLists();
  expect(clock.now() - started).toBeGreaterThanOrEqual(1000);
  expect(clock.waits.some((ms) => ms >= 900 && ms <= 1000)).toBe(true);
  expect(h.emulator.stats().byStatus['429']).toBe(1);
  expect(h.events).toContainEqual({
    type: 'retry',
    kind: 'GET /api/faqlists',
    attempt: 1,
    waitMs: 1000,
    reason: '429 Too Many Requests',
    path: '/api/FAQLists',
    nextAttempt: 2,
    maxAttempts: 11,
    used: expect.any(Number),
    limit: 300,
  });
});

test('a 429 without Retry-After backs off exponentially until the window frees up', async () => {
  h = await harness({ rateLimit: { requests: 3, windowSeconds: 1 }, clock }, { retry: { rateLimitBackoffMs: 150, rateLimitBackoffMaxMs: 2000 }, clock });
  for (let i = 0; i < 4; i += 1) await h.client.listFaqLists();
  const waits = h.events.flatMap((e) => (e.type === 'retry' ? [e.waitMs] : []));
  expect(waits.length).toBeGreaterThanOrEqual(2);
  // Each wait is about double the one before (±20 % jitter).
  expect(waits[1]!).toBeGreaterThan(waits[0]! * 1.3);
  expect(h.emulator.stats().byStatus['200']).toBe(6);
});

test('when 429 retries run out, the error quotes Halo and says what to do', async () => {
  h = await harness({ rateLimit: { requests: 2, windowSeconds: 300 }, clock }, { retry: { rateLimitRetries: 2, rateLimitBackoffMs: 10, rateLimitBackoffMaxMs: 20 }, clock });
  const error = await rejection(h.client.listFaqLists());
  expect(error.code).toBe('HALO_RATE_LIMITED');
  expect(error.message).toBe('Halo kept answering 429 Too Many Requests to GET /api/FAQLists after 2 waits: Halo said "Rate Limit Reached - 2 Requests per rolling 5 minute window".');
  expect(error.hint).toBe('Another integration may be using the same API limit (hosted Halo allows 300 requests per rolling 5 minutes). Lower halo.requests_per_window, or run again later.');
});

test('a token is read when its request is sent, so a pacing wait longer than its life never sends it expired', async () => {
  // Tokens live 1 s; two requests per half second. Logging in takes the first window, then ten
  // reads go out two by two: the last waits about 2.5 s, well past the first token's life.
  // One request at a time: a virtual wait that ends while a request is in flight moves its time
  // on too, which real time never does (it would reach Halo half a second late, its token expired).
  h = await harness({ tokenLifetimeSeconds: 1, clock }, { requestsPerWindow: 2, windowSeconds: 0.5, concurrency: 1, clock });
  const lists = await Promise.all(Array.from({ length: 10 }, () => h!.client.listFaqLists()));
  expect(lists).toHaveLength(10);
  expect(h.emulator.stats().byStatus['401']).toBeUndefined();
  const tokens = h.client.requestCounts().byKind['POST /auth/token'] ?? 0;
  expect(tokens).toBeGreaterThanOrEqual(2);
  expect(h.emulator.stats().byStatus['200']).toBe(10 + 1 + tokens);
});
