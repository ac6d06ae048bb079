/**
 * An upload whose reply was lost is looked up (article, file name, size) before it is sent again:
 * stored once, and never confused with another version of the file. Both attachment modes, against
 * the emulator over 127.0.0.1.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { articleHtml, harness, rejection, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const MODES = ['inline', 'attachment-endpoint'] as const;
const uploadPath = (mode: (typeof MODES)[number]): string => (mode === 'inline' ? '/api/kbarticle' : '/api/attachment');

async function setup(mode: (typeof MODES)[number]): Promise<Harness & { articleId: number }> {
  h = await harness({}, { attachmentMode: mode });
  const [list] = await h.client.saveFaqLists([{ name: 'Central', showForAll: false }]);
  const [article] = await h.client.saveArticles([{ key: 'vpn', name: 'VPN', html: articleHtml('vpn'), faqListIds: [list!.id] }]);
  return { ...h, articleId: article!.id };
}

describe('an upload whose reply was lost', () => {
  test.each(MODES)('%s: is found in Halo and not sent again', async (mode) => {
    const s = await setup(mode);
    s.emulator.injectFault({ kind: 'lost-reply', method: 'POST', path: uploadPath(mode) });
    const uploaded = await s.client.uploadAttachment({ articleId: s.articleId, filename: 'diagram.png', data: Buffer.from('new diagram') });
    const stored = s.emulator.data().attachments;
    expect(stored.map((a) => [a.filename, a.unique_id])).toEqual([['diagram.png', s.articleId]]);
    expect(uploaded.id).toBe(stored[0]!.id);
    expect(s.events).toContainEqual({ type: 'recover-create', what: 'attachment', names: ['diagram.png'] });
  });

  test.each(MODES)('%s: an older file of the same name but another size is not taken for it', async (mode) => {
    const s = await setup(mode);
    const old = await s.client.uploadAttachment({ articleId: s.articleId, filename: 'diagram.png', data: Buffer.from('the old diagram, longer') });
    // Cut before Halo does anything: nothing stored, so the lookup must not settle for the old file.
    s.emulator.injectFault({ kind: 'drop', method: 'POST', path: uploadPath(mode) });
    const uploaded = await s.client.uploadAttachment({ articleId: s.articleId, filename: 'diagram.png', data: Buffer.from('new diagram') });
    expect(uploaded.id).not.toBe(old.id);
    expect(s.emulator.data().attachments.map((a) => [a.id, a.filesize])).toEqual([
      [old.id, 23],
      [uploaded.id, 11],
    ]);
  });

  test.each(MODES)('%s: a file of the same name and size known to be another version is not taken for it', async (mode) => {
    const s = await setup(mode);
    const old = await s.client.uploadAttachment({ articleId: s.articleId, filename: 'diagram.png', data: Buffer.from('diagram v1') });
    s.emulator.injectFault({ kind: 'drop', method: 'POST', path: uploadPath(mode) });
    const uploaded = await s.client.uploadAttachment({ articleId: s.articleId, filename: 'diagram.png', data: Buffer.from('diagram v2'), otherIds: [old.id!] });
    expect(uploaded.id).not.toBe(old.id);
    expect(s.emulator.data().attachments).toHaveLength(2);
  });

  test('says so when the lookup itself fails, and stores nothing twice', async () => {
    const s = await setup('attachment-endpoint');
    s.emulator.injectFault({ kind: 'lost-reply', method: 'POST', path: '/api/attachment' });
    // Every read of the article's attachments fails (the client retries twice).
    s.emulator.injectFault({ kind: 'error', method: 'GET', path: '/api/attachment', times: 3 });
    const error = await rejection(s.client.uploadAttachment({ articleId: s.articleId, filename: 'diagram.png', data: Buffer.from('new diagram') }));
    expect(error.message).toBe(
      `The reply to uploading "diagram.png" to article ${s.articleId} was lost, and the article's attachments could not be read to see whether Halo stored it: Halo failed to list the attachments of article ${s.articleId} (503 Service Unavailable on GET /api/Attachment): Halo said "The service is temporarily unavailable.".`,
    );
    expect(error.hint).toBe('Run publish again: it looks for the file in Halo before uploading it, so it is not stored twice.');
    expect(s.emulator.data().attachments).toHaveLength(1);
  });
});
