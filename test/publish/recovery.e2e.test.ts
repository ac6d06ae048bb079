import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KB, publishProject, removeFile } from './publish-fixture.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/bin.js');

describe('recovery and saved plans', () => {
  it('ends with every article exactly once after a run killed between writes', async () => {
    const files = { ...KB };
    for (let i = 1; i <= 12; i++) {
      files[`content/central/printers/printer-${String(i).padStart(2, '0')}.md`] = `# Printer PRN-${i}\n\nLocated on floor ${i}. Release jobs with your badge.\n`;
    }
    files['halo-kb.yml'] = 'halo:\n  batch_size: 1\n';
    const p = await publishProject(files, { faults: { latencyMs: 40 } });
    const child = spawn(process.execPath, [BIN, 'publish', '--quiet'], { cwd: p.root, env: { ...process.env, ...p.env, NO_COLOR: '1' }, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Kill it once a few articles are in Halo, but before all of them are.
    for (let i = 0; i < 400 && p.emulator.data().articles.length < 4; i++) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await exited;
    const partial = p.emulator.data().articles.length;
    expect(partial).toBeGreaterThanOrEqual(4);
    expect(partial).toBeLessThan(16);

    p.emulator.configure({});
    const rerun = await p.run('publish');
    expect(rerun.code).toBe(0);
    const names = p.emulator.data().articles.map((a) => a.name);
    expect(names).toHaveLength(16);
    expect(new Set(names).size).toBe(16);
    const manifest = await p.manifest();
    expect(
      Object.values(manifest.articles)
        .map((a) => a.haloId)
        .sort(),
    ).toEqual(
      p.emulator
        .data()
        .articles.map((a) => a.id)
        .sort(),
    );
  }, 60_000);

  it('applies a saved plan, and refuses one the content has moved away from', async () => {
    const p = await publishProject();
    const saved = await p.run('plan', '--out', 'plan.json');
    expect(saved.code).toBe(0);
    const plan = JSON.parse(await readFile(path.join(p.root, 'plan.json'), 'utf8'));
    expect(plan.schema).toBe('halo-kb/plan@1');
    expect(plan.fingerprints.content).toMatch(/^[0-9a-f]{64}$/);
    const applied = await p.run('publish', '--plan', 'plan.json');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Published: 4 created');

    await p.run('plan', '--out', 'plan.json');
    await writeFile(path.join(p.root, 'content/central/network/wifi.md'), '# Office Wi-Fi\n\nNew text.\n');
    const refused = await p.run('publish', '--plan', 'plan.json');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'error: The saved plan no longer matches: the content changed since it was made.\n  Make a new plan (halo-kb plan --out FILE) and review it, or run halo-kb publish without --plan.\n',
    );
  });

  it('rebuilds the manifest from Halo alone, so the next publish writes nothing', async () => {
    const p = await publishProject();
    await p.run('publish');
    const before = await p.manifest();
    await writeFile(path.join(p.root, 'state', 'manifest.json'), '{"version":1,"faqLists":{},"articles":{}}\n');
    const rebuilt = await p.run('state', 'rebuild');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toContain('5 FAQ lists, 4 articles found by their key markers (4 up to date, 0 to update on the next publish, 0 retired)');
    const after = await p.manifest();
    expect(Object.fromEntries(Object.entries(after.articles).map(([k, v]) => [k, v.haloId]))).toEqual(Object.fromEntries(Object.entries(before.articles).map(([k, v]) => [k, v.haloId])));
    p.emulator.resetStats();
    await p.run('publish');
    expect(p.writes()).toBe(0);
  });

  it('doctor checks the connection, and explains bad credentials', async () => {
    const p = await publishProject();
    const good = await p.run('doctor');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('Connection ok.');
    const wrong = await (await import('../helpers/run-cli.js')).runCli(['doctor'], p.root, { ...p.env, HALO_CLIENT_SECRET: 'not-the-secret-at-all' });
    expect(wrong.code).toBe(3);
    expect(wrong.stdout).toMatch(/FAIL {2}.*invalid_client|FAIL {2}.*client id|FAIL {2}.*credentials/i);
    expect(wrong.stdout).not.toContain('not-the-secret-at-all');
  });

  it('status shows the last sync and the last error', async () => {
    const p = await publishProject();
    await p.run('publish');
    const status = await p.run('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Last Sync: \d{4}-\d\d-\d\dT[\d:.]+Z \(ok; 4 created, 1 skipped\)/);
    expect(status.stdout).toContain('Last Error: none');
  });
});

describe('retire guards', () => {
  it('holds back retirements past publish.max_retire, and --force lets them through', async () => {
    const p = await publishProject({ ...KB, 'halo-kb.yml': 'publish:\n  max_retire: 1\n' });
    await p.run('publish');
    await removeFile(p.root, 'content/central/network/wifi.md');
    await removeFile(p.root, 'content/companies/contoso/printers.md');
    const held = await p.run('publish');
    expect(held.code).toBe(4);
    expect(held.stdout).toContain('guard: 2 articles would be retired, more than publish.max_retire (1); run with --force if that is intended.');
    expect(p.emulator.data().articles.filter((a) => a.inactive)).toHaveLength(0);
    const forced = await p.run('publish', '--force');
    expect(forced.code).toBe(0);
    expect(
      p.emulator
        .data()
        .articles.filter((a) => a.inactive)
        .map((a) => a.name)
        .sort(),
    ).toEqual(['Office Wi-Fi', 'Printing at Contoso']);
  });

  it('retires nothing while any article has errors', async () => {
    const p = await publishProject();
    await p.run('publish');
    await removeFile(p.root, 'content/central/network/wifi.md');
    await writeFile(path.join(p.root, 'content/central/broken.md'), '---\ntitle: [unclosed\n---\n\nText.\n');
    const run = await p.run('publish');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('guard: 1 article has errors; nothing is retired until they are fixed.');
    expect(p.emulator.data().articles.find((a) => a.name === 'Office Wi-Fi')!.inactive).toBe(false);
  });
});
