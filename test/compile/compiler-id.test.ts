import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilerId, compilerIdOf } from '../../src/compile/compiler-id.js';
import { makeProject, writeTree } from '../helpers/temp-tree.js';

/** A project with halo-kb installed in it, one dependency beside it (hoisted) and one inside it. */
async function installed() {
  const project = await makeProject({
    'node_modules/halo-kb/package.json': JSON.stringify({ name: 'halo-kb', dependencies: { 'remark-gfm': '^4.0.0', yaml: '^2.0.0' } }),
    'node_modules/halo-kb/dist/compile/markdown.js': 'export const render = 1;\n',
    'node_modules/halo-kb/dist/cli.js': 'export {};\n',
    'node_modules/halo-kb/dist/cli.js.map': '{}',
    'node_modules/halo-kb/node_modules/yaml/package.json': JSON.stringify({ name: 'yaml', version: '2.9.1' }),
    'node_modules/remark-gfm/package.json': JSON.stringify({ name: 'remark-gfm', version: '4.0.1' }),
  });
  const pkg = path.join(project, 'node_modules/halo-kb');
  return { project, pkg, id: () => compilerIdOf(path.join(pkg, 'dist'), pkg, '1.0.0') };
}

describe('compiler identity', () => {
  it('is the same for the same code and dependencies', async () => {
    const { id } = await installed();
    expect(id()).toBe(id());
    expect(compilerId()).toBe(compilerId());
  });

  it('changes with a dependency updated within its range, found where Node finds it', async () => {
    const { project, id } = await installed();
    const before = id();
    await writeTree(project, { 'node_modules/remark-gfm/package.json': JSON.stringify({ name: 'remark-gfm', version: '4.0.2' }) });
    const hoisted = id();
    expect(hoisted).not.toBe(before);
    await writeTree(project, { 'node_modules/halo-kb/node_modules/yaml/package.json': JSON.stringify({ name: 'yaml', version: '2.9.2' }) });
    expect(id()).not.toBe(hoisted);
  });

  it('changes with halo-kb\'s own code, but not with its source maps', async () => {
    const { pkg, id } = await installed();
    const before = id();
    await writeFile(path.join(pkg, 'dist/cli.js.map'), '{"version":3}');
    expect(id()).toBe(before);
    await writeFile(path.join(pkg, 'dist/compile/markdown.js'), 'export const render = 2;\n');
    expect(id()).not.toBe(before);
  });

  it('changes with the version', async () => {
    const { pkg } = await installed();
    expect(compilerIdOf(path.join(pkg, 'dist'), pkg, '1.0.0')).not.toBe(compilerIdOf(path.join(pkg, 'dist'), pkg, '1.0.1'));
  });
});
