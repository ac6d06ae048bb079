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
    'node_modules/halo-kb/dist/compile/build.js':
      "import { render } from './markdown.js';\nexport { resolve } from '../content/resolve.js';\n// import { gone } from './removed.js';\nimport gfm from 'remark-gfm';\n",
    'node_modules/halo-kb/dist/compile/worker.js': "import('./pdf.js');\n",
    'node_modules/halo-kb/dist/compile/markdown.js': 'export const render = 1;\n',
    'node_modules/halo-kb/dist/compile/pdf.js': 'export const pdf = 1;\n',
    'node_modules/halo-kb/dist/content/resolve.js': "import { parse } from 'yaml';\nexport const resolve = 1;\n",
    'node_modules/halo-kb/dist/cli.js': "import { render } from './compile/markdown.js';\n",
    'node_modules/halo-kb/dist/halo/client.js': "import { Agent } from 'undici';\nexport const client = 1;\n",
    'node_modules/undici/package.json': manifest('undici', '7.0.0'),
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
  it("is this checkout's code and packages", () => {
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
    // The Halo client's package is not the compiler's.
    await writeTree(project, { 'node_modules/undici/package.json': manifest('undici', '7.1.0') });
    expect(id()).toBe(updated);
    await writeTree(project, { 'node_modules/halo-kb/node_modules/yaml/package.json': manifest('yaml', '2.9.2') });
    expect(id()).not.toBe(updated);
  });

  it("reads npm's install record, where npm installed the packages, instead of walking them", async () => {
    const { project, id } = await installed();
    const record = (micromark: string, undici: string) =>
      JSON.stringify({
        packages: {
          'node_modules/halo-kb': { version: '1.0.0' },
          'node_modules/halo-kb/node_modules/yaml': { version: '2.9.1' },
          'node_modules/yaml': { version: '1.10.2' },
          'node_modules/remark-gfm': { version: '4.0.1', dependencies: { micromark: '^4.0.0' } },
          'node_modules/micromark': { version: micromark },
          'node_modules/undici': { version: undici },
        },
      });
    await writeTree(project, { 'node_modules/.package-lock.json': record('4.0.1', '7.0.0') });
    const before = id();
    // The Halo client's package decides nothing a build writes.
    await writeTree(project, { 'node_modules/.package-lock.json': record('4.0.1', '7.1.0') });
    expect(id()).toBe(before);
    // A package below one the compiler imports does.
    await writeTree(project, { 'node_modules/.package-lock.json': record('4.0.2', '7.1.0') });
    expect(id()).not.toBe(before);
  });

  it("changes with the code that compiles and resolves articles, and with nothing else of halo-kb's", async () => {
    const { pkg, id } = await installed();
    const before = id();
    // The CLI, the Halo client and source maps decide nothing a build writes.
    await writeFile(path.join(pkg, 'dist/cli.js.map'), '{"version":3}');
    await writeFile(path.join(pkg, 'dist/cli.js'), "import { render } from './compile/markdown.js';\nconsole.log(render);\n");
    await writeFile(path.join(pkg, 'dist/halo/client.js'), 'export const client = 2;\n');
    await writeTree(pkg, { 'dist/bench/build-bench.js': 'export {};\n' });
    expect(id()).toBe(before);
    // The build, what it imports (statically, re-exported or dynamically) and the worker do.
    const edits: [string, string][] = [
      ['dist/compile/markdown.js', 'export const render = 2;\n'],
      ['dist/content/resolve.js', "import { parse } from 'yaml';\nexport const resolve = 2;\n"],
      ['dist/compile/pdf.js', 'export const pdf = 2;\n'],
      ['dist/compile/worker.js', "import('./pdf.js');\nexport {};\n"],
    ];
    const seen = new Set([before]);
    for (const [file, text] of edits) {
      await writeFile(path.join(pkg, file), text);
      const now = id();
      expect(seen.has(now), file).toBe(false);
      seen.add(now);
    }
  });

  it("reads source where there is no built code: a checkout's src/", async () => {
    const project = await makeProject({
      'package.json': manifest('halo-kb', '1.0.0'),
      'src/compile/build.ts': "import type { Config } from '../config/schema.js';\nimport { render } from './markdown.js';\n",
      'src/compile/worker.ts': 'export {};\n',
      'src/compile/markdown.ts': 'export const render = 1;\n',
      'src/config/schema.ts': 'export interface Config { a: 1 }\n',
    });
    const id = () => compilerIdOf(path.join(project, 'src'), project, '1.0.0');
    const before = id();
    expect(before).not.toBe(compilerIdOf(path.join(project, 'nowhere'), project, '1.0.0'));
    // A type-only import is not in the built code: it decides nothing.
    await writeTree(project, { 'src/config/schema.ts': 'export interface Config { a: 2 }\n' });
    expect(id()).toBe(before);
    await writeTree(project, { 'src/compile/markdown.ts': 'export const render = 2;\n' });
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
