import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildContent } from '../../src/compile/build.js';
import { loadConfig } from '../../src/config/load.js';
import { scanContent } from '../../src/content/scan.js';
import { loadState } from '../../src/engine/state.js';
import { update } from '../../src/engine/update.js';
import { applyChanges, type RebuildReport } from '../../src/watch/apply-changes.js';
import { classifyChange, type FsChange, type FsEvent } from '../../src/watch/classify-change.js';
import { articlesOf, buildState, type WatchState } from '../../src/watch/watch-state.js';
import { baseFiles, makeProject, pdfBytes, PNG, writeFiles } from './fixture.js';

let root: string;
let cleanup: () => Promise<void>;
let state: WatchState;

async function config() {
  return (await loadConfig({ cwd: root, env: {} })).config;
}

beforeEach(async () => {
  ({ root, cleanup } = await makeProject(baseFiles()));
  state = await buildState(await config());
});

afterEach(async () => {
  await cleanup();
});

/** Apply file-system events as the watcher reports them. */
async function events(...list: [FsEvent, string][]): Promise<RebuildReport> {
  const paths = {
    contentDir: state.config.contentDir,
    templatesDir: state.config.templatesDir,
    configFile: path.join(root, 'halo-kb.yml'),
    stateFile: state.config.stateFile,
  };
  const changes = list.map(([event, name]): FsChange => ({ event, path: path.join(root, ...name.split('/')) })).map((c) => classifyChange(c, paths));
  return applyChanges(state, changes, { loadConfig: config });
}

/** The incremental state must equal a fresh full build of the same tree. */
async function expectSameAsFullBuild(): Promise<void> {
  const full = await buildContent(state.config, { cache: false });
  expect(articlesOf(state)).toEqual(full.articles);
  expect(state.faqLists).toEqual(full.faqLists);
  expect(state.companies).toEqual(full.companies);
  expect(state.treeDiagnostics).toEqual(full.diagnostics);
  // The facts of the files the articles reference (they go into the build's stamp): those a fresh engine reads.
  const fresh = await loadState(state.config, state.templates, false);
  await update(fresh, { sources: { kind: 'scan', tree: await scanContent(state.config.contentDir, state.config.root) } });
  expect(Object.fromEntries(state.facts)).toEqual(Object.fromEntries(fresh.facts));
}

function article(contentPath: string) {
  const a = state.articles.get(contentPath);
  if (a === undefined) throw new Error(`no article ${contentPath}`);
  return a;
}

const VPN = 'central/network/vpn.md';
const RESET = 'central/accounts/password-reset.md';
const START = 'central/getting-started.md';
const PRINTER = 'companies/contoso/printers/floor-3.md';

describe('incremental rebuild', () => {
  it('an edit recompiles only that article and resolves it with the articles linking to it', async () => {
    const file = path.join(root, 'content', VPN);
    await writeFile(file, (await readFile(file, 'utf8')).replace('Install the client.', 'Install GlobalConnect.'));
    const report = await events(['change', `content/${VPN}`]);
    expect(report).toMatchObject({ kind: 'incremental', rescanned: false, compiled: [VPN], added: [], removed: [] });
    expect(report.resolved).toEqual([PRINTER, START, VPN].sort());
    expect(report.affected).toEqual([VPN]);
    expect(article(VPN).html).toContain('Install GlobalConnect.');
    await expectSameAsFullBuild();
  });

  it('an edit that removes a heading gives the linking article a missing-anchor warning', async () => {
    await writeFile(path.join(root, 'content', RESET), '---\ntitle: Resetting your password\n---\n\nUse the portal.\n');
    const report = await events(['change', `content/${RESET}`]);
    expect(report.compiled).toEqual([RESET]);
    expect(report.resolved).toEqual([VPN, RESET].sort());
    expect(report.affected).toEqual([VPN, RESET].sort());
    expect(article(VPN).diagnostics.map((d) => d.ruleId)).toContain('missing-anchor');
    await expectSameAsFullBuild();
  });

  it('adding an article compiles only the new one, without a rescan, and fixes links that pointed at it', async () => {
    expect(article(START).diagnostics.map((d) => d.ruleId)).toContain('missing-link-target');
    await writeFiles(root, { 'content/central/network/wifi.md': '# Office Wi-Fi\n\nJoin CORP-SECURE.\n' });
    const report = await events(['add', 'content/central/network/wifi.md']);
    expect(report).toMatchObject({ rescanned: false, compiled: ['central/network/wifi.md'], added: ['central/network/wifi.md'], removed: [] });
    expect(report.resolved).toEqual([START, 'central/network/wifi.md'].sort());
    expect(article(START).hasErrors).toBe(false);
    expect(state.faqLists.map((l) => l.key)).toContain('central/network');
    await expectSameAsFullBuild();
  });

  it('deleting an article removes it and breaks the links to it', async () => {
    await rm(path.join(root, 'content', RESET));
    const report = await events(['unlink', `content/${RESET}`]);
    expect(report).toMatchObject({ rescanned: false, compiled: [], removed: [RESET], added: [] });
    expect(report.resolved).toEqual([VPN]);
    expect(state.articles.has(RESET)).toBe(false);
    expect(article(VPN).diagnostics.map((d) => d.ruleId)).toContain('missing-link-target');
    expect(state.faqLists.map((l) => l.key)).not.toContain('central/accounts');
    await expectSameAsFullBuild();
  });

  it('deleting an article forgets the image only it embedded', async () => {
    expect(state.facts.has('central/network/images/vpn-client.png')).toBe(true);
    await rm(path.join(root, 'content', VPN));
    const report = await events(['unlink', `content/${VPN}`]);
    expect(report).toMatchObject({ rescanned: false, removed: [VPN] });
    expect(state.facts.has('central/network/images/vpn-client.png')).toBe(false);
    await expectSameAsFullBuild();
  });

  it('renaming an article is a delete plus an add, the same batch', async () => {
    await rename(path.join(root, 'content', RESET), path.join(root, 'content/central/accounts/reset-password.md'));
    const report = await events(['unlink', `content/${RESET}`], ['add', 'content/central/accounts/reset-password.md']);
    expect(report).toMatchObject({ rescanned: false, compiled: ['central/accounts/reset-password.md'], added: ['central/accounts/reset-password.md'], removed: [RESET] });
    expect(report.resolved).toEqual(['central/accounts/reset-password.md', VPN].sort());
    await expectSameAsFullBuild();
  });

  it('an article in a new company folder rescans, so the company is mapped', async () => {
    await writeFiles(root, { 'content/companies/fabrikam/wifi.md': '# Fabrikam Wi-Fi\n\nJoin FAB-CORP.\n' });
    const report = await events(['addDir', 'content/companies/fabrikam'], ['add', 'content/companies/fabrikam/wifi.md']);
    expect(report).toMatchObject({ rescanned: true, compiled: ['companies/fabrikam/wifi.md'] });
    expect(state.companies.map((c) => c.folder)).toEqual(['contoso', 'fabrikam']);
    await expectSameAsFullBuild();
  });

  it('a Markdown file added outside central/ and companies/ rescans and is reported as misplaced', async () => {
    await writeFiles(root, { 'content/notes.md': '# Notes\n' });
    const report = await events(['add', 'content/notes.md']);
    expect(report).toMatchObject({ rescanned: true, compiled: [] });
    expect(state.treeDiagnostics.map((d) => d.ruleId)).toContain('misplaced-file');
    await expectSameAsFullBuild();
  });

  it('renaming a folder moves its articles and their images', async () => {
    await rename(path.join(root, 'content/central/network'), path.join(root, 'content/central/remote-access'));
    const report = await events(['unlinkDir', 'content/central/network'], ['addDir', 'content/central/remote-access']);
    expect(report.added).toEqual(['central/remote-access/vpn.md']);
    expect(report.removed).toEqual([VPN]);
    expect(report.compiled).toEqual(['central/remote-access/vpn.md']);
    expect(article('central/remote-access/vpn.md').attachments.map((a) => a.path)).toEqual(['central/remote-access/images/vpn-client.png']);
    // Its id keeps the key, but the links by path now point at nothing.
    expect(article(START).diagnostics.map((d) => d.ruleId)).toContain('missing-link-target');
    await expectSameAsFullBuild();
  });

  it('changing an article key re-resolves its referrers and detects duplicates', async () => {
    await writeFile(path.join(root, 'content', RESET), '---\ntitle: Resetting your password\nid: network/vpn\n---\n\nUse the portal.\n\n## When MFA is lost\n\nCall.\n');
    const report = await events(['change', `content/${RESET}`]);
    expect(report.compiled).toEqual([RESET]);
    expect(report.resolved).toEqual(expect.arrayContaining([VPN, RESET]));
    expect(article(VPN).diagnostics.map((d) => d.ruleId)).toContain('duplicate-key');
    expect(article(RESET).diagnostics.map((d) => d.ruleId)).toContain('duplicate-key');
    await expectSameAsFullBuild();
  });

  it('a broken frontmatter shows as an error and the next good save clears it', async () => {
    const good = '---\ntitle: Resetting your password\n---\n\nUse the portal.\n\n## When MFA is lost\n\nCall the desk.\n';
    await writeFile(path.join(root, 'content', RESET), '---\ntitle: [unclosed\n---\n\nUse the portal.\n');
    await events(['change', `content/${RESET}`]);
    expect(article(RESET).diagnostics.map((d) => d.ruleId)).toContain('frontmatter-syntax');
    await expectSameAsFullBuild();
    await writeFile(path.join(root, 'content', RESET), good);
    const report = await events(['change', `content/${RESET}`]);
    expect(article(RESET).hasErrors).toBe(false);
    expect(report.affected).toContain(RESET);
    await expectSameAsFullBuild();
  });

  it('a changed image resolves only the articles embedding it, compiling nothing', async () => {
    const before = article(VPN).hash;
    await writeFile(path.join(root, 'content/central/network/images/vpn-client.png'), Buffer.concat([PNG, Buffer.from('more')]));
    const report = await events(['change', 'content/central/network/images/vpn-client.png']);
    expect(report).toMatchObject({ rescanned: false, compiled: [], resolved: [VPN], affected: [VPN] });
    expect(article(VPN).hash).not.toBe(before);
    await expectSameAsFullBuild();
  });

  it('a changed image is hashed again on its event even when its size and time are as before', async () => {
    const image = path.join(root, 'content/central/network/images/vpn-client.png');
    // A whole second, which every file system keeps exactly; the build starts from it.
    const tick = 1_796_000_000;
    await utimes(image, tick, tick);
    state = await buildState(await config());
    const published = article(VPN).hash;
    // Another image of the same size, with the same time (a checkout, or two saves in one clock tick).
    await writeFile(image, Buffer.concat([PNG.subarray(0, -1), Buffer.from([PNG[PNG.length - 1]! ^ 1])]));
    await utimes(image, tick, tick);
    expect((await stat(image)).size).toBe(PNG.length);
    const report = await events(['change', 'content/central/network/images/vpn-client.png']);
    expect(report).toMatchObject({ compiled: [], resolved: [VPN], affected: [VPN] });
    expect(article(VPN).hash).not.toBe(published);
    await expectSameAsFullBuild();
    // And back: the article is as it was.
    await writeFile(image, PNG);
    await utimes(image, tick, tick);
    await events(['change', 'content/central/network/images/vpn-client.png']);
    expect(article(VPN).hash).toBe(published);
  });

  it('a deleted image is a missing-file error; restoring it clears the error', async () => {
    await rm(path.join(root, 'content/central/network/images/vpn-client.png'));
    let report = await events(['unlink', 'content/central/network/images/vpn-client.png']);
    expect(report).toMatchObject({ compiled: [], resolved: [VPN] });
    expect(article(VPN).diagnostics.map((d) => d.ruleId)).toContain('missing-file');
    await expectSameAsFullBuild();
    await writeFiles(root, { 'content/central/network/images/vpn-client.png': PNG });
    report = await events(['add', 'content/central/network/images/vpn-client.png']);
    expect(report.resolved).toEqual([VPN]);
    expect(article(VPN).hasErrors).toBe(false);
  });

  it('a file nobody references rebuilds nothing', async () => {
    await writeFiles(root, { 'content/central/notes.txt': 'scratch' });
    const report = await events(['add', 'content/central/notes.txt']);
    expect(report).toMatchObject({ compiled: [], resolved: [], affected: [] });
  });

  it('a template change recompiles every article', async () => {
    await writeFiles(root, { 'templates/article.html': '<div class="mine">{{title}}</div>\n{{{body}}}\n' });
    const report = await events(['add', 'templates/article.html']);
    expect(report.templatesChanged).toBe(true);
    expect(report.compiled).toEqual([...state.order].sort());
    expect(article(VPN).html).toContain('<div class="mine">Connecting to the VPN</div>');
    await expectSameAsFullBuild();
  });

  it('a template without {{{body}}} fails the rebuild and leaves the last good build in place', async () => {
    const html = article(VPN).html;
    await writeFiles(root, { 'templates/article.html': '<div>{{title}}</div>\n' });
    await expect(events(['add', 'templates/article.html'])).rejects.toThrow(/\{\{\{body\}\}\}/);
    expect(article(VPN).html).toBe(html);
  });

  it('a config change rebuilds everything with the new settings', async () => {
    await writeFile(path.join(root, 'halo-kb.yml'), 'faq_lists:\n  central: Company-wide\n');
    const report = await events(['change', 'halo-kb.yml']);
    expect(report.kind).toBe('full');
    expect(state.faqLists.find((l) => l.key === 'central')?.name).toBe('Company-wide');
    await expectSameAsFullBuild();
  });

  it("a company mapping change rescans and renames the company's list", async () => {
    await writeFile(path.join(root, 'content/companies/contoso/_company.yml'), 'client_name: Contoso Group\n');
    const report = await events(['change', 'content/companies/contoso/_company.yml']);
    expect(report).toMatchObject({ rescanned: true, compiled: [] });
    expect(state.companies[0]?.clientName).toBe('Contoso Group');
    expect(state.faqLists.find((l) => l.key === 'companies/contoso')?.name).toBe('Contoso Group');
    await expectSameAsFullBuild();
  });

  it("a company file with errors holds back that company's articles, as a build does, until it is fixed", async () => {
    await writeFile(path.join(root, 'content/companies/contoso/_company.yml'), 'client_name: [Contoso\n');
    let report = await events(['change', 'content/companies/contoso/_company.yml']);
    expect(report).toMatchObject({ rescanned: true, compiled: [], resolved: [PRINTER], affected: [PRINTER] });
    expect(article(PRINTER).hasErrors).toBe(true);
    expect(article(PRINTER).diagnostics.map((d) => d.ruleId)).toEqual(['company-file-invalid']);
    expect(article(PRINTER).diagnostics[0]!.message).toBe(
      'content/companies/contoso/_company.yml has errors, so the Halo customer this article is for is not known; it is not published until the file is fixed.',
    );
    expect(article(VPN).hasErrors).toBe(false);
    await expectSameAsFullBuild();
    await writeFile(path.join(root, 'content/companies/contoso/_company.yml'), 'client_name: Contoso Group\n');
    report = await events(['change', 'content/companies/contoso/_company.yml']);
    expect(report).toMatchObject({ compiled: [], resolved: [PRINTER], affected: [PRINTER] });
    expect(article(PRINTER).hasErrors).toBe(false);
    await expectSameAsFullBuild();
  });

  it("a PDF's sidecar change recompiles the PDF article", async () => {
    await writeFiles(root, { 'content/central/handbooks/it.pdf': await pdfBytes('IT handbook', 2), 'content/central/handbooks/it.pdf.yml': 'title: IT handbook\n' });
    let report = await events(['add', 'content/central/handbooks/it.pdf'], ['add', 'content/central/handbooks/it.pdf.yml']);
    expect(report.compiled).toEqual(['central/handbooks/it.pdf']);
    expect(article('central/handbooks/it.pdf').attachments.map((a) => a.path)).toEqual(['central/handbooks/it.pdf']);
    await writeFile(path.join(root, 'content/central/handbooks/it.pdf.yml'), 'title: The IT handbook\n');
    report = await events(['change', 'content/central/handbooks/it.pdf.yml']);
    expect(report).toMatchObject({ rescanned: false, compiled: ['central/handbooks/it.pdf'] });
    expect(article('central/handbooks/it.pdf').title).toBe('The IT handbook');
    await expectSameAsFullBuild();
    // Deleted, the PDF takes its file's facts with it: nothing references the file any more.
    await rm(path.join(root, 'content/central/handbooks'), { recursive: true });
    report = await events(['unlink', 'content/central/handbooks/it.pdf'], ['unlink', 'content/central/handbooks/it.pdf.yml']);
    expect(report.removed).toEqual(['central/handbooks/it.pdf']);
    expect(state.facts.has('central/handbooks/it.pdf')).toBe(false);
    await expectSameAsFullBuild();
  });

  it('adding a folder of articles compiles them all', async () => {
    await mkdir(path.join(root, 'content/central/printing'));
    await writeFiles(root, { 'content/central/printing/a.md': '# A\n\nText.\n', 'content/central/printing/b.md': '# B\n\nSee [A](a.md).\n' });
    const report = await events(['addDir', 'content/central/printing'], ['add', 'content/central/printing/a.md'], ['add', 'content/central/printing/b.md']);
    expect(report.compiled).toEqual(['central/printing/a.md', 'central/printing/b.md']);
    await expectSameAsFullBuild();
  });

  it('a save by rename (delete, then write again) is an edit', async () => {
    const file = path.join(root, 'content', RESET);
    const text = await readFile(file, 'utf8');
    await rm(file);
    await writeFile(file, text.replace('Use the portal.', 'Use the self-service portal.'));
    const report = await events(['unlink', `content/${RESET}`], ['add', `content/${RESET}`]);
    expect(report).toMatchObject({ rescanned: false, compiled: [RESET], added: [], removed: [] });
    expect(article(RESET).html).toContain('Use the self-service portal.');
    await expectSameAsFullBuild();
  });

  it('an edit event for a file that vanished before the rebuild falls back to a rescan', async () => {
    await rm(path.join(root, 'content', RESET));
    const report = await events(['change', `content/${RESET}`]);
    expect(report).toMatchObject({ rescanned: true, removed: [RESET] });
    await expectSameAsFullBuild();
  });
});
