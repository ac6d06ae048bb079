/**
 * state/manifest.schema.json describes every field halo-kb writes to the state manifest, and
 * catches one it does not describe. (The publish fixture and the fault suite check every manifest
 * their runs write against it too.)
 */
import { describe, expect, it } from 'vitest';
import { serializeManifest, type Manifest, type ManifestArticle, type ManifestAttachment, type ManifestFaqList, type RunRecord } from '../../src/plan/manifest.js';
import { assertManifest, manifestProblems } from '../helpers/manifest-schema.js';
import { publishProject } from '../publish/publish-fixture.js';

const SHA = 'a'.repeat(64);

// Required<…>: a field added to the manifest's types does not compile here until it is added to
// this manifest, and then this test fails until the schema describes it.
const attachment: Required<ManifestAttachment> = { sha256: SHA, haloId: 7, size: 14_336 };
const article: Required<ManifestArticle> = {
  haloId: 12,
  source: 'central/network/vpn.md',
  title: 'Connecting to the VPN',
  hash: 'b'.repeat(64),
  faqLists: [3, 4],
  clients: [57],
  attachments: { 'central/network/images/client.png': attachment },
  dateEdited: '2026-01-05T10:00:00Z',
  publishedAt: '2026-01-05T10:00:00.120Z',
  pendingLinks: ['central/accounts/mfa'],
  pendingFiles: ['central/network/files/setup.zip'],
  retired: 'unlisted',
  sent: { html: 'c'.repeat(64), meta: 'd'.repeat(64) },
  tags: ['vpn', 'remote'],
  reviewDate: '2027-01-31',
  publicLinks: { 'files/setup.zip': 'https://files.example.com/setup.zip' },
};
const list: Required<ManifestFaqList> = { haloId: 3, name: 'Central', retired: 'kept' };
const run: Required<RunRecord> = {
  at: '2026-01-05T10:00:00.000Z',
  command: 'publish',
  ok: false,
  status: 'partial',
  counts: { created: 1, updated: 0 },
  requests: 9,
  errors: ['central/bad.md: 1 error'],
  errorCount: 1,
  withErrors: 1,
  heldBack: { count: 2, reasons: ['more than publish.max_retire'] },
};
const everything: Required<Manifest> = {
  version: 1,
  halo: 'https://example.halopsa.com',
  articleUrl: '{url}/kb?id={id}',
  faqLists: { central: list },
  articles: { 'network/vpn': article },
  haloProfile: {
    instance: 'https://example.halopsa.com',
    attachmentMode: { mode: 'attachment-endpoint', at: '2026-01-05T09:00:00.000Z', by: 'probe' },
    probe: {
      at: '2026-01-05T09:00:00.000Z',
      attachmentLinking: 'both',
      articleSaveReply: 'array',
      attachmentSaveReply: 'object',
      bodyRoundTrip: 'unchanged',
      bodyField: 'both',
      keyMarker: 'attribute',
      articleDelete: 'refused',
      inactiveListing: 'only-with-includeinactive',
    },
  },
  lastRun: run,
  lastError: run,
};

describe('state/manifest.schema.json', () => {
  it('describes a manifest with every field halo-kb writes', () => {
    expect(manifestProblems(JSON.parse(serializeManifest(everything)))).toEqual([]);
    expect(manifestProblems(JSON.parse(serializeManifest({ version: 1, faqLists: {}, articles: {} })))).toEqual([]);
  });

  it('catches a field it does not describe, a wrong type and a missing field, naming each', () => {
    const wrong = JSON.parse(serializeManifest(everything)) as Record<string, unknown> & { articles: Record<string, Record<string, unknown>> };
    wrong.articles['network/vpn']!['titel'] = 'VPN';
    wrong.articles['network/vpn']!['haloId'] = '12';
    delete wrong.articles['network/vpn']!['hash'];
    expect(() => assertManifest(wrong, 'state/manifest.json')).toThrow(
      'The state manifest state/manifest.json does not match state/manifest.schema.json:\n' +
        '  articles.network/vpn: lacks the required field "hash"\n' +
        '  articles.network/vpn.haloId: must be integer, but is string "12"\n' +
        '  articles.network/vpn: has a field "titel" the schema does not know',
    );
  });

  it('holds a manifest a real publish wrote', async () => {
    const project = await publishProject();
    const publish = await project.run('publish');
    expect(publish.code).toBe(0);
    // manifest() reads it through the schema check.
    expect(Object.keys((await project.manifest()).articles)).toHaveLength(4);
  });
});
