/** The client's pure parts: error bodies, key markers, batches, matching of created articles. */
import { describe, expect, test } from 'vitest';
import { splitBatches } from '../../src/halo/batches.js';
import { parseHaloErrorBody } from '../../src/halo/error-body.js';
import { readKeyMarker } from '../../src/halo/key-marker.js';
import { matchCreated } from '../../src/halo/match-created.js';
import { RateLimiter } from '../../src/halo/rate-limiter.js';
import { requestKind } from '../../src/halo/request-kind.js';
import { retryAfterMs } from '../../src/halo/backoff.js';
import { VirtualClock } from '../helpers/virtual-clock.js';

describe('parseHaloErrorBody', () => {
  test.each([
    ['{"ClassName":"X","Message":"Bad thing"}', { message: 'Bad thing' }],
    ['{"Message":"Only message"}', { message: 'Only message' }],
    ['{"error":"invalid_client"}', { message: 'invalid_client', code: 'invalid_client' }],
    ['{"error":"invalid_scope","error_description":"No such scope"}', { message: 'No such scope', code: 'invalid_scope' }],
    ['{"resultCode":7,"errorMessage":"Coded failure"}', { message: 'Coded failure', code: '7' }],
    ['"Rate Limit Reached - 300 Requests per rolling 5 minute window"', { message: 'Rate Limit Reached - 300 Requests per rolling 5 minute window' }],
    ['Plain words', { message: 'Plain words' }],
    ['<html><body><h1>502 Bad Gateway</h1></body></html>', { message: '502 Bad Gateway' }],
    ['', {}],
    ['[{"Message":"In an array"}]', { message: 'In an array' }],
  ])('%s', (raw, expected) => {
    expect(parseHaloErrorBody(raw)).toEqual(expected);
  });
});

describe('readKeyMarker', () => {
  test('attribute form in description_html, either quote', () => {
    expect(readKeyMarker({ description_html: '<div class="halo-kb-banner" data-halo-kb-key="central/vpn/reset">x</div>' })).toBe('central/vpn/reset');
    expect(readKeyMarker({ description_html: "<div data-halo-kb-key='a&amp;b'></div>" })).toBe('a&b');
  });
  test('visible text form when the editor stripped data attributes', () => {
    expect(readKeyMarker({ description_html: '<div class="halo-kb-banner">halo-kb key: <code>acme/printers</code></div>' })).toBe('acme/printers');
    expect(readKeyMarker({ description: 'From git. halo-kb key:&nbsp;central/x' })).toBe('central/x');
  });
  test('falls back to description; none without a marker or a body', () => {
    expect(readKeyMarker({ description_html: '<p>no marker</p>', description: '<div data-halo-kb-key="k1"></div>' })).toBe('k1');
    expect(readKeyMarker({ description_html: '<p>hand written</p>' })).toBeUndefined();
    expect(readKeyMarker({})).toBeUndefined();
  });
});

test('splitBatches keeps item and byte limits, an oversized item alone', () => {
  const size = (s: string): number => s.length;
  expect(splitBatches(['aa', 'bb', 'cc', 'dd', 'ee'], { maxItems: 2, maxBytes: 1000 }, size)).toEqual([['aa', 'bb'], ['cc', 'dd'], ['ee']]);
  expect(splitBatches(['aaaa', 'bbbb', 'c'.repeat(50), 'dd'], { maxItems: 10, maxBytes: 12 }, size)).toEqual([['aaaa', 'bbbb'], ['c'.repeat(50)], ['dd']]);
});

test('matchCreated: key first, then a markerless same-name article, never one with another key', () => {
  const rows = [
    { id: 5, name: 'VPN', description_html: '<div data-halo-kb-key="other"></div>' },
    { id: 6, name: 'VPN', description_html: '<div data-halo-kb-key="vpn"></div>' },
    { id: 7, name: 'Printers', description_html: '<p>edited by hand</p>' },
    { id: 8, name: 'Wifi', description_html: '<div data-halo-kb-key="other2"></div>' },
  ];
  const found = matchCreated(
    [
      { index: 0, name: 'VPN', key: 'vpn' },
      { index: 1, name: 'Printers', key: 'printers' },
      { index: 2, name: 'Wifi', key: 'wifi' },
    ],
    rows,
    new Set(),
  );
  expect(found.get(0)?.id).toBe(6);
  expect(found.get(1)?.id).toBe(7);
  expect(found.has(2)).toBe(false);
  expect(matchCreated([{ index: 0, name: 'VPN', key: 'vpn' }], rows, new Set([6])).has(0)).toBe(false);
});

test('requestKind names requests the same way in client and emulator', () => {
  expect(requestKind('get', 'http://127.0.0.1:9/api/KBArticle/12?includedetails=true')).toBe('GET /api/kbarticle/:id');
  expect(requestKind('POST', '/auth/token?tenant=x')).toBe('POST /auth/token');
});

test('retryAfterMs reads seconds and dates', () => {
  expect(retryAfterMs('2')).toBe(2000);
  expect(retryAfterMs(new Date(Date.now() + 3000).toUTCString())).toBeGreaterThan(1000);
  expect(retryAfterMs(undefined)).toBeUndefined();
  expect(retryAfterMs('soon')).toBeUndefined();
});

test('RateLimiter never lets more than the limit start within a window', async () => {
  const clock = new VirtualClock();
  const limiter = new RateLimiter({ limit: 3, windowMs: 200, marginMs: 0, clock });
  const starts: number[] = [];
  const ends: number[] = [];
  await Promise.all(
    Array.from({ length: 7 }, async () => {
      const release = await limiter.acquire();
      starts.push(clock.now());
      await clock.sleep(20);
      ends.push(clock.now());
      release();
    }),
  );
  starts.sort((a, b) => a - b);
  ends.sort((a, b) => a - b);
  // Request i may only start a window after request i-3 was answered.
  for (let i = 3; i < starts.length; i += 1) expect(starts[i]! - ends[i - 3]!).toBeGreaterThanOrEqual(199);
});
