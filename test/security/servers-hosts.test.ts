/**
 * DNS rebinding: a web page whose domain is re-pointed at 127.0.0.1 is same-origin with the local
 * servers, so the preview and the emulator answer only requests addressed to localhost, 127.0.0.1
 * or [::1] with their own port (or a name allowed with --allow-host). Probed over real HTTP with
 * forged Host headers and absolute-form request targets, on every kind of route.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';
import { articleUrl, EVENTS_ROUTE, fileUrl } from '../../src/watch/preview-links.js';
import { startWatch, type WatchSession } from '../../src/watch/start-watch.js';
import { runCli } from '../helpers/run-cli.js';
import { baseFiles, makeProject } from '../watch/fixture.js';

interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/**
 * One request with the request target and Host header exactly as given (`host: undefined` sends
 * none). An event stream is cut after its headers.
 */
function probe(port: number, target: string, host: string | undefined, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method, setHost: false, headers: host === undefined ? {} : { host } }, (res) => {
      const contentType = res.headers['content-type'];
      if (contentType === 'text/event-stream') {
        resolve({ status: res.statusCode ?? 0, contentType, body: '' });
        res.destroy();
        return;
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function refusal(server: string, port: number, refused: string, how: string): Answer {
  return {
    status: 403,
    contentType: 'text/plain; charset=utf-8',
    body: `${server} answers only to localhost:${port}, 127.0.0.1:${port} and [::1]:${port}, not to ${refused}.\n${how}\n`,
  };
}

/** The forged requests both servers must refuse, with the refusal each gets. */
function forged(port: number, path: string, server: string, command: string): [string, string, string | undefined, Answer][] {
  const allow = (name: string): string => `If you opened it under that name yourself (a tunnel or a proxy in front of it), start it with: ${command} --allow-host ${name}`;
  return [
    ['a rebinding domain', path, 'evil.example', refusal(server, port, '"evil.example"', allow('evil.example'))],
    ['a rebinding domain with the port', path, `evil.example:${port}`, refusal(server, port, `"evil.example:${port}"`, allow(`evil.example:${port}`))],
    ['a name starting like 127.0.0.1', path, `127.0.0.1.evil.example:${port}`, refusal(server, port, `"127.0.0.1.evil.example:${port}"`, allow(`127.0.0.1.evil.example:${port}`))],
    ['localhost on another port', path, `localhost:${port + 1}`, refusal(server, port, `"localhost:${port + 1}"`, allow(`localhost:${port + 1}`))],
    ['localhost without the port (port 80)', path, 'localhost', refusal(server, port, '"localhost"', allow('localhost'))],
    [
      'localhost. (trailing dot)',
      path,
      `localhost.:${port}`,
      refusal(server, port, `"localhost.:${port}"`, `To open it under another name (a tunnel or a proxy in front of it), start it with --allow-host NAME: ${command} --allow-host NAME`),
    ],
    [
      'no Host header',
      path,
      undefined,
      refusal(server, port, 'a request without a Host header', `To open it under another name (a tunnel or a proxy in front of it), start it with --allow-host NAME: ${command} --allow-host NAME`),
    ],
    ['an absolute-form target naming another host', `http://evil.example${path}`, `127.0.0.1:${port}`, refusal(server, port, '"evil.example"', allow('evil.example'))],
    ['an absolute-form target with a forged Host', `http://127.0.0.1:${port}${path}`, 'evil.example', refusal(server, port, '"evil.example"', allow('evil.example'))],
    ['an absolute-form https target', `https://127.0.0.1:${port}${path}`, `127.0.0.1:${port}`, refusal(server, port, `"127.0.0.1:${port}"`, allow(`127.0.0.1:${port}`))],
  ];
}

describe('the preview answers only to its own host names', () => {
  let session: WatchSession;
  let allowing: WatchSession;
  let cleanup: () => Promise<void>;
  const vpn = articleUrl('central/network/vpn.md');
  const image = fileUrl('central/network/images/vpn-client.png');

  beforeAll(async () => {
    const project = await makeProject(baseFiles());
    cleanup = project.cleanup;
    const options = { loadConfig: () => loadConfig({ cwd: project.root, env: {} }), port: 0, log: () => undefined };
    session = await startWatch(options);
    allowing = await startWatch({
      ...options,
      allowedHosts: [
        { name: 'preview.example', port: undefined },
        { name: 'tunnel.example', port: 9000 },
      ],
    });
  });

  afterAll(async () => {
    await session?.close();
    await allowing?.close();
    await cleanup?.();
  });

  for (const [route, path] of [
    ['the index', '/'],
    ['an article page', vpn],
    ['a content file', image],
    ['the live-reload stream', EVENTS_ROUTE],
  ] as const) {
    it(`refuses forged hosts on ${route}`, async () => {
      for (const [what, target, host, expected] of forged(session.port, path, 'This halo-kb preview', 'halo-kb watch')) {
        expect(await probe(session.port, target, host), what).toEqual(expected);
      }
    });

    it(`answers localhost, 127.0.0.1 and [::1] with its port on ${route}`, async () => {
      const port = session.port;
      for (const [target, host] of [
        [path, `127.0.0.1:${port}`],
        [path, `localhost:${port}`],
        [path, `LocalHost:${port}`],
        [path, `[::1]:${port}`],
        [`http://localhost:${port}${path}`, `localhost:${port}`],
      ] as const) {
        const answer = await probe(port, target, host);
        expect(answer.status, `${host} ${target}`).toBe(200);
        expect(answer.contentType).toMatch(route === 'a content file' ? /^image\/png/ : route === 'the live-reload stream' ? /^text\/event-stream/ : /^text\/html/);
      }
    });
  }

  it('refuses HEAD the same way, without a body', async () => {
    expect(await probe(session.port, '/', 'evil.example', 'HEAD')).toEqual({ status: 403, contentType: 'text/plain; charset=utf-8', body: '' });
  });

  it('answers the names given with --allow-host, on any port or on the one given, and still no others', async () => {
    const port = allowing.port;
    expect((await probe(port, vpn, 'preview.example')).status).toBe(200);
    expect((await probe(port, vpn, 'Preview.Example:8443')).status).toBe(200);
    expect((await probe(port, vpn, 'tunnel.example:9000')).status).toBe(200);
    expect((await probe(port, vpn, `localhost:${port}`)).status).toBe(200);
    const refused = await probe(port, vpn, 'tunnel.example:9001');
    expect(refused.status).toBe(403);
    expect(refused.body).toBe(
      `This halo-kb preview answers only to localhost:${port}, 127.0.0.1:${port}, [::1]:${port}, preview.example (any port) and tunnel.example:9000, not to "tunnel.example:9001".\n` +
        'If you opened it under that name yourself (a tunnel or a proxy in front of it), start it with: halo-kb watch --allow-host tunnel.example:9001\n',
    );
    expect((await probe(port, vpn, 'sub.preview.example')).status).toBe(403);
    expect((await probe(port, vpn, 'evil.example')).status).toBe(403);
  });
});

describe('the emulator answers only to its own host names', () => {
  let emulator: RunningEmulator;
  let allowing: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
    allowing = await startEmulator({ allowedHosts: [{ name: 'halo.test', port: undefined }] });
  });

  afterAll(async () => {
    await emulator?.close();
    await allowing?.close();
  });

  for (const [route, path] of [
    ['the HTML view', '/'],
    ['an article view', '/kb?id=1'],
    ['the request counts', '/_emulator/stats'],
    ['an attachment download', '/_emulator/attachment/1'],
    ['authinfo', '/api/authinfo'],
    ['the API', '/api/KBArticle'],
  ] as const) {
    it(`refuses forged hosts on ${route}`, async () => {
      for (const [what, target, host, expected] of forged(emulator.port, path, 'This Halo emulator', 'halo-kb emulator')) {
        expect(await probe(emulator.port, target, host), what).toEqual(expected);
      }
    });
  }

  it('refuses a token request for another host, and counts none of the refused requests', async () => {
    emulator.resetStats();
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: emulator.clientId, client_secret: emulator.clientSecret }).toString();
    const answer = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: emulator.port, path: '/auth/token', method: 'POST', setHost: false, headers: { host: 'evil.example', 'content-type': 'application/x-www-form-urlencoded' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(form);
    });
    expect(answer).toBe(403);
    expect(emulator.stats()).toEqual({ total: 0, byKind: {}, byStatus: {} });
  });

  it('answers localhost, 127.0.0.1 and [::1] with its port, and names allowed with --allow-host', async () => {
    const port = emulator.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect((await probe(port, '/api/authinfo', host)).status, host).toBe(200);
      expect((await probe(port, '/', host)).status, host).toBe(200);
    }
    expect((await probe(port, `http://127.0.0.1:${port}/api/authinfo`, `127.0.0.1:${port}`)).status).toBe(200);
    expect((await probe(allowing.port, '/api/authinfo', 'halo.test')).status).toBe(200);
    expect((await probe(allowing.port, '/api/authinfo', 'evil.example')).status).toBe(403);
  });

  it('still serves halo-kb through HALO_URL=http://localhost:PORT', async () => {
    const root = await makeProject({ 'content/central/hello.md': '# Hello\n\nWelcome.\n' });
    const run = await runCli(['publish'], root.root, {
      HALO_URL: `http://localhost:${emulator.port}`,
      HALO_CLIENT_ID: emulator.clientId,
      HALO_CLIENT_SECRET: emulator.clientSecret,
    });
    await root.cleanup();
    expect(run.stderr).toBe('publishing articles: 1/1\n');
    expect(run.code).toBe(0);
    expect(emulator.data().articles.map((a) => a.name)).toContain('Hello');
  });
});

describe('--allow-host on the command line', () => {
  it('is documented in the --help of watch and emulator', async () => {
    for (const command of ['watch', 'emulator']) {
      const run = await runCli([command, '--help'], process.cwd());
      expect(run.code).toBe(0);
      expect(run.stdout.replace(/\s+/g, ' ')).toContain(
        '--allow-host <name> also answer requests addressed to this host name, NAME or NAME:PORT (repeatable); by default only localhost, 127.0.0.1 and [::1] with the port, so web pages cannot reach it through DNS rebinding',
      );
    }
  });

  it.each([['http://preview.example'], ['preview.example/kb'], ['*'], ['preview.example:99999'], ['']])('refuses %j as a usage error', async (value) => {
    for (const command of ['watch', 'emulator']) {
      const run = await runCli([command, '--allow-host', value, '--port', '0'], process.cwd());
      expect(run.code).toBe(64);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `error: option '--allow-host <name>' argument '${value}' is invalid. expected a host name, optionally with :port, such as preview.example or localhost:8080 (no http://, no path).\n(run with --help for usage)\n`,
      );
    }
  });
});
