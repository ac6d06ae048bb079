/**
 * `halo-kb doctor --probe` against the emulator in each way it can link files: what it says it will
 * write, what it finds, what it leaves behind, and what it records; plain `doctor` never writes and
 * shows the record; publishing then uses the recorded way without finding it out again.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AttachmentLinking, EmulatorOptions } from '../../src/halo/emulator/options.js';
import { makePng } from '../helpers/binary-files.js';
import { KB, publishProject, type Project } from '../publish/publish-fixture.js';

const WITH_IMAGE = {
  ...KB,
  'content/central/network/diagram.md': '# Network diagram\n\n![The office network](images/diagram.png)\n',
  'content/central/network/images/diagram.png': makePng(),
};

async function profileOf(p: Project): Promise<Record<string, unknown> | undefined> {
  const manifest = JSON.parse(await readFile(path.join(p.root, 'state/manifest.json'), 'utf8')) as { haloProfile?: Record<string, unknown> };
  return manifest.haloProfile;
}

function stampOf(stdout: string): string {
  return /halo-kb probe (\d{8}T\d{6}Z)/.exec(stdout)?.[1] ?? 'no stamp';
}

const CASES: [AttachmentLinking, string, 'inline' | 'attachment-endpoint', string][] = [
  ['inline', 'inline', 'inline', 'linked only inline in the article write (a file sent to POST /api/Attachment links to nothing)'],
  ['endpoint', 'attachment-endpoint', 'attachment-endpoint', 'linked only through POST /api/Attachment (a file inline in the article write is dropped)'],
  ['both', 'both', 'attachment-endpoint', 'linked either way (POST /api/Attachment is used)'],
];

describe.each(CASES)('doctor --probe against a Halo linking files this way: %s', (linking, finding, mode, shown) => {
  it('says what it writes, finds how files are linked, cleans up, and records it', async () => {
    const p = await publishProject(WITH_IMAGE, { attachmentLinking: linking });
    const run = await p.run('doctor', '--probe');
    expect(run.code).toBe(0);
    const stamp = stampOf(run.stdout);
    const name = `halo-kb probe ${stamp}`;
    expect(run.stdout).toContain(
      `Probe: writing scratch records to Halo at ${p.emulator.url}/api:\n` +
        `  - a FAQ list "${name}" at the top level (the grouping list does not exist yet), not shown to users\n` +
        `  - an article "${name}" in it, with three one-line text files attached: two through POST /api/Attachment, one inline in the article\n` +
        '  - then it deletes all of them; an article Halo will not delete is taken out of the FAQ list and marked inactive instead\n',
    );
    // Halo refuses article deletes (as real Halo does): the article stays, retired; nothing else does.
    const data = p.emulator.data();
    expect(data.faqLists).toEqual([]);
    expect(data.attachments).toEqual([]);
    expect(data.articles.map((a) => [a.name, a.inactive, a.faqlist_ids])).toEqual([[name, true, []]]);
    expect(run.stdout).toContain(
      `Left in Halo (delete them there if you like; nothing refers to them):\n  - the article ${data.articles[0]!.id} "${name}", inactive and in no FAQ list (Halo refused to delete it)\n`,
    );
    expect(run.stdout).toContain(
      `Recorded in state/manifest.json as the Halo profile of ${p.emulator.url}: publish links files ${mode === 'inline' ? 'inline in the article write' : 'through POST /api/Attachment'} from now on.\n`,
    );
    expect(run.stdout).toContain(`  linking files       ${shown}\n`);
    const at = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await profileOf(p)).toEqual({
      instance: p.emulator.url,
      attachmentMode: { mode, at, by: 'probe' },
      probe: {
        at,
        attachmentLinking: finding,
        articleSaveReply: 'array',
        attachmentSaveReply: 'array',
        bodyRoundTrip: 'unchanged',
        bodyField: 'both',
        keyMarker: 'attribute',
        articleDelete: 'refused',
        inactiveListing: 'only-with-includeinactive',
      },
    });

    // Publishing uses the recorded way at once: no finding out, each file once.
    p.emulator.resetStats();
    const publish = await p.run('publish');
    expect(publish.code).toBe(0);
    expect(publish.stderr).not.toContain('This Halo links files');
    expect(p.emulator.stats().byKind['POST /api/attachment'] ?? 0).toBe(mode === 'inline' ? 0 : 1);
    expect(p.emulator.data().attachments.map((a) => a.filename)).toEqual(['diagram.png']);
  });
});

describe('doctor --probe', () => {
  it('removes every scratch record where Halo allows deletes, and says so', async () => {
    const p = await publishProject(KB, { forbidArticleDelete: false });
    const run = await p.run('doctor', '--probe');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Removed every scratch record: nothing is left in Halo.\n');
    expect(run.stdout).toContain('  article delete      allowed: retired articles are deleted\n');
    const data = p.emulator.data();
    expect([data.articles, data.faqLists, data.attachments]).toEqual([[], [], []]);
  });

  it('puts its scratch list under the grouping list once there is one, and records replies Halo leaves empty', async () => {
    const options: EmulatorOptions = { saveReply: 'empty', attachmentLinking: 'inline' };
    const p = await publishProject(KB, options);
    expect((await p.run('publish')).code).toBe(0);
    const group = p.emulator.data().faqLists.find((l) => l.is_group && l.group_id === 0)!;
    const run = await p.run('doctor', '--probe');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`  - a FAQ list "halo-kb probe ${stampOf(run.stdout)}" under "Knowledge Base (docs)", not shown to users\n`);
    expect(run.stdout).toContain('Halo answered the create with an empty body');
    expect(await profileOf(p)).toMatchObject({ probe: { articleSaveReply: 'empty', attachmentSaveReply: 'empty', attachmentLinking: 'inline' } });
    // The two files sent to /Attachment linked nothing and the reply named no ids: found by listing, deleted.
    expect(p.emulator.data().attachments).toEqual([]);
    expect(p.emulator.data().faqLists.some((l) => l.name.startsWith('halo-kb probe'))).toBe(false);
    expect(p.emulator.data().faqLists.some((l) => l.id === group.id)).toBe(true);
  });

  it('a second --probe refreshes the record', async () => {
    const p = await publishProject(KB, { forbidArticleDelete: false });
    expect((await p.run('doctor', '--probe')).code).toBe(0);
    const first = (await profileOf(p)) as { probe: { at: string } };
    await new Promise((r) => setTimeout(r, 5));
    expect((await p.run('doctor', '--probe')).code).toBe(0);
    const second = (await profileOf(p)) as { probe: { at: string } };
    expect(Date.parse(second.probe.at)).toBeGreaterThan(Date.parse(first.probe.at));
  });

  it('stops when Halo refuses a write, removes what it made, and records nothing', async () => {
    const p = await publishProject(KB);
    p.emulator.injectFault({ kind: 'error', method: 'POST', path: '/api/kbarticle', status: 403 });
    const run = await p.run('doctor', '--probe');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(`FAIL  The probe stopped: Halo answered 403 to POST /api/KBArticle (create the article "halo-kb probe ${stampOf(run.stdout)}").\n`);
    expect(run.stdout).toContain(
      '      Give the API application edit:kb and its agent "Knowledge Base Access: Read, Modify, Delete" and "Can create FAQ lists: Yes" (see halo-kb doctor), then probe again.\n',
    );
    expect(p.emulator.data().faqLists).toEqual([]);
    await expect(readFile(path.join(p.root, 'state/manifest.json'), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});

describe('doctor --probe with a damaged state manifest', () => {
  it('writes nothing to Halo and says how to repair the manifest', async () => {
    const p = await publishProject({ ...KB, 'state/manifest.json': '{"version": 1, "articles": ' });
    p.emulator.resetStats();
    const run = await p.run('doctor', '--probe');
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /FAIL {2}--probe records what it finds in state\/manifest\.json, which cannot be read: The state manifest \S+manifest\.json is not valid JSON \([^)]+\)\.\n {6}Restore it from git, or run halo-kb state rebuild, then probe again\. Nothing was written to Halo\.\n/,
    );
    expect(run.stdout).not.toContain('Probe: writing');
    expect(p.writes()).toBe(0);
  });
});

describe('plain doctor', () => {
  it('never writes to Halo, and shows what is recorded', async () => {
    const p = await publishProject(WITH_IMAGE, { attachmentLinking: 'endpoint' });
    p.emulator.resetStats();
    const before = await p.run('doctor');
    expect(before.code).toBe(0);
    expect(p.writes()).toBe(0);
    expect(before.stdout).toContain(
      'Halo profile (state/manifest.json):\n' +
        '  attachments        not known yet: the first publish finds out how this Halo links files (or run halo-kb doctor --probe)\n' +
        '  (halo-kb doctor --probe measures more: reply shapes, the article body, the key marker, deletes, inactive listings)\n',
    );
    expect((await p.run('publish')).code).toBe(0);
    const after = await p.run('doctor');
    expect(after.stdout).toMatch(/ {2}attachments {8}linked through POST \/api\/Attachment \(found by the first upload of a publish, \d{4}-[^)]+\); publish uses this\n/);
    await import('node:fs/promises').then((fs) => fs.writeFile(path.join(p.root, 'halo-kb.yml'), 'halo:\n  attachment_mode: inline\n'));
    expect((await p.run('doctor')).stdout).toContain('                     halo.attachment_mode is inline in the settings: publish uses that instead\n');
  });
});
