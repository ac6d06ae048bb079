/**
 * `halo-kb init`: the files it writes, the config it documents, and its refusal to overwrite.
 */
import { execFileSync } from 'node:child_process';
import { access, chmod, mkdir, readFile, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configFileText } from '../../src/init/config-file.js';
import { publishWorkflow } from '../../src/init/publish-workflow.js';
import { VERSION } from '../../src/version.js';
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
  'package.json',
  '.github/workflows/halo-kb-pull-request.yml',
  '.github/workflows/halo-kb-publish.yml',
];

const projectTemplates = path.resolve(import.meta.dirname, '../../templates');

describe('halo-kb init', () => {
  it('scaffolds a docs repository into DIR and says what to do next', async () => {
    const cwd = await tempDir();
    const run = await runCli(['init', 'kb', '--no-install'], cwd);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.lines.slice(0, FILES.length + 2)).toEqual(['Wrote a halo-kb docs repository in kb:', ...FILES.map((f) => `  ${f}`), '  package-lock.json  (not written: --no-install)']);
    expect(run.stdout).toContain(
      'package-lock.json was not written (--no-install). Make it before the workflows can run (it needs\n' +
        'the npm registry), and commit it:\n  cd kb && npm install --package-lock-only --ignore-scripts --no-audit --no-fund\n',
    );
    expect(run.stdout).toContain('Next steps:');
    expect(run.stdout).toContain('Publishing from CI');
    const root = path.join(cwd, 'kb');
    for (const f of FILES) await access(path.join(root, f));
    expect(await readdir(path.join(root, 'state'))).toEqual(['.gitkeep']);
    expect(await readFile(path.join(root, 'templates/article.html'), 'utf8')).toBe(await readFile(path.join(projectTemplates, 'article.html'), 'utf8'));
    expect(await readFile(path.join(root, 'templates/pdf.html'), 'utf8')).toBe(await readFile(path.join(projectTemplates, 'pdf.html'), 'utf8'));
    expect((await readFile(path.join(root, '.gitignore'), 'utf8')).split('\n')).toEqual(expect.arrayContaining(['.halo-kb/', 'node_modules/']));
    expect(JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'))).toEqual({
      private: true,
      description: 'Knowledge base articles, published to Halo by halo-kb.',
      scripts: { validate: 'halo-kb validate', plan: 'halo-kb plan', publish: 'halo-kb publish', preview: 'halo-kb watch' },
      // Run from this checkout, halo-kb cannot tell where it was installed from: its own version.
      dependencies: { 'halo-kb': VERSION },
    });
    expect(run.stdout).toContain(
      `package.json pins halo-kb ${VERSION}, the version running now, from the npm registry: where this halo-kb\nwas installed from is unknown. If your team installs it from a tarball or git, run init again with --package.\n`,
    );

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
    expect({ ...loaded.config, root: '' }).toEqual({
      ...defaults,
      root: '',
      contentDir: expect.any(String),
      outDir: expect.any(String),
      stateFile: expect.any(String),
      templatesDir: expect.any(String),
      cacheDir: expect.any(String),
    });

    // Uncommented, every option is valid and each default is the one halo-kb uses.
    const live = await makeProject({ 'halo-kb.yml': configFileText({ commented: false }) });
    const all = await loadConfig({ cwd: live, env: {} });
    expect(all.warnings).toEqual([]);
    const c = all.config;
    expect([c.contentDir, c.outDir, c.stateFile, c.templatesDir, c.cacheDir].map((p) => path.relative(live, p))).toEqual([
      'content',
      '.halo-kb/build',
      'state/manifest.json',
      'templates',
      '.halo-kb/cache',
    ]);
    expect(c.attachments.maxBytes).toBe(defaults.attachments.maxBytes);
    expect(c.faqLists).toEqual(defaults.faqLists);
    expect(c.publish).toEqual(defaults.publish);
    const { url, authUrl, tenant, clientId, ...rest } = c.halo;
    const { url: _u, authUrl: _a, tenant: _t, clientId: _c, ...restDefaults } = defaults.halo;
    expect(rest).toEqual(restDefaults);
    expect([url, authUrl, tenant, clientId]).toEqual(['https://example.halopsa.com', 'https://example.halopsa.com/auth', 'example', 'your-client-id']);
  });

  it('keeps files that exist, with a note for each, and writes the rest', async () => {
    const root = await makeProject({ 'halo-kb.yml': 'content: docs\n', 'content/central/getting-started.md': '# Our own start page\n', 'templates/article.html': '<main>{{content}}</main>\n' });
    const run = await runCli(['init', '--no-install'], root);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.lines).toEqual(
      expect.arrayContaining(['  halo-kb.yml  (exists: kept)', '  content/central/getting-started.md  (exists: kept)', '  templates/article.html  (exists: kept)', '  templates/pdf.html']),
    );
    expect(await readFile(path.join(root, 'halo-kb.yml'), 'utf8')).toBe('content: docs\n');
    expect(await readFile(path.join(root, 'content/central/getting-started.md'), 'utf8')).toBe('# Our own start page\n');
    expect(await readFile(path.join(root, 'templates/article.html'), 'utf8')).toBe('<main>{{content}}</main>\n');
    await access(path.join(root, '.github/workflows/halo-kb-publish.yml'));
  });

  it("--force replaces only halo-kb's own files (workflows, templates), never settings or articles", async () => {
    const root = await makeProject({
      'halo-kb.yml': 'content: docs\n',
      'content/central/getting-started.md': '# Our own start page\n',
      'templates/article.html': '<main>{{content}}</main>\n',
      '.github/workflows/halo-kb-publish.yml': 'name: an old halo-kb publish\n',
      '.github/workflows/deploy.yml': 'name: our own deploy\n',
    });
    const run = await runCli(['init', '--force', '--no-install'], root);
    expect(run.code).toBe(0);
    expect(run.lines).toEqual(
      expect.arrayContaining([
        '  halo-kb.yml  (exists: kept)',
        '  content/central/getting-started.md  (exists: kept)',
        '  templates/article.html  (replaced)',
        '  .github/workflows/halo-kb-publish.yml  (replaced)',
      ]),
    );
    expect(await readFile(path.join(root, 'halo-kb.yml'), 'utf8')).toBe('content: docs\n');
    expect(await readFile(path.join(root, 'content/central/getting-started.md'), 'utf8')).toBe('# Our own start page\n');
    expect(await readFile(path.join(root, 'templates/article.html'), 'utf8')).toBe(await readFile(path.join(projectTemplates, 'article.html'), 'utf8'));
    expect(await readFile(path.join(root, '.github/workflows/halo-kb-publish.yml'), 'utf8')).toBe(publishWorkflow);
    expect(await readFile(path.join(root, '.github/workflows/deploy.yml'), 'utf8')).toBe('name: our own deploy\n');
  });

  it('init --help says which files --force replaces and what package.json pins', async () => {
    const run = await runCli(['init', '--help'], await tempDir());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "--force replaces only halo-kb's own files, which you take as they come:\n.github/workflows/halo-kb-pull-request.yml, .github/workflows/halo-kb-publish.yml,\ntemplates/article.html, templates/pdf.html and state/.gitkeep. halo-kb.yml, the articles\nunder content/, .gitignore and package.json are yours and never replaced.",
    );
    expect(run.stdout).toContain('--package <spec>');
    expect(run.stdout).toContain('--no-install');
  });

  it('--quiet prints nothing', async () => {
    const run = await runCli(['init', '--quiet', '--no-install'], await tempDir());
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '', '']);
  });

  describe('a target that cannot hold a docs repository', () => {
    it('names a file given as DIR, and writes nothing', async () => {
      const cwd = await makeProject({ 'notes.txt': 'my notes\n' });
      const run = await runCli(['init', 'notes.txt', '--no-install'], cwd);
      expect([run.code, run.stdout]).toEqual([64, '']);
      expect(run.stderr).toBe('error: Cannot write a docs repository into notes.txt: it is a file, not a folder.\n  Name a new or an existing folder, e.g. "halo-kb init my-kb".\n');
      expect(await readFile(path.join(cwd, 'notes.txt'), 'utf8')).toBe('my notes\n');
    });

    it('names the file standing in the path of DIR', async () => {
      const cwd = await makeProject({ 'notes.txt': 'my notes\n' });
      const run = await runCli(['init', 'notes.txt/kb/docs', '--no-install'], cwd);
      expect([run.code, run.stdout]).toEqual([64, '']);
      expect(run.stderr).toBe('error: Cannot create the folder notes.txt/kb/docs: notes.txt is a file, not a folder.\n  Name a new or an existing folder, e.g. "halo-kb init my-kb".\n');
    });

    it('says a folder cannot be written, before writing anything', async () => {
      const cwd = await tempDir();
      const locked = path.join(cwd, 'locked');
      await mkdir(locked);
      const unlock = await lockFolder(locked);
      try {
        const into = await runCli(['init', 'locked', '--no-install'], cwd);
        const under = await runCli(['init', 'locked/kb', '--no-install'], cwd);
        const why = process.getuid?.() === 0 ? 'the operation is not permitted (the folder may be locked or immutable)' : 'permission denied';
        const hint = '  Pick a folder you may write to, or change its permissions; nothing was written.\n';
        expect([into.code, into.stdout, into.stderr]).toEqual([1, '', `error: Cannot write into locked: ${why}.\n${hint}`]);
        expect([under.code, under.stdout, under.stderr]).toEqual([1, '', `error: Cannot write the folder locked/kb in locked: ${why}.\n${hint}`]);
      } finally {
        await unlock();
      }
      expect(await readdir(locked)).toEqual([]);
    });

    it('says which file could not be written when a folder turns out locked, and what was written', async () => {
      const root = await tempDir();
      const elsewhere = await tempDir();
      await symlink(elsewhere, path.join(root, 'content'));
      const unlock = await lockFolder(elsewhere);
      let run: Awaited<ReturnType<typeof runCli>>;
      try {
        run = await runCli(['init', '--no-install'], root);
      } finally {
        await unlock();
      }
      const why = process.getuid?.() === 0 ? 'the operation is not permitted (the folder may be locked or immutable)' : 'permission denied';
      expect([run.code, run.stdout]).toEqual([1, '']);
      expect(run.stderr).toBe(`error: Could not write content/central/getting-started.md: ${why}.\n  Fix that and run "halo-kb init" again to finish (already written: halo-kb.yml).\n`);
    });

    it('names files where folders go and folders where files go, and writes nothing, even with --force', async () => {
      const root = await makeProject({ content: 'not a folder\n', 'templates/keep.txt': 'x' });
      await mkdir(path.join(root, 'halo-kb.yml'));
      for (const argv of [
        ['init', '--no-install'],
        ['init', '--force', '--no-install'],
      ]) {
        const run = await runCli(argv, root);
        expect([run.code, run.stdout]).toEqual([1, '']);
        expect(run.stderr).toBe(
          'error: Cannot write the scaffold into .: content is a file where a folder goes; halo-kb.yml is a folder where a file goes.\n' +
            '  Move them aside, then run "halo-kb init" again; nothing was written.\n',
        );
      }
      expect((await readdir(root)).sort()).toEqual(['content', 'halo-kb.yml', 'templates']);
      expect(await readdir(path.join(root, 'templates'))).toEqual(['keep.txt']);
    });
  });
});

/**
 * Make `dir` unwritable for this process. root ignores permission bits, so as root the folder is
 * made immutable instead (chattr +i, which binds root too).
 */
async function lockFolder(dir: string): Promise<() => Promise<void>> {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', dir]);
    return async () => {
      execFileSync('chattr', ['-i', dir]);
    };
  }
  await chmod(dir, 0o555);
  return () => chmod(dir, 0o755);
}
