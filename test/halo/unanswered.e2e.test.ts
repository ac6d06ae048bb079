/**
 * A Halo that accepts connections and never answers: connecting and logging in have one deadline
 * (halo.connect_timeout_seconds), progress shows on stderr while halo-kb waits, and the run stops
 * with exit code 3 and a message naming the server that did not answer.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';
import { KB } from '../publish/publish-fixture.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A TCP server on 127.0.0.1 that accepts every connection, reads, and never writes a byte. */
async function silentServer(): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const CONFIG = 'halo:\n  connect_timeout_seconds: 1\n';
const ENV = { HALO_CLIENT_ID: 'halo-kb', HALO_CLIENT_SECRET: 'silent-server-secret-1' };
const HINT =
  '  Check HALO_URL, and that Halo (or halo-kb emulator) is running and reachable from here: a firewall, VPN or proxy can hold requests without refusing them. halo.connect_timeout_seconds sets how long halo-kb waits while connecting (now 1 s).\n';

describe('a server that never answers', () => {
  it('plan gives up at the connect deadline with exit code 3, saying so while it waits', async () => {
    const url = await silentServer();
    const root = await makeProject({ ...KB, 'halo-kb.yml': CONFIG });
    const started = Date.now();
    const plan = await runCli(['plan'], root, { ...ENV, HALO_URL: url });
    const took = Date.now() - started;
    expect(plan.code).toBe(3);
    expect(took).toBeLessThan(5000);
    const lines = plan.stderr.split('\n');
    expect(lines.filter((l) => /^waiting for Halo at http:\/\/127\.0\.0\.1:\d+ to answer \(\d+(\.\d)? s so far; giving up after 1 s\)$/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(plan.stderr.endsWith(`error: The server at HALO_URL (${url}) did not answer: no reply to GET ${url}/api/authinfo within 1 s.\n${HINT}`)).toBe(true);
    expect(plan.stdout).toBe('');
  });

  it('the deadline covers discovery and the token request together', async () => {
    const silent = await silentServer();
    // /api/authinfo answers at once and points at the silent server for tokens.
    const server: HttpServer = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ auth_url: `${silent}/auth`, tenant_id: 'contoso' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const root = await makeProject({ ...KB, 'halo-kb.yml': CONFIG });
    for (const command of [['publish'], ['state', 'rebuild'], ['doctor']]) {
      const run = await runCli(command, root, { ...ENV, HALO_URL: url });
      expect(run.code).toBe(3);
      const shown = command[0] === 'doctor' ? run.stdout : run.stderr;
      expect(shown).toContain(`The auth server named by ${url}/api/authinfo (${silent}/auth) did not answer: no reply to POST ${silent}/auth/token within 1 s.`);
      expect(run.stderr).toMatch(/waiting for Halo at http:\/\/127\.0\.0\.1:\d+ to answer/);
    }
  }, 20_000);

  it('a deadline that is not a number is a configuration error naming the line', async () => {
    const root = await makeProject({ ...KB, 'halo-kb.yml': 'halo:\n  connect_timeout_seconds: soon\n' });
    const plan = await runCli(['plan'], root, { ...ENV, HALO_URL: 'http://127.0.0.1:9' });
    expect(plan.code).toBe(3);
    expect(plan.stderr).toBe(
      'error: halo-kb.yml has 1 invalid setting:\n' +
        'halo-kb.yml:2:28: halo-kb.yml halo key "connect_timeout_seconds" must be a positive number, but it is string "soon".\n' +
        '    How long to wait for Halo to answer while connecting and logging in. Example: connect_timeout_seconds: 25\n' +
        '  Fix the settings shown, or remove them to use the defaults.\n',
    );
  });
});
