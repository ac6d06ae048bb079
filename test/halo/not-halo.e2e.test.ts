/**
 * HALO_URL pointing at something that is not Halo's API (a sign-in page, a portal, a proxy that
 * redirects to a login): halo-kb says so, with what came back, and exit code 3; it does not blame the
 * client id or secret, and it does not plan from an empty picture.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/halo/emulator/server.js';
import { runCli } from '../helpers/run-cli.js';
import { VirtualClock } from '../helpers/virtual-clock.js';
import { makeProject } from '../helpers/temp-tree.js';
import { KB } from '../publish/publish-fixture.js';

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A plain HTTP server on 127.0.0.1 answering every request with `handler`. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, origin: string) => void): Promise<string> {
  let origin = '';
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res, origin));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return origin;
}

const PORTAL = '<!doctype html><html><head><title>Contoso Portal &ndash; Sign in</title></head><body><h1>Welcome</h1></body></html>';

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
}

const SECRET = 'portal-probe-secret-7731';

async function cli(url: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = await makeProject(KB);
  // Retries of a reply that looks transient are waited out on a virtual clock, in no real time.
  return runCli(argv, root, { HALO_URL: url, HALO_CLIENT_ID: 'halo-kb', HALO_CLIENT_SECRET: SECRET }, new VirtualClock());
}

const HINT =
  '  HALO_URL is your Halo address, e.g. https://example.halopsa.com (halo-kb adds /api and /auth). Something else answered there: a sign-in page, a portal or a proxy. Point HALO_URL at Halo itself, or let the proxy pass requests to /api and /auth through.\n';

describe('a server that answers HTML instead of Halo', () => {
  it('a portal answering every path with a 200 sign-in page', async () => {
    const url = await serve((_req, res) => html(res, 200, PORTAL));
    const plan = await cli(url, 'plan');
    expect(plan.code).toBe(3);
    expect(plan.stderr).toBe(
      `error: HALO_URL (${url}) does not look like Halo's API: GET /api/authinfo answered 200 OK with an HTML page (text/html; charset=utf-8) titled "Contoso Portal – Sign in".\n${HINT}`,
    );
    expect(plan.stdout).toBe('');
  });

  it('a web server without /api and a login page at /auth/token: not "the client secret is wrong"', async () => {
    const url = await serve((req, res) => {
      if (req.url?.startsWith('/auth/token')) html(res, 401, '<html><head><title>401 - Login required</title></head><body>Please log in.</body></html>');
      else html(res, 404, '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>');
    });
    const plan = await cli(url, 'plan');
    expect(plan.code).toBe(3);
    expect(plan.stderr).toBe(
      `error: HALO_URL (${url}) does not look like Halo: its token endpoint ${url}/auth/token answered 401 Unauthorized with an HTML page (text/html; charset=utf-8) titled "401 - Login required".\n${HINT}`,
    );
    expect(plan.stderr).not.toContain('client credentials');
  });

  it('a proxy that redirects everything to a sign-in page', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(302, { location: 'https://login.example.com/authorize?client=portal&state=abc123' });
      res.end();
    });
    const plan = await cli(url, 'plan');
    expect(plan.code).toBe(3);
    expect(plan.stderr).toBe(
      `error: HALO_URL (${url}) does not look like Halo: its token endpoint ${url}/auth/token answered 302 Found with a redirect to https://login.example.com/authorize.\n${HINT}`,
    );
  });

  it('HALO_AUTH_URL pointing at a sign-in page names HALO_AUTH_URL', async () => {
    const url = await serve((_req, res) => html(res, 200, PORTAL));
    const root = await makeProject(KB);
    const plan = await runCli(['plan'], root, { HALO_URL: url, HALO_AUTH_URL: `${url}/login`, HALO_CLIENT_ID: 'halo-kb', HALO_CLIENT_SECRET: SECRET });
    expect(plan.code).toBe(3);
    expect(plan.stderr).toBe(
      `error: HALO_AUTH_URL (${url}/login) does not look like Halo's auth server: its token endpoint ${url}/login/token answered 200 OK with an HTML page (text/html; charset=utf-8) titled "Contoso Portal – Sign in".\n` +
        "  HALO_AUTH_URL is Halo's auth server, usually your Halo address followed by /auth; leave it unset to have halo-kb find it through HALO_URL/api/authinfo.\n",
    );
  });

  it('a login that works but an API behind a sign-in page', async () => {
    const clock = new VirtualClock();
    const emulator = await startEmulator({ clock });
    try {
      // Halo's auth server answers; /api is another application's sign-in page.
      const url = await serve((req, res, origin) => {
        if (req.url === '/api/authinfo') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ auth_url: `${emulator.url}/auth`, tenant_id: emulator.tenant }));
        } else html(res, 200, PORTAL.replace('Contoso Portal', `Portal at ${origin}`));
      });
      const root = await makeProject(KB);
      const doctor = await runCli(['doctor'], root, { HALO_URL: url, HALO_CLIENT_ID: emulator.clientId, HALO_CLIENT_SECRET: emulator.clientSecret }, clock);
      expect(doctor.code).toBe(3);
      expect(doctor.stdout).toContain(
        `FAIL  HALO_URL (${url}) does not look like Halo's API: GET /api/KBArticle answered 200 OK with an HTML page (text/html; charset=utf-8) titled "Portal at ${url} – Sign in".\n`,
      );
    } finally {
      await emulator.close();
    }
  }, 15_000);
});
