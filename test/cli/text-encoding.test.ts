/**
 * Text files must be UTF-8: a Latin-1 "Café" is refused with the file, line, column and byte
 * offset, never published as "Caf\uFFFD". Real bytes written to temp trees, through the real CLI.
 */
import { describe, expect, it } from 'vitest';
import { makePdf } from '../helpers/binary-files.js';
import { problems, runCli } from '../helpers/run-cli.js';
import { makeProject, type TreeFiles } from '../helpers/temp-tree.js';
import { publishProject } from '../publish/publish-fixture.js';

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

async function validate(files: TreeFiles) {
  const root = await makeProject({ 'content/central/network/vpn.md': '# Connecting to the VPN\n\nInstall the client.\n', ...files });
  return runCli(['validate'], root);
}

const HINT = '    Save the file as UTF-8 (most editors: "Save with Encoding" > UTF-8) and check the characters around that place.\n';

describe('files that are not UTF-8 text', () => {
  it('a Latin-1 Markdown file, binary garbage, NUL bytes and UTF-16', async () => {
    const run = await validate({
      'content/central/cafe.md': latin1('# Café opening hours\n\nThe café opens at 8.\n'),
      'content/central/garbage.md': Buffer.from([0x23, 0x20, 0x41, 0x0a, 0x0a, 0xff, 0xfe, 0x00, 0x80, 0x81]),
      'content/central/nul.md': Buffer.from('# Printers\n\nFloor 3\u0000 printer.\n', 'utf8'),
      'content/central/utf16.md': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# Wi-Fi\n', 'utf16le')]),
      // A UTF-8 character cut short at the end of the file.
      'content/central/cut.md': Buffer.concat([Buffer.from('# Menu\n\nCaf', 'utf8'), Buffer.from([0xc3])]),
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/cafe.md:1:6: error: This file is not UTF-8 text: the byte 0xE9 at byte offset 5 is not valid UTF-8 (a Latin-1 or Windows-1252 file?). [not-utf8]',
      'content/central/cut.md:3:4: error: This file is not UTF-8 text: the byte 0xC3 at byte offset 11 is not valid UTF-8 (a Latin-1 or Windows-1252 file?). [not-utf8]',
      'content/central/garbage.md:3:1: error: This file is not UTF-8 text: the byte 0xFF at byte offset 5 is not valid UTF-8 (a Latin-1 or Windows-1252 file?). [not-utf8]',
      'content/central/nul.md:3:8: error: This file holds a NUL byte at byte offset 19: it is binary data (or UTF-16), not text. [not-utf8]',
      'content/central/utf16.md:1:1: error: This file is UTF-16 text (it starts with a UTF-16 byte order mark), not UTF-8. [not-utf8]',
    ]);
    expect(run.stdout).toContain(HINT);
    expect(run.stdout).toContain('    Remove the NUL bytes, or save the file as UTF-8 text.\n');
  });

  it('a Latin-1 PDF sidecar and _company.yml', async () => {
    const run = await validate({
      'content/central/handbooks/menu.pdf': await makePdf(),
      'content/central/handbooks/menu.pdf.yml': latin1('title: Menu du café\n'),
      'content/companies/contoso/_company.yml': latin1('client_name: Contoso Ltd\nfaq_list: Contoso Société\n'),
      'content/companies/contoso/onboarding.md': '# Onboarding\n\nText.\n',
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/handbooks/menu.pdf.yml:1:19: error: This file is not UTF-8 text: the byte 0xE9 at byte offset 18 is not valid UTF-8 (a Latin-1 or Windows-1252 file?). [not-utf8]',
      'content/companies/contoso/_company.yml:2:23: error: This file is not UTF-8 text: the byte 0xE9 at byte offset 47 is not valid UTF-8 (a Latin-1 or Windows-1252 file?). [not-utf8]',
      'content/companies/contoso/onboarding.md: error: content/companies/contoso/_company.yml has errors, so the Halo customer this article is for is not known; it is not published until the file is fixed. [company-file-invalid]',
    ]);
  });

  it('a Latin-1 halo-kb.yml is a configuration error (exit code 3)', async () => {
    const run = await validate({ 'halo-kb.yml': latin1('faq_lists:\n  group: Base de connaissances (documentée)\n') });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'error: halo-kb.yml:2:41: halo-kb.yml is not UTF-8 text: the byte 0xE9 at byte offset 51 is not valid UTF-8 (a Latin-1 or Windows-1252 file?).\n' +
        '  Save the file as UTF-8 (most editors: "Save with Encoding" > UTF-8) and check the characters around that place.\n',
    );
  });

  it('a Latin-1 template', async () => {
    const root = await makeProject({
      'content/central/network/vpn.md': '# VPN\n\nText.\n',
      'templates/article.html': latin1('<div class="banner">Publié depuis la documentation</div>\n{{{body}}}\n'),
    });
    const run = await runCli(['validate'], root);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe(
      `error: ${root}/templates/article.html:1:26: The template is not UTF-8 text: the byte 0xE9 at byte offset 25 is not valid UTF-8 (a Latin-1 or Windows-1252 file?).`,
    );
  });

  it('a UTF-8 byte order mark is accepted everywhere', async () => {
    const bom = (text: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const root = await makeProject({
      'halo-kb.yml': bom('faq_lists:\n  central: Général\n'),
      'content/central/cafe.md': bom('---\ntitle: Café opening hours\n---\n\nThe café opens at 8.\n'),
      'content/central/handbooks/menu.pdf': await makePdf(),
      'content/central/handbooks/menu.pdf.yml': bom('title: Menu du café\n'),
      'content/companies/contoso/_company.yml': bom('client_name: Contoso Ltd\n'),
      'content/companies/contoso/onboarding.md': bom('# Onboarding\n\nText.\n'),
    });
    const run = await runCli(['validate', '--format', 'json'], root);
    expect(run.code).toBe(0);
    const titles = (JSON.parse(run.stdout) as { articles: { title: string }[] }).articles.map((a) => a.title);
    expect(titles).toEqual(['Café opening hours', 'Menu du café', 'Onboarding']);
  });
});

describe('publishing', () => {
  it('publishes "Café" as written, and never a Latin-1 file', async () => {
    const p = await publishProject({
      'content/central/cafe.md': '# Café opening hours\n\nThe café opens at 8.\n',
      'content/central/menu.md': latin1('# Menu du café\n\nCroissants.\n'),
    });
    const run = await p.run('publish');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('content/central/menu.md:1:14: error: This file is not UTF-8 text');
    const stored = p.emulator.data().articles;
    expect(stored.map((a) => a.name)).toEqual(['Café opening hours']);
    expect(stored[0]!.description_html).toContain('The café opens at 8.');
    expect(JSON.stringify(stored)).not.toContain('\uFFFD');
  });
});
