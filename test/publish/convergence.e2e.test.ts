/**
 * A publish finishes what its plan says: after a run killed between an article batch and its
 * uploads, after a rebuilt manifest, and whatever shape Halo's write replies take; and a run that
 * leaves planned work undone says so and does not exit 0.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePng } from '../helpers/binary-files.js';
import type { TreeFiles } from '../helpers/temp-tree.js';
import { logWatch, spawnCli } from './killed-run.js';
import { KB, publishProject } from './publish-fixture.js';

const DIAGRAM = 'content/central/network/diagram.md';
const IMAGE = {
  [DIAGRAM]: '# Network diagram\n\nHow the offices connect:\n\n![The office network](images/diagram-0.png)\n',
  'content/central/network/images/diagram-0.png': makePng(),
};
const MODES = ['inline', 'attachment-endpoint'] as const;

/** The fault that keeps an upload from being answered, in each attachment mode. */
function uploadFault(mode: (typeof MODES)[number], kind: 'hang' | 'timeout') {
  // Inline, the upload is the second article write (after the one batch); otherwise POST /Attachment.
  return mode === 'inline' ? { kind, method: 'POST', path: '/api/kbarticle', after: 1 } : { kind, method: 'POST', path: '/api/attachment' };
}

describe('a publish killed between its article batch and its uploads', () => {
  for (const mode of MODES) {
    it(`is finished by the next publish: the file is uploaded and the link to it filled in (${mode})`, async () => {
      const watch = logWatch();
      const p = await publishProject({ ...KB, ...IMAGE, 'halo-kb.yml': `halo:\n  attachment_mode: ${mode}\n` }, { log: watch.log });
      // Halo never answers the upload and stores nothing: the run is stuck between batch and upload.
      p.emulator.injectFault(uploadFault(mode, 'hang'));
      const killed = spawnCli(['publish'], p.root, p.env);
      await watch.next(/no answer \(hang\)/);
      expect(await killed.kill()).toBe('SIGKILL');
      const diagram = p.emulator.data().articles.find((a) => a.name === 'Network diagram')!;
      expect(diagram.description_html).toContain('<img src="#" alt="The office network">');
      expect(p.emulator.data().attachments).toEqual([]);
      expect((await p.manifest()).articles['central/network/diagram']).toMatchObject({ haloId: diagram.id });

      const plan = await p.run('plan', '--detailed-exitcode');
      expect(plan.code).toBe(2);
      expect(plan.stdout).toContain(`~ update    ${DIAGRAM}  "Network diagram": file to upload: diagram-0.png`);
      const again = await p.run('publish');
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('Published: 0 created, 2 updated, 0 retired, 3 unchanged, 1 skipped, 0 failed; 0 FAQ lists created, 1 attachment uploaded.');
      const data = p.emulator.data();
      expect(data.attachments.map((a) => [a.filename, a.unique_id])).toEqual([['diagram-0.png', diagram.id]]);
      expect(data.articles.find((a) => a.id === diagram.id)!.description_html).toContain(`<img src="${p.emulator.url}/api/Attachment/${data.attachments[0]!.id}" alt="The office network">`);
      // The link pass the killed run never reached is done too.
      const vpn = data.articles.find((a) => a.name === 'Connecting to the VPN')!;
      expect(data.articles.find((a) => a.name === 'Getting started')!.description_html).toContain(`href="${p.emulator.url}/kb?id=${vpn.id}#connect"`);
      expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
    }, 20_000);

    it(`finds a file Halo stored before the kill instead of uploading it again (${mode})`, async () => {
      const watch = logWatch();
      const p = await publishProject({ ...KB, ...IMAGE, 'halo-kb.yml': `halo:\n  attachment_mode: ${mode}\n` }, { log: watch.log });
      // Halo stores the upload but its answer never comes: killed before the manifest records it.
      p.emulator.injectFault(uploadFault(mode, 'timeout'));
      const killed = spawnCli(['publish'], p.root, p.env);
      await watch.next(/no answer \(timeout\)/);
      await killed.kill();
      expect(p.emulator.data().attachments.map((a) => a.filename)).toEqual(['diagram-0.png']);

      const plan = await p.run('plan', '--detailed-exitcode');
      expect(plan.stdout).toContain(`~ update    ${DIAGRAM}  "Network diagram": links to diagram-0.png can now be filled in`);
      expect(plan.stdout).toContain('attachments: 0 to upload');
      const again = await p.run('publish');
      expect(again.code).toBe(0);
      const data = p.emulator.data();
      expect(data.attachments).toHaveLength(1);
      expect(data.articles.find((a) => a.name === 'Network diagram')!.description_html).toContain(`<img src="${p.emulator.url}/api/Attachment/${data.attachments[0]!.id}"`);
      expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
    }, 20_000);
  }
});

describe('state rebuild', () => {
  for (const mode of MODES) {
    it(`finds the files Halo holds, so plan shows no changes and an edit uploads nothing twice (${mode})`, async () => {
      const p = await publishProject({ ...KB, ...IMAGE, 'halo-kb.yml': `halo:\n  attachment_mode: ${mode}\n` });
      expect((await p.run('publish')).code).toBe(0);
      const before = await p.manifest();
      await rm(path.join(p.root, 'state', 'manifest.json'));
      const rebuilt = await p.run('state', 'rebuild');
      expect(rebuilt.code).toBe(0);
      expect(rebuilt.stdout).toContain('5 FAQ lists, 5 articles found by their key markers (5 up to date, 0 to update on the next publish, 0 retired), 1 attachment found by file name and size.');
      const after = await p.manifest();
      // Everything but when halo-kb last wrote it, which Halo does not keep.
      const { publishedAt, ...published } = before.articles['central/network/diagram'] as { publishedAt?: string };
      expect(publishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(after.articles['central/network/diagram']).toEqual(published);

      const plan = await p.run('plan', '--detailed-exitcode');
      expect(plan.stdout).toContain('attachments: 0 to upload');
      expect(plan.code).toBe(0);
      const file = path.join(p.root, DIAGRAM);
      await writeFile(file, (await readFile(file, 'utf8')).replace('How the offices connect', 'How the three offices connect'));
      p.emulator.resetStats();
      const edit = await p.run('publish');
      expect(edit.code).toBe(0);
      expect(edit.stdout).toContain('Published: 0 created, 1 updated');
      expect(p.writes()).toBe(1);
      expect(p.emulator.data().attachments.map((a) => a.filename)).toEqual(['diagram-0.png']);
    });
  }

  it('leaves a file out that Halo holds under another size, so it is uploaded again', async () => {
    const p = await publishProject({ ...KB, ...IMAGE });
    await p.run('publish');
    await rm(path.join(p.root, 'state', 'manifest.json'));
    // The image changed since it was published: same name, another size.
    await writeFile(path.join(p.root, 'content/central/network/images/diagram-0.png'), Buffer.concat([Buffer.from(makePng()), Buffer.alloc(10)]));
    const rebuilt = await p.run('state', 'rebuild');
    expect(rebuilt.stdout).toContain('(4 up to date, 1 to update on the next publish, 0 retired), 0 attachments found by file name and size.');
    const plan = await p.run('plan');
    expect(plan.stdout).toContain(`~ update    ${DIAGRAM}  "Network diagram": content changed`);
    expect(plan.stdout).toContain('attachments: 1 to upload');
  });
});

describe('the manifest holds the date_edited Halo has after a publish', () => {
  for (const saveReply of ['all', 'first', 'empty'] as const) {
    it(`whatever a write answers (${saveReply}), so a first publish is followed by a plan with no changes`, async () => {
      const files: TreeFiles = { ...KB, ...IMAGE, 'halo-kb.yml': 'halo:\n  batch_size: 2\n' };
      for (let i = 1; i <= 6; i++) files[`content/central/printers/printer-${i}.md`] = `# Printer PRN-${i}\n\nOn floor ${i}. See [the VPN guide](../network/vpn.md).\n`;
      const p = await publishProject(files, { saveReply });
      expect((await p.run('publish')).code).toBe(0);
      p.emulator.resetStats();
      const plan = await p.run('plan', '--detailed-exitcode');
      expect(plan.stdout).not.toContain('[edited in Halo]');
      expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to retire, 11 unchanged, 1 skipped.');
      expect(plan.code).toBe(0);
      // A real edit in Halo is still seen.
      const id = (await p.manifest()).articles['central/printers/printer-3']!.haloId;
      p.emulator.editArticle(id, { html: '<p>Edited by an agent</p>' });
      expect((await p.run('plan')).stdout).toContain('~ update    content/central/printers/printer-3.md  "Printer PRN-3" [edited in Halo]');
    });
  }
});

describe('work the plan named that was not done', () => {
  it('is listed with the reason, and the run exits 1', async () => {
    const p = await publishProject({ ...KB, ...IMAGE }, { attachmentLimitBytes: 50 });
    const run = await p.run('publish');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'Not done: 1 planned change; run halo-kb publish again to finish (it resumes where this run stopped):\n' +
        '  upload the file central/network/images/diagram-0.png of content/central/network/diagram.md: Halo refused "diagram-0.png" for article 2 both ways a file can be attached: POST /api/Attachment answered 400 Bad Request: "The file diagram-0.png is larger than the maximum attachment size of 50 bytes."; POST /api/KBArticle (the file inline in the article) answered 400 Bad Request: "The file diagram-0.png is larger than the maximum attachment size of 50 bytes.".\n',
    );
    const status = await p.run('status');
    expect(status.stdout).toContain('Last Sync: ');
    expect(status.stdout).toMatch(/Last Sync: \S+ \(failed;/);
  });
});
