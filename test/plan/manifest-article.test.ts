import { describe, expect, it } from 'vitest';
import type { Attachment } from '../../src/model/article.js';
import { manifestArticle, serializeManifest, emptyManifest } from '../../src/plan/manifest.js';

const built = {
  tags: ['vpn'],
  reviewDate: '2027-01-31',
  attachments: [
    { path: 'central/network/client.zip', size: 9, sha256: 'a'.repeat(64), mode: 'link', url: 'https://files.example.com/client.zip' },
    { path: 'central/network/vpn.png', size: 9, sha256: 'b'.repeat(64), mode: 'upload' },
  ] satisfies Attachment[],
};

describe('manifestArticle', () => {
  it('records an article as built: its lists, customers, tags, review date and public links', () => {
    const entry = manifestArticle(12, { source: 'content/companies/contoso/vpn.md', title: 'VPN', hash: 'c'.repeat(64), faqLists: [3, 4], clients: [7] }, built);
    const manifest = { ...emptyManifest(), articles: { 'companies/contoso/vpn': entry } };
    expect(JSON.parse(serializeManifest(manifest)).articles['companies/contoso/vpn']).toEqual({
      haloId: 12,
      source: 'content/companies/contoso/vpn.md',
      title: 'VPN',
      hash: 'c'.repeat(64),
      faqLists: [3, 4],
      clients: [7],
      tags: ['vpn'],
      reviewDate: '2027-01-31',
      publicLinks: { 'central/network/client.zip': 'https://files.example.com/client.zip' },
    });
  });

  it('records no customers for a central article, and tags as unknown when Halo may hold others', () => {
    expect(manifestArticle(5, { source: 'content/central/vpn.md', title: 'VPN', hash: '', faqLists: [3], clients: [] })).toEqual({
      haloId: 5,
      source: 'content/central/vpn.md',
      title: 'VPN',
      hash: '',
      faqLists: [3],
    });
    expect(manifestArticle(5, { source: 'content/central/vpn.md', title: 'VPN', hash: '', faqLists: [3] }, { tags: [], attachments: [] })).toEqual({
      haloId: 5,
      source: 'content/central/vpn.md',
      title: 'VPN',
      hash: '',
      faqLists: [3],
      tags: [],
    });
  });
});
