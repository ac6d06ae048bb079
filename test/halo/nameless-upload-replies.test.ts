/**
 * A reply to a batch upload whose records do not say which article each file went to (whether
 * Halo's do is unknown), in another order than the files were sent: two articles' files of the same
 * name and size cannot be told apart by the reply, so they are looked up per article rather than
 * matched by guess. A proxy on 127.0.0.1 reshapes the emulator's replies that way.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HaloClient } from '../../src/halo/client.js';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';
import type { AttachmentUpload } from '../../src/halo/types.js';
import type { UploadSettled } from '../../src/halo/upload-attachments.js';
import { articleHtml, FAST_RETRY } from './harness.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

/** Forward everything to `target`; a POST /api/Attachment reply loses its `unique_id`s and is reversed. */
async function reshapingProxy(target: RunningEmulator): Promise<string> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
        const body = chunks.length === 0 ? undefined : Buffer.concat(chunks);
        const answer = await fetch(`${target.url}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body === undefined ? {} : { body }) });
        let text = await answer.text();
        if (req.method === 'POST' && /^\/api\/attachment$/i.test((req.url ?? '').split('?')[0]!) && answer.ok) {
          const records = JSON.parse(text) as Record<string, unknown>[];
          text = JSON.stringify(records.map(({ unique_id: _, ...rest }) => rest).reverse());
        }
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a batch upload reply that does not name the articles', () => {
  it("two articles' files of one name and size keep their own ids", async () => {
    const emulator = await startEmulator({});
    open.push(emulator);
    const client = new HaloClient({
      url: await reshapingProxy(emulator),
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      timeoutSeconds: 2,
      retry: FAST_RETRY,
      attachmentMode: 'attachment-endpoint',
    });
    open.push(client);
    const [list] = await client.saveFaqLists([{ name: 'Central', showForAll: false }]);
    const [vpn, wifi] = await client.saveArticles(['vpn', 'wifi'].map((key) => ({ key, name: key, html: articleHtml(key), faqListIds: [list!.id] })));
    // Same name, same size, different content: only the article tells them apart.
    const uploads: AttachmentUpload[] = [
      { articleId: vpn!.id, filename: 'screen.png', data: Buffer.from('vpn screen A') },
      { articleId: wifi!.id, filename: 'screen.png', data: Buffer.from('wifi scrn B!') },
    ];
    const settled: UploadSettled[] = [];
    for await (const batch of client.uploadAttachments(uploads)) settled.push(...batch);
    settled.sort((a, b) => a.index - b.index);
    const stored = emulator.data().attachments;
    expect(stored).toHaveLength(2);
    uploads.forEach((upload, i) => {
      const result = settled[i]!;
      const id = result.ok ? result.uploaded.id : undefined;
      const file = stored.find((f) => f.id === id);
      expect([file?.unique_id, Buffer.from(file?.data_base64 ?? '', 'base64').toString()]).toEqual([upload.articleId, Buffer.from(upload.data).toString()]);
    });
  });
});
