/**
 * Secret-echo probes: a server that echoes what it was sent (the token request's form body, the
 * request headers with the bearer token) and the client secret in every encoding, in its error
 * replies, as JSON, as plain text and as an HTML page. Whatever halo-kb prints, reports or records,
 * no form of the secret or the token appears in it.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { clearSecrets } from '../../src/secrets.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';
import { leakedForms, secretForms } from './secret-forms.js';

const SECRET = `s3cr3t "quoted" back\\slash (x)!'~* spaced Ünïcødé ☃ 𝄞 &<end>`;
const CLIENT_ID = 'halo-kb probe';
const TOKEN = 'a91f0c33d2e84b7c9e1f00d4b6a2c8e7';

type Mode = 'token-json' | 'token-text' | 'token-html' | 'api-echo' | 'list-echo';

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});
// Each run registers the secret again from its environment; start every test from none.
afterEach(() => clearSecrets());

const FORMS = secretForms(SECRET, CLIENT_ID);
type Form = keyof typeof FORMS;

/**
 * What the probe echoes: the secret in one form first (messages quote only the start of a reply),
 * then the bearer token, the body and the headers it received.
 */
function echo(form: Form, req: IncomingMessage, body: string): string {
  return `${FORMS[form]} | ${req.headers.authorization ?? 'no token'} | you sent ${body} | headers ${JSON.stringify(req.headers)}`;
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

async function probe(mode: Mode, form: Form): Promise<string> {
  let origin = '';
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const route = `${req.method ?? ''} ${(req.url ?? '').replace(/\?.*$/, '').toLowerCase()}`;
      const json = (status: number, value: unknown): void => reply(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
      if (route === 'GET /api/authinfo') return json(200, { auth_url: `${origin}/auth`, tenant_id: 'probe' });
      if (route === 'POST /auth/token') {
        if (mode === 'token-json') return json(400, { error: 'invalid_request', error_description: echo(form, req, body) });
        if (mode === 'token-text') return reply(res, 400, 'text/plain', echo(form, req, body));
        if (mode === 'token-html') {
          const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
          return reply(res, 401, 'text/html', `<html><head><title>Denied: ${escapeText(SECRET)}</title></head><body><p>${escapeText(echo(form, req, body))}</p></body></html>`);
        }
        return json(200, { access_token: TOKEN, token_type: 'Bearer', expires_in: 3600, scope: 'read:kb edit:kb' });
      }
      if (route === 'GET /api/faqlists') return json(200, []);
      if (route === 'GET /api/kbarticle') {
        if (mode === 'list-echo') return reply(res, 200, 'text/plain', echo(form, req, body));
        return json(200, { record_count: 0, articles: [] });
      }
      // Writes fail with everything echoed, in the {ClassName, Message} shape Halo uses.
      return json(400, { ClassName: 'HaloApiException', Message: echo(form, req, body) });
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return origin;
}

const FILES = {
  'content/central/network/vpn.md': '---\ntitle: Connecting to the VPN\n---\n\nInstall the client.\n',
  'content/central/network/wifi.md': '# Office Wi-Fi\n\nJoin CORP-SECURE.\n',
};

async function run(mode: Mode, form: Form, ...argv: string[]): Promise<{ code: number; output: string; root: string }> {
  const url = await probe(mode, form);
  const root = await makeProject(FILES);
  const result = await runCli(argv, root, { HALO_URL: url, HALO_CLIENT_ID: CLIENT_ID, HALO_CLIENT_SECRET: SECRET, HALO_KB_DEBUG: '1' });
  return { code: result.code, output: `${result.stdout}\n${result.stderr}`, root };
}

/**
 * The secret masked: `***`; where it was echoed base64-encoded, after the client id's base64 (as in
 * Basic auth) and before at most a few characters (a byte of the secret's end, and padding).
 */
const MASKED = /[A-Za-z0-9+/_-]*\*\*\*[A-Za-z0-9+/=_-]{0,3}/;

function expectNoSecret(text: string): void {
  expect(leakedForms(text, SECRET, CLIENT_ID)).toEqual([]);
  expect(text).not.toContain(TOKEN);
}

const ALL = Object.keys(FORMS) as Form[];

describe.each(ALL)('a server echoing the secret back, %s', (form) => {
  it.each(['token-json', 'token-text', 'token-html'] as const)('in its reply to the token request (%s)', async (mode) => {
    for (const command of [['plan'], ['publish', '--json'], ['doctor']]) {
      const { code, output } = await run(mode, form, ...command);
      expect(code).toBe(3);
      const said =
        mode === 'token-html'
          ? /titled "Denied: \*\*\*"/
          : new RegExp(`Halo said "${MASKED.source} \\| no token \\| you sent grant_type=client_credentials&client_id=halo-kb\\+probe&client_secret=\\*\\*\\*&scope=`);
      expect(output).toMatch(said);
      expectNoSecret(output);
    }
  });

  it('in its replies to writes: output, JSON report and state manifest stay clean', async () => {
    const { code, output, root } = await run('api-echo', form, 'publish', '--out', 'report.json');
    expect(code).toBe(1);
    expect(output).toContain('failed: content/central/network/vpn.md "Connecting to the VPN": not written: its FAQ lists could not be saved');
    expectNoSecret(output);
    for (const file of ['report.json', 'state/manifest.json']) {
      const text = await readFile(path.join(root, ...file.split('/')), 'utf8');
      expect(text).toMatch(new RegExp(`Halo said \\\\"${MASKED.source} \\| Bearer \\*\\*\\* \\| you sent`));
      expectNoSecret(text);
    }
    expectNoSecret((await run('api-echo', form, 'publish', '--json')).output);
  });
});

describe('a damaged listing answered with 200 that echoes the secret', () => {
  it('is quoted with every form of the secret masked', async () => {
    // Each run waits through the retries; the forms run side by side.
    const runs = await Promise.all(ALL.map((form) => run('list-echo', form, 'plan')));
    for (const { code, output } of runs) {
      expect(code).toBe(3);
      expect(output).toMatch(new RegExp(`error: Could not list knowledge-base articles: GET /api/KBArticle \\(page 1\\) answered 200 OK with a body that is not JSON: "${MASKED.source} \\| Bearer `));
      expectNoSecret(output);
    }
  }, 20_000);
});
