/**
 * Halo's attachment listing, in the shapes the API leaves open: whether its rows name their
 * article (`unique_id`) is unknown. The emulator always names it, so this reading of the listing is
 * tried with the listing rows given as Halo might give them.
 */
import { describe, expect, it } from 'vitest';
import { endpointWay, type AttachmentLinkDeps } from '../../src/halo/attachment-link.js';
import type { Call } from '../../src/halo/call.js';

function deps(bulkRows: Record<string, unknown>[], perArticle: Record<number, Record<string, unknown>[]>, calls: string[]): AttachmentLinkDeps {
  return {
    call: async (call: Call) => {
      calls.push(`GET /Attachment?unique_id=${String(call.query?.['unique_id'])}`);
      const rows = perArticle[Number(call.query?.['unique_id'])] ?? [];
      return { record_count: rows.length, attachments: rows };
    },
    listAll: async () => {
      calls.push('GET /Attachment (all)');
      return bulkRows;
    },
    saveRaw: () => Promise.reject(new Error('not used')),
    explain: () => {
      throw new Error('not used');
    },
    getArticle: () => Promise.resolve(undefined),
    attachmentType: 2,
  };
}

describe('reading the files of several articles', () => {
  it('groups one listing by article where its rows name their article', async () => {
    const calls: string[] = [];
    const way = endpointWay(
      deps(
        [
          { id: 7, filename: 'vpn-client.png', unique_id: 11 },
          { id: 8, filename: 'tray.png', unique_id: 12 },
        ],
        {},
        calls,
      ),
    );
    const byArticle = await way.listMany([11, 12]);
    expect([...byArticle].map(([id, rows]) => [id, rows.map((r) => r.id)])).toEqual([
      [11, [7]],
      [12, [8]],
    ]);
    expect(calls).toEqual(['GET /Attachment (all)']);
  });

  it('reads each article where the listing does not say whose a row is, instead of taking it for "no files"', async () => {
    const calls: string[] = [];
    const way = endpointWay(
      deps(
        [
          { id: 7, filename: 'vpn-client.png' },
          { id: 8, filename: 'tray.png' },
        ],
        { 11: [{ id: 7, filename: 'vpn-client.png' }], 12: [{ id: 8, filename: 'tray.png' }] },
        calls,
      ),
    );
    const byArticle = await way.listMany([11, 12]);
    expect([...byArticle].map(([id, rows]) => [id, rows.map((r) => r.id)])).toEqual([
      [11, [7]],
      [12, [8]],
    ]);
    expect(calls).toEqual(['GET /Attachment (all)', 'GET /Attachment?unique_id=11', 'GET /Attachment?unique_id=12']);
  });
});
