/**
 * `halo-kb build` end to end through the real CLI: a small real-looking KB in, the HTML files and
 * index.json out.
 */
import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildIndex } from '../../src/compile/write-output.js';
import { makePdf, makePng } from '../helpers/binary-files.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';

async function kbFiles() {
  return {
    'halo-kb.yml': 'source_url: https://git.example.com/it/kb/blob/main\nfaq_lists:\n  central: IT Help\n',
    'content/central/network/vpn.md': `---
id: network/vpn
title: Connecting to the VPN
summary: Connect to the office network from anywhere.
tags: [vpn, remote-access]
review_date: 2027-03-31
---

# Connecting to the VPN

![The sign-in window](images/vpn-client.png)

## Connect

Sign in; if you lost your phone, follow [Resetting your password](../accounts/password-reset.md#when-mfa-is-lost).

| Setting | Value |
| --- | --- |
| Gateway | vpn.example.com |

\`\`\`powershell
Test-NetConnection fileserver01 -Port 445
\`\`\`

<p onclick="steal()">Still stuck? <script>alert(1)</script>Raise a ticket.</p>
`,
    'content/central/network/images/vpn-client.png': makePng(),
    'content/central/accounts/password-reset.md': '# Resetting your password\n\nUse the portal.\n\n## When MFA is lost\n\nCall the service desk.\n',
    'content/central/accounts/mfa-setup.md': '---\ndraft: true\n---\n# Setting up MFA\n\n- [ ] Install the app\n',
    'content/central/handbooks/it-onboarding.pdf': await makePdf({ pages: 3, title: 'IT onboarding handbook' }),
    'content/central/handbooks/it-onboarding.pdf.yml': 'summary: Your first week.\ntags: [onboarding]\n',
    'content/companies/contoso/_company.yml': 'client_name: Contoso Ltd\nclient_id: 57\nfaq_list: Contoso\n',
    'content/companies/contoso/onboarding.md': '# Contoso new starter checklist\n\n- [x] Account\n- [ ] Laptop\n\nSee [the VPN guide](../../central/network/vpn.md).\n',
    'content/companies/contoso/printers/floor-3-printer.md': '# Printing on the 3rd floor\n\nBadge in at the printer.\n',
  };
}

describe('halo-kb build', () => {
  let root: string;
  let first: Awaited<ReturnType<typeof runCli>>;
  let index: BuildIndex;
  const out = () => path.join(root, '.halo-kb/build');

  beforeAll(async () => {
    root = await makeProject(await kbFiles());
    first = await runCli(['build'], root);
    index = JSON.parse(await readFile(path.join(out(), 'index.json'), 'utf8')) as BuildIndex;
  });

  it('prints a summary and exits 0', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.lines).toEqual([
      expect.stringMatching(
        /^6 articles in 6 FAQ lists: 5 ready, 1 draft, 0 with errors\. 2 attachments to upload, 0 public links\. 0 errors, 0 warnings\. compiled 6, reused 0 from cache, [\d.]+ s\.$/,
      ),
      'Wrote .halo-kb/build/index.json (6 HTML files updated).',
    ]);
  });

  it('writes one HTML file per article', async () => {
    const files = (await readdir(path.join(out(), 'articles'), { recursive: true }))
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => f.endsWith('.html'))
      .sort();
    expect(files).toEqual([
      'central/accounts/mfa-setup.html',
      'central/accounts/password-reset.html',
      'central/handbooks/it-onboarding.html',
      'companies/contoso/onboarding.html',
      'companies/contoso/printers/floor-3-printer.html',
      'network/vpn.html',
    ]);
  });

  it('writes the exact HTML published to Halo', async () => {
    const html = await readFile(path.join(out(), 'articles/network/vpn.html'), 'utf8');
    expect(
      html,
    ).toBe(`<div class="halo-kb-banner" data-halo-kb-key="network/vpn" style="border:1px solid #9cc3e6;background:#eef6fc;border-radius:4px;padding:8px 12px;margin:0 0 16px 0;font-size:13px;color:#1d3b57">
<strong>Published from docs.</strong> This article is maintained in <a href="https://git.example.com/it/kb/blob/main/content/central/network/vpn.md">content/central/network/vpn.md</a>. Edits made here in Halo are overwritten on the next publish: change the source instead.
</div>
<p class="halo-kb-summary"><em>Connect to the office network from anywhere.</em></p>
<h1 id="connecting-to-the-vpn">Connecting to the VPN</h1>
<p><img src="halo-kb://file/central/network/images/vpn-client.png" alt="The sign-in window"></p>
<h2 id="connect">Connect</h2>
<p>Sign in; if you lost your phone, follow <a href="halo-kb://article/central/accounts/password-reset#when-mfa-is-lost">Resetting your password</a>.</p>
<table>
<thead>
<tr>
<th>Setting</th>
<th>Value</th>
</tr>
</thead>
<tbody>
<tr>
<td>Gateway</td>
<td>vpn.example.com</td>
</tr>
</tbody>
</table>
<pre><code class="language-powershell">Test-NetConnection fileserver01 -Port 445
</code></pre>
<p>Still stuck? Raise a ticket.</p>
<p class="halo-kb-key" data-halo-kb-key="network/vpn" style="color:#8a8a8a;font-size:10px">halo-kb key: network/vpn</p>
`);
  });

  it('renders a PDF article from its template', async () => {
    const html = await readFile(path.join(out(), 'articles/central/handbooks/it-onboarding.html'), 'utf8');
    expect(html).toContain('<p><strong>it-onboarding.pdf</strong> (3 pages, "IT onboarding handbook", ');
    expect(html).toContain('<a href="halo-kb://file/central/handbooks/it-onboarding.pdf">Open the PDF</a>');
  });

  it('describes every article in index.json', () => {
    expect(index.version).toBe(1);
    expect(index.companies).toEqual([{ folder: 'contoso', clientName: 'Contoso Ltd', clientId: 57, faqList: 'Contoso', configPath: 'content/companies/contoso/_company.yml' }]);
    expect(index.problems).toEqual([]);
    const vpn = index.articles.find((a) => a.key === 'network/vpn')!;
    expect(vpn).toEqual({
      key: 'network/vpn',
      source: 'content/central/network/vpn.md',
      kind: 'markdown',
      kb: 'central',
      faqLists: [['Knowledge Base (docs)', 'IT Help', 'Network']],
      title: 'Connecting to the VPN',
      draft: false,
      tags: ['vpn', 'remote-access'],
      summary: 'Connect to the office network from anywhere.',
      reviewDate: '2027-03-31',
      attachments: [{ path: 'central/network/images/vpn-client.png', size: 70, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), mode: 'upload' }],
      crossLinks: ['central/accounts/password-reset#when-mfa-is-lost'],
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      html: 'articles/network/vpn.html',
      errors: [],
      warnings: [],
    });
    const byKey = Object.fromEntries(index.articles.map((a) => [a.key, a]));
    expect(byKey['central/accounts/mfa-setup']).toMatchObject({ draft: true, title: 'Setting up MFA' });
    expect(byKey['central/handbooks/it-onboarding']).toMatchObject({ kind: 'pdf', title: 'IT onboarding handbook', summary: 'Your first week.', tags: ['onboarding'] });
    expect(byKey['companies/contoso/printers/floor-3-printer']).toMatchObject({ kb: 'companies/contoso', faqLists: [['Knowledge Base (docs)', 'Contoso', 'Printers']] });
    expect(byKey['companies/contoso/onboarding']!.crossLinks).toEqual(['network/vpn']);
  });

  it('rebuilds from cache to the same bytes, rewriting nothing', async () => {
    const before = await readFile(path.join(out(), 'index.json'), 'utf8');
    const mtime = (await stat(path.join(out(), 'articles/network/vpn.html'))).mtimeMs;
    const again = await runCli(['build'], root);
    expect(again.lines[0]).toMatch(/compiled 0, reused 6 from cache/);
    expect(again.lines[1]).toBe('.halo-kb/build is up to date: nothing written.');
    expect(await readFile(path.join(out(), 'index.json'), 'utf8')).toBe(before);
    expect((await stat(path.join(out(), 'articles/network/vpn.html'))).mtimeMs).toBe(mtime);
  });

  it('trusts the stamp on a rebuild, and --no-cache writes every file again', async () => {
    const indexFile = path.join(out(), 'index.json');
    const vpnFile = path.join(out(), 'articles/network/vpn.html');
    const [index0, vpn0] = [await readFile(indexFile, 'utf8'), await readFile(vpnFile, 'utf8')];
    // Hand edits below index.json's stamp, and to an HTML file, are not looked for...
    await writeFile(indexFile, index0.replace('"title": "Connecting to the VPN"', '"title": "Edited"'));
    await writeFile(vpnFile, 'edited');
    expect((await runCli(['build'], root)).lines[1]).toBe('.halo-kb/build is up to date: nothing written.');
    expect(await readFile(vpnFile, 'utf8')).toBe('edited');
    // ...until --no-cache, which trusts nothing from earlier builds.
    expect((await runCli(['build', '--no-cache'], root)).lines[1]).toBe('Wrote .halo-kb/build/index.json (6 HTML files updated).');
    expect(await readFile(indexFile, 'utf8')).toBe(index0);
    expect(await readFile(vpnFile, 'utf8')).toBe(vpn0);
  });

  it("writes index.json again when only the tree's problems change", async () => {
    const problems = async () => (JSON.parse(await readFile(path.join(out(), 'index.json'), 'utf8')) as BuildIndex).problems.map((p) => `${p.ruleId} ${p.file}`);
    await writeFile(path.join(root, 'content/notes.txt'), 'Scratch notes.\n');
    const run = await runCli(['build'], root);
    expect(run.lines).toContain('Wrote .halo-kb/build/index.json (0 HTML files updated).');
    expect(await problems()).toEqual(['misplaced-file content/notes.txt']);
    await rm(path.join(root, 'content/notes.txt'));
    await runCli(['build'], root);
    expect(await problems()).toEqual([]);
  });

  it('gives the same output from a fresh copy elsewhere (determinism)', async () => {
    const other = await makeProject(await kbFiles());
    await runCli(['build', '--no-cache', '--out', 'dist-kb'], other);
    expect(await readFile(path.join(other, 'dist-kb/index.json'), 'utf8')).toBe(await readFile(path.join(out(), 'index.json'), 'utf8'));
    expect(await readFile(path.join(other, 'dist-kb/articles/network/vpn.html'), 'utf8')).toBe(await readFile(path.join(out(), 'articles/network/vpn.html'), 'utf8'));
  });

  it('removes the HTML of a deleted article and updates a changed one', async () => {
    await rm(path.join(root, 'content/companies/contoso/printers/floor-3-printer.md'));
    await writeFile(path.join(root, 'content/central/accounts/password-reset.md'), '# Resetting your password\n\nUse the new portal.\n\n## When MFA is lost\n\nCall us.\n');
    const run = await runCli(['build'], root);
    expect(run.code).toBe(0);
    expect(run.lines[1]).toBe('Wrote .halo-kb/build/index.json (1 HTML file updated, 1 removed).');
    await expect(stat(path.join(out(), 'articles/companies/contoso/printers/floor-3-printer.html'))).rejects.toThrow();
    expect(await readFile(path.join(out(), 'articles/central/accounts/password-reset.html'), 'utf8')).toContain('Use the new portal.');
  });

  it('exits 1 and still writes the index when an article has an error', async () => {
    const broken = await makeProject({ ...(await kbFiles()), 'content/central/network/wifi.md': '# Wi-Fi\n\n[Gone](gone.md)\n' });
    const run = await runCli(['build', '--quiet'], broken);
    expect(run.code).toBe(1);
    expect(run.lines[0]).toBe('content/central/network/wifi.md:3:1: error: The link "gone.md" points at central/network/gone.md, which is not an article in the content folder. [missing-link-target]');
    const written = JSON.parse(await readFile(path.join(broken, '.halo-kb/build/index.json'), 'utf8')) as BuildIndex;
    expect(written.articles.find((a) => a.key === 'central/network/wifi')!.errors).toHaveLength(1);
  });

  it('builds the sample content shipped with the project without errors', async () => {
    const repo = path.resolve(import.meta.dirname, '../..');
    const plain = await runCli(['validate', '--no-cache', '--format', 'json'], repo);
    expect(plain.code).toBe(0);
    const parsed = JSON.parse(plain.stdout) as { summary: { errors: number; articles: number } };
    expect(parsed.summary.errors).toBe(0);
    expect(parsed.summary.articles).toBeGreaterThanOrEqual(8);
  });
});
