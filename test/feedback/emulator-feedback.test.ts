/**
 * The emulator's feedback control route: readers' views and votes and a reviewer's date set on an
 * article, sent back in its details (and in list rows with listRowCounters), in the forms a test
 * asks for.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';
import type { EmulatorOptions } from '../../src/halo/emulator/options.js';
import { emulatorOptions } from '../../src/commands/emulator.js';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function emulatorWithArticle(options: EmulatorOptions = {}): Promise<{ emulator: RunningEmulator; token: string; id: number }> {
  const emulator = await startEmulator(options);
  running.push(emulator);
  const res = await fetch(`${emulator.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emulator.clientId, client_secret: emulator.clientSecret, scope: 'all' }).toString(),
  });
  const token = ((await res.json()) as { access_token: string }).access_token;
  const saved = await fetch(`${emulator.url}/api/KBArticle`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ name: 'Reset a password', description: '<p>Steps</p>' }]),
  });
  const [article] = (await saved.json()) as { id: number }[];
  return { emulator, token, id: article?.id ?? 0 };
}

function control(emulator: RunningEmulator, path: string, body: unknown, auth = `Bearer ${emulator.controlToken}`): Promise<Response> {
  return fetch(`${emulator.url}/_emulator/${path}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function read(emulator: RunningEmulator, token: string, path: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${emulator.url}/api/${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, unknown>;
}

describe('POST /_emulator/feedback/{id}', () => {
  it('sets views, votes and the review date as given, without editing the article; list rows carry the counters only when switched on', async () => {
    const { emulator, token, id } = await emulatorWithArticle();
    const before = await read(emulator, token, `KBArticle/${id}`);
    expect(before).toMatchObject({ view_count: 0, useful_count: 0, notuseful_count: 0, next_review_date: null });
    const set = await control(emulator, `feedback/${id}`, { view_count: '12', useful_count: null, notuseful_count: -1, next_review_date: '1900-01-01T00:00:00' });
    expect(set.status).toBe(200);
    const after = await read(emulator, token, `KBArticle/${id}`);
    expect(after).toMatchObject({ view_count: '12', useful_count: null, notuseful_count: -1, next_review_date: '1900-01-01T00:00:00', date_edited: before['date_edited'] });
    const [row] = (await read(emulator, token, 'KBArticle')).articles as Record<string, unknown>[];
    expect(row).not.toHaveProperty('view_count');
    emulator.configure({ listRowCounters: true });
    const [counted] = (await read(emulator, token, 'KBArticle')).articles as Record<string, unknown>[];
    expect(counted).toMatchObject({ view_count: '12', useful_count: null, notuseful_count: -1 });
    await control(emulator, `feedback/${id}`, { omit: ['view_count', 'next_review_date'] });
    const omitted = await read(emulator, token, `KBArticle/${id}`);
    expect(omitted).not.toHaveProperty('view_count');
    expect(omitted).not.toHaveProperty('next_review_date');
    expect(omitted).toHaveProperty('useful_count', null);
  });

  it('refuses unknown fields, values of the wrong type, unknown articles and requests without the control token', async () => {
    const { emulator, id } = await emulatorWithArticle();
    const unknown = await control(emulator, `feedback/${id}`, { views: 3 });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Unknown feedback fields: views; known: view_count, useful_count, notuseful_count, next_review_date, omit.');
    const wrong = await control(emulator, `feedback/${id}`, { useful_count: [1] });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('useful_count must be a number, a string or null.');
    const omit = await control(emulator, `feedback/${id}`, { omit: ['name'] });
    expect(omit.status).toBe(400);
    expect(await omit.text()).toContain('\\"omit\\" must be a list of: view_count, useful_count, notuseful_count, next_review_date.');
    expect((await control(emulator, 'feedback/999', { view_count: 1 })).status).toBe(404);
    expect((await control(emulator, `feedback/${id}`, { view_count: 1 }, 'Bearer not-the-token')).status).toBe(401);
  });
});

describe('halo-kb emulator --list-row-counters', () => {
  it('turns the counters in list rows on; they are off without it', () => {
    expect(emulatorOptions({ listRowCounters: true }, '/tmp')).toMatchObject({ listRowCounters: true });
    expect(emulatorOptions({}, '/tmp')).not.toHaveProperty('listRowCounters');
  });
});
