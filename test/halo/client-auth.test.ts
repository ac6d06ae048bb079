/** Connecting: URL forms, token URL discovery, tokens, credentials, and secrets kept out of output. */
import { afterEach, describe, expect, test } from 'vitest';
import { HaloClient } from '../../src/halo/client.js';
import { HaloApiError, HaloConnectionError } from '../../src/halo/errors.js';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';
import { redact } from '../../src/secrets.js';
import { clientFor, rejection } from './harness.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> {
  const e = await startEmulator(options);
  open.push(e);
  return e;
}

function client(e: RunningEmulator, options: Parameters<typeof clientFor>[1] = {}, events: Parameters<typeof clientFor>[2] = []): HaloClient {
  const c = clientFor(e, options, events);
  open.push(c);
  return c;
}

describe('every URL form reaches the emulator', () => {
  test.each([
    (port: number) => `http://127.0.0.1:${port}`,
    (port: number) => `http://127.0.0.1:${port}/`,
    (port: number) => `http://127.0.0.1:${port}/api`,
    (port: number) => `http://127.0.0.1:${port}/API/`,
    (port: number) => `http://127.0.0.1:${port}/auth`,
    (port: number) => `127.0.0.1:${port}`,
  ])('form %#', async (form) => {
    const e = await emulator();
    const report = await client(e, { url: form(e.port) }).testConnection();
    expect(report).toEqual({
      apiBase: `${e.url}/api`,
      tokenUrl: `${e.url}/auth/token?tenant=halo-kb-demo`,
      tokenUrlSource: 'authinfo',
      tenant: 'halo-kb-demo',
      scopes: ['read:kb', 'edit:kb'],
      articleCount: 0,
      faqListCount: 0,
    });
  });
});

test('the token URL comes from /api/authinfo when the auth server lives elsewhere', async () => {
  const e = await emulator({ authPath: '/identity' });
  const c = client(e);
  const report = await c.testConnection();
  expect(report.tokenUrl).toBe(`${e.url}/identity/token?tenant=halo-kb-demo`);
  expect(c.requestCounts().byKind['POST /identity/token']).toBe(1);
});

test('without /api/authinfo the client falls back to /auth/token with the configured tenant', async () => {
  const e = await emulator({ authinfo: false });
  const report = await client(e, { tenant: 'halo-kb-demo' }).testConnection();
  expect(report.tokenUrlSource).toBe('fallback');
  expect(report.tokenUrl).toBe(`${e.url}/auth/token?tenant=halo-kb-demo`);
});

test('an explicit auth URL skips discovery', async () => {
  const e = await emulator();
  const c = client(e, { authUrl: `${e.url}/auth/token` });
  const report = await c.testConnection();
  expect(report.tokenUrlSource).toBe('auth-url');
  expect(c.requestCounts().byKind['GET /api/authinfo']).toBeUndefined();
});

test('read:customers is asked for when client mapping needs it', async () => {
  const e = await emulator();
  const c = client(e, { readCustomers: true });
  const report = await c.testConnection();
  expect(report.scopes).toEqual(['read:kb', 'edit:kb', 'read:customers']);
  expect(report.customerCount).toBe(5);
  expect((await c.listClients('fab')).map((x) => x.name)).toEqual(['Fabrikam Inc']);
});

test('the token is cached, and fetched again exactly once when it expires mid-run', async () => {
  const e = await emulator();
  const c = client(e);
  await c.listFaqLists();
  await c.listFaqLists();
  expect(c.requestCounts().byKind['POST /auth/token']).toBe(1);
  e.expireTokens();
  await Promise.all([c.listFaqLists(), c.listFaqLists(), c.listArticles()]);
  expect(c.requestCounts().byKind['POST /auth/token']).toBe(2);
  expect(e.stats().byStatus['401']).toBe(3);
});

test('a token Halo keeps refusing is reported, not fetched in a loop', async () => {
  const e = await emulator({ tokenLifetimeSeconds: 0 });
  const error = await rejection(client(e).listFaqLists());
  expect(error).toBeInstanceOf(HaloApiError);
  expect(error.message).toBe('Halo refused to list FAQ lists (401 Unauthorized on GET /api/FAQLists) even with a fresh token: Halo said "The token has expired.".');
});

test('bad credentials say which settings to check', async () => {
  const e = await emulator();
  const error = await rejection(client(e, { clientSecret: 'wrong-secret-value' }).listFaqLists());
  expect(error).toBeInstanceOf(HaloApiError);
  expect(error.code).toBe('HALO_INVALID_CLIENT');
  expect((error as HaloApiError).exitCode).toBe(3);
  expect(error.message).toBe(`Halo rejected the client credentials (invalid_client) at ${e.url}/auth/token.`);
  expect(error.hint).toBe(
    'Check HALO_CLIENT_ID and HALO_CLIENT_SECRET against the API application in Halo (Configuration > Integrations > HaloPSA API > View Applications; authentication method "Client ID and Secret (Services)"), and HALO_TENANT for a Halo-hosted instance.',
  );
});

test('a wrong tenant is refused like bad credentials', async () => {
  const e = await emulator({ authinfo: false });
  const error = await rejection(client(e, { tenant: 'someone-else' }).listFaqLists());
  expect(error.code).toBe('HALO_INVALID_CLIENT');
});

test('scopes the application may not have are refused with the permissions to grant', async () => {
  const e = await emulator({ scopes: ['read:tickets'] });
  const error = await rejection(client(e).listFaqLists());
  expect(error.code).toBe('HALO_INVALID_SCOPE');
  expect(error.message).toBe(`Halo refused to grant the scopes "read:kb edit:kb" (invalid_scope) at ${e.url}/auth/token.`);
});

test('missing credentials fail before any request', async () => {
  const e = await emulator();
  const c = client(e, { clientSecret: undefined });
  const error = await rejection(c.listFaqLists());
  expect(error.message).toBe('No Halo client secret is set.');
  expect(error.hint).toBe("Set HALO_CLIENT_ID and HALO_CLIENT_SECRET to the API application's credentials (Configuration > Integrations > HaloPSA API > View Applications).");
});

test('fromSettings without a URL is a configuration error', () => {
  expect(() =>
    HaloClient.fromSettings({
      url: undefined,
      authUrl: undefined,
      tenant: undefined,
      clientId: 'x',
      clientSecret: 'y',
      requestsPerWindow: 300,
      windowSeconds: 300,
      concurrency: 4,
      timeoutSeconds: 30,
      connectTimeoutSeconds: 20,
      batchSize: 50,
      batchMaxKb: 4096,
      pageSize: 1000,
      articleUrl: '{url}/kb?id={id}',
      attachmentMode: 'inline',
    }),
  ).toThrow('No Halo URL is set.');
});

test('connection refused names the URL', async () => {
  const e = await startEmulator();
  const url = e.url;
  await e.close();
  const error = await rejection(client(e, { url, retry: { retries: 0 } }).listFaqLists());
  expect(error).toBeInstanceOf(HaloConnectionError);
  expect(error.message).toBe(`Nothing accepted the connection to ${url}/api/authinfo.`);
  expect(error.hint).toBe('Check HALO_URL (host and port), and that Halo, or `halo-kb emulator`, is running there.');
});

test('TLS trouble names the URL (https spoken to a plain-http server)', async () => {
  const e = await emulator();
  const url = e.url.replace('http:', 'https:');
  const error = await rejection(client(e, { url, retry: { retries: 0 } }).listFaqLists());
  expect(error).toBeInstanceOf(HaloConnectionError);
  expect(error.code).toBe('HALO_TLS');
  expect(error.message).toMatch(new RegExp(`^The TLS connection to ${url}/api/authinfo failed \\(ERR_SSL_[A-Z_]+\\)\\.$`));
  expect(error.hint).toBe('Check that HALO_URL uses the right scheme and host. For a certificate signed by your own CA, point NODE_EXTRA_CA_CERTS at the CA file.');
});

test('an unresolvable host names the host', async () => {
  const e = await emulator();
  const error = await rejection(client(e, { url: 'https://no-such-host.invalid', retry: { retries: 0 } }).listFaqLists());
  expect(error.code).toBe('HALO_DNS');
  expect(error.message).toBe('Cannot resolve the Halo host no-such-host.invalid (https://no-such-host.invalid/api/authinfo).');
});

test('neither the secret nor any token appears in errors or events of a failing run', async () => {
  const secret = 'very-secret-client-value-42';
  const e = await emulator({ clientSecret: secret, faults: {} });
  const events: unknown[] = [];
  const c = client(e, { clientSecret: secret, timeoutSeconds: 0.3 }, events as never[]);
  await c.listFaqLists();
  e.expireTokens();
  e.injectFault({ kind: 'timeout', path: '/api/faqlists', times: 10 });
  const error = await rejection(c.listFaqLists());
  const bad = await rejection(client(e, { clientSecret: `${secret}-wrong` }).listFaqLists());
  e.configure({ aiDuplicateDetection: true });
  const dup = await rejection(c.saveArticles([{ name: 'X', html: '<p>x</p>', faqListIds: [] }]));
  const output = [error, bad, dup]
    .map((x) => `${x.message}\n${x.hint ?? ''}\n${x.stack ?? ''}\n${String((x as { cause?: unknown }).cause)}`)
    .concat(JSON.stringify(events))
    .join('\n');
  expect(output).not.toContain(secret);
  expect(output).not.toMatch(/[0-9a-f]{48}/);
  // The secret was registered for redaction, so every writer of output masks it too.
  expect(redact(`secret=${secret}`)).toBe('secret=***');
});
