/**
 * Change detection covers what Halo receives, not only the source: a new article URL template, a
 * new address for the same Halo, or a visibility setting republishes the articles it touches; a
 * manifest written for another Halo stops the run; --republish-all sends everything again.
 */
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/halo/emulator/server.js';
import { runCli } from '../helpers/run-cli.js';
import { KB, SECRET, publishProject, writesOf } from './publish-fixture.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function stored(p: Awaited<ReturnType<typeof publishProject>>, name: string): string {
  return p.emulator.data().articles.find((a) => a.name === name)?.description_html ?? '';
}

describe('what reaches Halo', () => {
  it('republishes the articles whose links change with halo.article_url, and only those', async () => {
    const p = await publishProject();
    expect((await p.run('publish')).code).toBe(0);
    await appendFile(path.join(p.root, 'halo-kb.yml'), 'halo:\n  article_url: "{url}/portal/kb/article?id={id}"\n');

    const plan = await p.run('plan');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('~ update    content/central/getting-started.md  "Getting started": links changed: the article URL template (halo.article_url) changed from {url}/kb?id={id}');
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to retire, 3 unchanged, 1 skipped.');

    p.emulator.resetStats();
    expect((await p.run('publish')).code).toBe(0);
    expect(p.writes()).toBe(1);
    const vpn = p.emulator.data().articles.find((a) => a.name === 'Connecting to the VPN')!;
    expect(stored(p, 'Getting started')).toContain(`href="${p.emulator.url}/portal/kb/article?id=${vpn.id}#connect"`);
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('rewrites links when the same Halo is reached at a new address, and says why', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'halo-kb-moved-'));
    dirs.push(dir);
    const dataFile = path.join(dir, 'halo.json');
    const first = await startEmulator({ clientSecret: SECRET, dataFile });
    const p = await publishProject(KB);
    const env = { ...p.env, HALO_URL: first.url, HALO_CLIENT_ID: first.clientId };
    expect((await runCli(['publish'], p.root, env)).code).toBe(0);
    await first.close();

    const moved = await startEmulator({ clientSecret: SECRET, dataFile });
    try {
      const movedEnv = { ...env, HALO_URL: moved.url };
      const plan = await runCli(['plan'], p.root, movedEnv);
      expect(plan.code).toBe(0);
      expect(plan.stdout).toContain(`"Getting started": links changed: Halo's address changed from ${first.url}`);
      expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to retire, 3 unchanged, 1 skipped.');
      expect((await runCli(['publish'], p.root, movedEnv)).code).toBe(0);
      const start = moved.data().articles.find((a) => a.name === 'Getting started')!;
      expect(start.description_html).toContain(`href="${moved.url}/kb?id=`);
      expect(start.description_html).not.toContain(first.url);
      expect(moved.data().articles).toHaveLength(4);
      expect((await runCli(['plan', '--detailed-exitcode'], p.root, movedEnv)).code).toBe(0);
    } finally {
      await moved.close();
    }
  });

  it('refuses a manifest written for another Halo, with exit code 3, and writes nothing there', async () => {
    const p = await publishProject();
    expect((await p.run('publish')).code).toBe(0);
    const other = await startEmulator({ clientSecret: SECRET });
    try {
      const env = { ...p.env, HALO_URL: other.url, HALO_CLIENT_ID: other.clientId };
      for (const command of ['plan', 'publish']) {
        const run = await runCli([command], p.root, env);
        expect(run.code).toBe(3);
        expect(run.stderr).toContain(
          `error: The state manifest ${path.join(p.root, 'state', 'manifest.json')} was written for the Halo at ${p.emulator.url}, but HALO_URL is ${other.url}, where none of its 4 published articles are found.`,
        );
        expect(run.stderr).toContain('run "halo-kb state rebuild" against it first');
      }
      expect(writesOf(other)).toBe(0);
      expect(other.data().articles).toHaveLength(0);
      // The documented way on: rebuild the state from that Halo, then publish everything there once.
      expect((await runCli(['state', 'rebuild'], p.root, env)).code).toBe(0);
      const publish = await runCli(['publish'], p.root, env);
      expect(publish.code).toBe(0);
      expect(publish.stdout).toContain('Published: 4 created');
    } finally {
      await other.close();
    }
  });

  it('publishes a visibility setting that changed, though no source did', async () => {
    const p = await publishProject();
    expect((await p.run('publish')).code).toBe(0);
    await appendFile(path.join(p.root, 'halo-kb.yml'), 'faq_lists:\n  company_show_for_all: true\n');
    const plan = await p.run('plan');
    expect(plan.stdout).toContain('"Printing at Contoso": settings changed: what Halo keeps besides the body (such as faq_lists.show_for_all) differs from the last publish');
    expect((await p.run('publish')).code).toBe(0);
    expect(p.emulator.data().articles.find((a) => a.name === 'Printing at Contoso')?.showforall).toBe(true);
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('sends every article again with --republish-all, and says so', async () => {
    const p = await publishProject();
    expect((await p.run('publish')).code).toBe(0);
    const plan = await p.run('plan', '--republish-all');
    expect(plan.stdout).toContain('~ update    content/central/network/wifi.md  "Office Wi-Fi": sent again on request (--republish-all)');
    expect(plan.stdout).toContain('Plan: 0 to create, 4 to update, 0 to retire, 0 unchanged, 1 skipped.');
    p.emulator.resetStats();
    const publish = await p.run('publish', '--republish-all');
    expect(publish.code).toBe(0);
    expect(publish.stdout).toContain('Published: 0 created, 4 updated');
    expect(p.emulator.data().articles).toHaveLength(4);
    p.emulator.resetStats();
    expect((await p.run('publish')).stdout).toContain('Plan: 0 to create, 0 to update, 0 to retire, 4 unchanged, 1 skipped.');
    expect(p.writes()).toBe(0);
  });
});
