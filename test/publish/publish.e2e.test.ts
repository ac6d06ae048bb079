import { readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KB, SECRET, publishProject, removeFile } from './publish-fixture.js';

function activeByName(articles: { name: string; inactive: boolean }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of articles) counts[a.name] = (counts[a.name] ?? 0) + 1;
  return counts;
}

describe('publish to the emulator', () => {
  it('publishes the tree once, and a second publish writes nothing', async () => {
    const p = await publishProject();
    const first = await p.run('publish');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Published: 4 created, 0 updated, 0 retired, 0 unchanged, 1 skipped, 0 failed');
    const data = p.emulator.data();
    expect(data.articles.map((a) => a.name).sort()).toEqual(['Connecting to the VPN', 'Getting started', 'Office Wi-Fi', 'Printing at Contoso']);
    // The draft never reaches Halo.
    expect(data.articles.some((a) => a.name === 'MFA setup')).toBe(false);
    // Company articles are restricted to the mapped customer, in a list not shown to all users.
    const contoso = data.clients.find((c) => c.name === 'Contoso Ltd')!;
    const printing = data.articles.find((a) => a.name === 'Printing at Contoso')!;
    expect(printing.client_ids).toEqual([contoso.id]);
    expect(data.faqLists.find((l) => l.id === printing.faqlist_ids[0])?.showforall).toBe(false);
    // The cross-link points at the VPN article's Halo URL, with its anchor.
    const vpn = data.articles.find((a) => a.name === 'Connecting to the VPN')!;
    const start = data.articles.find((a) => a.name === 'Getting started')!;
    expect(start.description_html).toContain(`href="${p.emulator.url}/kb?id=${vpn.id}#connect"`);

    p.emulator.resetStats();
    const second = await p.run('publish');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Plan: 0 to create, 0 to update, 0 to retire, 4 unchanged, 1 skipped.');
    expect(p.writes()).toBe(0);
  });

  it('makes exactly one write when one article changes', async () => {
    const p = await publishProject();
    expect((await p.run('publish')).code).toBe(0);
    await writeFile(path.join(p.root, 'content/central/network/wifi.md'), '# Office Wi-Fi\n\nStaff devices join CORP-SECURE. Guests use CORP-GUEST.\n');
    p.emulator.resetStats();
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('~ update    content/central/network/wifi.md  "Office Wi-Fi": content changed');
    expect(p.writes()).toBe(1);
    expect(p.emulator.stats().byKind['POST /api/kbarticle']).toBe(1);
  });

  it('updates the same Halo article when a file with an id is renamed', async () => {
    const p = await publishProject();
    await p.run('publish');
    const before = (await p.manifest()).articles['network/vpn']!.haloId;
    await rename(path.join(p.root, 'content/central/network/vpn.md'), path.join(p.root, 'content/central/network/remote-access.md'));
    const broken = await p.run('plan');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      'content/central/getting-started.md:7:42: error: The link "network/vpn.md#connect" points at central/network/vpn.md, which is not an article in the content folder. [missing-link-target]',
    );
    const start = path.join(p.root, 'content/central/getting-started.md');
    await writeFile(start, (await readFile(start, 'utf8')).replace('network/vpn.md', 'network/remote-access.md'));
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('~ update    content/central/network/remote-access.md  "Connecting to the VPN": content changed');
    // Links name the target's key, so the linking article's published HTML is unchanged.
    expect(run.stdout).toContain('Published: 0 created, 1 updated, 0 retired, 3 unchanged');
    expect((await p.manifest()).articles['network/vpn']!.haloId).toBe(before);
    expect(p.emulator.data().articles.filter((a) => a.name === 'Connecting to the VPN')).toHaveLength(1);
  });

  it('unlists a deleted source when Halo refuses the delete, exits 0, and leaves it alone afterwards', async () => {
    const p = await publishProject();
    await p.run('publish');
    await removeFile(p.root, 'content/central/network/wifi.md');
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('- retire    content/central/network/wifi.md  "Office Wi-Fi": source removed');
    expect(run.stdout).toMatch(
      /retired: content\/central\/network\/wifi\.md "Office Wi-Fi" \(article \d+\): unlisted, not deleted: Halo does not allow deleting articles through the API; the article stays; it was removed from its FAQ lists and marked inactive/,
    );
    expect(run.stdout).toContain('Published: 0 created, 0 updated, 1 retired (1 unlisted), 3 unchanged, 1 skipped, 0 failed; 0 FAQ lists created, 0 attachments uploaded.');
    const wifi = p.emulator.data().articles.find((a) => a.name === 'Office Wi-Fi')!;
    expect(wifi.inactive).toBe(true);
    expect(wifi.faqlist_ids).toEqual([]);
    expect((await p.manifest()).articles['central/network/wifi']!.retired).toBe('unlisted');
    p.emulator.resetStats();
    const again = await p.run('publish');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 to retire');
    expect(p.writes()).toBe(0);
  });

  it('adopts existing articles by their key marker when the manifest is lost', async () => {
    const p = await publishProject();
    await p.run('publish');
    await removeFile(p.root, 'state/manifest.json');
    const plan = await p.run('plan');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to create');
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    expect(activeByName(p.emulator.data().articles)).toEqual({ 'Connecting to the VPN': 1, 'Getting started': 1, 'Office Wi-Fi': 1, 'Printing at Contoso': 1 });
    expect(Object.keys((await p.manifest()).articles).sort()).toEqual(['central/getting-started', 'central/network/wifi', 'companies/contoso/printers', 'network/vpn']);
    // Adopted without a write, and still watched for edits made in Halo.
    const id = (await p.manifest()).articles['central/network/wifi']!.haloId;
    await new Promise((r) => setTimeout(r, 5));
    p.emulator.editArticle(id, { html: '<p>Edited by an agent</p>' });
    expect((await p.run('plan')).stdout).toContain('~ update    content/central/network/wifi.md  "Office Wi-Fi" [edited in Halo]');
  });

  it('flags an article edited in Halo as drift and overwrites it', async () => {
    const p = await publishProject();
    await p.run('publish');
    const id = (await p.manifest()).articles['central/network/wifi']!.haloId;
    await new Promise((r) => setTimeout(r, 5));
    p.emulator.editArticle(id, { html: '<p>Edited by an agent</p>' });
    const plan = await p.run('plan');
    expect(plan.stdout).toContain('~ update    content/central/network/wifi.md  "Office Wi-Fi" [edited in Halo]');
    expect(plan.stdout).toContain('1 article edited in Halo will be overwritten.');
    await p.run('publish');
    expect(p.emulator.data().articles.find((a) => a.id === id)!.description_html).toContain('CORP-SECURE');
  });

  it('writes Markdown and JSON reports, and keeps the secret out of every output and file', async () => {
    const p = await publishProject();
    const md = await p.run('plan', '--format', 'markdown', '--out', 'plan.md');
    expect(md.stdout).toMatch(/^## halo-kb plan\n\n\| Action \| Articles \|/);
    expect(md.stdout).toContain('<details><summary><b>create</b> <code>content/central/network/wifi.md</code>: Office Wi-Fi</summary>');
    expect(md.stdout).toContain('+ Staff devices join CORP-SECURE automatically.');
    const json = await p.run('plan', '--format', 'json', '--detailed-exitcode');
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(report.schema).toBe('halo-kb/plan@1');
    expect(report.summary).toMatchObject({ create: 4, update: 0, unchanged: 0, retire: 0, skipped: 1 });
    expect(report.articles.find((a: { key: string }) => a.key === 'central/accounts/mfa')).toMatchObject({ action: 'skipped', reasons: ['draft: not published'] });
    const published = await p.run('publish', '--format', 'json');
    const files = [path.join(p.root, 'plan.md'), path.join(p.root, 'state', 'manifest.json')];
    const texts = [md.stdout, md.stderr, json.stdout, published.stdout, published.stderr, ...(await Promise.all(files.map((f) => readFile(f, 'utf8'))))];
    for (const text of texts) expect(text).not.toContain(SECRET);
    expect(await readdir(path.join(p.root, 'state'))).toEqual(['manifest.json']);
  });

  it('keeps back a company whose customer Halo does not have, naming the file to fix', async () => {
    const p = await publishProject({ ...KB, 'content/companies/contoso/_company.yml': 'client_name: Contoso Limited\n' });
    const run = await p.run('publish');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'content/companies/contoso/_company.yml: error: No Halo customer is named "Contoso Limited", so the articles of companies/contoso cannot be restricted to it. [unknown-client]\n' +
        "    Set client_name to the customer's exact name in Halo, or client_id to its id, in the folder's _company.yml.",
    );
    expect(run.stdout).toContain('! skipped   content/companies/contoso/printers.md  "Printing at Contoso": the Halo customer "Contoso Limited" was not found');
    expect(p.emulator.data().articles.map((a) => a.name)).not.toContain('Printing at Contoso');
    // --quiet keeps the problems and the summary, and leaves out the per-article lines.
    const quiet = await p.run('plan', '--quiet');
    expect(quiet.stdout).toContain('[unknown-client]');
    expect(quiet.stdout).not.toContain('! skipped');
    expect(quiet.stdout).toContain('Plan: 0 to create, 0 to update, 0 to retire, 3 unchanged, 2 skipped.');
  });

  it('never uploads an oversized file and links the public URL instead', async () => {
    const big = new Uint8Array(30 * 1024);
    const p = await publishProject({
      ...KB,
      'halo-kb.yml': 'attachments:\n  max_size_mb: 0.02\n',
      'content/central/network/survey.md': '---\npublic_links:\n  survey.zip: https://files.example.com/survey.zip\n---\n\n# Survey\n\n[Raw data](survey.zip) and [the floor plan](plan.png).\n',
      'content/central/network/survey.zip': big,
      'content/central/network/plan.png': new Uint8Array(1024),
    });
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    const data = p.emulator.data();
    expect(data.attachments.map((a) => a.filename)).toEqual(['plan.png']);
    expect(data.articles.find((a) => a.name === 'Survey')!.description_html).toContain('href="https://files.example.com/survey.zip"');
    expect(KB).toBeDefined();
  });

  it("names a company's FAQ list after its customer as Halo spells it", async () => {
    const p = await publishProject({ ...KB, 'content/companies/contoso/_company.yml': 'client_name: contoso LTD\n' });
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    const printing = p.emulator.data().articles.find((a) => a.name === 'Printing at Contoso')!;
    expect(p.emulator.data().faqLists.find((l) => l.id === printing.faqlist_ids[0])?.name).toBe('Contoso Ltd');
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
  });
});
