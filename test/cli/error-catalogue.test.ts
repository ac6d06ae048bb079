/**
 * Every error code halo-kb throws is in the catalogue (src/error-catalogue.ts) with a title, an exit
 * code the README documents and a hint; an error thrown without a hint of its own shows the
 * catalogue's, so a user always reads what to do.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRORS, type CatalogueEntry } from '../../src/error-catalogue.js';
import { ExitCode } from '../../src/exit-code.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

/** The codes the source passes where an error is made: to an error class, its base class, or explain.ts's `fail`. */
async function thrownCodes(): Promise<Map<string, string[]>> {
  const made = /(?:new (?:HaloKbError|ConfigError|HaloApiError|HaloConnectionError)|super|\bfail)\(\s*'([A-Z][A-Z0-9_]+)'/g;
  const codes = new Map<string, string[]>();
  for (const file of await sourceFiles(path.join(ROOT, 'src'))) {
    for (const match of (await readFile(file, 'utf8')).matchAll(made)) {
      codes.set(match[1]!, [...(codes.get(match[1]!) ?? []), path.relative(ROOT, file)]);
    }
  }
  return codes;
}

/** A hint with its data filled in, as a user would read it. */
function hintText(entry: CatalogueEntry): string {
  return typeof entry.hint === 'string' ? entry.hint : (entry.hint as (data: unknown) => string)('example');
}

describe('the error catalogue', () => {
  it('lists every code thrown in src, and no code that is never thrown', async () => {
    const thrown = await thrownCodes();
    expect(thrown.size).toBeGreaterThan(50);
    const missing = [...thrown].filter(([code]) => !(code in ERRORS)).map(([code, files]) => `${code} (${files.join(', ')})`);
    expect(missing).toEqual([]);
    expect(Object.keys(ERRORS).filter((code) => !thrown.has(code))).toEqual([]);
  });

  it.each(Object.entries(ERRORS))('%s has a title, a documented exit code and a hint', (_code, entry: CatalogueEntry) => {
    expect(entry.title.trim()).not.toBe('');
    expect(Object.values(ExitCode)).toContain(entry.exitCode);
    expect(hintText(entry).trim().length).toBeGreaterThan(10);
  });

  it("every exit code the catalogue uses is in the README's table, which points at the catalogue", async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Exit codes'), readme.indexOf('\n## ', readme.indexOf('### Exit codes')));
    for (const code of new Set(Object.values(ERRORS).map((e) => e.exitCode))) expect(section).toContain(`| ${code} |`);
    expect(section).toContain('src/error-catalogue.ts');
  });
});

describe('an error thrown without a hint of its own', () => {
  it('shows the catalogue hint for a halo-kb.yml that cannot be read, with exit code 3', async () => {
    const root = await makeProject({ 'content/central/vpn.md': '# VPN\n\nConnect.\n' });
    await mkdir(path.join(root, 'halo-kb.yml'));
    const run = await runCli(['validate'], root);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`error: Cannot read ${path.join(root, 'halo-kb.yml')}: EISDIR: illegal operation on a directory, read\n  Check that halo-kb.yml is a file you may read.\n`);
  });

  it('shows the catalogue hint for a template that cannot be read, with exit code 1', async () => {
    const root = await makeProject({ 'halo-kb.yml': '', 'content/central/vpn.md': '# VPN\n\nConnect.\n' });
    await mkdir(path.join(root, 'templates', 'article.html'), { recursive: true });
    const run = await runCli(['build'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: Cannot read the template ${path.join(root, 'templates', 'article.html')}: EISDIR: illegal operation on a directory, read\n  Check that the template is a file you may read, or remove it to use the built-in one.\n`,
    );
  });
});
