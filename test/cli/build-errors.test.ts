/**
 * Every bad input a writer can give, through the real CLI: the exact line they read and exit code 1
 * (3 for a bad config file). Trees are small real-looking KBs written to temp folders.
 */
import { mkdir, readdir, symlink, truncate } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePng } from '../helpers/binary-files.js';
import { problems, runCli } from '../helpers/run-cli.js';
import { makeProject, type TreeFiles } from '../helpers/temp-tree.js';

const VPN = `---
title: Connecting to the VPN
tags: [vpn, remote-access]
---

Install **GlobalConnect VPN** from the Company Portal, then sign in.
`;

const PASSWORD = `# Resetting your password

Use the self-service portal.

## When MFA is lost

Call the service desk.
`;

/** A healthy central KB plus `files`, which add or replace articles. */
function tree(files: TreeFiles): TreeFiles {
  return {
    'content/central/network/vpn.md': VPN,
    'content/central/accounts/password-reset.md': PASSWORD,
    ...files,
  };
}

async function validate(files: TreeFiles, args: string[] = []) {
  const root = await makeProject(tree(files));
  return { root, ...(await runCli(['validate', ...args], root)) };
}

describe('bad frontmatter', () => {
  it('broken YAML', async () => {
    const run = await validate({ 'content/central/network/vpn.md': '---\ntitle: Connecting to the VPN\ntags: [vpn, remote-access\n---\n\nText.\n' });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/network/vpn.md:3:26: error: The frontmatter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] [frontmatter-syntax]',
    ]);
    expect(run.stdout).toContain('    Fix the YAML at the line shown; quote values that contain ": " or start with a special character.\n');
  });

  it('a value with an unquoted ": "', async () => {
    const run = await validate({ 'content/central/network/vpn.md': '---\ntitle: VPN: connect from home\n---\n\nText.\n' });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual(['content/central/network/vpn.md:2:8: error: The frontmatter is not valid YAML: Nested mappings are not allowed in compact mappings [frontmatter-syntax]']);
  });

  it('wrong types, each at its value', async () => {
    const run = await validate({
      'content/central/network/vpn.md': '---\ntitle: Connecting to the VPN\ndraft: "no"\ntags:\n  first: vpn\nreview_date: 31/03/2027\n---\n\nText.\n',
      'content/central/network/wifi.md': '---\ntitle: Guest Wi-Fi\nreview_date: 2027-02-30\n---\n\nText.\n',
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/network/vpn.md:3:8: error: frontmatter key "draft" must be true or false, but it is string "no". [frontmatter-type]',
      'content/central/network/vpn.md:5:3: error: frontmatter key "tags" must be a list of strings, but it is a mapping. [frontmatter-type]',
      'content/central/network/vpn.md:6:14: error: frontmatter key "review_date" must be a date (YYYY-MM-DD), but it is string "31/03/2027". [frontmatter-type]',
      'content/central/network/wifi.md:3:14: error: frontmatter key "review_date" must be a date (YYYY-MM-DD), but it is string "2027-02-30". [frontmatter-type]',
    ]);
    expect(run.stdout).toContain('    true keeps the article out of Halo; it is still previewed. Example: draft: true\n');
  });

  it('unclosed frontmatter', async () => {
    const run = await validate({ 'content/central/network/vpn.md': '---\ntitle: Connecting to the VPN\n\nInstall the client.\n' });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual(['content/central/network/vpn.md:1:1: error: The frontmatter starts with "---" on line 1 but is never closed. [frontmatter-unclosed]']);
  });

  it('JavaScript frontmatter', async () => {
    const run = await validate({ 'content/central/network/vpn.md': '---js\n{ title: require("child_process").execSync("id").toString() }\n---\n\nText.\n' });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual(['content/central/network/vpn.md:1:1: error: Frontmatter in "js" is not supported; halo-kb reads YAML frontmatter only. [frontmatter-language]']);
  });

  it('duplicate frontmatter keys', async () => {
    const run = await validate({ 'content/central/network/vpn.md': '---\ntitle: Connecting to the VPN\ntags: [vpn]\ntitle: VPN\n---\n\nText.\n' });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual(['content/central/network/vpn.md:4:1: error: The frontmatter is not valid YAML: Map keys must be unique [frontmatter-syntax]']);
  });

  it('an unknown key near no known one is a warning, and the build still passes', async () => {
    const run = await validate({ 'content/central/network/vpn.md': '---\ntitle: Connecting to the VPN\nauthor: Sam\n---\n\nText.\n' });
    expect(run.code).toBe(0);
    expect(problems(run.stdout)).toEqual(['content/central/network/vpn.md:3:1: warning: Unknown frontmatter key "author" is ignored. [frontmatter-unknown-key]']);
    expect(run.stdout).toContain('    Known keys: title, draft, tags,');
  });

  it('a misspelt key is an error naming the key it is close to', async () => {
    const run = await validate({ 'content/central/network/vpn.md': '---\ntitle: Connecting to the VPN\nsumary: Connect from home.\n---\n\nText.\n' });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/network/vpn.md:3:1: error: Unknown frontmatter key "sumary" is close to "summary": a misspelt key is not ignored, since "summary" may be what was meant. [frontmatter-misspelt-key]',
    ]);
    expect(run.stdout).toContain('    Rename it to "summary" (keys are lower case) or remove it; the article is not published until then.');
  });

  it('a bad PDF sidecar', async () => {
    const run = await validate({
      'content/central/handbooks/vpn-quick-card.pdf': '%PDF-1.4 not really',
      'content/central/handbooks/vpn-quick-card.pdf.yml': 'title: VPN quick card\ndraft: maybe\n',
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toContain('content/central/handbooks/vpn-quick-card.pdf.yml:2:8: error: metadata key "draft" must be true or false, but it is string "maybe". [frontmatter-type]');
  });
});

describe('bad files', () => {
  it('an empty file and an article with only frontmatter', async () => {
    const run = await validate({
      'content/central/printers/floor-3.md': '',
      'content/central/printers/floor-4.md': '---\ntitle: Floor 4 printer\n---\n\n',
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/printers/floor-3.md:1:1: error: The file is empty. [empty-article]',
      'content/central/printers/floor-4.md:1:1: error: The article has no text below its frontmatter. [empty-article]',
    ]);
    expect(run.stdout).toContain('    Write the article, mark it "draft: true" until it is ready, or delete the file.\n');
  });

  it('Markdown nested thousands deep (a generated page): its error, and the rest still built', async () => {
    const root = await makeProject(
      tree({
        'content/central/exports/ticket-dump.md': `---\ntitle: Ticket export\n---\n\n${'<div>'.repeat(20_000)}Ticket 4211${'</div>'.repeat(20_000)}\n`,
        'content/central/exports/quotes.md': `---\ntitle: Quoted thread\n---\n\n${'>'.repeat(3_000)} the first reply\n`,
      }),
    );
    const run = await runCli(['build'], root);
    expect(run.code).toBe(1);
    const message = 'The Markdown nests too deeply to compile: blockquotes, lists or HTML elements about a thousand levels inside one another. It is not published.';
    expect(problems(run.stdout)).toEqual([`content/central/exports/quotes.md: error: ${message} [markdown-too-deep]`, `content/central/exports/ticket-dump.md: error: ${message} [markdown-too-deep]`]);
    expect(run.stdout).toContain('    Flatten the nesting (Halo shows no more than a few levels legibly); if the file was generated, fix what generated it.\n');
    expect(run.stdout).toContain('4 articles in 4 FAQ lists: 2 ready, 0 drafts, 2 with errors.');
  });

  it('an invalid PDF and an empty PDF', async () => {
    const run = await validate({
      'content/central/handbooks/it-onboarding.pdf': '<html><body>Sign in to SharePoint</body></html>',
      'content/central/handbooks/printer-guide.pdf': '',
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/handbooks/it-onboarding.pdf: error: This is not a valid PDF: it does not start with a PDF header (%PDF-). [invalid-pdf]',
      'content/central/handbooks/printer-guide.pdf: error: This is not a valid PDF: the file is empty. [invalid-pdf]',
    ]);
  });

  it('a symlinked article leading outside the content folder', async () => {
    const root = await makeProject(tree({ 'shared/secret-runbook.md': '# Runbook\n\nRoot passwords.\n' }));
    await symlink(path.join(root, 'shared/secret-runbook.md'), path.join(root, 'content/central/network/runbook.md'));
    const run = await runCli(['validate'], root);
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      `content/central/network/runbook.md: error: This symbolic link leads outside the content folder (to ${path.join(root, 'shared/secret-runbook.md').split(path.sep).join('/')}); halo-kb publishes only files inside it. [outside-content]`,
    ]);
  });

  it('duplicate article keys', async () => {
    const run = await validate({
      'content/central/network/vpn-legacy.md': '---\nid: central/network/vpn\n---\n\nThe old client.\n',
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/network/vpn-legacy.md: error: The article key "central/network/vpn" is also used by content/central/network/vpn.md; every article needs its own key. [duplicate-key]',
      'content/central/network/vpn.md: error: The article key "central/network/vpn" is also used by content/central/network/vpn-legacy.md; every article needs its own key. [duplicate-key]',
    ]);
  });

  it('a bad _company.yml', async () => {
    const run = await validate({
      'content/companies/contoso/_company.yml': 'client_name: Contoso Ltd\nclient_id: "57a"\n',
      'content/companies/contoso/onboarding.md': '# Contoso onboarding\n\nText.\n',
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/companies/contoso/_company.yml:2:12: error: _company.yml key "client_id" must be a whole number, at least 1, but it is string "57a". [wrong-type]',
      'content/companies/contoso/onboarding.md: error: content/companies/contoso/_company.yml has errors, so the Halo customer this article is for is not known; it is not published until the file is fixed. [company-file-invalid]',
    ]);
  });

  it('a _company.yml that is not YAML', async () => {
    const run = await validate({
      'content/companies/contoso/_company.yml': 'client_name: "Contoso Ltd\n',
      'content/companies/contoso/onboarding.md': '# Contoso onboarding\n\nText.\n',
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/companies/contoso/_company.yml:2:1: error: Invalid YAML: Missing closing "quote [yaml-syntax]',
      'content/companies/contoso/onboarding.md: error: content/companies/contoso/_company.yml has errors, so the Halo customer this article is for is not known; it is not published until the file is fixed. [company-file-invalid]',
    ]);
  });
});

describe('bad links and attachments', () => {
  it('a link to a missing article', async () => {
    const run = await validate({
      'content/central/network/wifi.md': '# Wi-Fi\n\nIf Wi-Fi fails, use [the VPN](vpn.md) or\n[reset your password](../accounts/reset-password.md).\n',
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/network/wifi.md:4:1: error: The link "../accounts/reset-password.md" points at central/accounts/reset-password.md, which is not an article in the content folder. [missing-link-target]',
    ]);
  });

  it('a link to a missing section is a warning', async () => {
    const run = await validate({ 'content/central/network/wifi.md': '# Wi-Fi\n\nSee [MFA](../accounts/password-reset.md#when-mfa-is-gone).\n' });
    expect(run.code).toBe(0);
    expect(problems(run.stdout)).toEqual([
      'content/central/network/wifi.md:3:5: warning: The link "../accounts/password-reset.md#when-mfa-is-gone" names the section "#when-mfa-is-gone", which content/central/accounts/password-reset.md does not have. [missing-anchor]',
    ]);
    expect(run.stdout).toContain('    Sections there: #when-mfa-is-lost.\n');
  });

  it('a central article linking to a company article', async () => {
    const run = await validate({
      'content/companies/contoso/printers/floor-3.md': '# Floor 3 printer\n\nBadge in at the printer.\n',
      'content/central/printers.md': '# Printers\n\nContoso staff: [floor 3](../companies/contoso/printers/floor-3.md).\n',
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/printers.md:3:16: error: The link "../companies/contoso/printers/floor-3.md" points at content/companies/contoso/printers/floor-3.md, an article of company "contoso"; readers of the central KB must not see it. [cross-audience-link]',
    ]);
  });

  it('one company linking to another', async () => {
    const run = await validate({
      'content/companies/contoso/printers/floor-3.md': '# Floor 3 printer\n\nBadge in at the printer.\n',
      'content/companies/fabrikam/printing.md': '# Printing\n\nLike [Contoso does](/companies/contoso/printers/floor-3.md).\n',
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/companies/fabrikam/printing.md:3:6: error: The link "/companies/contoso/printers/floor-3.md" points at content/companies/contoso/printers/floor-3.md, an article of company "contoso"; readers of company "fabrikam" must not see it. [cross-audience-link]',
    ]);
  });

  it("a central article showing a company's image", async () => {
    const run = await validate({
      'content/companies/contoso/images/floor-plan.png': makePng(),
      'content/central/printers.md': '# Printers\n\n![Floor plan](../companies/contoso/images/floor-plan.png)\n',
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/printers.md:3:1: error: "../companies/contoso/images/floor-plan.png" is a file of company "contoso"; readers of the central KB must not see it. [cross-audience-link]',
    ]);
  });

  it('a ../ path leaving the content folder', async () => {
    const run = await validate({
      'content/central/network/wifi.md': '# Wi-Fi\n\nThe [site config](../../../halo-kb.yml) and [keys](../../../../etc/passwd).\n',
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/network/wifi.md:3:5: error: "../../../halo-kb.yml" points outside the content folder; only files inside it can be published. [outside-content]',
      'content/central/network/wifi.md:3:45: error: "../../../../etc/passwd" points outside the content folder; only files inside it can be published. [outside-content]',
    ]);
  });

  it('a symlinked image leading outside the content folder', async () => {
    const root = await makeProject(tree({ 'private/badge.png': makePng(), 'content/central/network/wifi.md': '# Wi-Fi\n\n![Badge](badge.png)\n' }));
    await symlink(path.join(root, 'private/badge.png'), path.join(root, 'content/central/network/badge.png'));
    const run = await runCli(['validate'], root);
    expect(run.code).toBe(1);
    const target = path.join(root, 'private/badge.png').split(path.sep).join('/');
    expect(problems(run.stdout)).toEqual([
      `content/central/network/badge.png: error: This symbolic link leads outside the content folder (to ${target}); halo-kb publishes only files inside it. [outside-content]`,
      `content/central/network/wifi.md:3:1: error: "badge.png" is a symbolic link that leads outside the content folder (to ${target}). [outside-content]`,
    ]);
  });

  it('a missing image', async () => {
    const run = await validate({ 'content/central/network/wifi.md': '# Wi-Fi\n\n![Settings](images/wifi-settings.png)\n' });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/network/wifi.md:3:1: error: "images/wifi-settings.png" does not exist (looked for central/network/images/wifi-settings.png in the content folder). [missing-file]',
    ]);
  });

  it('an attachment over a configured limit without a public link', async () => {
    const run = await validate({
      'halo-kb.yml': 'attachments:\n  max_size_mb: 0.001\n',
      'content/central/network/wifi.md': '# Wi-Fi\n\nDownload [the profile](files/wifi-profile.xml).\n',
      'content/central/network/files/wifi-profile.xml': `<WLANProfile>${'x'.repeat(3000)}</WLANProfile>`,
    });
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/network/wifi.md:3:10: error: central/network/files/wifi-profile.xml is 3 KB, over the 1 KB attachment limit, and has no public link; the article is not published. [attachment-too-large]',
    ]);
    expect(run.stdout).toContain('    Add "public_links: { "files/wifi-profile.xml": <URL> }" to the frontmatter, set attachments.public_base_url in halo-kb.yml, or make the file smaller.\n');
  });

  it('a 30 MB file over the default 25 MB limit; a public link fixes it', async () => {
    const files = {
      'content/central/network/wifi.md': '# Wi-Fi\n\nDownload [the driver pack](files/driver-pack.zip).\n',
      'content/central/network/files/driver-pack.zip': '',
    };
    const root = await makeProject(tree(files));
    await truncate(path.join(root, 'content/central/network/files/driver-pack.zip'), 30 * 1024 * 1024);
    const refused = await runCli(['validate'], root);
    expect(refused.code).toBe(1);
    expect(problems(refused.stdout)).toEqual([
      'content/central/network/wifi.md:3:10: error: central/network/files/driver-pack.zip is 30.0 MB, over the 25.0 MB attachment limit, and has no public link; the article is not published. [attachment-too-large]',
    ]);
    const withLink = await makeProject(
      tree({
        ...files,
        'content/central/network/wifi.md': `---\npublic_links: { "files/driver-pack.zip": "https://files.example.com/driver-pack.zip" }\n---\n${files['content/central/network/wifi.md']}`,
      }),
    );
    await truncate(path.join(withLink, 'content/central/network/files/driver-pack.zip'), 30 * 1024 * 1024);
    const linked = await runCli(['validate', '--format', 'json'], withLink);
    expect(linked.code).toBe(0);
    const wifi = (JSON.parse(linked.stdout) as { articles: { key: string; attachments: unknown[] }[] }).articles.find((a) => a.key === 'central/network/wifi');
    expect(wifi?.attachments).toEqual([
      { path: 'central/network/files/driver-pack.zip', size: 30 * 1024 * 1024, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), mode: 'link', url: 'https://files.example.com/driver-pack.zip' },
    ]);
  });
});

describe('reporting', () => {
  it('validate reports every problem of every article in one run, sorted, with a summary', async () => {
    const run = await validate({
      'content/central/printers/floor-3.md': '',
      'content/central/network/wifi.md': '# Wi-Fi\n\n[Gone](gone.md)\n',
      'content/central/handbooks/it-onboarding.pdf': 'not a pdf',
      'content/central/network/vpn.md': '---\ndraft: sometimes\n---\n\nText.\n',
    });
    expect(run.code).toBe(1);
    expect(
      problems(run.stdout)
        .map((l) => l.slice(0, l.indexOf(': error')))
        .sort(),
    ).toEqual(['content/central/handbooks/it-onboarding.pdf', 'content/central/network/vpn.md:2:8', 'content/central/network/wifi.md:3:1', 'content/central/printers/floor-3.md:1:1']);
    expect(run.lines.at(-1)).toMatch(
      /^5 articles in \d+ FAQ lists: 1 ready, 0 drafts, 4 with errors\. 0 attachments to upload, 0 public links\. 4 errors, 0 warnings\. compiled 5, reused 0 from cache, [\d.]+ s\.$/,
    );
  });

  it('--format github prints workflow annotations', async () => {
    const run = await validate({ 'content/central/network/wifi,guest.md': '# Wi-Fi\n\nSee [the guide](missing,%20guide.md).\n' }, ['--format', 'github']);
    expect(run.code).toBe(1);
    expect(run.lines[0]).toBe(
      '::error file=content/central/network/wifi%2Cguest.md,line=3,col=5,title=halo-kb missing-link-target::The link "missing,%2520guide.md" points at central/network/missing, guide.md, which is not an article in the content folder.%0AFix the path (it is relative to this file), or remove the link.',
    );
  });

  it('GITHUB_ACTIONS=true picks the github format', async () => {
    const root = await makeProject(tree({ 'content/central/empty.md': '' }));
    const run = await runCli(['validate'], root, { GITHUB_ACTIONS: 'true' });
    expect(run.lines[0]).toMatch(/^::error file=content\/central\/empty\.md,line=1,col=1,title=halo-kb empty-article::The file is empty\./);
  });

  it('validate writes nothing', async () => {
    const { root, code } = await validate({});
    expect(code).toBe(0);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(path.join(root, '.halo-kb')).catch(() => [])).filter((f) => f !== 'cache')).toEqual([]);
  });
});

describe('bad configuration (exit code 3)', () => {
  it('an invalid setting', async () => {
    const run = await validate({ 'halo-kb.yml': 'attachments:\n  max_size_mb: lots\n' });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        'error: halo-kb.yml has 1 invalid setting:',
        'halo-kb.yml:2:16: halo-kb.yml attachments key "max_size_mb" must be a positive number, but it is string "lots".',
        "    Largest attachment uploaded to Halo, in MB (Halo's default limit is 25). Example: max_size_mb: 25",
        '  Fix the settings shown, or remove them to use the defaults.',
        '',
      ].join('\n'),
    );
  });

  it('broken YAML', async () => {
    const run = await validate({ 'halo-kb.yml': 'content: [docs\n' });
    expect(run.code).toBe(3);
    expect(run.stderr.split('\n')[0]).toBe('error: halo-kb.yml is not valid YAML:');
  });

  it('a missing content folder', async () => {
    const root = await makeProject({ 'halo-kb.yml': 'content: docs\n' });
    const run = await runCli(['build'], root);
    expect(run.code).toBe(3);
    expect(run.stderr.split('\n')[0]).toBe('error: The content folder docs does not exist.');
  });
});

describe('an output folder that cannot be written (exit code 1)', () => {
  const hint = '  Check that .halo-kb/build is a folder you can write to, with nothing in the way of index.json or articles/, or pass --out DIR.';

  it('a folder where index.json goes: named, and no temporary file left', async () => {
    const root = await makeProject(tree({}));
    await mkdir(path.join(root, '.halo-kb/build/index.json'), { recursive: true });
    const run = await runCli(['build', '--quiet'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: The build output could not be written to .halo-kb/build (EISDIR on .halo-kb/build/index.json).\n${hint}\n`);
    // The marker says the folder was left half written: the next build writes every file again.
    expect((await readdir(path.join(root, '.halo-kb/build'))).sort()).toEqual(['.halo-kb-writing', 'articles', 'index.json']);
  });

  it('a file where the articles folder goes', async () => {
    const root = await makeProject({ ...tree({}), '.halo-kb/build/articles': 'not a folder' });
    const run = await runCli(['build', '--quiet'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: The build output could not be written to .halo-kb/build (ENOTDIR on .halo-kb/build/articles/central/accounts).\n${hint}\n`);
  });
});
