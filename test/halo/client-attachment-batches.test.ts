/**
 * Files of several articles in one `POST /Attachment` (attachment-endpoint mode, or auto once it
 * has found that way): each file stored once and matched to its Halo id whatever the reply holds,
 * requests kept under the size bound, and lost replies and refusals settled file by file.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { EmulatorOptions } from '../../src/halo/emulator/options.js';
import type { HaloClientOptions } from '../../src/halo/client-options.js';
import type { AttachmentUpload } from '../../src/halo/types.js';
import type { UploadSettled } from '../../src/halo/upload-attachments.js';
import { articleHtml, harness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(emulator: EmulatorOptions = {}, client: Partial<HaloClientOptions> = { attachmentMode: 'attachment-endpoint' }): Promise<Harness & { ids: number[] }> {
  h = await harness(emulator, client);
  const [list] = await h.client.saveFaqLists([{ name: 'Central', showForAll: false }]);
  const saved = await h.client.saveArticles(['vpn', 'wifi', 'printers'].map((key) => ({ key, name: key, html: articleHtml(key), faqListIds: [list!.id] })));
  return { ...h, ids: saved.map((s) => s.id) };
}

async function uploadAll(s: Harness, uploads: AttachmentUpload[]): Promise<{ requests: UploadSettled[][]; byIndex: UploadSettled[] }> {
  const requests: UploadSettled[][] = [];
  for await (const settled of s.client.uploadAttachments(uploads)) requests.push(settled);
  return { requests, byIndex: requests.flat().sort((a, b) => a.index - b.index) };
}

function files(ids: number[]): AttachmentUpload[] {
  // The same file name on two articles, and two files on one.
  return [
    { articleId: ids[0]!, filename: 'screen.png', data: Buffer.from('vpn screen') },
    { articleId: ids[1]!, filename: 'screen.png', data: Buffer.from('wifi screen') },
    { articleId: ids[1]!, filename: 'guide.pdf', data: Buffer.from('%PDF wifi guide') },
    { articleId: ids[2]!, filename: 'map.png', data: Buffer.from('floor map') },
  ];
}

/** Each upload's Halo id names the stored file of that article, name and content, and each is stored once. */
function expectStoredOnce(s: Harness, uploads: AttachmentUpload[], byIndex: UploadSettled[]): void {
  const stored = s.emulator.data().attachments;
  expect(stored).toHaveLength(uploads.length);
  uploads.forEach((upload, i) => {
    const result = byIndex[i]!;
    expect(result.ok).toBe(true);
    const id = result.ok ? result.uploaded.id : undefined;
    const file = stored.find((f) => f.id === id);
    expect([file?.unique_id, file?.filename, file && Buffer.from(file.data_base64, 'base64').toString()]).toEqual([upload.articleId, upload.filename, Buffer.from(upload.data).toString()]);
  });
}

describe('several files in one request', () => {
  test.each(['all', 'first', 'empty'] as const)('one POST /Attachment for files of three articles; a reply of %s is matched back', async (saveReply) => {
    const s = await setup({ saveReply });
    const uploads = files(s.ids);
    s.emulator.resetStats();
    const { requests, byIndex } = await uploadAll(s, uploads);
    expect(requests.map((r) => r.length)).toEqual([4]);
    expect(s.emulator.stats().byKind['POST /api/attachment']).toBe(1);
    // A reply that names the files one by one needs no listing.
    expect(s.emulator.stats().byKind['GET /api/attachment'] ?? 0).toBe(saveReply === 'all' ? 0 : 1);
    expectStoredOnce(s, uploads, byIndex);
  });

  test('requests stay under 10 MB of file data: two 6 MB files go in two requests', async () => {
    const s = await setup();
    const big = (n: number): Uint8Array => new Uint8Array(6 * 1024 * 1024).fill(n);
    const uploads = [
      { articleId: s.ids[0]!, filename: 'a.bin', data: big(1) },
      { articleId: s.ids[1]!, filename: 'b.bin', data: big(2) },
      { articleId: s.ids[1]!, filename: 'c.txt', data: Buffer.from('small') },
    ];
    s.emulator.resetStats();
    const { requests } = await uploadAll(s, uploads);
    expect(requests.map((r) => r.map((x) => x.index))).toEqual([[0], [1, 2]]);
    expect(s.emulator.stats().byKind['POST /api/attachment']).toBe(2);
  });

  test('a batch whose reply was lost: the files Halo stored are found, none is sent twice', async () => {
    const s = await setup({}, { attachmentMode: 'attachment-endpoint', timeoutSeconds: 0.5 });
    const uploads = files(s.ids);
    s.emulator.injectFault({ kind: 'lost-reply', method: 'POST', path: '/api/attachment' });
    const { byIndex } = await uploadAll(s, uploads);
    expectStoredOnce(s, uploads, byIndex);
    expect(s.events).toContainEqual({ type: 'recover-create', what: 'attachments', names: ['screen.png', 'screen.png', 'guide.pdf', 'map.png'] });
  });

  test('a batch cut off before Halo did anything is sent again, once', async () => {
    const s = await setup();
    const uploads = files(s.ids);
    s.emulator.injectFault({ kind: 'drop', method: 'POST', path: '/api/attachment' });
    s.emulator.resetStats();
    const { byIndex } = await uploadAll(s, uploads);
    expectStoredOnce(s, uploads, byIndex);
    expect(s.emulator.stats().byKind['POST /api/attachment']).toBe(2);
  });

  test("a batch refused for one file: the others are stored once, only that file fails, with Halo's reason", async () => {
    const s = await setup({ attachmentLimitBytes: 12 });
    const uploads = files(s.ids);
    const { byIndex } = await uploadAll(s, uploads);
    const failed = byIndex.filter((r) => !r.ok);
    expect(failed.map((r) => r.index)).toEqual([2]);
    expect(failed[0]!.ok === false && failed[0]!.error.message).toBe(
      `Halo rejected the request to upload "guide.pdf" to article ${s.ids[1]} (400 Bad Request on POST /api/Attachment): Halo said "The file guide.pdf is larger than the maximum attachment size of 12 bytes.".`,
    );
    const stored = s.emulator.data().attachments.map((f) => [f.unique_id, f.filename]);
    expect(stored.sort()).toEqual(
      [
        [s.ids[0], 'screen.png'],
        [s.ids[1], 'screen.png'],
        [s.ids[2], 'map.png'],
      ].sort(),
    );
  });

  test('auto: the first file finds the way out alone, the rest share one request', async () => {
    const s = await setup({}, {});
    const uploads = files(s.ids);
    s.emulator.resetStats();
    const { requests, byIndex } = await uploadAll(s, uploads);
    expect(requests.map((r) => r.length)).toEqual([1, 3]);
    expect(s.client.attachmentMode).toBe('attachment-endpoint');
    expect(s.emulator.stats().byKind['POST /api/attachment']).toBe(2);
    expectStoredOnce(s, uploads, byIndex);
  });

  test('auto against a Halo that links files only inline: one file each, in the article write; the stray is deleted', async () => {
    const s = await setup({ attachmentLinking: 'inline' }, {});
    const uploads = files(s.ids);
    s.emulator.resetStats();
    const { requests, byIndex } = await uploadAll(s, uploads);
    expect(requests.map((r) => r.length)).toEqual([1, 1, 1, 1]);
    expect(s.client.learnedAttachmentMode()).toEqual({ mode: 'inline', at: expect.any(String), leftBehind: [] });
    const kinds = s.emulator.stats().byKind;
    // One read of the article to see which way linked; afterwards each write's reply names the file.
    expect([kinds['POST /api/attachment'], kinds['DELETE /api/attachment/:id'], kinds['POST /api/kbarticle'], kinds['GET /api/kbarticle/:id']]).toEqual([1, 1, 4, 1]);
    expectStoredOnce(s, uploads, byIndex);
  });

  test.each([
    ['all', 0],
    ['empty', 1],
  ] as const)('inline: a write whose reply is %s needs %i read of the article to name the file', async (saveReply, reads) => {
    const s = await setup({ saveReply }, { attachmentMode: 'inline' });
    const old = await s.client.uploadAttachment({ articleId: s.ids[0]!, filename: 'screen.png', data: Buffer.from('old screen') });
    s.emulator.resetStats();
    // Same name and size as the old file, which is known to be another version: never taken for it.
    const uploaded = await s.client.uploadAttachment({ articleId: s.ids[0]!, filename: 'screen.png', data: Buffer.from('new screen'), otherIds: [old.id!] });
    expect(uploaded.id).not.toBe(old.id);
    expect(Buffer.from(s.emulator.data().attachments.find((f) => f.id === uploaded.id)!.data_base64, 'base64').toString()).toBe('new screen');
    expect(s.emulator.stats().byKind['GET /api/kbarticle/:id'] ?? 0).toBe(reads);
  });
});
