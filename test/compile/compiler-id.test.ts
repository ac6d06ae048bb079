import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_DIR, compilerId, compilerIdOf } from '../../src/compile/compiler-id.js';
import { makeProject, writeTree } from '../helpers/temp-tree.js';

const manifest = (name: string, version: string, dependencies: Record<string, string> = {}) => JSON.stringify({ name, version, dependencies });

/**
 * A project with halo-kb installed in it by something other than npm (no install record):
 * remark-gfm hoisted beside it with micromark below it, and its own yaml nested inside it while
 * another yaml sits hoisted.
 */
async function installed() {
  const project = await makeProject({
    'node_modules/halo-kb/package.json': manifest('halo-kb', '1.0.0', { 'remark-gfm': '^4.0.0', yaml: '^2.9.0' }),
    'node_modules/halo-kb/dist/compile/markdown.js': 'export const render = 1;\n',
    'node_modules/halo-kb/dist/cli.js': 'export {};\n',
    'node_modules/halo-kb/dist/cli.js.map': '{}',
    'node_modules/halo-kb/node_modules/yaml/package.json': manifest('yaml', '2.9.1'),
    'node_modules/yaml/package.json': manifest('yaml', '1.10.2'),
    'node_modules/remark-gfm/package.json': manifest('remark-gfm', '4.0.1', { micromark: '^4.0.0' }),
    'node_modules/micromark/package.json': manifest('micromark', '4.0.1'),
  });
  const pkg = path.join(project, 'node_modules/halo-kb');
  return { project, pkg, id: () => compilerIdOf(path.join(pkg, 'dist'), pkg, '1.0.0') };
}

describe('compiler identity', () => {
  it('is this checkout\'s code and packages', () => {
    expect(compilerId()).toBe(compilerIdOf(CODE_DIR, path.dirname(CODE_DIR)));
    expect(path.basename(CODE_DIR)).toBe('src');
  });

  it('changes with a package updated deep in the tree, found where Node finds it', async () => {
    const { project, id } = await installed();
    const before = id();
    expect(id()).toBe(before);
    // remark-gfm keeps its version; micromark, below it, moves.
    await writeTree(project, { 'node_modules/micromark/package.json': manifest('micromark', '4.0.2') });
    const updated = id();
    expect(updated).not.toBe(before);
    // halo-kb runs its nested yaml, not the hoisted one.
    await writeTree(project, { 'node_modules/yaml/package.json': manifest('yaml', '1.10.3') });
    expect(id()).toBe(updated);
    await writeTree(project, { 'node_modules/halo-kb/node_modules/yaml/package.json': manifest('yaml', '2.9.2') });
    expect(id()).not.toBe(updated);
  });

  it('reads npm\'s install record, where npm installed the packages, instead of walking them', async () => {
    const { project, id } = await installed();
    await writeTree(project, { 'node_modules/.package-lock.json': JSON.stringify({ packages: { 'node_modules/micromark': { version: '4.0.1' } } }) });
    const before = id();
    await writeTree(project, { 'node_modules/.package-lock.json': JSON.stringify({ packages: { 'node_modules/micromark': { version: '4.0.2' } } }) });
    expect(id()).not.toBe(before);
  });

  it('changes with halo-kb\'s own code, but not with its source maps', async () => {
    const { pkg, id } = await installed();
    const before = id();
    await writeFile(path.join(pkg, 'dist/cli.js.map'), '{"version":3}');
    expect(id()).toBe(before);
    await writeFile(path.join(pkg, 'dist/compile/markdown.js'), 'export const render = 2;\n');
    expect(id()).not.toBe(before);
  });

  it('falls back to the version where the code cannot be read, instead of failing', async () => {
    const { project } = await installed();
    const nowhere = path.join(project, 'not-installed');
    expect(compilerIdOf(path.join(nowhere, 'dist'), nowhere, '1.0.0')).toBe(compilerIdOf(path.join(project, 'elsewhere/dist'), project, '1.0.0'));
    expect(compilerIdOf(path.join(nowhere, 'dist'), nowhere, '1.0.0')).not.toBe(compilerIdOf(path.join(nowhere, 'dist'), nowhere, '1.0.1'));
  });

  it('changes with the version', async () => {
    const { pkg } = await installed();
    expect(compilerIdOf(path.join(pkg, 'dist'), pkg, '1.0.0')).not.toBe(compilerIdOf(path.join(pkg, 'dist'), pkg, '1.0.1'));
  });
});
