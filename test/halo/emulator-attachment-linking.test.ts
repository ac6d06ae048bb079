/**
 * The emulator's `--attachment-linking`: which of the two plausible ways of attaching a file to a KB
 * article it honours. The other way is still answered 200, and leaves behind what a Halo that
 * ignores unknown fields would: nothing (inline), or a file linked to no article (endpoint).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { emulatorOptions } from '../../src/commands/emulator.js';
import type { AttachmentLinking } from '../../src/halo/emulator/options.js';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function session(linking?: AttachmentLinking): Promise<{ e: RunningEmulator; call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> }> {
  const e = await startEmulator(linking === undefined ? {} : { attachmentLinking: linking });
  running.push(e);
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: e.clientId, client_secret: e.clientSecret, scope: 'all' });
  const { access_token: token } = (await (await fetch(`${e.url}/auth/token`, { method: 'POST', body: form })).json()) as { access_token: string };
  return {
    e,
    async call(method, path, body) {
      const res = await fetch(`${e.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
  };
}

const file = (filename: string): Record<string, unknown> => ({ filename, data_base64: Buffer.from(filename).toString('base64') });

/** Upload one file each way to a new article; what the article lists, and what Halo stored. */
async function bothWays(linking?: AttachmentLinking): Promise<{ statuses: number[]; listed: string[]; byListing: string[]; stored: [string, boolean][] }> {
  const s = await session(linking);
  await s.call('POST', '/api/FAQLists', [{ name: 'Docs', showforall: false }]);
  await s.call('POST', '/api/KBArticle', [{ name: 'VPN', description_html: '<p>x</p>', faqlists: [{ id: 1 }] }]);
  const endpoint = await s.call('POST', '/api/Attachment', [{ ...file('endpoint.png'), type: 2, unique_id: 1 }]);
  const inline = await s.call('POST', '/api/KBArticle', [{ id: 1, attachments: [file('inline.png')] }]);
  const detail = (await s.call('GET', '/api/KBArticle/1?includedetails=true')).json as { attachments: { filename: string }[] };
  const listing = (await s.call('GET', '/api/Attachment?type=2&unique_id=1')).json as { attachments: { filename: string }[] };
  return {
    statuses: [endpoint.status, inline.status],
    listed: detail.attachments.map((a) => a.filename),
    byListing: listing.attachments.map((a) => a.filename),
    stored: s.e.data().attachments.map((a) => [a.filename, a.linked !== false]),
  };
}

describe('--attachment-linking', () => {
  test('both (the default): either way links the file to the article', async () => {
    expect(await bothWays()).toEqual({
      statuses: [200, 200],
      listed: ['endpoint.png', 'inline.png'],
      byListing: ['endpoint.png', 'inline.png'],
      stored: [
        ['endpoint.png', true],
        ['inline.png', true],
      ],
    });
  });

  test('inline: a file sent to /Attachment is accepted and stored, but linked to no article', async () => {
    expect(await bothWays('inline')).toEqual({
      statuses: [200, 200],
      listed: ['inline.png'],
      // Its type and unique_id are kept, so a listing by them still finds it: only the article tells.
      byListing: ['endpoint.png', 'inline.png'],
      stored: [
        ['endpoint.png', false],
        ['inline.png', true],
      ],
    });
  });

  test('endpoint: a file inside the article write is accepted and dropped; the article is saved', async () => {
    expect(await bothWays('endpoint')).toEqual({
      statuses: [200, 200],
      listed: ['endpoint.png'],
      byListing: ['endpoint.png'],
      stored: [['endpoint.png', true]],
    });
  });

  test('the flag becomes the option; an unknown way is a usage error naming the choices', async () => {
    expect(emulatorOptions({ memory: true, attachmentLinking: 'endpoint' }, '/p')).toEqual({ port: 8765, attachmentLinking: 'endpoint' });
    const bad = await runCli(['emulator', '--attachment-linking', 'attachments'], await makeProject({}));
    expect(bad.code).toBe(64);
    expect(bad.stderr).toBe('error: --attachment-linking must be one of inline, endpoint, both, not "attachments".\n  Example: --attachment-linking endpoint\n');
  });
});
