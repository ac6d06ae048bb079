import fs, { type PathLike } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanContent } from '../../src/content/scan.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { makeProject, tempDir } from '../helpers/temp-tree.js';

const ARTICLE = '# Title\n\nText.\n';

async function scan(root: string) {
  return scanContent(path.join(root, 'content'), root);
}

describe('scanContent', () => {
  it('finds central and company articles in nested folders, sorted, with their KB and folders', async () => {
    const root = await makeProject({
      'content/central/network/vpn.md': ARTICLE,
      'content/central/network/wifi/guest-wifi.markdown': ARTICLE,
      'content/central/getting-started.md': ARTICLE,
      'content/central/handbooks/it-onboarding.pdf': '%PDF-1.7',
      'content/central/network/images/vpn-client.png': 'png',
      'content/companies/contoso/printers/floor-3.md': ARTICLE,
      'content/companies/fabrikam/site-survey.md': ARTICLE,
    });
    const tree = await scan(root);
    expect(tree.diagnostics).toEqual([]);
    expect(tree.sources.map((s) => [s.contentPath, s.kind, s.kb, s.folders])).toEqual([
      ['central/getting-started.md', 'markdown', { kind: 'central' }, []],
      ['central/handbooks/it-onboarding.pdf', 'pdf', { kind: 'central' }, ['handbooks']],
      ['central/network/vpn.md', 'markdown', { kind: 'central' }, ['network']],
      ['central/network/wifi/guest-wifi.markdown', 'markdown', { kind: 'central' }, ['network', 'wifi']],
      ['companies/contoso/printers/floor-3.md', 'markdown', { kind: 'company', folder: 'contoso' }, ['printers']],
      ['companies/fabrikam/site-survey.md', 'markdown', { kind: 'company', folder: 'fabrikam' }, []],
    ]);
    expect(tree.sources[0]!.displayPath).toBe('content/central/getting-started.md');
    expect(tree.companies.map((c) => c.folder)).toEqual(['contoso', 'fabrikam']);
  });

  it('attaches a PDF sidecar and warns about one without its PDF', async () => {
    const root = await makeProject({
      'content/central/handbooks/it-onboarding.pdf': '%PDF-1.7',
      'content/central/handbooks/it-onboarding.pdf.yml': 'title: IT onboarding\n',
      'content/central/handbooks/old-handbook.pdf.yaml': 'title: Old\n',
    });
    const tree = await scan(root);
    expect(tree.sources).toHaveLength(1);
    expect(tree.sources[0]!.sidecar?.displayPath).toBe('content/central/handbooks/it-onboarding.pdf.yml');
    expect(tree.diagnostics.map(formatDiagnostic)).toEqual([
      'content/central/handbooks/old-handbook.pdf.yaml: warning: This metadata file has no PDF beside it (expected old-handbook.pdf). [orphan-sidecar]\n    Rename it to match its PDF, or remove it.',
    ]);
  });

  it('skips hidden files and folders', async () => {
    const root = await makeProject({
      'content/central/.drafts/secret.md': ARTICLE,
      'content/central/.vpn.md.swp': ARTICLE,
      'content/central/.hidden.md': ARTICLE,
      'content/.github/notes.md': ARTICLE,
      'content/central/vpn.md': ARTICLE,
    });
    const tree = await scan(root);
    expect(tree.sources.map((s) => s.contentPath)).toEqual(['central/vpn.md']);
    expect(tree.diagnostics).toEqual([]);
  });

  it('warns about misplaced files and company files', async () => {
    const root = await makeProject({
      'content/README.md': ARTICLE,
      'content/companies/notes.md': ARTICLE,
      'content/companies/contoso/printers/_company.yml': 'client_name: Contoso\n',
      'content/companies/contoso/printers/floor-3.md': ARTICLE,
    });
    const tree = await scan(root);
    expect(tree.diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      'content/README.md: warning: "README.md" is ignored: the content folder holds central/ (the central KB) and companies/<folder>/ (one KB per company). [misplaced-file]',
      'content/companies/contoso/printers/_company.yml: warning: _company.yml is only read at the top of a company folder (content/companies/<folder>/); this one is ignored. [misplaced-company-file]',
      'content/companies/notes.md: warning: Files directly in content/companies/ are ignored; each company needs its own folder. [misplaced-file]',
    ]);
    expect(tree.sources.map((s) => s.contentPath)).toEqual(['companies/contoso/printers/floor-3.md']);
  });

  it('follows symlinks inside the tree and refuses those leading outside', async () => {
    const root = await makeProject({
      'content/central/network/vpn.md': ARTICLE,
      'outside/leaked.md': ARTICLE,
      'outside/folder/also-leaked.md': ARTICLE,
    });
    await mkdir(path.join(root, 'content/central/shared'), { recursive: true });
    await symlink(path.join(root, 'content/central/network/vpn.md'), path.join(root, 'content/central/shared/vpn-copy.md'));
    await symlink(path.join(root, 'outside/leaked.md'), path.join(root, 'content/central/leaked.md'));
    await symlink(path.join(root, 'outside/folder'), path.join(root, 'content/central/folder'));
    await symlink(path.join(root, 'nowhere.md'), path.join(root, 'content/central/broken.md'));
    const tree = await scan(root);
    expect(tree.sources.map((s) => s.contentPath)).toEqual(['central/network/vpn.md', 'central/shared/vpn-copy.md']);
    const real = (p: string) => path.join(root, p).split(path.sep).join('/');
    expect(tree.diagnostics.map((d) => formatDiagnostic(d).split('\n')[0])).toEqual([
      'content/central/broken.md: error: This symbolic link points at nothing. [broken-symlink]',
      `content/central/folder: error: This symbolic link leads outside the content folder (to ${real('outside/folder')}); halo-kb publishes only files inside it. [outside-content]`,
      `content/central/leaked.md: error: This symbolic link leads outside the content folder (to ${real('outside/leaked.md')}); halo-kb publishes only files inside it. [outside-content]`,
    ]);
  });

  it('does not loop on a symlink cycle', async () => {
    const root = await makeProject({ 'content/central/network/vpn.md': ARTICLE });
    await symlink(path.join(root, 'content/central'), path.join(root, 'content/central/network/loop'));
    const tree = await scan(root);
    expect(tree.sources.map((s) => s.contentPath)).toEqual(['central/network/vpn.md']);
  });

  it('refuses a company folder that is a symlink leading outside', async () => {
    const root = await makeProject({ 'elsewhere/contoso/onboarding.md': ARTICLE, 'content/central/vpn.md': ARTICLE });
    await mkdir(path.join(root, 'content/companies'));
    await symlink(path.join(root, 'elsewhere/contoso'), path.join(root, 'content/companies/contoso'));
    const tree = await scan(root);
    expect(tree.diagnostics.map((d) => formatDiagnostic(d).split('\n')[0])).toEqual([
      `content/companies/contoso: error: This symbolic link leads outside the content folder (to ${path.join(root, 'elsewhere/contoso').split(path.sep).join('/')}); halo-kb publishes only files inside it. [outside-content]`,
    ]);
    expect(tree.companies).toEqual([]);
  });

  it('refuses a central folder reached through a link outside the content folder', async () => {
    const root = await makeProject({ 'elsewhere/central/vpn.md': ARTICLE, 'content/companies/contoso/onboarding.md': ARTICLE });
    await symlink(path.join(root, 'elsewhere/central'), path.join(root, 'content/central'));
    const tree = await scan(root);
    expect(tree.diagnostics.map((d) => formatDiagnostic(d).split('\n')[0])).toEqual([
      `content/central: error: This symbolic link leads outside the content folder (to ${path.join(root, 'elsewhere/central').split(path.sep).join('/')}); halo-kb publishes only files inside it. [outside-content]`,
    ]);
    expect(tree.sources.map((s) => s.contentPath)).toEqual(['companies/contoso/onboarding.md']);
  });

  it('fails with a config error when the content folder is missing', async () => {
    const root = await tempDir();
    await expect(scan(root)).rejects.toMatchObject({ code: 'CONTENT_NOT_FOUND', exitCode: 3 });
  });

  it('leaves out what is deleted while it scans, as a checkout or a save by rename does', async () => {
    const root = await makeProject({
      'content/central/network/vpn.md': ARTICLE,
      'content/central/network/wifi.md': ARTICLE,
      'content/central/handbooks/it-onboarding.pdf': '%PDF-1.7',
      'content/central/handbooks/it-onboarding.pdf.yml': 'title: Onboarding\n',
      'content/central/old/retired.md': ARTICLE,
      'content/companies/contoso/_company.yml': 'client_name: Contoso Ltd\n',
      'content/companies/contoso/printers.md': ARTICLE,
    });
    const central = path.join(root, 'content/central');
    // Each file or folder goes just after the folder holding it was listed.
    const goAfterListing = new Map([
      [central, [path.join(central, 'old')]],
      [path.join(central, 'network'), [path.join(central, 'network/vpn.md')]],
      [path.join(central, 'handbooks'), [path.join(central, 'handbooks/it-onboarding.pdf.yml')]],
    ]);
    const list = fs.readdirSync;
    fs.readdirSync = function (this: unknown, dir: PathLike, ...rest: unknown[]) {
      const entries = Reflect.apply(list, this, [dir, ...rest]) as unknown;
      for (const gone of goAfterListing.get(String(dir)) ?? []) fs.rmSync(gone, { recursive: true });
      return entries;
    } as typeof fs.readdirSync;
    syncBuiltinESMExports();
    let tree: Awaited<ReturnType<typeof scan>>;
    try {
      tree = await scan(root);
    } finally {
      fs.readdirSync = list;
      syncBuiltinESMExports();
    }
    expect(tree.diagnostics).toEqual([]);
    expect(tree.sources.map((s) => [s.contentPath, s.sidecar === undefined])).toEqual([
      ['central/handbooks/it-onboarding.pdf', true],
      ['central/network/wifi.md', true],
      ['companies/contoso/printers.md', true],
    ]);
    expect(tree.companies.map((c) => c.clientName)).toEqual(['Contoso Ltd']);
  });

  it('records size and mtime for the cache', async () => {
    const root = await makeProject({ 'content/central/vpn.md': ARTICLE });
    await writeFile(path.join(root, 'content/central/vpn.md'), 'x'.repeat(100));
    const [source] = (await scan(root)).sources;
    expect(source).toMatchObject({ size: 100, mtimeMs: expect.any(Number) });
  });
});
