/**
 * `halo-kb init`: the files it writes, the config it documents, and its refusal to overwrite.
 */
import { access, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configFileText } from '../../src/init/config-file.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject, tempDir } from '../helpers/temp-tree.js';

const FILES = [
  'halo-kb.yml',
  'content/central/getting-started.md',
  'content/companies/contoso/_company.yml',
  'content/companies/contoso/printing.md',
  'templates/article.html',
  'templates/pdf.html',
  'state/.gitkeep',
  '.gitignore',
  '.github/workflows/halo-kb-pull-request.yml',
  '.github/workflows/halo-kb-publish.yml',
];

const projectTemplates = path.resolve(import.meta.dirname, '../../templates');

describe('halo-kb init', () => {
  it('scaffolds a docs repository into DIR and says what to do next', async () => {
    const cwd = await tempDir();
    const run = await runCli(['init', 'kb'], cwd);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.lines.slice(0, FILES.length + 1)).toEqual(['Wrote a halo-kb docs repository in kb:', ...FILES.map((f) => `  ${f}`)]);
    expect(run.stdout).toContain('Next steps:');
    expect(run.stdout).toContain('Publishing from CI');
    const root = path.join(cwd, 'kb');
    for (const f of FILES) await access(path.join(root, f));
    expect(await readdir(path.join(root, 'state'))).toEqual(['.gitkeep']);
    expect(await readFile(path.join(root, 'templates/article.html'), 'utf8')).toBe(await readFile(path.join(projectTemplates, 'article.html'), 'utf8'));
    expect(await readFile(path.join(root, 'templates/pdf.html'), 'utf8')).toBe(await readFile(path.join(projectTemplates, 'pdf.html'), 'utf8'));
    expect((await readFile(path.join(root, '.gitignore'), 'utf8')).split('\n')).toEqual(expect.arrayContaining(['.halo-kb/', 'node_modules/']));

    const validate = await runCli(['validate'], root);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(/^2 articles in 2 FAQ lists: 2 ready, 0 drafts, 0 with errors\./m);
  });

  it('documents every option with its real default', async () => {
    const text = configFileText();
    // Every line is a comment: the file changes nothing until a user uncomments a line.
    expect(text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toEqual([]);
    const defaults = (await loadConfig({ cwd: await tempDir() })).config;

    const commented = await makeProject({ 'halo-kb.yml': text });
    const loaded = await loadConfig({ cwd: commented, env: {} });
    expect(loaded.warnings).toEqual([]);
    expect({ ...loaded.config, root: '' }).toEqual({ ...defaults, root: '', contentDir: expect.any(String), outDir: expect.any(String), stateFile: expect.any(String), templatesDir: expect.any(String), cacheDir: expect.any(String) });

    // Uncommented, every option is valid and each default is the one halo-kb uses.
    const live = await makeProject({ 'halo-kb.yml': configFileText({ commented: false }) });
    const all = await loadConfig({ cwd: live, env: {} });
    expect(all.warnings).toEqual([]);
    const c = all.config;
    expect([c.contentDir, c.outDir, c.stateFile, c.templatesDir, c.cacheDir].map((p) => path.relative(live, p))).toEqual(['content', '.halo-kb/build', 'state/manifest.json', 'templates', '.halo-kb/cache']);
    expect(c.attachments.maxBytes).toBe(defaults.attachments.maxBytes);
    expect(c.faqLists).toEqual(defaults.faqLists);
    expect(c.publish).toEqual(defaults.publish);
    const { url, authUrl, tenant, clientId, ...rest } = c.halo;
    const { url: _u, authUrl: _a, tenant: _t, clientId: _c, ...restDefaults } = defaults.halo;
    expect(rest).toEqual(restDefaults);
    expect([url, authUrl, tenant, clientId]).toEqual(['https://example.halopsa.com', 'https://example.halopsa.com/auth', 'example', 'your-client-id']);
  });

  it('refuses to overwrite existing files, naming them, and writes nothing', async () => {
    const root = await makeProject({ 'halo-kb.yml': 'content: docs\n', '.gitignore': 'dist/\n' });
    const run = await runCli(['init'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('error: Not overwriting existing files: halo-kb.yml, .gitignore.\n  Move them aside, or run "halo-kb init --force" to replace them with the defaults.\n');
    expect((await readdir(root)).sort()).toEqual(['.gitignore', 'halo-kb.yml']);
    expect(await readFile(path.join(root, 'halo-kb.yml'), 'utf8')).toBe('content: docs\n');
  });

  it('replaces them with --force, and says which', async () => {
    const root = await makeProject({ 'halo-kb.yml': 'content: docs\n' });
    const run = await runCli(['init', '--force'], root);
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe('Wrote a halo-kb docs repository in .:');
    expect(run.lines[1]).toBe('  halo-kb.yml  (replaced)');
    expect(run.lines[2]).toBe('  content/central/getting-started.md');
    expect(await readFile(path.join(root, 'halo-kb.yml'), 'utf8')).toBe(configFileText());
  });

  it('--quiet prints nothing', async () => {
    const run = await runCli(['init', '--quiet'], await tempDir());
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '', '']);
  });
});
