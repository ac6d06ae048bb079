/** The emulator on its own: Halo's paths and envelopes, persistence, control endpoints, the HTML view, the command. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { emulatorOptions, runEmulator } from '../../src/commands/emulator.js';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';
import { clientFor, articleHtml } from './harness.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> {
  const e = await startEmulator(options);
  cleanup.push(() => e.close());
  return e;
}

async function token(e: RunningEmulator, scope = 'all'): Promise<string> {
  const res = await fetch(`${e.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: e.clientId, client_secret: e.clientSecret, scope, tenant: e.tenant }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function api(e: RunningEmulator, method: string, pathAndQuery: string, body?: unknown, bearer?: string): Promise<{ status: number; json: unknown; headers: Headers }> {
  const res = await fetch(`${e.url}${pathAndQuery}`, {
    method,
    headers: { authorization: `Bearer ${bearer ?? (await token(e))}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown), headers: res.headers };
}

describe('Halo API surface', () => {
  test('envelopes, case-insensitive paths, pagination and filters', async () => {
    const e = await start({ forbidArticleDelete: false });
    const t = await token(e);
    await api(e, 'POST', '/api/FAQLists', [{ name: 'Docs', is_group: true, showforall: false }], t);
    const lists = await api(e, 'GET', '/API/faqlists', undefined, t);
    expect(lists.json).toEqual([expect.objectContaining({ id: 1, name: 'Docs', is_group: true, group_id: 0, showforall: false })]);
    const saved = await api(
      e,
      'POST',
      '/api/kbarticle',
      Array.from({ length: 5 }, (_, i) => ({ name: `Guide ${i + 1}`, description_html: `<p>${i}</p>`, faqlists: [{ id: 1 }], kbentryclientaccess: i === 0 ? [{ client_id: 1 }] : [] })),
      t,
    );
    expect(saved.json).toHaveLength(5);
    const page = await api(e, 'GET', '/api/KBArticle?pageinate=true&page_size=2&page_no=3', undefined, t);
    expect(page.json).toEqual({ record_count: 5, articles: [expect.objectContaining({ id: 5, name: 'Guide 5', description_html: '<p>4</p>' })] });
    expect(((await api(e, 'GET', '/api/KBArticle?count=3', undefined, t)).json as { articles: unknown[] }).articles).toHaveLength(3);
    expect((await api(e, 'GET', '/api/KBArticle?search=guide%204', undefined, t)).json).toMatchObject({ record_count: 1 });
    expect((await api(e, 'GET', '/api/KBArticle?client_id=1', undefined, t)).json).toMatchObject({ record_count: 1 });
    expect((await api(e, 'GET', '/api/KBArticle?faqlists=2', undefined, t)).json).toMatchObject({ record_count: 0 });
    const detail = await api(e, 'GET', '/api/KBArticle/1?includedetails=true', undefined, t);
    expect(detail.json).toMatchObject({ id: 1, faqlists: [{ id: 1, name: 'Docs' }], kbentryclientaccess: [{ client_id: 1, client_name: 'Contoso Ltd' }] });
    expect(await api(e, 'GET', '/api/KBArticle/abc', undefined, t)).toMatchObject({ status: 400, json: { Message: "The value 'abc' is not valid." } });
    expect((await api(e, 'DELETE', '/api/KBArticle/5', undefined, t)).status).toBe(200);
    expect((await api(e, 'GET', '/api/Client?search=north', undefined, t)).json).toEqual({
      record_count: 1,
      clients: [{ id: 3, name: 'Northwind Traders', inactive: false, toplevel_id: 1, toplevel_name: 'Customers' }],
    });
  });

  test('bearer tokens and scopes are enforced', async () => {
    const e = await start({ scopes: ['read:kb'] });
    const res = await fetch(`${e.url}/api/KBArticle`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    const readOnly = await token(e, 'read:kb edit:kb');
    expect((await api(e, 'GET', '/api/KBArticle', undefined, readOnly)).status).toBe(200);
    expect(await api(e, 'POST', '/api/KBArticle', [{ name: 'x' }], readOnly)).toMatchObject({ status: 403 });
    expect(await api(e, 'GET', '/api/Client', undefined, readOnly)).toMatchObject({ status: 403 });
    const bad = await fetch(`${e.url}/auth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' }) });
    expect([bad.status, await bad.json()]).toEqual([401, { error: 'invalid_client' }]);
  });

  test('a POST must be an array; attachments over the limit are refused', async () => {
    const e = await start({ attachmentLimitBytes: 10 });
    expect(await api(e, 'POST', '/api/KBArticle', { name: 'x' })).toMatchObject({ status: 400, json: { Message: 'The request body must be a JSON array of articles.' } });
    const big = await api(e, 'POST', '/api/Attachment', [{ filename: 'a.bin', data_base64: Buffer.alloc(11).toString('base64'), type: 2, unique_id: 1 }]);
    expect(big).toMatchObject({ status: 400, json: { Message: 'The file a.bin is larger than the maximum attachment size of 10 bytes.' } });
    const small = await api(e, 'POST', '/api/Attachment', [{ filename: 'a.bin', data_base64: Buffer.alloc(3).toString('base64'), type: 2, unique_id: 1 }]);
    expect(small.json).toEqual([expect.objectContaining({ id: 1, filename: 'a.bin', filesize: 3 })]);
    expect((await api(e, 'GET', '/api/Attachment?type=2&unique_id=1')).json).toMatchObject({ record_count: 1 });
    const raw = await fetch(`${e.url}/api/Attachment/1`, { headers: { authorization: `Bearer ${await token(e)}` } });
    expect(raw.headers.get('content-disposition')).toBe('attachment; filename="a.bin"');
  });

  test('downloads an attachment whatever its name, from the API and from the HTML view', async () => {
    const e = await start();
    const names = ['Anleitung – VPN.pdf', '日本語.pdf', 'say "hi"\r\n.txt'];
    await api(
      e,
      'POST',
      '/api/Attachment',
      names.map((filename) => ({ filename, data_base64: Buffer.from('hello').toString('base64'), type: 2, unique_id: 1 })),
    );
    const expected = [
      `attachment; filename="Anleitung _ VPN.pdf"; filename*=UTF-8''Anleitung%20%E2%80%93%20VPN.pdf`,
      `attachment; filename="___.pdf"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.pdf`,
      `attachment; filename="say hi__.txt"; filename*=UTF-8''say%20%22hi%22%0D%0A.txt`,
    ];
    for (const [i, disposition] of expected.entries()) {
      for (const res of [await fetch(`${e.url}/api/Attachment/${i + 1}`, { headers: { authorization: `Bearer ${await token(e)}` } }), await fetch(`${e.url}/_emulator/attachment/${i + 1}`)]) {
        expect([res.status, res.headers.get('content-disposition'), await res.text()]).toEqual([200, disposition, 'hello']);
      }
    }
  });

  test("the rate limit answers 429 with Halo's message", async () => {
    const e = await start({ rateLimit: { requests: 2, windowSeconds: 300, retryAfter: true } });
    await fetch(`${e.url}/api/authinfo`);
    await fetch(`${e.url}/api/authinfo`);
    const res = await fetch(`${e.url}/api/authinfo`);
    expect([res.status, res.headers.get('retry-after'), await res.json()]).toEqual([429, '300', 'Rate Limit Reached - 2 Requests per rolling 5 minute window']);
  });
});

describe('state and control', () => {
  test('data persists across a restart (atomic JSON file)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'halo-emulator-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const dataFile = path.join(dir, 'nested', 'emulator.json');
    const first = await startEmulator({ dataFile });
    const client = clientFor(first);
    const [group] = await client.saveFaqLists([{ name: 'Docs', isGroup: true, showForAll: false }]);
    await client.saveArticles([{ key: 'a', name: 'Persisted', html: articleHtml('a'), faqListIds: [group!.id] }]);
    await client.close();
    await first.close();
    expect(JSON.parse(await readFile(dataFile, 'utf8'))).toMatchObject({ version: 1, articles: [{ id: 1, name: 'Persisted' }] });
    const second = await start({ dataFile });
    const again = clientFor(second);
    cleanup.push(() => again.close());
    expect((await again.listArticles()).map((a) => [a.id, a.name])).toEqual([[1, 'Persisted']]);
    const [next] = await again.saveArticles([{ key: 'b', name: 'Next', html: articleHtml('b'), faqListIds: [group!.id] }]);
    expect(next?.id).toBe(2);
  });

  test('stats and reset over HTTP; agent edits bump date_edited', async () => {
    const e = await start();
    const client = clientFor(e);
    cleanup.push(() => client.close());
    await client.saveArticles([{ key: 'a', name: 'A', html: articleHtml('a'), faqListIds: [] }]);
    const stats = (await (await fetch(`${e.url}/_emulator/stats`)).json()) as { byKind: Record<string, number> };
    expect(stats).toEqual({
      total: 3,
      byKind: { 'GET /api/authinfo': 1, 'POST /api/kbarticle': 1, 'POST /auth/token': 1 },
      byStatus: { 200: 3 },
    });
    expect(client.requestCounts()).toEqual({ total: 3, byKind: stats.byKind });
    const control = { authorization: `Bearer ${e.controlToken}`, 'content-type': 'application/json' };
    expect((await fetch(`${e.url}/_emulator/reset-stats`, { method: 'POST', headers: control })).status).toBe(204);
    expect(e.stats().total).toBe(0);
    const before = (await client.getArticle(1))!.date_edited!;
    const edited = await fetch(`${e.url}/_emulator/agent-edit/1`, { method: 'POST', headers: control, body: JSON.stringify({ html: '<p>Changed in Halo</p>' }) });
    expect(edited.status).toBe(200);
    const after = await client.getArticle(1);
    expect(after?.description_html).toBe('<p>Changed in Halo</p>');
    expect(after!.date_edited! > before).toBe(true);
    await fetch(`${e.url}/_emulator/faults`, { method: 'POST', headers: control, body: JSON.stringify({ kind: 'error', path: '/api/faqlists', times: 1 }) });
    await client.listFaqLists();
    expect(e.stats().byStatus).toMatchObject({ 503: 1 });
  });

  test('the HTML view shows FAQ lists and renders articles', async () => {
    const e = await start();
    const client = clientFor(e);
    cleanup.push(() => client.close());
    const [group] = await client.saveFaqLists([{ name: 'Docs & Guides', isGroup: true, showForAll: false }]);
    const [child] = await client.saveFaqLists([{ name: 'Central', groupId: group!.id, showForAll: true }]);
    await client.saveArticles([{ key: 'vpn', name: 'Reset <VPN>', html: articleHtml('vpn', '<h2>Steps</h2>'), faqListIds: [child!.id] }]);
    const index = await (await fetch(`${e.url}/`)).text();
    expect(index).toContain('<strong>Docs &amp; Guides</strong>');
    expect(index).toContain('<a href="/kb?id=1">Reset &lt;VPN&gt;</a>');
    const article = await (await fetch(`${e.url}/kb?id=1`)).text();
    expect(article).toContain('<article><div class="halo-kb-banner" data-halo-kb-key="vpn">');
    expect(article).toContain('<h2>Steps</h2>');
    expect((await fetch(`${e.url}/kb?id=9`)).status).toBe(404);
    // The view is not Halo: it is not counted.
    expect(e.stats().byKind['GET /']).toBeUndefined();
  });
});

describe('halo-kb emulator command', () => {
  test('flags become options; bad values are usage errors', () => {
    expect(emulatorOptions({ port: '0', memory: true, allowDelete: true, groupingCheck: false, rateLimit: true, retryAfter: true, errorRate: '0.1', saveReply: 'empty' }, '/p')).toEqual({
      port: 0,
      forbidArticleDelete: false,
      requireGroupingParent: false,
      rateLimit: { requests: 300, windowSeconds: 300, retryAfter: true },
      faults: { errorRate: 0.1 },
      saveReply: 'empty',
    });
    expect(emulatorOptions({}, '/p')).toEqual({ port: 8765, dataFile: '/p/.halo-kb/emulator.json' });
    expect(() => emulatorOptions({ port: 'x' }, '/p')).toThrow('--port must be a port number from 0 to 65535, not "x".');
    expect(() => emulatorOptions({ rateLimit: '5' }, '/p')).toThrow('--rate-limit must be REQUESTS/SECONDS, not "5".');
    expect(() => emulatorOptions({ dropRate: '2' }, '/p')).toThrow('--drop-rate must be a number between 0 and 1, not "2".');
  });

  test('--corrupt-lists damages every list read the way it names; an unknown way is a usage error', async () => {
    expect(emulatorOptions({ memory: true, corruptLists: 'short-page' }, '/p')).toEqual({ port: 8765, faults: { corruptLists: 'short-page' } });
    const root = await makeProject({});
    const bad = await runCli(['emulator', '--corrupt-lists', 'garbled'], root);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toBe('error: --corrupt-lists must be one of invalid-json, truncated, html, empty, wrong-count, short-page, not "garbled".\n  Example: --corrupt-lists truncated\n');
    const e = await startEmulator({ faults: { corruptLists: 'html' } });
    try {
      const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: e.clientId, client_secret: e.clientSecret, scope: 'read:kb' });
      const grant = (await (await fetch(`${e.url}/auth/token`, { method: 'POST', body: form })).json()) as { access_token: string };
      const page = await fetch(`${e.url}/api/faqlists`, { headers: { authorization: `Bearer ${grant.access_token}` } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('<title>Sign in to your account</title>');
      // Only list reads: discovery and the token endpoint answer as ever.
      expect((await fetch(`${e.url}/api/authinfo`)).headers.get('content-type')).toContain('application/json');
    } finally {
      await e.close();
    }
  });

  test('prints its URL and credentials, serves until stopped', async () => {
    let text = '';
    const io = { stdout: { write: (s: string) => (text += s) }, stderr: { write: () => true }, env: {}, cwd: '/tmp' };
    let stop: () => void = () => undefined;
    const running = runEmulator(io, { port: '0', memory: true }, new Promise<void>((resolve) => (stop = resolve)));
    for (let i = 0; i < 100 && !text.includes('Ctrl-C'); i += 1) await new Promise((r) => setTimeout(r, 10));
    const url = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    expect(text).toContain(`  HALO_URL=${url}\n  HALO_CLIENT_ID=halo-kb-demo\n  HALO_CLIENT_SECRET=emulator-secret\n`);
    expect((await fetch(`${url}/api/authinfo`)).status).toBe(200);
    stop();
    await running;
    expect(text).toContain('Emulator stopped.');
  });
});
