/**
 * Plain `halo-kb doctor` checks the content's company folders against Halo's customers, without
 * writing: a near miss gets "did you mean", an ambiguous name and an unknown id are named, each with
 * the fix, and doctor exits 3, as `plan` would fail on the same content.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyData } from '../../src/halo/emulator/store.js';
import { tempDir, type TreeFiles } from '../helpers/temp-tree.js';
import { KB, publishProject, type Project } from '../publish/publish-fixture.js';

const ARTICLE = '# Printing\n\nUse the printer on floor 3.\n';

function companies(folders: Record<string, string | undefined>): TreeFiles {
  const files: TreeFiles = { 'content/central/welcome.md': '# Welcome\n\nStart here.\n' };
  for (const [folder, yml] of Object.entries(folders)) {
    files[`content/companies/${folder}/printing.md`] = ARTICLE;
    if (yml !== undefined) files[`content/companies/${folder}/_company.yml`] = yml;
  }
  return files;
}

async function doctor(p: Project): Promise<{ code: number; mapping: string }> {
  const run = await p.run('doctor');
  const start = run.stdout.indexOf('Content mappings:\n');
  const end = run.stdout.indexOf('Halo profile');
  return { code: run.code, mapping: run.stdout.slice(start, end === -1 ? undefined : end) };
}

describe('doctor checks company folders against Halo customers', () => {
  it('a client_name one word short: did you mean, the fix, exit 3', async () => {
    const p = await publishProject(companies({ contoso: 'client_name: Contoso\n' }));
    const { code, mapping } = await doctor(p);
    expect(code).toBe(3);
    expect(mapping).toContain(
      'FAIL  content/companies/contoso: no customer in Halo is named "Contoso" (from client_name "Contoso"). Did you mean "Contoso Ltd" (id 1)?\n' +
        "      Set client_name to the customer's exact name in Halo (client_name: Contoso Ltd), or client_id to its id, in content/companies/contoso/_company.yml.\n",
    );
    // plan fails on the same content; doctor said so first.
    expect((await p.run('plan')).code).toBe(1);
    expect(p.writes()).toBe(0);
  });

  it('a company left out by scope: is not checked, as plan does not map it', async () => {
    const p = await publishProject({ ...companies({ contoso: 'client_name: Contoso Ltd\n', northwind: undefined }), 'halo-kb.yml': 'scope:\n  companies: [contoso]\n' });
    const { code, mapping } = await doctor(p);
    expect(mapping).toContain('info  left out by scope: in halo-kb.yml, not checked: content/companies/northwind\n');
    expect(mapping).not.toContain('FAIL');
    expect(code).toBe(0);
    expect((await p.run('plan')).code).toBe(0);
  });

  it('a folder without _company.yml maps by its name: the fix is the file to create', async () => {
    const p = await publishProject(companies({ northwind: undefined }));
    const { code, mapping } = await doctor(p);
    expect(code).toBe(3);
    expect(mapping).toContain(
      'FAIL  content/companies/northwind: no customer in Halo is named "northwind" (from the folder name "northwind"). Did you mean "Northwind Traders" (id 3)?\n' +
        '      Create content/companies/northwind/_company.yml with client_name: Northwind Traders (or client_id: <its id>).\n',
    );
  });

  it('a name nothing resembles: no guess, the fix', async () => {
    const p = await publishProject(companies({ globex: 'client_name: Globex Corporation\n' }));
    const { code, mapping } = await doctor(p);
    expect(code).toBe(3);
    expect(mapping).toContain(
      'FAIL  content/companies/globex: no customer in Halo is named "Globex Corporation" (from client_name "Globex Corporation").\n' +
        "      Set client_name to the customer's exact name in Halo, or client_id to its id, in content/companies/globex/_company.yml.\n",
    );
  });

  it('a client_id that is no customer: names the customer that has the name', async () => {
    const p = await publishProject(companies({ contoso: 'client_name: Contoso Ltd\nclient_id: 57\n' }));
    const { code, mapping } = await doctor(p);
    expect(code).toBe(3);
    expect(mapping).toContain(
      'FAIL  content/companies/contoso: client_id 57 is not a customer in Halo.\n' +
        '      Halo\'s customer "Contoso Ltd" has id 1: set client_id: 1 in content/companies/contoso/_company.yml, or remove client_id to map by name.\n',
    );
  });

  it('two customers of the same name: says which ids, and to set client_id', async () => {
    const dir = await tempDir();
    const dataFile = path.join(dir, 'halo.json');
    const data = emptyData(true);
    data.clients.push({ id: 6, name: 'Contoso Ltd', inactive: false, toplevel_id: 2, toplevel_name: 'Partners' });
    data.nextId.client = 7;
    await mkdir(dir, { recursive: true });
    await writeFile(dataFile, JSON.stringify(data));
    const p = await publishProject(companies({ contoso: 'client_name: contoso ltd\n' }), { dataFile });
    const { code, mapping } = await doctor(p);
    expect(code).toBe(3);
    expect(mapping).toContain(
      'FAIL  content/companies/contoso: 2 customers in Halo are named "contoso ltd" (id 1, id 6); halo-kb cannot tell which is meant.\n' +
        '      Add client_id: 1 (or 6) to content/companies/contoso/_company.yml, whichever is the right customer.\n',
    );
    // plan holds the company's articles back for the same reason, rather than pick the first customer.
    const plan = await p.run('publish');
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain(
      'content/companies/contoso/_company.yml: error: 2 Halo customers are named "contoso ltd" (id 1, id 6), so halo-kb cannot tell which may read the articles of companies/contoso. [ambiguous-client]\n' +
        "    Add client_id: <the right customer's id> to content/companies/contoso/_company.yml.",
    );
    expect(plan.stdout).toContain('! skipped   content/companies/contoso/printing.md  "Printing": 2 Halo customers are named "contoso ltd"');
    expect(p.emulator.data().articles.map((a) => a.name)).not.toContain('Printing');
  });

  it('a name with other spacing and case: doctor and plan both map it to the one customer', async () => {
    const p = await publishProject(companies({ contoso: 'client_name: "  contoso   LTD "\n' }));
    const { code, mapping } = await doctor(p);
    expect(mapping).toContain('ok    content/companies/contoso → customer "Contoso Ltd" (id 1), by name\n');
    expect(code).toBe(0);
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    const printing = p.emulator.data().articles.find((a) => a.name === 'Printing');
    expect(printing?.client_ids).toEqual([1]);
  });

  it('a _company.yml that does not parse is named with its line', async () => {
    const p = await publishProject(companies({ contoso: 'client_name: [Contoso\n' }));
    const { code, mapping } = await doctor(p);
    expect(code).toBe(3);
    expect(mapping).toMatch(/^FAIL {2}content\/companies\/contoso\/_company\.yml:\d+:\d+: Invalid YAML: /m);
  });

  it('mapped customers and the FAQ lists to come are listed, exit 0', async () => {
    const p = await publishProject({
      ...KB,
      'content/companies/fabrikam/_company.yml': 'client_id: 2\nfaq_list: Fabrikam KB\n',
      'content/companies/fabrikam/vpn.md': '# VPN\n\nUse the Fabrikam VPN.\n',
    });
    const { code, mapping } = await doctor(p);
    expect(code).toBe(0);
    expect(mapping).toBe(
      'Content mappings:\n' +
        'ok    content/companies/contoso → customer "Contoso Ltd" (id 1), by name\n' +
        'ok    content/companies/fabrikam → customer "Fabrikam Inc" (id 2), by client_id\n' +
        'info  FAQ list "Central" does not exist yet; the first publish creates it\n' +
        'info  FAQ list "Contoso Ltd" does not exist yet; the first publish creates it\n' +
        'info  FAQ list "Fabrikam KB" does not exist yet; the first publish creates it\n' +
        '      Creating FAQ lists needs the agent\'s role to have "Can create FAQ lists: Yes": doctor cannot see role settings without writing; `halo-kb doctor --probe` creates (and deletes) a scratch list.\n',
    );
    expect((await p.run('publish')).code).toBe(0);
    const after = await doctor(p);
    expect(after.mapping).toContain('ok    FAQ list "Central" (id ');
    expect(after.mapping).not.toContain('does not exist yet');
  });

  it('customers mapped by name need read:customers: said when Halo did not grant it', async () => {
    const p = await publishProject(companies({ contoso: 'client_name: Contoso Ltd\n' }), { scopes: ['read:kb', 'edit:kb'] });
    const run = await p.run('doctor');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(
      'FAIL  Halo refused to list customers (403 Forbidden on GET /api/Client): Halo said "The API application\'s token does not have the read:customers permission.".\n' +
        '      Give the API application the read:customers permission, and the agent it logs in as a role that can see customers.\n',
    );
  });
});
