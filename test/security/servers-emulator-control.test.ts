/**
 * The emulator's control endpoints change its state (agent edits, injected faults, expired tokens,
 * reset counts): a POST needs a JSON content type and a bearer token (the per-run control token or
 * a valid access token), so a web page cannot drive them with a "simple" cross-origin request.
 * Nothing the emulator answers carries Access-Control-Allow-Origin, and its HTML view runs no
 * script from the articles it shows.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runEmulator } from '../../src/commands/emulator.js';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator?.close();
});

async function accessToken(): Promise<string> {
  const res = await fetch(`${emulator.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emulator.clientId, client_secret: emulator.clientSecret }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function post(path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; json: unknown; headers: Headers }> {
  const res = await fetch(`${emulator.url}${path}`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown), headers: res.headers };
}

const NEEDS_TOKEN = {
  status: 401,
  json: {
    ClassName: 'HaloApiException',
    Message: 'Emulator control requests need "Authorization: Bearer <token>": the control token halo-kb emulator prints at start, or an access token from /auth/token.',
  },
};
const NEEDS_JSON = {
  status: 415,
  json: { ClassName: 'HaloApiException', Message: 'Emulator control requests must be JSON: send "Content-Type: application/json" (an empty body is {}).' },
};

/** What a control POST could have changed, to prove a refused one changed nothing. */
async function snapshot(): Promise<unknown> {
  const token = await accessToken();
  const lists = await fetch(`${emulator.url}/api/faqlists`, { headers: { authorization: `Bearer ${token}` } });
  const article = await fetch(`${emulator.url}/api/kbarticle/1`, { headers: { authorization: `Bearer ${token}` } });
  return { lists: lists.status, article: await article.json(), stats: emulator.stats().byStatus };
}

beforeEach(async () => {
  if (emulator.data().articles.length === 0) {
    const token = await accessToken();
    await fetch(`${emulator.url}/api/kbarticle`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ name: 'VPN', description_html: '<p>Original</p>' }]),
    });
  }
});

describe('emulator control endpoints', () => {
  const calls: [string, string][] = [
    ['/_emulator/agent-edit/1', JSON.stringify({ html: '<p>Pwned</p>' })],
    ['/_emulator/faults', JSON.stringify({ kind: 'error', times: 5 })],
    ['/_emulator/expire-tokens', ''],
    ['/_emulator/reset-stats', ''],
  ];

  it.each(calls)('refuse %s without a token, as a web page would send it (text/plain, an Origin)', async (path, body) => {
    const held = await accessToken();
    const before = await snapshot();
    const counted = emulator.stats().total;
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json']) {
      expect(await post(path, { 'content-type': contentType, origin: 'http://evil.example' }, body)).toMatchObject(NEEDS_TOKEN);
    }
    expect(await post(path, { 'content-type': 'application/json', authorization: 'Bearer not-a-token' }, body)).toMatchObject(NEEDS_TOKEN);
    expect(await post(path, { 'content-type': 'application/json', authorization: emulator.controlToken }, body)).toMatchObject(NEEDS_TOKEN);
    const after = (await snapshot()) as { stats: Record<string, number> };
    // Only the snapshot's own requests were added.
    expect({ ...after, stats: undefined }).toEqual({ ...(before as object), stats: undefined });
    expect(after.stats['503']).toBeUndefined();
    expect(emulator.stats().total).toBeGreaterThan(counted);
    expect((await fetch(`${emulator.url}/api/faqlists`, { headers: { authorization: `Bearer ${held}` } })).status).toBe(200);
  });

  it.each(calls)('refuse %s with a token but no JSON content type', async (path, body) => {
    const before = await snapshot();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'text/plain; charset=application/json', 'application/jsonp']) {
      expect(await post(path, { 'content-type': contentType, authorization: `Bearer ${emulator.controlToken}` }, body)).toMatchObject(NEEDS_JSON);
    }
    expect(await post(path, { authorization: `Bearer ${emulator.controlToken}` })).toMatchObject(NEEDS_JSON);
    expect({ ...((await snapshot()) as object), stats: undefined }).toEqual({ ...(before as object), stats: undefined });
  });

  it('accept the control token, and a valid access token, with JSON', async () => {
    const edited = await post(
      '/_emulator/agent-edit/1',
      { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${emulator.controlToken}` },
      JSON.stringify({ name: 'VPN (edited)' }),
    );
    expect(edited).toMatchObject({ status: 200, json: { id: 1, name: 'VPN (edited)' } });
    const token = await accessToken();
    expect((await post('/_emulator/reset-stats', { 'content-type': 'application/json', authorization: `Bearer ${token}` })).status).toBe(204);
    expect(emulator.stats().total).toBe(0);
    // Expired access tokens no longer drive it; the control token still does.
    expect((await post('/_emulator/expire-tokens', { 'content-type': 'application/json', authorization: `bearer ${token}` }, '{}')).status).toBe(204);
    expect(await post('/_emulator/reset-stats', { 'content-type': 'application/json', authorization: `Bearer ${token}` })).toMatchObject(NEEDS_TOKEN);
    expect((await post('/_emulator/reset-stats', { 'content-type': 'application/json', authorization: `Bearer ${emulator.controlToken}` })).status).toBe(204);
  });

  it('answer a body that is not JSON with 400, not a failure', async () => {
    expect(await post('/_emulator/faults', { 'content-type': 'application/json', authorization: `Bearer ${emulator.controlToken}` }, '{kind: error')).toMatchObject({
      status: 400,
      json: { Message: 'The request body is not valid JSON.' },
    });
  });

  it('grant no CORS preflight, so a page on another origin cannot send the token or the JSON type', async () => {
    const res = await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});

describe('what the emulator answers', () => {
  it('never carries Access-Control-Allow-Origin, whatever the Origin', async () => {
    const token = await accessToken();
    const requests: [string, RequestInit][] = [
      ['/', {}],
      ['/kb?id=1', {}],
      ['/_emulator/stats', {}],
      ['/_emulator/attachment/1', {}],
      ['/api/authinfo', {}],
      ['/api/kbarticle', { headers: { authorization: `Bearer ${token}` } }],
      ['/api/kbarticle/1', { headers: { authorization: `Bearer ${token}` } }],
      ['/api/faqlists', { method: 'OPTIONS' }],
      ['/auth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' }],
    ];
    for (const [path, init] of requests) {
      for (const origin of ['http://evil.example', 'null', emulator.url]) {
        const res = await fetch(`${emulator.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), origin } });
        await res.arrayBuffer();
        expect(
          [...res.headers.keys()].filter((h) => h.startsWith('access-control-')),
          `${path} from ${origin}`,
        ).toEqual([]);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
    }
  });

  it('serves its HTML view with a policy that runs no script and cannot be framed', async () => {
    for (const path of ['/', '/kb?id=1']) {
      const res = await fetch(`${emulator.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe("script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    }
  });
});

describe('halo-kb emulator', () => {
  it('prints a control token at start that drives the control endpoints, new on every start', async () => {
    const tokens: string[] = [];
    for (let run = 0; run < 2; run++) {
      let text = '';
      const io = { stdout: { write: (s: string) => (text += s) }, stderr: { write: () => true }, env: {}, cwd: '/tmp' };
      let stop: () => void = () => undefined;
      const running = runEmulator(io, { port: '0', memory: true }, new Promise<void>((resolve) => (stop = resolve)));
      for (let i = 0; i < 200 && !text.includes('Ctrl-C'); i += 1) await new Promise((r) => setTimeout(r, 10));
      const url = /running at (http:\/\/127\.0\.0\.1:(\d+))/.exec(text);
      const token = /^Control token: {7}([0-9a-f]{48})$/m.exec(text)?.[1];
      expect(token).toBeDefined();
      expect(text).toContain(`Answers to:          localhost:${url?.[2]}, 127.0.0.1:${url?.[2]} and [::1]:${url?.[2]}\n`);
      expect(text).toContain('  (POSTs to /_emulator/... need "Authorization: Bearer <control token>" and "Content-Type: application/json")\n');
      const reset = await fetch(`${url?.[1]}/_emulator/reset-stats`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
      expect(reset.status).toBe(204);
      tokens.push(token ?? '');
      stop();
      await running;
    }
    expect(tokens[0]).not.toBe(tokens[1]);
  });
});
