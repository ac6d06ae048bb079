/**
 * Publishing the sample content with default settings (`attachment_mode: auto`) to an emulator in
 * each way a Halo may link files to articles: the first upload finds the way out, every file is
 * stored once and linked, the way is recorded, a second publish writes nothing, and an edit
 * uploads in the recorded way without asking Halo again.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AttachmentLinking } from '../../src/halo/emulator/options.js';
import { makePng } from '../helpers/binary-files.js';
import { publishProject, type Project } from './publish-fixture.js';

const SAMPLE = path.resolve(import.meta.dirname, '../../content');
const IMAGE = 'content/central/network/images/vpn-client.png';

async function sampleProject(linking: AttachmentLinking): Promise<Project> {
  const p = await publishProject({}, { attachmentLinking: linking });
  await cp(SAMPLE, path.join(p.root, 'content'), { recursive: true });
  return p;
}

/** The files each article lists in Halo, by article name. */
function linkedFiles(p: Project): Record<string, string[]> {
  const data = p.emulator.data();
  const files: Record<string, string[]> = {};
  for (const a of data.articles) {
    const own = data.attachments.filter((f) => f.type === 2 && f.unique_id === a.id && f.linked !== false).map((f) => f.filename);
    if (own.length > 0) files[a.name] = own.sort();
  }
  return files;
}

const CASES: [AttachmentLinking, 'inline' | 'attachment-endpoint', string][] = [
  ['inline', 'inline', 'inline in the article write'],
  ['endpoint', 'attachment-endpoint', 'through POST /api/Attachment'],
  ['both', 'attachment-endpoint', 'through POST /api/Attachment'],
];

describe.each(CASES)('a Halo that links files this way: %s; default settings', (linking, mode, how) => {
  it('publishes the sample content, each file once, and records how files are linked', async () => {
    const p = await sampleProject(linking);
    const first = await p.run('publish');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Published: 8 created, 0 updated, 0 retired, 0 unchanged, 1 skipped, 0 failed; 9 FAQ lists created, 2 attachments uploaded.');
    expect(first.stderr).toContain(`This Halo links files to articles ${how}: found on the first upload, recorded in the state manifest and used from now on.\n`);
    expect(first.stderr).not.toContain('left in Halo');
    // Each file stored once, linked to its article, and nothing else left in Halo.
    expect(linkedFiles(p)).toEqual({ 'Connecting to the VPN': ['vpn-client.png'], 'IT onboarding handbook': ['it-onboarding.pdf'] });
    expect(p.emulator.data().attachments).toHaveLength(2);
    // The article links the image where Halo serves it.
    const data = p.emulator.data();
    const image = data.attachments.find((f) => f.filename === 'vpn-client.png')!;
    expect(data.articles.find((a) => a.name === 'Connecting to the VPN')!.description_html).toContain(`src="${p.emulator.url}/api/Attachment/${image.id}"`);
    const manifest = JSON.parse(await readFile(path.join(p.root, 'state/manifest.json'), 'utf8')) as { haloProfile: unknown };
    expect(manifest.haloProfile).toEqual({ instance: p.emulator.url, attachmentMode: { mode, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), by: 'publish' } });

    p.emulator.resetStats();
    const second = await p.run('publish');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Plan: 0 to create, 0 to update, 0 to retire, 8 unchanged, 1 skipped. FAQ lists unchanged; attachments: 0 to upload, 1 public link.');
    expect(second.stderr).toBe('');
    expect(p.writes()).toBe(0);
  });

  it('uploads an edited file once, the recorded way, without trying the other', async () => {
    const p = await sampleProject(linking);
    expect((await p.run('publish')).code).toBe(0);
    await writeFile(path.join(p.root, IMAGE), Buffer.concat([Buffer.from(makePng()), Buffer.from('a newer screenshot')]));
    p.emulator.resetStats();
    const edit = await p.run('publish');
    expect(edit.code).toBe(0);
    expect(edit.stdout).toContain('Published: 0 created, 1 updated, 0 retired, 7 unchanged, 1 skipped, 0 failed; 0 FAQ lists created, 1 attachment uploaded.');
    expect(edit.stderr).not.toContain('This Halo links files');
    const byKind = p.emulator.stats().byKind;
    // inline: the file and then the article's new link, both article writes; endpoint: one upload, one write.
    expect([byKind['POST /api/attachment'] ?? 0, byKind['POST /api/kbarticle'] ?? 0]).toEqual(mode === 'inline' ? [0, 2] : [1, 1]);
    expect(linkedFiles(p)['Connecting to the VPN']).toEqual(['vpn-client.png', 'vpn-client.png']);
    const newest = p.emulator
      .data()
      .attachments.filter((f) => f.filename === 'vpn-client.png')
      .sort((a, b) => b.id - a.id)[0]!;
    expect(newest.filesize).toBe(makePng().byteLength + 18);
    expect(p.emulator.data().articles.find((a) => a.name === 'Connecting to the VPN')!.description_html).toContain(`/api/Attachment/${newest.id}"`);
    p.emulator.resetStats();
    expect((await p.run('publish')).code).toBe(0);
    expect(p.writes()).toBe(0);
  });
});

describe('finding out how files are linked', () => {
  it('reports the stray record the other way left when Halo will not delete it, and uploads nothing twice', async () => {
    const p = await sampleProject('inline');
    // The file sent to /Attachment is accepted, linked to nothing, and Halo refuses to delete it.
    p.emulator.injectFault({ kind: 'error', method: 'DELETE', path: '/api/attachment/', status: 403 });
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    const stray = p.emulator.data().attachments.find((f) => f.linked === false)!;
    expect(run.stderr).toContain(
      'This Halo links files to articles inline in the article write: found on the first upload, recorded in the state manifest and used from now on.\n' +
        `  left in Halo: attachment ${stray.id} "${stray.filename}", accepted by POST /api/Attachment but linked to no article; delete it there if you like, nothing links to it\n`,
    );
    expect(linkedFiles(p)).toEqual({ 'Connecting to the VPN': ['vpn-client.png'], 'IT onboarding handbook': ['it-onboarding.pdf'] });
    expect(p.emulator.stats().byKind['POST /api/attachment']).toBe(1);
  });

  it('an explicit attachment_mode wins over what was recorded', async () => {
    const p = await sampleProject('both');
    expect((await p.run('publish')).code).toBe(0);
    await writeFile(path.join(p.root, 'halo-kb.yml'), 'halo:\n  attachment_mode: inline\n');
    await writeFile(path.join(p.root, IMAGE), Buffer.concat([Buffer.from(makePng()), Buffer.from('v2')]));
    p.emulator.resetStats();
    expect((await p.run('publish')).code).toBe(0);
    expect(p.emulator.stats().byKind['POST /api/attachment']).toBeUndefined();
    // The recorded way stays recorded: the setting is the user's, not a finding.
    const manifest = JSON.parse(await readFile(path.join(p.root, 'state/manifest.json'), 'utf8')) as { haloProfile: { attachmentMode: { mode: string } } };
    expect(manifest.haloProfile.attachmentMode.mode).toBe('attachment-endpoint');
  });

  it('state rebuild keeps the Halo profile, and reads files back the recorded way', async () => {
    const p = await sampleProject('endpoint');
    expect((await p.run('publish')).code).toBe(0);
    const file = path.join(p.root, 'state/manifest.json');
    const before = JSON.parse(await readFile(file, 'utf8')) as { haloProfile: unknown };
    p.emulator.resetStats();
    const rebuilt = await p.run('state', 'rebuild');
    expect(rebuilt.stdout).toContain('2 attachments found by file name and size.');
    // One listing of the KB's attachments, rather than reading each article.
    expect([p.emulator.stats().byKind['GET /api/attachment'], p.emulator.stats().byKind['GET /api/kbarticle/:id']]).toEqual([1, undefined]);
    expect((JSON.parse(await readFile(file, 'utf8')) as { haloProfile: unknown }).haloProfile).toEqual(before.haloProfile);
    p.emulator.resetStats();
    expect((await p.run('publish')).code).toBe(0);
    expect(p.writes()).toBe(0);
  });

  it('when neither way links, says so once and sends no further file', async () => {
    // A Halo that drops files sent inside the article write, and refuses them at /Attachment.
    const p = await sampleProject('endpoint');
    p.emulator.injectFault({ kind: 'error', method: 'POST', path: '/api/attachment', status: 400, times: 5 });
    const run = await p.run('publish');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /Halo accepted "(vpn-client\.png|it-onboarding\.pdf)" for article \d+ inline in the article write \(POST \/api\/Attachment refused it\), but the article lists it neither way\./,
    );
    expect(run.stdout).toMatch(/"(vpn-client\.png|it-onboarding\.pdf)" was not uploaded to article \d+: Halo accepted/);
    expect(p.emulator.stats().byKind['POST /api/attachment']).toBe(1);
    expect(p.emulator.data().attachments).toEqual([]);
    const manifest = JSON.parse(await readFile(path.join(p.root, 'state/manifest.json'), 'utf8')) as { haloProfile?: unknown };
    expect(manifest.haloProfile).toBeUndefined();
  });
});
