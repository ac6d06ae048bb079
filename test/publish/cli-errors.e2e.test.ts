import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { VirtualClock } from '../helpers/virtual-clock.js';
import { makeProject, tempDir } from '../helpers/temp-tree.js';
import { KB } from './publish-fixture.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

describe('connection settings', () => {
  it('names the missing setting and what to do, with exit code 3', async () => {
    const root = await makeProject(KB);
    const noUrl = await runCli(['plan'], root, {});
    expect(noUrl.code).toBe(3);
    expect(noUrl.stderr).toBe(
      'error: No Halo URL is set.\n  Set HALO_URL (or halo.url in halo-kb.yml) to your Halo address, e.g. https://example.halopsa.com; `halo-kb emulator` prints one to try.\n',
    );
    const noId = await runCli(['publish'], root, { HALO_URL: 'http://127.0.0.1:9' });
    expect(noId.code).toBe(3);
    expect(noId.stderr).toContain('error: No Halo client id is set.');
    // The refused connection is retried first, its back-off waited out on a virtual clock.
    const clock = new VirtualClock();
    const refused = await runCli(['plan'], root, { HALO_URL: 'http://127.0.0.1:9', HALO_CLIENT_ID: 'x', HALO_CLIENT_SECRET: 'not-this-secret' }, clock);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('error: Nothing accepted the connection to http://127.0.0.1:9/api/authinfo.');
    expect(refused.stderr).not.toContain('not-this-secret');
    expect(clock.waits.length).toBeGreaterThan(0);
  });
});

describe('npm start', () => {
  it('publishes the sample content to a fresh emulator, and a second run changes nothing', async () => {
    const dir = await tempDir();
    await cp(path.join(REPO, 'content'), path.join(dir, 'content'), { recursive: true });
    await cp(path.join(REPO, 'templates'), path.join(dir, 'templates'), { recursive: true });
    const start = path.join(REPO, 'dist', 'start.js');
    const env = { ...process.env, NO_COLOR: '1' };
    const first = await run(process.execPath, [start], { cwd: dir, env });
    expect(first.stdout).toMatch(/^Halo emulator running at http:\/\/127\.0\.0\.1:\d+ \(data: \.halo-kb\/demo\/emulator\.json\)/);
    expect(first.stdout).toContain('Published: 8 created, 0 updated, 0 retired, 0 unchanged, 1 skipped, 0 failed; 9 FAQ lists created, 2 attachments uploaded.');
    const second = await run(process.execPath, [start], { cwd: dir, env });
    expect(second.stdout).toContain('Plan: 0 to create, 0 to update, 0 to retire, 8 unchanged, 1 skipped.');
  }, 60_000);
});
