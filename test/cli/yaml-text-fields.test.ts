/**
 * A bare YAML number, boolean or date where text is expected is never published other than as
 * written: `title: 3.10` would be "3.1". Through the real CLI, with the line a writer reads.
 */
import { describe, expect, it } from 'vitest';
import { makePdf } from '../helpers/binary-files.js';
import { problems, runCli } from '../helpers/run-cli.js';
import { makeProject, type TreeFiles } from '../helpers/temp-tree.js';

async function validate(files: TreeFiles, args: string[] = []) {
  const root = await makeProject({ 'content/central/network/vpn.md': '# Connecting to the VPN\n\nInstall the client.\n', ...files });
  return runCli(['validate', ...args], root);
}

describe('numbers, booleans and dates in text fields', () => {
  it('frontmatter: title, id, summary, a tags entry, a faq_lists entry and a public_links path', async () => {
    const run = await validate({
      'content/central/release-notes.md': [
        '---',
        'title: 3.10',
        'id: 1.10',
        'summary: 1e3',
        'tags: [vpn, 2.0]',
        'faq_lists: [network, 0x1F]',
        'public_links:',
        '  3.10: https://files.example.com/notes-3.10.pdf',
        '---',
        '',
        'Release notes.',
        '',
      ].join('\n'),
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/release-notes.md:2:8: error: frontmatter key "title" is a number in YAML (3.10, read as the number 3.1), not text; quote it: title: "3.10" [frontmatter-type]',
      'content/central/release-notes.md:3:5: error: frontmatter key "id" is a number in YAML (1.10, read as the number 1.1), not text; quote it: id: "1.10" [frontmatter-type]',
      'content/central/release-notes.md:4:10: error: frontmatter key "summary" is a number in YAML (1e3, read as the number 1000), not text; quote it: summary: "1e3" [frontmatter-type]',
      'content/central/release-notes.md:5:13: error: frontmatter key "tags" entry 2 is a number in YAML (2.0, read as the number 2), not text; quote it: "2.0" [frontmatter-type]',
      'content/central/release-notes.md:6:22: error: frontmatter key "faq_lists" entry 2 is a number in YAML (0x1F, read as the number 31), not text; quote it: "0x1F" [frontmatter-type]',
      'content/central/release-notes.md:8:3: error: frontmatter key "public_links" has a key that is a number in YAML (3.10, read as the number 3.1), not text; quote it: "3.10": … [frontmatter-type]',
    ]);
    expect(run.stdout).toContain('    Article title in Halo (default: the first "# " heading, then the file name). Quoted, it stays exactly as written.\n');
  });

  it('a boolean that does not read back as written', async () => {
    const run = await validate({ 'content/central/faq.md': '---\ntitle: True\ntags: [FALSE]\n---\n\nText.\n' });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/faq.md:2:8: error: frontmatter key "title" is a boolean in YAML (True, read as the boolean true), not text; quote it: title: "True" [frontmatter-type]',
      'content/central/faq.md:3:8: error: frontmatter key "tags" entry 1 is a boolean in YAML (FALSE, read as the boolean false), not text; quote it: "FALSE" [frontmatter-type]',
    ]);
  });

  it('quoted values, and bare ones that read back exactly as written, are published as written', async () => {
    const run = await validate(
      {
        'content/central/release-notes.md': '---\ntitle: "3.10"\ntags: [2024, "1.10", yes]\nsummary: 2026-01-01\n---\n\nRelease notes.\n',
        'content/central/yes.md': '---\ntitle: yes\n---\n\nText.\n',
      },
      ['--format', 'json'],
    );
    expect(run.code).toBe(0);
    const articles = (JSON.parse(run.stdout) as { articles: { key: string; title: string; tags: string[]; summary?: string }[] }).articles;
    // YAML 1.2: `yes` is text and a date stays the text written.
    expect(articles.find((a) => a.key === 'central/release-notes')).toMatchObject({ title: '3.10', tags: ['2024', '1.10', 'yes'], summary: '2026-01-01' });
    expect(articles.find((a) => a.key === 'central/yes')?.title).toBe('yes');
  });

  it('a PDF sidecar and a _company.yml', async () => {
    const run = await validate({
      'content/central/handbooks/vpn-card.pdf': await makePdf({ title: 'VPN card' }),
      'content/central/handbooks/vpn-card.pdf.yml': 'title: 2.50\n',
      'content/companies/contoso/_company.yml': 'client_name: 1e3\nfaq_list: 0o17\n',
      'content/companies/contoso/onboarding.md': '# Onboarding\n\nText.\n',
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/handbooks/vpn-card.pdf.yml:1:8: error: metadata key "title" is a number in YAML (2.50, read as the number 2.5), not text; quote it: title: "2.50" [frontmatter-type]',
      'content/companies/contoso/_company.yml:1:14: error: _company.yml key "client_name" is a number in YAML (1e3, read as the number 1000), not text; quote it: client_name: "1e3" [wrong-type]',
      'content/companies/contoso/_company.yml:2:11: error: _company.yml key "faq_list" is a number in YAML (0o17, read as the number 15), not text; quote it: faq_list: "0o17" [wrong-type]',
      'content/companies/contoso/onboarding.md: error: content/companies/contoso/_company.yml has errors, so the Halo customer this article is for is not known; it is not published until the file is fixed. [company-file-invalid]',
    ]);
  });

  it('halo-kb.yml: a client id with a leading zero, and a date under a YAML 1.1 directive (exit code 3)', async () => {
    const run = await validate({ 'halo-kb.yml': '%YAML 1.1\n---\nfaq_lists:\n  group: 2026-01-01\nhalo:\n  client_id: 0123\n' });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      [
        'error: halo-kb.yml has 2 invalid settings:',
        'halo-kb.yml:4:10: halo-kb.yml faq_lists key "group" is a date in YAML (2026-01-01, read as the date 2026-01-01T00:00:00.000Z), not text; quote it: group: "2026-01-01"',
        '    Name of the grouping FAQ list all others sit under. Quoted, it stays exactly as written.',
        'halo-kb.yml:6:14: halo-kb.yml halo key "client_id" is a number in YAML (0123, read as the number 83), not text; quote it: client_id: "0123"',
        '    API application client id (env HALO_CLIENT_ID). Quoted, it stays exactly as written.',
        '  Fix the settings shown, or remove them to use the defaults.',
        '',
      ].join('\n'),
    );
  });
});
