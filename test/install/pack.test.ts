/**
 * The package a team installs: `npm pack` holds only what users need, and the tarball installs into
 * an empty folder with no network (every dependency comes from npm's cache, pinned by integrity) and
 * runs. `npm test` builds dist/ first, so packing skips the prepare script.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-tree.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');

interface PackReport {
  filename: string;
  integrity: string;
  files: { path: string }[];
}

interface LockEntry {
  dev?: boolean;
  [field: string]: unknown;
}

let pack: PackReport;
let work: string;

/**
 * A lockfile for a docs folder that depends on the tarball alone: halo-kb's own runtime entries
 * from this repository's lockfile, so `npm ci --offline` finds every package by its integrity.
 */
async function lockFor(tarball: string): Promise<unknown> {
  const lock = JSON.parse(await readFile(path.join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const root = lock.packages[''] ?? {};
  const packages: Record<string, unknown> = {
    '': { name: 'docs', dependencies: { 'halo-kb': `file:${tarball}` } },
    'node_modules/halo-kb': {
      version: root['version'],
      resolved: `file:${tarball}`,
      integrity: pack.integrity,
      dependencies: root['dependencies'],
      bin: root['bin'],
      engines: root['engines'],
    },
  };
  for (const [where, entry] of Object.entries(lock.packages)) if (where !== '' && entry.dev !== true) packages[where] = entry;
  return { name: 'docs', lockfileVersion: 3, requires: true, packages };
}

beforeAll(async () => {
  work = await tempDir('halo-kb-pack-');
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: repo });
  [pack] = JSON.parse(stdout) as [PackReport];
}, 60_000);

describe('npm pack', () => {
  it('holds the program, its templates, the README and the licence, and nothing for development', () => {
    const files = pack.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'dist/bin.js',
        'dist/cli.js',
        'templates/article.html',
        'templates/pdf.html',
        'dist/schemas/halo-kb.schema.json',
        'dist/schemas/frontmatter.schema.json',
      ]),
    );
    expect(
      files.filter(
        (f) => f.startsWith('bench/') || f.startsWith('dist-bench/') || f.includes('/bench/') || f === 'dist/schemas/write.js' || f.endsWith('.map') || f.startsWith('src/') || f.startsWith('test/'),
      ),
    ).toEqual([]);
  });

  it('installs into an empty folder without the network and runs init, validate and build', async () => {
    const app = path.join(work, 'docs');
    const tarball = path.join(work, pack.filename);
    await mkdir(app);
    await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'docs', private: true, dependencies: { 'halo-kb': `file:${tarball}` } }));
    await writeFile(path.join(app, 'package-lock.json'), JSON.stringify(await lockFor(tarball)));
    await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: app });

    const bin = path.join(app, 'node_modules', '.bin', 'halo-kb');
    const manifest = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { version: string };
    expect((await run(bin, ['--version'], { cwd: app })).stdout.trim()).toBe(manifest.version);
    await run(bin, ['init', '.', '--force'], { cwd: app });
    const validate = await run(bin, ['validate'], { cwd: app });
    expect(validate.stdout).toContain('2 articles in 2 FAQ lists: 2 ready, 0 drafts, 0 with errors.');
    const build = await run(bin, ['build'], { cwd: app });
    expect(build.stdout).toContain('.halo-kb/build');
    const built = await readdir(path.join(app, '.halo-kb', 'build', 'articles'), { recursive: true });
    expect(built.filter((f) => f.endsWith('.html'))).toHaveLength(2);
  }, 120_000);
});
