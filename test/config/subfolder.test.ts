/**
 * Commands run from a subfolder of a docs repository find halo-kb.yml above them, as git does, and
 * read the paths in it from the folder that holds it.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishProject } from '../publish/publish-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';

const FILES = {
  'halo-kb.yml': 'content: docs\nout: site\nstate: state/kb.json\n',
  'docs/central/getting-started.md': '# Getting started\n\nSee [the VPN guide](network/vpn.md).\n',
  'docs/central/network/vpn.md': '---\ntitle: Connecting to the VPN\n---\n\nInstall the client.\n',
};

describe('a command run from a subfolder', () => {
  it('validate finds halo-kb.yml in a folder above and reads its content folder from there', async () => {
    const root = await makeProject(FILES);
    const result = await runCli(['validate'], path.join(root, 'docs', 'central', 'network'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 articles');
  });

  it('build writes to the out folder of halo-kb.yml, next to it, not under the working directory', async () => {
    const root = await makeProject(FILES);
    const cwd = path.join(root, 'docs', 'central');
    const result = await runCli(['build'], cwd);
    expect(result.code).toBe(0);
    expect((await stat(path.join(root, 'site', 'index.json'))).isFile()).toBe(true);
    await expect(stat(path.join(cwd, 'site'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('plan and publish use the state file named in halo-kb.yml, from any subfolder', async () => {
    const project = await publishProject(FILES);
    const deep = path.join(project.root, 'docs', 'central', 'network');
    const plan = await runCli(['plan'], deep, project.env);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('2 to create');
    const publish = await runCli(['publish'], path.join(project.root, 'docs'), project.env);
    expect(publish.code).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(project.root, 'state', 'kb.json'), 'utf8')) as { articles: Record<string, unknown> };
    expect(Object.keys(manifest.articles).sort()).toEqual(['central/getting-started', 'central/network/vpn']);
    const again = await runCli(['plan', '--detailed-exitcode'], deep, project.env);
    expect(again.code).toBe(0);
  });

  it('stops at the top of a git repository: a halo-kb.yml above it is not used, the repository is the root', async () => {
    const outer = await makeProject({ 'halo-kb.yml': 'content: elsewhere\n', 'repo/content/central/printers/floor-3.md': '# Printing on the 3rd floor\n\nUse PRN-03.\n' });
    const repo = path.join(outer, 'repo');
    await mkdir(path.join(repo, '.git'), { recursive: true });
    const result = await runCli(['validate'], path.join(repo, 'content', 'central', 'printers'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 article in 2 FAQ lists');
  });

  it('without halo-kb.yml or a repository holding content/, the working directory is the root, as before', async () => {
    const repo = await makeProject({ 'notes/readme.md': 'Not a docs repository.\n' });
    await mkdir(path.join(repo, '.git'), { recursive: true });
    const result = await runCli(['validate'], path.join(repo, 'notes'));
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      'error: The content folder content does not exist.\n  Run halo-kb in your docs repository, pass --content DIR, or set "content:" in halo-kb.yml. halo-kb init creates a starting tree.\n',
    );
  });

  it('--config still wins over the file found above', async () => {
    const root = await makeProject({ ...FILES, 'other/halo-kb.yml': 'content: ../alt\n', 'alt/central/only.md': '# Only\n\nOne.\n' });
    const result = await runCli(['validate', '--config', '../../other/halo-kb.yml'], path.join(root, 'docs', 'central'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 article');
  });
});
