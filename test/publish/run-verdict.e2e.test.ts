/**
 * A publish says what really happened: retirements held back by a guard exit 4 (with a GitHub
 * Actions warning under GITHUB_ACTIONS), articles left out for errors make the run partial, and
 * `status` (text and JSON) shows both, through the real CLI against the emulator.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { KB, publishProject, removeFile } from './publish-fixture.js';

const AT = String.raw`\d{4}-\d\d-\d\dT[\d:.]+Z`;
const GUARD = '2 articles would be retired, more than publish.max_retire (1); run with --force if that is intended.';
const HINT = 'Fix what is named above and publish again; if that many retirements are intended, run "halo-kb publish --force" or raise publish.max_retire in halo-kb.yml.';

async function heldBackProject() {
  const p = await publishProject({ ...KB, 'halo-kb.yml': 'publish:\n  max_retire: 1\n' });
  expect((await p.run('publish')).code).toBe(0);
  await removeFile(p.root, 'content/central/network/wifi.md');
  await removeFile(p.root, 'content/companies/contoso/printers.md');
  return p;
}

describe('retirements held back by a guard', () => {
  it('exit 4, say why and how to proceed, and leave the articles alone', async () => {
    const p = await heldBackProject();
    const run = await p.run('publish');
    expect(run.code).toBe(4);
    expect(run.stdout).toContain(`Held back: 2 retirements not made. ${GUARD}\n  ${HINT}\n`);
    expect(run.stdout).not.toContain('::warning');
    expect(p.emulator.data().articles.filter((a) => a.inactive)).toHaveLength(0);

    const status = await p.run('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`Last Sync: ${AT} \\(partial; 2 unchanged, 1 skipped; 2 retirements held back\\)\n`));
    expect(status.stdout).toMatch(new RegExp(`Last Error: ${AT}: 2 retirements held back: ${GUARD.replace(/[().]/g, '\\$&')}\n`));
    expect(status.stdout).toContain(`Held back: ${GUARD}\n  ${HINT}\n`);

    const json = JSON.parse((await p.run('status', '--format', 'json')).stdout);
    expect(json).toMatchObject({ status: 'partial', published: 4, retired: 0, articles: 4, state: 'state/manifest.json' });
    expect(json.lastRun).toMatchObject({ command: 'publish', ok: false, status: 'partial', heldBack: { count: 2, reasons: [GUARD] } });
    expect(json.lastError.at).toBe(json.lastRun.at);

    // --force lets them through, and the run is ok again.
    const forced = await p.run('publish', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).not.toContain('Held back');
    const after = await p.run('status');
    expect(after.stdout).toMatch(new RegExp(`Last Sync: ${AT} \\(ok; 2 unchanged, 2 retired \\(2 unlisted\\), 1 skipped\\)\n`));
    expect(after.stdout).toContain('Last Error: none');
  });

  it('under GitHub Actions, also a ::warning annotation on the run', async () => {
    const p = await heldBackProject();
    const run = await runCli(['publish'], p.root, { ...p.env, GITHUB_ACTIONS: 'true' });
    expect(run.code).toBe(4);
    expect(run.lines).toContain(`::warning title=halo-kb%3A retirements held back::2 retirements not made. ${GUARD}%0A${HINT}`);
    // With JSON on stdout, the annotation goes to stderr so the report stays parseable.
    const json = await runCli(['publish', '--format', 'json'], p.root, { ...p.env, GITHUB_ACTIONS: 'true' });
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout).run).toMatchObject({ status: 'partial', heldBack: { count: 2 } });
    expect(json.stderr).toContain('::warning title=halo-kb%3A retirements held back::');
  });

  it('FAQ list removals held back are counted and named beside retirements', async () => {
    // A CI job pointed at an empty content folder with its state lost: Halo's halo-kb articles and
    // lists look unwanted, and the "no articles" guard keeps them all.
    const p = await publishProject(KB);
    expect((await p.run('publish')).code).toBe(0);
    const lists = p.emulator.data().faqLists.length;
    await rm(path.join(p.root, 'state'), { recursive: true });
    await rm(path.join(p.root, 'content'), { recursive: true });
    await mkdir(path.join(p.root, 'content', 'central'), { recursive: true });
    const run = await p.run('publish');
    const guard = 'The content tree has no articles; nothing is retired (is the content folder right?).';
    expect(run.stdout).toContain(`Held back: 4 retirements and 4 FAQ list removals not made. ${guard}\n  ${HINT}\n`);
    expect(run.code).toBe(4);
    expect(p.emulator.data().faqLists).toHaveLength(lists);
    const manifest = await p.manifest();
    expect(manifest.lastRun).toMatchObject({ ok: false, status: 'partial', heldBack: { count: 8, faqLists: 4, reasons: [guard] } });
    expect((await p.run('status')).stdout).toMatch(new RegExp(`Last Sync: ${AT} \\(partial; no changes; 4 retirements and 4 FAQ list removals held back\\)\n`));
  });

  it('are documented in publish --help', async () => {
    const help = await runCli(['publish', '--help'], process.cwd());
    expect(help.stdout).toContain('  4   done, but retirements were held back by a guard: more than publish.max_retire (pass --force,');
  });
});

describe('a publish that left out articles with errors', () => {
  it('is recorded as partial, with the count and the first error, and status says so', async () => {
    const p = await publishProject({ ...KB, 'content/central/broken.md': '---\ntitle: [unclosed\n---\n\nText.\n' });
    const run = await p.run('publish');
    expect(run.code).toBe(1);
    const manifest = await p.manifest();
    expect(manifest.lastRun).toMatchObject({ ok: false, status: 'partial', withErrors: 1 });

    const status = await p.run('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`Last Sync: ${AT} \\(partial; 4 created, 2 skipped; 1 article not published because of errors\\)\n`));
    expect(status.stdout).toMatch(new RegExp(`Last Error: ${AT}: content/central/broken\\.md:2:17: The frontmatter is not valid YAML: `));

    const json = JSON.parse((await p.run('status', '--json')).stdout);
    expect(json.status).toBe('partial');
    expect(json.lastRun).toMatchObject({ status: 'partial', withErrors: 1, counts: { created: 4, skipped: 2 } });
    expect(json.lastRun.errors[0]).toMatch(/^content\/central\/broken\.md:2:17: The frontmatter is not valid YAML: /);

    // Fixed and published, the run is ok and Last Error clears.
    await writeFile(path.join(p.root, 'content/central/broken.md'), '---\ntitle: Fixed\n---\n\nText.\n');
    expect((await p.run('publish')).code).toBe(0);
    const ok = JSON.parse((await p.run('status', '--format', 'json')).stdout);
    expect(ok).toMatchObject({ status: 'ok', lastError: null });
    expect(ok.lastRun).toMatchObject({ ok: true, status: 'ok', errors: [] });
    expect(ok.lastRun.withErrors).toBeUndefined();
  });

  it('status before any publish says never', async () => {
    const p = await publishProject();
    const json = JSON.parse((await p.run('status', '--format', 'json')).stdout);
    expect(json).toEqual({ state: 'state/manifest.json', halo: null, articles: 0, published: 0, retired: 0, status: 'never', lastRun: null, lastError: null });
    expect((await p.run('status')).stdout).toContain('Last Sync: never\nLast Error: none\n');
  });
});
