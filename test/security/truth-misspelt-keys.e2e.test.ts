/**
 * A safety key mistyped in frontmatter, a sidecar or `_company.yml` never publishes: `Draft: true`
 * read as an unknown key would put a draft in front of customers. Through the real CLI against the
 * emulator: the exact error, exit code 1, and nothing of the article in Halo.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KB, publishProject } from '../publish/publish-fixture.js';

const DRAFT = 'content/central/accounts/mfa.md';

describe('misspelt safety keys are never published', () => {
  it('"Draft: true" keeps the article out of Halo, names the file, line and key, and exits 1', async () => {
    const p = await publishProject({ ...KB, [DRAFT]: '---\nDraft: true\n---\n\n# MFA setup\n\nComing soon.\n' });
    const run = await p.run('publish');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `${DRAFT}:2:1: error: Unknown frontmatter key "Draft" is close to "draft": a misspelt key is not ignored, since "draft" may be what was meant. [frontmatter-misspelt-key]\n` +
        '    Rename it to "draft" (keys are lower case) or remove it; the article is not published until then.',
    );
    expect(run.stdout).toContain(`! skipped   ${DRAFT}  "MFA setup": has errors: Unknown frontmatter key "Draft"`);
    expect(p.emulator.data().articles.map((a) => a.name)).not.toContain('MFA setup');
    expect(p.emulator.data().articles).toHaveLength(4);
  });

  for (const yaml of ['drafts: true', 'draft_: true', 'DRAFT: true']) {
    it(`"${yaml}" is refused the same way`, async () => {
      const p = await publishProject({ ...KB, [DRAFT]: `---\n${yaml}\n---\n\n# MFA setup\n\nComing soon.\n` });
      const run = await p.run('publish');
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`${DRAFT}:2:1: error: Unknown frontmatter key "${yaml.split(':')[0]}" is close to "draft"`);
      expect(p.emulator.data().articles.map((a) => a.name)).not.toContain('MFA setup');
    });
  }

  it('a PDF sidecar with "Draft: true" keeps the PDF out of Halo', async () => {
    const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
    const p = await publishProject({ ...KB, 'content/central/handbooks/onboarding.pdf': pdf, 'content/central/handbooks/onboarding.pdf.yml': 'title: Onboarding handbook\nDraft: true\n' });
    const run = await p.run('publish');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('content/central/handbooks/onboarding.pdf.yml:2:1: error: Unknown metadata key "Draft" is close to "draft"');
    expect(p.emulator.data().articles.map((a) => a.name)).not.toContain('Onboarding handbook');
  });

  it('a misspelt _company.yml key holds back every article of that company', async () => {
    const p = await publishProject({ ...KB, 'content/companies/contoso/_company.yml': 'clientname: Contoso Ltd\n' });
    const run = await p.run('publish');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'content/companies/contoso/_company.yml:1:1: error: Unknown _company.yml key "clientname" is close to "client_name": a misspelt key is not ignored, since "client_name" may be what was meant. [misspelt-key]',
    );
    expect(p.emulator.data().articles.map((a) => a.name)).not.toContain('Printing at Contoso');
  });

  it('once the key is fixed, the draft stays out and the article is a plain draft', async () => {
    const p = await publishProject({ ...KB, [DRAFT]: '---\nDraft: true\n---\n\n# MFA setup\n\nComing soon.\n' });
    expect((await p.run('publish')).code).toBe(1);
    await writeFile(path.join(p.root, DRAFT), '---\ndraft: true\n---\n\n# MFA setup\n\nComing soon.\n');
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('error:');
    expect(p.emulator.data().articles.map((a) => a.name)).not.toContain('MFA setup');
  });
});
