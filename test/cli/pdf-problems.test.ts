/**
 * PDFs that cannot be published as they are: encrypted (its title would be cipher bytes and the
 * unreadable file would be uploaded), cut short, or damaged. Real files, through the real CLI.
 */
import { describe, expect, it } from 'vitest';
import { makePdf } from '../helpers/binary-files.js';
import { damagedPdf, encryptedPdf, truncatedPdf } from '../helpers/pdf-variants.js';
import { problems, runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';
import { publishProject } from '../publish/publish-fixture.js';

describe('PDF articles that cannot be published', () => {
  it('an encrypted PDF, one cut short, and one that is not a PDF at all', async () => {
    const root = await makeProject({
      'content/central/handbooks/salary-bands.pdf': encryptedPdf(),
      'content/central/handbooks/printer-guide.pdf': await truncatedPdf(),
      'content/central/handbooks/onboarding.pdf': Buffer.from('PK\x03\x04 a zip file renamed to .pdf', 'latin1'),
    });
    const run = await runCli(['validate'], root);
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/handbooks/onboarding.pdf: error: This is not a valid PDF: it does not start with a PDF header (%PDF-). [invalid-pdf]',
      'content/central/handbooks/printer-guide.pdf: error: This is not a valid PDF: it is cut short: it does not end with the %%EOF marker every complete PDF ends with. [invalid-pdf]',
      'content/central/handbooks/salary-bands.pdf: error: This PDF is encrypted (password-protected, or restricted by permissions): halo-kb cannot read its title and pages, and readers in Halo may be asked for a password; it is not published. [encrypted-pdf]',
    ]);
    expect(run.stdout).toContain('    Save a copy without security (in Acrobat: File > Properties > Security > No Security; or "qpdf --decrypt in.pdf out.pdf") and commit that instead.\n');
  });

  it("an encrypted PDF's title is never read from its cipher bytes", async () => {
    const root = await makeProject({ 'content/central/handbooks/salary-bands.pdf': encryptedPdf('Salary bands 2027') });
    const run = await runCli(['validate', '--format', 'json'], root);
    const [article] = (JSON.parse(run.stdout) as { articles: { title: string }[] }).articles;
    expect(article?.title).toBe('Salary bands');
  });

  it('a PDF with a damaged part is a warning: it is published, and neither pdf-lib nor pdf.js prints anything of its own', async () => {
    const root = await makeProject({ 'content/central/handbooks/printer-guide.pdf': damagedPdf() });
    const run = await runCli(['validate'], root);
    expect(run.code).toBe(0);
    expect(problems(run.stdout)).toEqual([
      'content/central/handbooks/printer-guide.pdf: warning: This PDF may be damaged: the object 4 0 R could not be read. [damaged-pdf]',
      // Its one page is blank: there is no text to read either.
      'content/central/handbooks/printer-guide.pdf: warning: This PDF has no text (a scan, or pictures of text): Halo search will only find its title. [pdf-no-text]',
    ]);
    expect(run.stderr).toBe('');
  });

  it('publishing uploads neither an encrypted nor a truncated PDF', async () => {
    const p = await publishProject({
      'content/central/handbooks/salary-bands.pdf': encryptedPdf(),
      'content/central/handbooks/printer-guide.pdf': await truncatedPdf(),
      'content/central/handbooks/vpn-card.pdf': await makePdf({ title: 'VPN quick card' }),
    });
    const run = await p.run('publish');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Published: 1 created, 0 updated, 0 retired, 0 unchanged, 2 skipped, 0 failed');
    const data = p.emulator.data();
    expect(data.articles.map((a) => a.name)).toEqual(['VPN quick card']);
    expect(data.attachments.map((a) => a.filename)).toEqual(['vpn-card.pdf']);
  });
});
