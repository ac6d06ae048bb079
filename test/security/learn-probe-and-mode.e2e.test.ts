/**
 * Finding out how a Halo behaves must never cost what is already published, nor leak the secret:
 * `doctor --probe` deletes only its own scratch records (even where Halo allows deletes), finding the
 * attachment mode deletes only the record Halo named for the file it had just sent, and neither the
 * output nor the recorded Halo profile ever holds the client secret.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyData } from '../../src/halo/emulator/store.js';
import { makePng } from '../helpers/binary-files.js';
import { tempDir } from '../helpers/temp-tree.js';
import { KB, SECRET, publishProject } from '../publish/publish-fixture.js';

const WITH_IMAGE = {
  ...KB,
  'content/central/network/diagram.md': '# Network diagram\n\n![The office network](images/diagram.png)\n',
  'content/central/network/images/diagram.png': makePng(),
};

describe('doctor --probe', () => {
  it('deletes only its own scratch records, even where Halo allows every delete', async () => {
    const p = await publishProject(WITH_IMAGE, { forbidArticleDelete: false, attachmentLinking: 'inline' });
    expect((await p.run('publish')).code).toBe(0);
    const before = p.emulator.data();
    const run = await p.run('doctor', '--probe');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Removed every scratch record: nothing is left in Halo.\n');
    const after = p.emulator.data();
    expect(after.articles).toEqual(before.articles);
    expect(after.faqLists).toEqual(before.faqLists);
    expect(after.attachments).toEqual(before.attachments);
  });

  it('keeps the client secret out of its output and of the recorded profile', async () => {
    const p = await publishProject(WITH_IMAGE);
    const probe = await p.run('doctor', '--probe');
    const publish = await p.run('publish');
    const manifest = await readFile(path.join(p.root, 'state/manifest.json'), 'utf8');
    for (const text of [probe.stdout, probe.stderr, publish.stdout, publish.stderr, manifest]) expect(text).not.toContain(SECRET);
    expect(manifest).toContain('"haloProfile"');
  });
});

describe('finding out how files are linked', () => {
  it('never deletes a record it did not just create: another file of the same name and size stays', async () => {
    // A Halo that links files only inline, already holding an unlinked file of the same name and size
    // under the article's id (someone else's, perhaps another module's record).
    const dir = await tempDir();
    const dataFile = path.join(dir, 'halo.json');
    const data = emptyData(true);
    const png = Buffer.from(makePng());
    data.attachments.push({
      id: 1,
      filename: 'diagram.png',
      filesize: png.byteLength,
      type: 2,
      unique_id: 2,
      datecreated: '2026-01-01T00:00:00.000Z',
      data_base64: png.toString('base64'),
      linked: false,
    });
    data.nextId.attachment = 2;
    await writeFile(dataFile, JSON.stringify(data));
    const p = await publishProject(WITH_IMAGE, { dataFile, attachmentLinking: 'inline' });
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    const diagram = p.emulator.data().articles.find((a) => a.name === 'Network diagram')!;
    expect(diagram.id).toBe(2);
    const files = p.emulator.data().attachments;
    // The stranger's record stays; the stray of the learning upload (named in Halo's reply) is gone.
    expect(files.map((f) => [f.id, f.linked ?? true])).toEqual([
      [1, false],
      [3, true],
    ]);
    expect(p.emulator.stats().byKind['DELETE /api/attachment/:id']).toBe(1);
  });

  it('a stray whose id Halo did not name is reported, not hunted for', async () => {
    const p = await publishProject(WITH_IMAGE, { attachmentLinking: 'inline', saveReply: 'empty' });
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('  left in Halo: "diagram.png", accepted by POST /api/Attachment (which named no id) but linked to no article; delete it there if you like, nothing links to it\n');
    expect(p.emulator.stats().byKind['DELETE /api/attachment/:id']).toBeUndefined();
    expect(p.emulator.data().attachments.map((f) => f.linked ?? true)).toEqual([false, true]);
  });
});
