/**
 * Choosing what is published: `scope:` in halo-kb.yml leaves KBs out, and paths given to plan and
 * publish limit a run to part of the tree. What lies outside is left as it is in Halo.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KB, publishProject, removeFile, type Project } from './publish-fixture.js';

async function write(p: Project, rel: string, text: string): Promise<void> {
  await writeFile(path.join(p.root, ...rel.split('/')), text);
}

function article(p: Project, name: string) {
  const found = p.emulator.data().articles.find((a) => a.name === name);
  expect(found, name).toBeDefined();
  return found!;
}

async function published(): Promise<Project> {
  const p = await publishProject();
  expect((await p.run('publish')).code).toBe(0);
  p.emulator.resetStats();
  return p;
}

describe('scope: in halo-kb.yml', () => {
  it('leaves the articles of a company left out as they are in Halo, even when they change', async () => {
    const p = await published();
    const before = article(p, 'Printing at Contoso');
    await write(p, 'halo-kb.yml', 'scope:\n  central: true\n  companies: []\n');
    await write(p, 'content/companies/contoso/printers.md', '# Printing at Contoso\n\nUse CON-PRN-07 now.\n');

    const plan = await p.run('plan', '--detailed-exitcode');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Out of scope: 1 article of companies/contoso');
    expect(plan.stdout).not.toContain('printers.md');

    const publish = await p.run('publish');
    expect(publish.code).toBe(0);
    expect(p.writes()).toBe(0);
    expect(article(p, 'Printing at Contoso')).toEqual(before);
  });

  it('never retires the articles of a company left out, nor removes its FAQ list, when its folder is gone', async () => {
    const p = await published();
    const listId = p.emulator.data().faqLists.find((l) => l.name === 'Contoso Ltd')!.id;
    await write(p, 'halo-kb.yml', 'scope:\n  companies: []\n');
    await rm(path.join(p.root, 'content', 'companies', 'contoso'), { recursive: true });

    const plan = await p.run('plan', '--detailed-exitcode');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Out of scope: 1 article of companies/contoso');
    expect(plan.stdout).not.toContain('FAQ list Contoso Ltd');
    expect((await p.run('publish')).code).toBe(0);
    expect(p.writes()).toBe(0);
    expect(article(p, 'Printing at Contoso').inactive).toBe(false);
    expect(p.emulator.data().faqLists.some((l) => l.id === listId)).toBe(true);
  });

  it('leaves the central KB out with central: false', async () => {
    const p = await published();
    await write(p, 'halo-kb.yml', 'scope:\n  central: false\n');
    await removeFile(p.root, 'content/central/network/wifi.md');
    const plan = await p.run('plan', '--detailed-exitcode');
    expect(plan.code).toBe(0);
    // getting-started, vpn, wifi (gone) and the draft
    expect(plan.stdout).toContain('Out of scope: 4 articles of central');
    expect(article(p, 'Office Wi-Fi').inactive).toBe(false);
  });

  it('refuses a company with no folder, naming it and the folders there are (exit 3)', async () => {
    const p = await published();
    await write(p, 'halo-kb.yml', 'scope:\n  companies: [contoso, fabrikam]\n');
    const plan = await p.run('plan');
    expect(plan.code).toBe(3);
    expect(plan.stderr).toContain('scope.companies in halo-kb.yml names a company with no folder in content/companies: "fabrikam".');
    expect(plan.stderr).toContain('The company folders are: contoso. Write folder names, or "all".');
    expect(p.emulator.stats().total).toBe(0);
  });

  it('does not look up the customer of a company left out, and says so in the JSON report', async () => {
    const p = await published();
    await write(p, 'halo-kb.yml', 'scope:\n  companies: [contoso]\n');
    await mkdir(path.join(p.root, 'content', 'companies', 'fabrikam'));
    await write(p, 'content/companies/fabrikam/_company.yml', 'client_name: Fabrikam Nowhere\n');
    await write(p, 'content/companies/fabrikam/badges.md', '# Door badges\n\nAsk reception.\n');
    const plan = await p.run('plan', '--json');
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    const json = JSON.parse(plan.stdout) as { scope: string[]; problems: unknown[] };
    expect(json.scope).toEqual(['Out of scope: 1 article of companies/fabrikam']);
    expect(json.problems).toEqual([]);
  });

  it('refuses a scope that is not true/false and a list, pointing at the line (exit 3)', async () => {
    const p = await published();
    await write(p, 'halo-kb.yml', 'scope:\n  central: maybe\n  companies: {contoso: yes}\n');
    const plan = await p.run('plan');
    expect(plan.code).toBe(3);
    expect(plan.stderr).toContain('error: halo-kb.yml has 2 invalid settings:');
    expect(plan.stderr).toContain('halo-kb.yml:2:12: halo-kb.yml scope key "central" must be true or false, but it is string "maybe".');
    expect(plan.stderr).toContain('halo-kb.yml:3:14: halo-kb.yml scope key "companies" must be a list of strings, but it is a mapping.');
    expect(p.emulator.stats().total).toBe(0);
  });

  it('refuses a misspelt scope key instead of publishing everything (exit 3)', async () => {
    const p = await published();
    await write(p, 'halo-kb.yml', 'scope:\n  compnies: [contoso]\n');
    const plan = await p.run('plan');
    expect(plan.code).toBe(3);
    expect(plan.stderr).toContain('halo-kb.yml:2:3: Unknown halo-kb.yml scope key "compnies" is close to "companies": a misspelt key is not ignored, since "companies" may be what was meant.');
    expect(plan.stderr).toContain('nothing is planned or published until it is fixed');
    expect(p.emulator.stats().total).toBe(0);
  });

  it('accepts companies: all', async () => {
    const p = await published();
    await write(p, 'halo-kb.yml', 'scope:\n  companies: all\n');
    const plan = await p.run('plan', '--detailed-exitcode');
    expect(plan.code).toBe(0);
    expect(plan.stdout).not.toContain('Out of scope');
  });
});

describe('paths given to plan and publish', () => {
  it('publish only what lies under them, and retire nothing elsewhere', async () => {
    const p = await published();
    await write(p, 'content/central/network/vpn.md', String(KB['content/central/network/vpn.md']).replace('GlobalConnect', 'GlobalConnect 6'));
    await write(p, 'content/companies/contoso/printers.md', '# Printing at Contoso\n\nUse CON-PRN-07 now.\n');
    await removeFile(p.root, 'content/central/getting-started.md');
    const printers = article(p, 'Printing at Contoso');

    const plan = await p.run('plan', 'content/central/network');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Only what lies under central/network in the content folder is published: retirements are only planned on a full run.');
    expect(plan.stdout).toContain('content/central/network/vpn.md');
    expect(plan.stdout).not.toContain('getting-started');
    expect(plan.stdout).not.toContain('printers.md');

    const publish = await p.run('publish', 'content/central/network');
    expect(publish.code).toBe(0);
    expect(p.writes()).toBe(1);
    expect(article(p, 'Connecting to the VPN').description_html).toContain('GlobalConnect 6');
    expect(article(p, 'Getting started').inactive).toBe(false);
    expect(article(p, 'Printing at Contoso')).toEqual(printers);

    const full = await p.run('plan');
    expect(full.stdout).toMatch(/retire .*content\/central\/getting-started\.md/);
    expect(full.stdout).toContain('content/companies/contoso/printers.md');
  });

  it('create no FAQ list outside them', async () => {
    const p = await published();
    await mkdir(path.join(p.root, 'content', 'central', 'hr'), { recursive: true });
    await write(p, 'content/central/hr/leave.md', '# Annual leave\n\nBook leave in the HR portal.\n');
    await mkdir(path.join(p.root, 'content', 'central', 'network', 'wireless'), { recursive: true });
    await write(p, 'content/central/network/wireless/guest.md', '# Guest Wi-Fi\n\nThe guest network is CORP-GUEST.\n');
    const lists = p.emulator.data().faqLists.map((l) => l.name);

    const plan = await p.run('plan', 'content/central/network');
    expect(plan.stdout).toContain('FAQ lists: 1 to create, 1 to update;');
    expect(plan.stdout).not.toContain('Hr');
    const publish = await p.run('publish', 'content/central/network');
    expect(publish.code).toBe(0);
    expect(
      p.emulator
        .data()
        .faqLists.map((l) => l.name)
        .sort(),
    ).toEqual([...lists, 'Wireless'].sort());
    expect(p.emulator.data().articles.map((a) => a.name)).not.toContain('Annual leave');
    // The full run that follows creates it, with its article.
    expect((await p.run('publish')).code).toBe(0);
    expect(p.emulator.data().faqLists.map((l) => l.name)).toContain('Hr');
  });

  it('take several paths, files too, relative to the working directory', async () => {
    const p = await published();
    await write(p, 'content/central/network/wifi.md', '# Office Wi-Fi\n\nStaff devices join CORP-SECURE-2.\n');
    await write(p, 'content/companies/contoso/printers.md', '# Printing at Contoso\n\nUse CON-PRN-07 now.\n');
    await write(p, 'content/central/getting-started.md', '# Getting started\n\nAsk first.\n');
    const publish = await p.run('publish', 'content/central/network/wifi.md', 'content/companies/contoso/');
    expect(publish.code).toBe(0);
    expect(article(p, 'Office Wi-Fi').description_html).toContain('CORP-SECURE-2');
    expect(article(p, 'Printing at Contoso').description_html).toContain('CON-PRN-07');
    expect(article(p, 'Getting started').description_html).not.toContain('Ask first');
  });

  it('are checked when a saved plan is applied: one made for paths is not applied as a full run', async () => {
    const p = await published();
    await write(p, 'content/central/network/wifi.md', '# Office Wi-Fi\n\nStaff devices join CORP-SECURE-2.\n');
    await removeFile(p.root, 'content/central/getting-started.md');
    expect((await p.run('plan', 'content/central/network', '--out', 'plan.json')).code).toBe(0);
    const refused = await p.run('publish', '--plan', 'plan.json');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'error: The saved plan was made for "Only what lies under central/network in the content folder is published: retirements are only planned on a full run.", but this run is a full run.\n' +
        '  Give publish the same paths (and scope: in halo-kb.yml) the plan was made with, or make a new plan and review it.\n',
    );
    expect(p.writes()).toBe(0);
    expect(article(p, 'Getting started').inactive).toBe(false);
    // Nor to other paths: the reviewed plan said nothing about them.
    const elsewhere = await p.run('publish', 'content/companies/contoso', '--plan', 'plan.json');
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain('The saved plan was made for "Only what lies under central/network in the content folder is published');
    expect(p.writes()).toBe(0);
    const applied = await p.run('publish', 'content/central/network', '--plan', 'plan.json');
    expect(applied.code).toBe(0);
    expect(article(p, 'Office Wi-Fi').description_html).toContain('CORP-SECURE-2');
    expect(article(p, 'Getting started').inactive).toBe(false);
  });

  it('refuse a path with no article under it (exit 64), before reaching Halo', async () => {
    const p = await published();
    const plan = await p.run('plan', 'content/central/nope');
    expect(plan.code).toBe(64);
    expect(plan.stderr).toContain('No article lies at or under content/central/nope.');
    expect(plan.stderr).toContain('Check the path (it is relative to the working directory), or leave paths out to act on the whole tree.');
    expect(p.emulator.stats().total).toBe(0);
  });

  it('refuse a path outside the content folder (exit 64)', async () => {
    const p = await published();
    const publish = await p.run('publish', 'templates');
    expect(publish.code).toBe(64);
    expect(publish.stderr).toContain('templates is not inside the content folder content.');
    expect(p.writes()).toBe(0);
  });
});
