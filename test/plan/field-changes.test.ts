/** An update's field changes, from literal data: the last publish as the manifest records it, and the article now. */
import { describe, expect, it } from 'vitest';
import type { Attachment } from '../../src/model/article.js';
import { fieldChanges, recordedFields, type PublishedFields } from '../../src/plan/field-changes.js';
import type { ManifestArticle } from '../../src/plan/manifest.js';

const LISTS = new Map([
  [11, 'central/network'],
  [12, 'central/remote'],
  [13, 'central/legacy'],
]);

function file(path: string, size: number, sha256: string, mode: Attachment['mode'] = 'upload', url?: string): Attachment {
  return url === undefined ? { path, size, sha256, mode } : { path, size, sha256, mode, url };
}

/** Published as "VPN", tagged vpn+legacy, in two lists, with one image and one public link. */
function last(extra: Partial<ManifestArticle> = {}): ManifestArticle {
  return {
    haloId: 7,
    source: 'content/central/network/vpn.md',
    title: 'VPN',
    hash: 'old',
    faqLists: [11, 13],
    attachments: { 'central/network/images/client.png': { sha256: 'a1', haloId: 70, size: 12390 } },
    tags: ['vpn', 'legacy'],
    reviewDate: '2026-01-01',
    publicLinks: { 'central/network/files/setup.zip': 'https://files.example.com/setup.zip' },
    ...extra,
  };
}

function now(extra: Partial<PublishedFields> = {}): PublishedFields {
  return {
    title: 'VPN',
    tags: ['vpn', 'legacy'],
    faqLists: ['central/network', 'central/legacy'],
    clientIds: [],
    reviewDate: '2026-01-01',
    attachments: [file('central/network/images/client.png', 12390, 'a1'), file('central/network/files/setup.zip', 40_000_000, 'z1', 'link', 'https://files.example.com/setup.zip')],
    ...extra,
  };
}

describe('field changes of an update', () => {
  it('says nothing when nothing but the text changed', () => {
    expect(fieldChanges(last(), now(), LISTS)).toEqual([]);
  });

  it('shows a new title', () => {
    expect(fieldChanges(last(), now({ title: 'Connecting to the VPN' }), LISTS)).toEqual([{ field: 'title', from: 'VPN', to: 'Connecting to the VPN' }]);
  });

  it('shows tags added and removed', () => {
    expect(fieldChanges(last(), now({ tags: ['vpn', 'remote'] }), LISTS)).toEqual([{ field: 'tags', added: ['remote'], removed: ['legacy'] }]);
  });

  it('shows FAQ lists by key, mapping the recorded Halo ids back through the manifest', () => {
    expect(fieldChanges(last(), now({ faqLists: ['central/network', 'central/remote'] }), LISTS)).toEqual([{ field: 'faqLists', added: ['central/remote'], removed: ['central/legacy'] }]);
  });

  it('shows customer access granted and withdrawn, by name where Halo gave one', () => {
    expect(fieldChanges(last({ clients: [5] }), now({ clientIds: [6] }), LISTS, new Map([[6, 'Contoso Ltd']]))).toEqual([
      { field: 'clients', added: [{ id: 6, name: 'Contoso Ltd' }], removed: [{ id: 5 }] },
    ]);
  });

  it('shows a review date set, moved and dropped', () => {
    expect(fieldChanges(last(), now({ reviewDate: '2026-06-01' }), LISTS)).toEqual([{ field: 'reviewDate', from: '2026-01-01', to: '2026-06-01' }]);
    const { reviewDate: _dropped, ...none } = now();
    expect(fieldChanges(last(), none, LISTS)).toEqual([{ field: 'reviewDate', from: '2026-01-01', to: null }]);
    const { reviewDate: _never, ...before } = last();
    expect(fieldChanges(before, now(), LISTS)).toEqual([{ field: 'reviewDate', from: null, to: '2026-01-01' }]);
  });

  it('shows files added, removed and changed, with their sizes', () => {
    const changes = fieldChanges(
      last({ attachments: { 'central/network/images/client.png': { sha256: 'a1', size: 12390 }, 'central/network/images/old.png': { sha256: 'o1', size: 800 } } }),
      now({ attachments: [file('central/network/images/client.png', 14336, 'a2'), file('central/network/images/new.png', 2048, 'n1')] }),
      LISTS,
    );
    expect(changes).toEqual([
      {
        field: 'attachments',
        added: [{ path: 'central/network/images/new.png', size: 2048 }],
        removed: [{ path: 'central/network/images/old.png', size: 800 }],
        changed: [{ path: 'central/network/images/client.png', from: 12390, to: 14336 }],
      },
      { field: 'publicLinks', added: [], removed: [{ path: 'central/network/files/setup.zip', url: 'https://files.example.com/setup.zip' }], changed: [] },
    ]);
  });

  it('shows public links added and moved', () => {
    const changes = fieldChanges(
      last(),
      now({
        attachments: [
          file('central/network/images/client.png', 12390, 'a1'),
          file('central/network/files/setup.zip', 40_000_000, 'z1', 'link', 'https://cdn.example.com/setup.zip'),
          file('central/network/files/guide.pdf', 30_000_000, 'g1', 'link', 'https://cdn.example.com/guide.pdf'),
        ],
      }),
      LISTS,
    );
    expect(changes).toEqual([
      {
        field: 'publicLinks',
        added: [{ path: 'central/network/files/guide.pdf', url: 'https://cdn.example.com/guide.pdf' }],
        removed: [],
        changed: [{ path: 'central/network/files/setup.zip', from: 'https://files.example.com/setup.zip', to: 'https://cdn.example.com/setup.zip' }],
      },
    ]);
  });

  describe('unknown old value says nothing', () => {
    it('an entry written before tags, review dates and public links were kept', () => {
      const { tags: _t, reviewDate: _r, publicLinks: _p, ...older } = last();
      expect(fieldChanges(older, now({ tags: ['remote'], reviewDate: '2027-01-01', attachments: [file('central/network/images/client.png', 12390, 'a1')] }), LISTS)).toEqual([]);
    });

    it('a file whose size was not kept: changed, with only its new size', () => {
      const changes = fieldChanges(
        last({ attachments: { 'central/network/images/client.png': { sha256: 'a1', haloId: 70 } } }),
        now({ attachments: [file('central/network/images/client.png', 14336, 'a2'), now().attachments[1]!] }),
        LISTS,
      );
      expect(changes).toEqual([{ field: 'attachments', added: [], removed: [], changed: [{ path: 'central/network/images/client.png', to: 14336 }] }]);
    });

    it('FAQ list ids the manifest cannot name', () => {
      expect(fieldChanges(last({ faqLists: [11, 99] }), now({ faqLists: ['central/remote'] }), LISTS)).toEqual([]);
    });
  });

  it('records what the next plan compares with: tags always, review date and public links where set', () => {
    expect(recordedFields({ tags: [], attachments: [file('a.png', 1, 'x')] })).toEqual({ tags: [] });
    expect(recordedFields(now())).toEqual({ tags: ['vpn', 'legacy'], reviewDate: '2026-01-01', publicLinks: { 'central/network/files/setup.zip': 'https://files.example.com/setup.zip' } });
  });
});
