/**
 * Golden pairs for Markdown rendering: every test/fixtures/<case>/input.md is compiled the way a
 * build compiles an article (compileArticle, with halo-kb's own templates/article.html, so the
 * banner and the key marker are part of the output) and its HTML must equal <case>/expected.html
 * byte for byte. Each case is compiled as content/central/<case>.md.
 *
 * To add a case, write test/fixtures/<case>/input.md and run the test with UPDATE_GOLDEN=1; to
 * accept a deliberate change in the output, run it the same way:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/compile/render-golden.test.ts
 *
 * That rewrites every expected.html from the current output: read `git diff test/fixtures` before
 * committing, since whatever it shows is what every published article will change by.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileArticle } from '../../src/compile/compile-article.js';
import type { CompileSettings } from '../../src/compile/compile-settings.js';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/compile/template.js';
import type { SourceFile } from '../../src/model/source.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/** Every fixture folder holding an input.md, sorted. */
const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(FIXTURES, entry.name, 'input.md')))
  .map((entry) => entry.name)
  .sort();

function sourceOf(name: string): SourceFile {
  const absPath = path.join(FIXTURES, name, 'input.md');
  const stat = statSync(absPath);
  return {
    kind: 'markdown',
    contentPath: `central/${name}.md`,
    displayPath: `content/central/${name}.md`,
    absPath,
    kb: { kind: 'central' },
    folders: [],
    size: stat.size,
    mtimeMs: stat.mtimeMs,
  };
}

describe('Markdown articles render as their golden HTML', () => {
  let settings: CompileSettings;

  beforeAll(async () => {
    const templates = await loadTemplates(BUILTIN_TEMPLATES_DIR);
    settings = {
      templates: { article: templates.article, pdf: templates.pdf },
      sourceUrl: 'https://git.example.com/it/kb/-/blob/main',
      maxArticleBytes: 1024 * 1024,
    };
  });

  it('has golden cases to compare', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)('%s', async (name) => {
    const compiled = await compileArticle(sourceOf(name), settings);
    expect(compiled.diagnostics, 'a golden case is a valid article').toEqual([]);
    const expectedFile = path.join(FIXTURES, name, 'expected.html');
    if (UPDATE) await writeFile(expectedFile, compiled.html);
    if (!existsSync(expectedFile)) {
      throw new Error(`${path.relative(process.cwd(), expectedFile)} is missing: run UPDATE_GOLDEN=1 npx vitest run test/compile/render-golden.test.ts and read the file it writes.`);
    }
    expect(compiled.html).toBe(await readFile(expectedFile, 'utf8'));
  });
});
