/**
 * `--strict` and `strict: true`: every warning is an error, on validate, build, plan and publish.
 * An article with a warning is then not published, like any article with an error.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KB, publishProject } from '../publish/publish-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';

const WIFI = 'content/central/network/wifi.md';
const WARNED = '---\nauthor: Sam\n---\n\n# Office Wi-Fi\n\nStaff devices join CORP-SECURE automatically.\n';
const STRICT_HINT = '    Known keys: title, draft, tags, id, summary, review_date, faq_lists, public_links. --strict (or "strict: true" in halo-kb.yml) counts every warning as an error.';

describe('--strict on validate and build', () => {
  it('leaves a warning a warning without it, and makes it an error with it', async () => {
    const root = await makeProject({ ...KB, [WIFI]: WARNED });
    const lenient = await runCli(['validate'], root);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain(`${WIFI}:2:1: warning: Unknown frontmatter key "author" is ignored. [frontmatter-unknown-key]`);

    const strict = await runCli(['validate', '--strict'], root);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(`${WIFI}:2:1: error: Unknown frontmatter key "author" is ignored. [frontmatter-unknown-key]\n${STRICT_HINT}\n`);
    expect(strict.stdout).toContain('5 articles in 4 FAQ lists: 3 ready, 1 draft, 1 with errors. 0 attachments to upload, 0 public links. 1 error, 0 warnings.');

    const build = await runCli(['build', '--strict'], root);
    expect(build.code).toBe(1);
    expect(build.stdout).toContain(`${WIFI}:2:1: error: Unknown frontmatter key "author" is ignored.`);
    // The cache holds the same compiles either way: a lenient run afterwards is lenient.
    expect((await runCli(['validate'], root)).code).toBe(0);
  });

  it('writes index.json again when only --strict changes, and again without it', async () => {
    const root = await makeProject({ ...KB, [WIFI]: WARNED });
    const index = async (): Promise<string> => readFile(path.join(root, '.halo-kb/build/index.json'), 'utf8');
    const wifiLine = async (): Promise<string | undefined> => (await index()).split('\n').find((line) => line.includes(`"source":"${WIFI}"`));
    expect((await runCli(['build', '--quiet'], root)).code).toBe(0);
    expect(await wifiLine()).toContain('"errors":[],"warnings":[{"severity":"warning","ruleId":"frontmatter-unknown-key"');
    const strict = await runCli(['build', '--strict'], root);
    expect(strict.code).toBe(1);
    // Only its problems differ: no HTML file changes, index.json does.
    expect(strict.lines.at(-1)).toBe('Wrote .halo-kb/build/index.json (0 HTML files updated).');
    expect(await wifiLine()).toContain('"errors":[{"severity":"error","ruleId":"frontmatter-unknown-key"');
    const lenient = await runCli(['build'], root);
    expect(lenient.lines.at(-1)).toBe('Wrote .halo-kb/build/index.json (0 HTML files updated).');
    expect(await wifiLine()).toContain('"errors":[],"warnings":[{"severity":"warning","ruleId":"frontmatter-unknown-key"');
  });

  it('reads "strict: true" from halo-kb.yml', async () => {
    const root = await makeProject({ ...KB, [WIFI]: WARNED, 'halo-kb.yml': 'strict: true\n' });
    const run = await runCli(['validate'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${WIFI}:2:1: error: Unknown frontmatter key "author" is ignored.`);
    expect((await runCli(['validate', '--format', 'json'], root)).stdout).toContain('"severity": "error"');
  });

  it('turns a warning about halo-kb.yml itself into a configuration error (exit 3)', async () => {
    const root = await makeProject({ ...KB, 'halo-kb.yml': 'strict: true\ncolour: blue\n' });
    const run = await runCli(['validate'], root);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'error: halo-kb.yml has a warning, and --strict (or "strict: true") counts every warning as an error:\n' +
        'halo-kb.yml:2:1: Unknown halo-kb.yml key "colour" is ignored. Known keys: content, out, state, templates, cache, source_url, strict, attachments, faq_lists, publish, scope, halo.\n' +
        '  Fix the settings shown, or run without --strict.\n',
    );
  });

  it('holds back every article of a company whose _company.yml has a warning', async () => {
    const root = await makeProject({ ...KB, 'content/companies/contoso/_company.yml': 'client_name: Contoso Ltd\nnotes: since 2019\n' });
    expect((await runCli(['validate'], root)).code).toBe(0);
    const run = await runCli(['validate', '--strict'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('content/companies/contoso/_company.yml:2:1: error: Unknown _company.yml key "notes" is ignored. [unknown-key]');
    expect(run.stdout).toContain(
      'content/companies/contoso/printers.md: error: content/companies/contoso/_company.yml has warnings, which --strict counts as errors, so this article is not published until the file is fixed. [company-file-invalid]',
    );
  });
});

describe('--strict on plan and publish', () => {
  it('does not publish an article with a warning, and exits 1', async () => {
    const p = await publishProject({ ...KB, [WIFI]: WARNED });
    const plan = await p.run('plan', '--strict');
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain(`! skipped   ${WIFI}  "Office Wi-Fi": has errors: Unknown frontmatter key "author" is ignored.`);

    const run = await p.run('publish', '--strict');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${WIFI}:2:1: error: Unknown frontmatter key "author" is ignored. [frontmatter-unknown-key]`);
    expect(
      p.emulator
        .data()
        .articles.map((a) => a.name)
        .sort(),
    ).toEqual(['Connecting to the VPN', 'Getting started', 'Printing at Contoso']);

    // Fixed, it is published.
    await writeFile(path.join(p.root, WIFI), '# Office Wi-Fi\n\nStaff devices join CORP-SECURE automatically.\n');
    const fixed = await p.run('publish', '--strict');
    expect(fixed.code).toBe(0);
    expect(p.emulator.data().articles.map((a) => a.name)).toContain('Office Wi-Fi');
  });

  it('publishes it with a warning when not strict', async () => {
    const p = await publishProject({ ...KB, [WIFI]: WARNED });
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    expect(p.emulator.data().articles.map((a) => a.name)).toContain('Office Wi-Fi');
  });
});
