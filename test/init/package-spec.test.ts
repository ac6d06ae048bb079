/**
 * Which halo-kb a new docs repository pins: `init --package SPEC` (one build: an exact version, a
 * tarball, a git commit; anything that can move is refused), and by default where the running
 * halo-kb was installed from, read from npm's records in real folders laid out as npm leaves them.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installedSpec } from '../../src/init/package-spec.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject, tempDir, writeTree } from '../helpers/temp-tree.js';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';

async function pinned(spec: string, files: Record<string, string> = {}): Promise<{ value: unknown; lines: string[] }> {
  const cwd = await makeProject(files);
  const run = await runCli(['init', 'kb', '--no-install', '--package', spec], cwd);
  expect([run.code, run.stderr]).toEqual([0, '']);
  const manifest = JSON.parse(await readFile(path.join(cwd, 'kb', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return { value: manifest.dependencies['halo-kb'], lines: run.lines };
}

describe('init --package', () => {
  it.each([
    ['0.1.0', '0.1.0'],
    ['halo-kb@0.1.0', '0.1.0'],
    ['v0.2.0-rc.1', '0.2.0-rc.1'],
    ['npm:@acme/halo-kb@0.1.0', 'npm:@acme/halo-kb@0.1.0'],
    ['https://downloads.example.com/halo-kb-0.1.0.tgz', 'https://downloads.example.com/halo-kb-0.1.0.tgz'],
    [`github:acme/halo-kb#${COMMIT}`, `github:acme/halo-kb#${COMMIT}`],
    [`acme/halo-kb#${COMMIT}`, `github:acme/halo-kb#${COMMIT}`],
    [`git+https://git.example.com/acme/halo-kb.git#${COMMIT.slice(0, 12)}`, `git+https://git.example.com/acme/halo-kb.git#${COMMIT.slice(0, 12)}`],
    [`https://github.com/acme/halo-kb.git#${COMMIT}`, `https://github.com/acme/halo-kb.git#${COMMIT}`],
  ])('pins %s as %s', async (spec, value) => {
    expect((await pinned(spec)).value).toBe(value);
  });

  it('pins a local tarball by its path from the docs repository, and says when CI will not find it', async () => {
    const outside = await pinned('./halo-kb-0.1.0.tgz', { 'halo-kb-0.1.0.tgz': 'a tarball' });
    expect(outside.value).toBe('file:../halo-kb-0.1.0.tgz');
    expect(outside.lines).toContain('package.json pins halo-kb from file:../halo-kb-0.1.0.tgz, as --package asked.');
    expect(outside.lines).toContain('The tarball halo-kb-0.1.0.tgz is outside kb: CI checks out only the repository. Commit the tarball');

    const inside = await pinned('kb/vendor/halo-kb-0.1.0.tgz', { 'kb/vendor/halo-kb-0.1.0.tgz': 'a tarball' });
    expect(inside.value).toBe('file:vendor/halo-kb-0.1.0.tgz');
    expect(inside.lines.some((l) => l.includes('outside'))).toBe(false);
  });

  it.each([
    ['latest', 'error: --package latest does not pin one version of halo-kb.'],
    ['^0.1.0', 'error: --package ^0.1.0 does not pin one version of halo-kb.'],
    ['npm:@acme/halo-kb@^0.1.0', 'error: --package npm:@acme/halo-kb@^0.1.0 does not pin one version of halo-kb.'],
    ['https://exa mple.com/halo-kb-0.1.0.tgz', 'error: --package https://exa mple.com/halo-kb-0.1.0.tgz is not a valid URL.'],
  ])('refuses %s', async (spec, message) => {
    const cwd = await tempDir();
    const run = await runCli(['init', 'kb', '--no-install', '--package', spec], cwd);
    expect([run.code, run.stdout]).toEqual([64, '']);
    expect(run.stderr).toBe(`${message}\n  Give an exact version (0.1.0), a release tarball (its path or https URL), or a git URL with a commit (github:OWNER/halo-kb#<commit>).\n`);
  });

  it('refuses a git URL without a commit, naming the branch or tag', async () => {
    const cwd = await tempDir();
    const tag = await runCli(['init', 'kb', '--no-install', '--package', 'github:acme/halo-kb#v0.1.0'], cwd);
    expect([tag.code, tag.stdout]).toEqual([64, '']);
    expect(tag.stderr).toBe(
      'error: --package github:acme/halo-kb#v0.1.0 names "v0.1.0", a branch or tag that can move: pin a commit.\n' +
        '  Give github:acme/halo-kb#<commit>; "git ls-remote <repository URL> <tag>" prints a tag\'s commit.\n',
    );
    const none = await runCli(['init', 'kb', '--no-install', '--package', 'git+https://git.example.com/acme/halo-kb.git'], cwd);
    expect(none.stderr).toBe(
      'error: --package git+https://git.example.com/acme/halo-kb.git names no commit: pin a commit.\n' +
        '  Give git+https://git.example.com/acme/halo-kb.git#<commit>; "git ls-remote <repository URL> <tag>" prints a tag\'s commit.\n',
    );
  });

  it('refuses plain http, a missing tarball and a folder, and writes nothing', async () => {
    const cwd = await makeProject({ 'halo-kb/package.json': '{}' });
    const cases: [string, string][] = [
      [
        'http://downloads.example.com/halo-kb-0.1.0.tgz',
        'error: --package http://downloads.example.com/halo-kb-0.1.0.tgz would be downloaded without encryption, and anyone on the way could change it.\n  Use an https:// URL.\n',
      ],
      ['./halo-kb-9.9.9.tgz', 'error: --package ./halo-kb-9.9.9.tgz: there is no such file.\n  Give the path of a release tarball ("npm pack" makes one), or its https URL.\n'],
      [
        './halo-kb',
        'error: --package ./halo-kb is a folder: npm would link it, and the docs repository would run whatever the folder holds at the time.\n  Make a tarball of it with "npm pack" and give that file.\n',
      ],
    ];
    for (const [spec, stderr] of cases) {
      const run = await runCli(['init', 'kb', '--no-install', '--package', spec], cwd);
      expect([run.code, run.stdout, run.stderr]).toEqual([64, '', stderr]);
    }
    await expect(readFile(path.join(cwd, 'kb', 'package.json'))).rejects.toThrow();
  });
});

/** A project that installed halo-kb with npm: node_modules/halo-kb and npm's records of it. */
async function installed(resolved: string, where: 'hidden' | 'lockfile' = 'hidden', extra: Record<string, string> = {}): Promise<{ project: string; packageRoot: string; docs: string }> {
  const project = await tempDir();
  const packageRoot = path.join(project, 'node_modules', 'halo-kb');
  const lock = JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/halo-kb': { version: '0.1.0', resolved } } });
  await writeTree(project, {
    'node_modules/halo-kb/package.json': JSON.stringify({ name: 'halo-kb', version: '0.1.0' }),
    [where === 'hidden' ? 'node_modules/.package-lock.json' : 'package-lock.json']: lock,
    ...extra,
  });
  return { project, packageRoot, docs: path.join(project, 'docs') };
}

describe('where the running halo-kb was installed from', () => {
  it('a tarball: its path from the new docs repository', async () => {
    const { packageRoot, docs } = await installed('file:releases/halo-kb-0.1.0.tgz', 'hidden', { 'releases/halo-kb-0.1.0.tgz': 'a tarball' });
    expect(await installedSpec(packageRoot, docs)).toEqual({ kind: 'file', value: 'file:../releases/halo-kb-0.1.0.tgz', file: path.join(path.dirname(docs), 'releases/halo-kb-0.1.0.tgz') });
  });

  it('a GitHub commit, as npm records it (git+ssh), and another git host as it is', async () => {
    const github = await installed(`git+ssh://git@github.com/acme/halo-kb.git#${COMMIT}`, 'lockfile');
    expect(await installedSpec(github.packageRoot, github.docs)).toEqual({ kind: 'git', value: `github:acme/halo-kb#${COMMIT}` });
    const other = await installed(`git+https://git.example.com/acme/halo-kb.git#${COMMIT}`);
    expect(await installedSpec(other.packageRoot, other.docs)).toEqual({ kind: 'git', value: `git+https://git.example.com/acme/halo-kb.git#${COMMIT}` });
  });

  it('the registry: the exact version; any other https tarball: its URL', async () => {
    const registry = await installed('https://registry.npmjs.org/halo-kb/-/halo-kb-0.1.0.tgz');
    expect(await installedSpec(registry.packageRoot, registry.docs)).toEqual({ kind: 'version', value: '0.1.0' });
    const url = await installed('https://downloads.example.com/releases/halo-kb-0.1.0.tgz');
    expect(await installedSpec(url.packageRoot, url.docs)).toEqual({ kind: 'tarball', value: 'https://downloads.example.com/releases/halo-kb-0.1.0.tgz' });
  });

  it('nothing pinned: a linked folder, a tarball since removed, a source checkout', async () => {
    const removed = await installed('file:releases/halo-kb-0.1.0.tgz');
    expect(await installedSpec(removed.packageRoot, removed.docs)).toBeUndefined();
    const tag = await installed('git+ssh://git@github.com/acme/halo-kb.git#main');
    expect(await installedSpec(tag.packageRoot, tag.docs)).toBeUndefined();

    const checkout = await makeProject({ 'halo-kb/package.json': JSON.stringify({ name: 'halo-kb', version: '0.1.0' }) });
    expect(await installedSpec(path.join(checkout, 'halo-kb'), path.join(checkout, 'docs'))).toBeUndefined();
    // npm link: node_modules/halo-kb is a link to the checkout.
    const project = await tempDir();
    await mkdir(path.join(project, 'node_modules'));
    await symlink(path.join(checkout, 'halo-kb'), path.join(project, 'node_modules', 'halo-kb'));
    await writeFile(path.join(project, 'package-lock.json'), JSON.stringify({ packages: { 'node_modules/halo-kb': { resolved: '../halo-kb', link: true } } }));
    expect(await installedSpec(path.join(project, 'node_modules', 'halo-kb'), path.join(project, 'docs'))).toBeUndefined();
  });
});
