/** Articles, FAQ lists and attachments through the client, against the emulator. */
import { afterEach, describe, expect, test } from 'vitest';
import type { HaloClient } from '../../src/halo/client.js';
import type { EmulatorOptions } from '../../src/halo/emulator/options.js';
import type { HaloClientOptions } from '../../src/halo/client-options.js';
import { articleHtml, harness, rejection, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(emulator: EmulatorOptions = {}, client: Partial<HaloClientOptions> = {}): Promise<Harness & { groupId: number; listId: number }> {
  h = await harness(emulator, client);
  const [group] = await h.client.saveFaqLists([{ name: 'Knowledge Base (docs)', isGroup: true, showForAll: false, thirdPartyId: 'halo-kb:group' }]);
  const [list] = await h.client.saveFaqLists([{ name: 'Central', groupId: group!.id, showForAll: false, thirdPartyId: 'halo-kb:central' }]);
  h.emulator.resetStats();
  h.client.resetRequestCounts();
  return { ...h, groupId: group!.id, listId: list!.id };
}

function write(key: string, listId: number, name = `Article ${key}`) {
  return { key, name, html: articleHtml(key), faqListIds: [listId] };
}

function articleCount(client: HaloClient, listId: number): Promise<number> {
  return client.listArticles({ faqListId: listId, includeInactive: true }).then((rows) => rows.length);
}

describe('saving articles', () => {
  test('creates and updates in one call, results in input order, every field written', async () => {
    const s = await setup({}, { batchSize: 10 });
    const [first] = await s.client.saveArticles([write('vpn', s.listId, 'Reset a VPN token')]);
    expect(first).toMatchObject({ id: 1, name: 'Reset a VPN token', key: 'vpn', action: 'created', resolved: false });
    const before = (await s.client.getArticle(1))!.date_edited!;
    const saved = await s.client.saveArticles([
      write('printers', s.listId, 'Add a printer'),
      { ...write('vpn', s.listId, 'Reset a VPN token (v2)'), id: 1, tags: ['vpn', 'remote'], clientIds: [2], inactive: false, showForAll: true, nextReviewDate: '2026-01-01T00:00:00Z' },
      write('wifi', s.listId, 'Join the guest wifi'),
    ]);
    expect(saved.map((x) => [x.id, x.action, x.key])).toEqual([
      [2, 'created', 'printers'],
      [1, 'updated', 'vpn'],
      [3, 'created', 'wifi'],
    ]);
    const vpn = await s.client.getArticle(1);
    expect(vpn).toMatchObject({
      name: 'Reset a VPN token (v2)',
      description: articleHtml('vpn'),
      description_html: articleHtml('vpn'),
      faqlists: [{ id: s.listId, name: 'Central' }],
      tags: [{ text: 'vpn' }, { text: 'remote' }],
      kbentryclientaccess: [{ client_id: 2, client_name: 'Fabrikam Inc' }],
      showforall: true,
      next_review_date: '2026-01-01T00:00:00Z',
    });
    expect(vpn!.date_edited! > before).toBe(true);
    expect(await s.client.getArticle(99)).toBeUndefined();
  });

  test('batches by count and by size', async () => {
    const s = await setup({}, { batchSize: 2, batchMaxKb: 1 });
    const writes = ['a', 'b', 'c', 'd', 'e'].map((k) => write(k, s.listId));
    writes[4]!.html = articleHtml('e', `<p>${'x'.repeat(1500)}</p>`);
    const saved = await s.client.saveArticles(writes);
    expect(saved.map((x) => x.id)).toEqual([1, 2, 3, 4, 5]);
    expect(s.emulator.stats().byKind['POST /api/kbarticle']).toBe(3);
  });

  test.each(['empty', 'first'] as const)('a batch whose reply is %s gets its ids by listing the FAQ list', async (saveReply) => {
    const s = await setup({ saveReply });
    const saved = await s.client.saveArticles([write('a', s.listId), write('b', s.listId), write('c', s.listId)]);
    expect(saved.map((x) => [x.key, x.id])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect(saved.filter((x) => x.resolved).map((x) => x.key)).toEqual(saveReply === 'empty' ? ['a', 'b', 'c'] : ['b', 'c']);
    expect(s.emulator.stats().byKind).toEqual({ 'GET /api/kbarticle': 1, 'POST /api/kbarticle': 1 });
  });

  test('list rows without a body are read one by one to find the key marker', async () => {
    const s = await setup({ saveReply: 'empty', listRowBodies: false });
    // An article of the same name, written by hand in Halo with another key, must not be taken.
    await s.client.saveArticles([{ ...write('other', s.listId, 'Same name'), key: 'other' }]);
    s.emulator.resetStats();
    const saved = await s.client.saveArticles([write('mine', s.listId, 'Same name')]);
    expect(saved[0]).toMatchObject({ id: 2, key: 'mine', resolved: true });
    expect(s.emulator.stats().byKind['GET /api/kbarticle/:id']).toBe(2);
  });

  test('a create that times out after Halo stored it is found, not sent again', async () => {
    const s = await setup({}, { timeoutSeconds: 0.5 });
    s.emulator.injectFault({ kind: 'timeout', method: 'POST', path: '/api/kbarticle' });
    const saved = await s.client.saveArticles([write('a', s.listId), write('b', s.listId)]);
    expect(saved.map((x) => [x.id, x.action, x.resolved])).toEqual([
      [1, 'created', true],
      [2, 'created', true],
    ]);
    expect(s.emulator.data().articles).toHaveLength(2);
    expect(s.emulator.stats().byKind['POST /api/kbarticle']).toBe(1);
    expect(s.events).toContainEqual({ type: 'recover-create', what: 'articles', names: ['Article a', 'Article b'] });
  });

  test('a create that failed before Halo stored it is sent again, once', async () => {
    const s = await setup();
    s.emulator.injectFault({ kind: 'error', method: 'POST', path: '/api/kbarticle', status: 502 });
    const saved = await s.client.saveArticles([write('a', s.listId)]);
    expect(saved[0]).toMatchObject({ id: 1, action: 'created', resolved: false });
    expect(s.emulator.stats().byKind['POST /api/kbarticle']).toBe(2);
    expect(await articleCount(s.client, s.listId)).toBe(1);
  });

  test('a dropped connection during a create is recovered without a duplicate', async () => {
    const s = await setup();
    s.emulator.injectFault({ kind: 'drop', method: 'POST', path: '/api/kbarticle' });
    await s.client.saveArticles([write('a', s.listId)]);
    expect(s.emulator.data().articles).toHaveLength(1);
  });

  test('updates are retried after a server error (an update with an id is idempotent)', async () => {
    const s = await setup();
    await s.client.saveArticles([write('a', s.listId)]);
    s.emulator.injectFault({ kind: 'error', method: 'POST', path: '/api/kbarticle', times: 2 });
    const [updated] = await s.client.saveArticles([{ ...write('a', s.listId, 'Renamed'), id: 1 }]);
    expect(updated).toMatchObject({ id: 1, action: 'updated' });
    expect((await s.client.getArticle(1))?.name).toBe('Renamed');
  });

  test('400 when the parent FAQ list is not set for grouping says which setting to change', async () => {
    h = await harness();
    const [parent] = await h.client.saveFaqLists([{ name: 'Docs', showForAll: false }]);
    const [child] = await h.client.saveFaqLists([{ name: 'Central', groupId: parent!.id, showForAll: false }]);
    const error = await rejection(h.client.saveArticles([write('a', child!.id, 'Reset a VPN token')]));
    expect(error.code).toBe('HALO_ARTICLE_REJECTED');
    expect(error.message).toBe(
      'Halo rejected the request to create the article "Reset a VPN token" (400 Bad Request on POST /api/KBArticle): Halo said "The FAQ Group of FAQ list "Central" is not set to "Use this FAQ list for grouping other FAQ lists".".',
    );
    expect(error.hint).toBe(
      'Usually the article\'s FAQ list sits under a parent that is not set for grouping: in Halo, open the parent FAQ list and tick "Use this FAQ list for grouping other FAQ lists", and make each child name it as its FAQ Group. Also check "Allow Articles to be added to FAQ Lists" under Configuration > Knowledge Base.',
    );
    expect(h.emulator.stats().byKind['POST /api/kbarticle']).toBe(1);
  });

  test('500 from AI duplicate detection names the Halo setting, after looking for a stored copy', async () => {
    const s = await setup({ aiDuplicateDetection: true }, { retry: { retries: 0 } });
    const error = await rejection(s.client.saveArticles([write('a', s.listId), write('b', s.listId)]));
    expect(error.code).toBe('HALO_ARTICLE_SERVER_ERROR');
    expect(error.message).toBe('Halo failed to create 2 articles (500 Internal Server Error on POST /api/KBArticle): Halo said "An error occurred while processing your request.".');
    expect(error.hint).toBe(
      'With correct permissions this is Halo\'s "AI duplicate detection when creating Articles based on the AI generated summary": turn it off in Halo\'s knowledge-base configuration, then publish again.',
    );
    expect(s.emulator.stats().byKind).toEqual({ 'GET /api/kbarticle': 1, 'POST /api/kbarticle': 1 });
  });

  test('403 on writes names the edit:kb permission and the role settings', async () => {
    h = await harness({ scopes: ['read:kb'] });
    const error = await rejection(h.client.saveFaqLists([{ name: 'Docs', isGroup: true, showForAll: false }]));
    expect(error.code).toBe('HALO_FORBIDDEN');
    expect(error.message).toBe('Halo refused to create the FAQ list "Docs" (403 Forbidden on POST /api/FAQLists): Halo said "The API application\'s token does not have the edit:kb permission.".');
    expect(error.hint).toBe(
      'Give the API application the edit:kb permission, and the agent it logs in as a role with "Knowledge Base Access: Read, Modify, Delete" and "Can create FAQ lists: Yes"; also turn on "Allow Articles to be added to FAQ Lists" under Configuration > Knowledge Base.',
    );
  });

  test('403 on reads names the read:kb permission', async () => {
    h = await harness({ scopes: ['read:customers'] }, { readCustomers: true });
    const error = await rejection(h.client.listArticles());
    expect(error.message).toBe('Halo refused to list knowledge-base articles (403 Forbidden on GET /api/KBArticle): Halo said "The API application\'s token does not have the read:kb permission.".');
    expect(error.hint).toBe('Give the API application the read:kb permission, and the agent it logs in as a role with "Knowledge Base Access: Read".');
  });
});

describe('reading and deleting', () => {
  test('all pages are read; inactive articles only when asked', async () => {
    const s = await setup({}, { pageSize: 10, batchSize: 50 });
    const writes = Array.from({ length: 23 }, (_, i) => ({ ...write(`k${i}`, s.listId), inactive: i === 22 }));
    await s.client.saveArticles(writes);
    s.emulator.resetStats();
    const all = await s.client.listArticles({ faqListId: s.listId, includeInactive: true });
    expect(all.map((a) => a.id)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(s.emulator.stats().byKind['GET /api/kbarticle']).toBe(3);
    expect(await s.client.listArticles({ faqListId: s.listId })).toHaveLength(22);
    expect((await s.client.listArticles({ search: 'k21' })).map((a) => a.name)).toEqual(['Article k21']);
  });

  test('a server that serves shorter pages than asked for is followed to the last row', async () => {
    const s = await setup({ maxPageSize: 10 }, { pageSize: 1000, batchSize: 50 });
    await s.client.saveArticles(Array.from({ length: 25 }, (_, i) => write(`k${i}`, s.listId)));
    s.emulator.resetStats();
    const all = await s.client.listArticles({ faqListId: s.listId, includeInactive: true });
    expect(all.map((a) => a.id)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // A first page of 10 where 1000 were asked for, then pages of 10: 3 requests in all.
    expect(s.emulator.stats().byKind['GET /api/kbarticle']).toBe(3);
  });

  test('server errors on reads are retried', async () => {
    const s = await setup();
    s.emulator.injectFault({ kind: 'error', method: 'GET', path: '/api/faqlists', times: 2 });
    expect(await s.client.listFaqLists()).toHaveLength(2);
    expect(s.emulator.stats().byKind['GET /api/faqlists']).toBe(3);
    s.emulator.injectFault({ kind: 'error', method: 'GET', path: '/api/faqlists', times: 3 });
    const error = await rejection(s.client.listFaqLists());
    expect(error.message).toBe('Halo failed to list FAQ lists (503 Service Unavailable on GET /api/FAQLists): Halo said "The service is temporarily unavailable.".');
  });

  test('a read that times out is retried, and reported when it keeps timing out', async () => {
    const s = await setup({}, { timeoutSeconds: 0.3, retry: { retries: 1, backoffBaseMs: 10 } });
    s.emulator.injectFault({ kind: 'timeout', method: 'GET', path: '/api/faqlists' });
    expect(await s.client.listFaqLists()).toHaveLength(2);
    s.emulator.injectFault({ kind: 'timeout', method: 'GET', path: '/api/faqlists', times: 2 });
    const error = await rejection(s.client.listFaqLists());
    expect(error.code).toBe('HALO_TIMEOUT');
    expect(error.message).toBe(`Halo did not answer GET ${s.emulator.url}/api/FAQLists within 0.3 s.`);
    expect(error.hint).toBe('Timeouts against Halo are usually transient: run the command again. If it keeps happening, raise halo.timeout_seconds.');
  });

  test('delete: 403 is an expected result, not an error', async () => {
    const s = await setup();
    await s.client.saveArticles([write('a', s.listId)]);
    expect(await s.client.deleteArticle(1)).toEqual({
      kind: 'forbidden',
      id: 1,
      message: 'Halo does not allow deleting articles through the API; the article stays',
    });
    s.emulator.configure({ forbidArticleDelete: false });
    expect(await s.client.deleteArticle(1)).toEqual({ kind: 'deleted', id: 1 });
    expect(await s.client.deleteArticle(1)).toEqual({ kind: 'not-found', id: 1 });
  });
});

describe('FAQ lists', () => {
  test('a grouping list and children, "show for all users" explicit, found again by third_party_id', async () => {
    h = await harness({ saveReply: 'empty' });
    const [group] = await h.client.saveFaqLists([{ name: 'Docs', isGroup: true, showForAll: false, thirdPartyId: 'halo-kb:group' }]);
    const children = await h.client.saveFaqLists([
      { name: 'Central', groupId: group!.id, showForAll: true, thirdPartyId: 'halo-kb:central' },
      { name: 'Contoso Ltd', groupId: group!.id, showForAll: false, thirdPartyId: 'halo-kb:company:contoso' },
    ]);
    expect(children.map((c) => [c.id, c.name, c.group_id, c.showforall, c.third_party_id])).toEqual([
      [2, 'Central', 1, true, 'halo-kb:central'],
      [3, 'Contoso Ltd', 1, false, 'halo-kb:company:contoso'],
    ]);
    const [renamed] = await h.client.saveFaqLists([{ id: 3, name: 'Contoso', groupId: 1, showForAll: false, thirdPartyId: 'halo-kb:company:contoso' }]);
    expect(renamed).toMatchObject({ id: 3, name: 'Contoso' });
    const lists = await h.client.listFaqLists();
    expect(lists.map((l) => [l.id, l.is_group, l.group_id])).toEqual([
      [1, true, 0],
      [2, false, 1],
      [3, false, 1],
    ]);
  });

  test('a FAQ list create that timed out after being stored is not created twice', async () => {
    h = await harness({}, { timeoutSeconds: 0.4 });
    h.emulator.injectFault({ kind: 'timeout', method: 'POST', path: '/api/faqlists' });
    const [group] = await h.client.saveFaqLists([{ name: 'Docs', isGroup: true, showForAll: false, thirdPartyId: 'halo-kb:group' }]);
    expect(group?.id).toBe(1);
    expect(h.emulator.data().faqLists).toHaveLength(1);
  });
});

describe('attachments', () => {
  test.each(['inline', 'attachment-endpoint'] as const)('%s: upload, link to the article, list it back', async (attachmentMode) => {
    const s = await setup({}, { attachmentMode });
    await s.client.saveArticles([write('a', s.listId)]);
    const data = Buffer.from('%PDF-1.7 fake pdf');
    const uploaded = await s.client.uploadAttachment({ articleId: 1, filename: 'guide.pdf', data });
    expect(uploaded).toEqual({ id: 1, articleId: 1, filename: 'guide.pdf', mode: attachmentMode });
    expect((await s.client.listArticleAttachments(1)).map((a) => [a.id, a.filename, a.filesize])).toEqual([[1, 'guide.pdf', data.byteLength]]);
    const raw = await fetch(`${s.emulator.url}/_emulator/attachment/1`);
    expect(Buffer.from(await raw.arrayBuffer()).equals(data)).toBe(true);
  });

  test('an upload whose reply was lost is found rather than sent twice', async () => {
    const s = await setup({}, { attachmentMode: 'attachment-endpoint', timeoutSeconds: 0.4 });
    await s.client.saveArticles([write('a', s.listId)]);
    s.emulator.injectFault({ kind: 'timeout', method: 'POST', path: '/api/attachment' });
    const uploaded = await s.client.uploadAttachment({ articleId: 1, filename: 'a.png', data: Buffer.from('png') });
    expect(uploaded.id).toBe(1);
    expect(s.emulator.data().attachments).toHaveLength(1);
  });

  test("files over the limit are refused before upload, and Halo's own refusal is explained", async () => {
    const s = await setup({ attachmentLimitBytes: 1000 }, { maxAttachmentBytes: 2 * 1024 * 1024, attachmentMode: 'inline' });
    await s.client.saveArticles([write('a', s.listId)]);
    const big = await rejection(s.client.uploadAttachment({ articleId: 1, filename: 'huge.pdf', data: new Uint8Array(3 * 1024 * 1024) }));
    expect(big.code).toBe('HALO_ATTACHMENT_TOO_LARGE');
    expect(big.message).toBe('"huge.pdf" is 3.0 MB, over Halo\'s attachment limit of 2.0 MB; it was not uploaded.');
    const refused = await rejection(s.client.uploadAttachment({ articleId: 1, filename: 'medium.pdf', data: new Uint8Array(5000) }));
    expect(refused.code).toBe('HALO_ATTACHMENT_REJECTED');
    expect(refused.message).toBe(
      'Halo rejected the request to upload "medium.pdf" to article 1 (400 Bad Request on POST /api/KBArticle): Halo said "The file medium.pdf is larger than the maximum attachment size of 1000 bytes.".',
    );
  });
});
