/**
 * `halo-kb init` in a repository that already has a .gitignore and a package.json: halo-kb's part
 * is added, every line and key of the team's is kept, and nothing is added twice.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';

async function init(files: Record<string, string>, ...flags: string[]): Promise<{ root: string; lines: string[]; code: number; stderr: string }> {
  const root = await makeProject(files);
  const run = await runCli(['init', '--no-install', '--package', '0.1.0', ...flags], root);
  return { root, lines: run.lines, code: run.code, stderr: run.stderr };
}

const read = (root: string, file: string): Promise<string> => readFile(path.join(root, file), 'utf8');

describe('init merges into an existing .gitignore', () => {
  it("appends halo-kb's lines under a comment, keeping the user's", async () => {
    const { root, lines } = await init({ '.gitignore': 'dist/\n*.log\n' });
    expect(lines).toContain('  .gitignore  (added .halo-kb/, node_modules/)');
    expect(await read(root, '.gitignore')).toBe("dist/\n*.log\n\n# halo-kb's build output and caches, and the packages npm installs.\n.halo-kb/\nnode_modules/\n");
  });

  it('adds only what is missing, whatever the spelling of a line already there, and ends an unfinished last line', async () => {
    const { root, lines } = await init({ '.gitignore': '/node_modules\n.env' });
    expect(lines).toContain('  .gitignore  (added .halo-kb/)');
    expect(await read(root, '.gitignore')).toBe("/node_modules\n.env\n\n# halo-kb's build output and caches, and the packages npm installs.\n.halo-kb/\n");
  });

  it('changes nothing when every line is there, even with --force, and run twice adds nothing twice', async () => {
    const { root, lines } = await init({ '.gitignore': 'node_modules/\n.halo-kb/\n' }, '--force');
    expect(lines).toContain("  .gitignore  (already ignores halo-kb's folders)");
    expect(await read(root, '.gitignore')).toBe('node_modules/\n.halo-kb/\n');

    const again = await init({ '.gitignore': 'dist/\n' });
    const first = await read(again.root, '.gitignore');
    await runCli(['init', '--no-install', '--package', '0.1.0'], again.root);
    expect(await read(again.root, '.gitignore')).toBe(first);
  });

  it('keeps Windows line endings', async () => {
    const { root } = await init({ '.gitignore': 'dist/\r\n' });
    expect(await read(root, '.gitignore')).toBe("dist/\r\n\r\n# halo-kb's build output and caches, and the packages npm installs.\r\n.halo-kb/\r\nnode_modules/\r\n");
  });
});

describe('init merges into an existing package.json', () => {
  it('adds halo-kb and the scripts, keeping every key, its order and its indentation', async () => {
    const existing =
      '{\n    "name": "it-kb",\n    "private": true,\n    "scripts": {\n        "lint": "markdownlint content"\n    },\n    "devDependencies": {\n        "markdownlint-cli": "0.41.0"\n    }\n}\n';
    const { root, lines } = await init({ 'package.json': existing });
    expect(lines).toContain('  package.json  (added halo-kb 0.1.0; added the scripts validate, plan, publish, preview)');
    expect(await read(root, 'package.json')).toBe(
      '{\n    "name": "it-kb",\n    "private": true,\n    "scripts": {\n        "lint": "markdownlint content",\n        "validate": "halo-kb validate",\n        "plan": "halo-kb plan",\n        "publish": "halo-kb publish",\n        "preview": "halo-kb watch"\n    },\n    "devDependencies": {\n        "markdownlint-cli": "0.41.0"\n    },\n    "dependencies": {\n        "halo-kb": "0.1.0"\n    }\n}\n',
    );
  });

  it("keeps the team's halo-kb and its own scripts of the same name, and says so", async () => {
    const existing = JSON.stringify(
      {
        private: true,
        scripts: { publish: 'halo-kb publish --quiet', validate: 'halo-kb validate', plan: 'halo-kb plan', preview: 'halo-kb watch' },
        devDependencies: { 'halo-kb': 'github:acme/halo-kb#0123456789abcdef0123456789abcdef01234567' },
      },
      null,
      2,
    );
    const { root, lines } = await init({ 'package.json': existing });
    expect(lines).toContain('  package.json  (kept its halo-kb github:acme/halo-kb#0123456789abcdef0123456789abcdef01234567; kept its own script publish)');
    expect(await read(root, 'package.json')).toBe(existing);
  });

  it('names a package.json that is not JSON, with line and column, and writes nothing', async () => {
    const root = await makeProject({ 'package.json': '{\n  "name": "it-kb",\n  "scripts": {\n    "lint": "markdownlint content",\n  }\n}\n' });
    const run = await runCli(['init', '--no-install', '--package', '0.1.0'], root);
    expect([run.code, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toMatch(
      /^error: Cannot add halo-kb to package\.json: it is not valid JSON \(line 5, column 3: [^)]+\)\.\n {2}Fix package\.json \(or move it aside\) and run "halo-kb init" again; nothing was written\.\n$/,
    );
    expect(await readdir(root)).toEqual(['package.json']);
  });

  it('names a package.json that holds no object, or a "scripts" that is not one', async () => {
    for (const [text, why] of [
      ['[]\n', 'it holds no JSON object'],
      ['{ "scripts": ["validate"] }\n', 'its "scripts" is not an object'],
    ]) {
      const root = await makeProject({ 'package.json': text ?? '' });
      const run = await runCli(['init', '--no-install', '--package', '0.1.0'], root);
      expect([run.code, run.stderr]).toEqual([1, `error: Cannot add halo-kb to package.json: ${why}.\n  Fix package.json (or move it aside) and run "halo-kb init" again; nothing was written.\n`]);
      expect(await readdir(root)).toEqual(['package.json']);
    }
  });
});
