/**
 * package-lock.json, written by npm when `halo-kb init` runs: here npm resolves against a registry
 * on 127.0.0.1 that answers as npmjs.org would, for a packed halo-kb; and when npm fails, init says
 * that the lockfile was not written and the exact command to run.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-tree.js';
import { packHaloKb, startRegistry, type LocalRegistry, type Packed } from './npm-fixture.js';

interface Lock {
  packages: Record<string, { version?: string; resolved?: string; integrity?: string; dependencies?: Record<string, string> }>;
}

let work: string;
let packed: Packed;
let registry: LocalRegistry;

beforeAll(async () => {
  work = await tempDir('halo-kb-lock-');
  [packed, registry] = await Promise.all([packHaloKb(work), startRegistry()]);
}, 60_000);

afterAll(async () => {
  await registry.close();
});

describe('init writes package-lock.json with npm', () => {
  it('pins halo-kb and every package under it by hash, asking only the configured registry', async () => {
    const run = await runCli(['init', 'kb', '--package', packed.tarball], work, registry.env);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const lock = JSON.parse(await readFile(path.join(work, 'kb', 'package-lock.json'), 'utf8')) as Lock;
    const runtime = Object.keys(lock.packages).filter((k) => k !== '' && k !== 'node_modules/halo-kb');
    expect(run.lines).toContain(`  package-lock.json  (written by npm: halo-kb ${packed.version} and ${runtime.length} packages under it, each pinned by its hash)`);
    expect(lock.packages['']?.dependencies).toEqual({ 'halo-kb': 'file:../halo-kb-0.1.0.tgz' });
    expect(lock.packages['node_modules/halo-kb']).toMatchObject({ version: packed.version, resolved: 'file:../halo-kb-0.1.0.tgz', integrity: packed.integrity });
    expect(runtime.filter((k) => !/^sha512-/.test(lock.packages[k]?.integrity ?? ''))).toEqual([]);
    expect(lock.packages['node_modules/commander']?.version).toBeDefined();
    expect(registry.requests).toContain('commander');
    // Nothing installed: the lockfile only.
    expect((await readdir(path.join(work, 'kb'))).includes('node_modules')).toBe(false);

    // Run again: package.json and the lockfile agree, so npm is not asked again.
    const asked = registry.requests.length;
    const again = await runCli(['init', 'kb', '--package', packed.tarball], work, registry.env);
    expect(again.code).toBe(0);
    expect(again.lines).toContain('  package-lock.json  (exists: it pins that halo-kb)');
    expect(registry.requests.length).toBe(asked);
  }, 60_000);

  it('when npm fails: the other files are written, and it says why and the exact command to run', async () => {
    const missing = await startRegistry([
      'chokidar',
      'commander',
      'diff',
      'github-slugger',
      'gray-matter',
      'hast-util-raw',
      'pdf-lib',
      'rehype-sanitize',
      'rehype-stringify',
      'remark-gfm',
      'remark-parse',
      'remark-rehype',
      'undici',
      'unified',
      'yaml',
    ]);
    try {
      const run = await runCli(['init', 'offline-kb', '--package', packed.tarball], work, missing.env);
      expect(run.code).toBe(1);
      expect(run.lines).toContain('  package-lock.json  (not written: npm failed)');
      expect(run.stderr).toMatch(
        new RegExp(
          '^error: package-lock\\.json was not written: npm failed \\(E404: 404 Not Found - GET http://127\\.0\\.0\\.1:\\d+/[\\w-]+ - Not found\\)\\.\\n' +
            ' {2}The other files are written\\. Where the npm registry can be reached, run: cd offline-kb && npm install --package-lock-only --ignore-scripts --no-audit --no-fund\\n' +
            ' {2}and commit package-lock\\.json: the workflows install halo-kb from it with "npm ci"\\.\\n$',
        ),
      );
      const files = await readdir(path.join(work, 'offline-kb'));
      expect(files).toContain('package.json');
      expect(files).not.toContain('package-lock.json');
    } finally {
      await missing.close();
    }
  }, 60_000);

  it('when npm is not there at all', async () => {
    const run = await runCli(['init', 'no-npm-kb', '--package', packed.tarball], work, { ...registry.env, PATH: path.join(work, 'no-such-bin') });
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe('error: package-lock.json was not written: npm failed (npm was not found on PATH).');
  });
});
