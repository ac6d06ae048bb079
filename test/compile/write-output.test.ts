import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tallyArticles } from '../../src/compile/article-tally.js';
import type { BuildResult } from '../../src/compile/build.js';
import type { Article } from '../../src/model/article.js';
import type { FaqListNode } from '../../src/model/faq-list.js';
import { buildIndex, faqListPath, outputChanges, writeOutput, type WriteOptions, type WriteSummary } from '../../src/compile/write-output.js';
import { diagnostic } from '../../src/diagnostics.js';
import { tempDir } from '../helpers/temp-tree.js';

const LISTS: FaqListNode[] = [
  { key: 'central', name: 'IT Help', kb: { kind: 'central' } },
  { key: 'central/network', name: 'Network', parent: 'central', kb: { kind: 'central' } },
];

function article(key: string, html: string, extra: Partial<Article> = {}): Article {
  return {
    key,
    kind: 'markdown',
    contentPath: `central/network/${key}.md`,
    displayPath: `content/central/network/${key}.md`,
    kb: { kind: 'central' },
    folders: ['network'],
    title: key,
    draft: false,
    tags: [],
    html,
    headings: [],
    diagnostics: [],
    faqLists: ['central/network'],
    attachments: [],
    crossLinks: [],
    hash: `hash-of-${html}`,
    hasErrors: false,
    ...extra,
  };
}

/** A build result; its stamp stands for the sources it was made from, here the articles themselves. */
function result(articles: Article[]): BuildResult {
  const stamp = createHash('sha256').update(JSON.stringify(articles)).digest('hex');
  return { articles, faqLists: LISTS, companies: [], diagnostics: [], tally: tallyArticles(articles), stamp, stats: { sources: articles.length, compiled: articles.length, reused: 0, ms: 1 } };
}

/** Write a build's output as `halo-kb build` does: work out what changes, then write only that. */
async function writeBuild(out: string, r: BuildResult, generator: string, options: WriteOptions = {}): Promise<WriteSummary> {
  const changes = await outputChanges(out, buildIndex(r, 'Docs', generator), options);
  if (changes === undefined) return { written: 0, removed: 0, indexWritten: false };
  const html = new Map(r.articles.map((a) => [a.key, a.html]));
  return writeOutput(out, changes, html);
}

async function write(out: string, articles: Article[]) {
  return writeBuild(out, result(articles), 'halo-kb test');
}

describe('faqListPath', () => {
  it('names a list and its parents from the grouping list down', () => {
    expect(faqListPath('central/network', new Map(LISTS.map((l) => [l.key, l])), 'Docs')).toEqual(['Docs', 'IT Help', 'Network']);
  });
});

describe('buildIndex', () => {
  it('splits errors from warnings and leaves out absent fields', () => {
    const warning = diagnostic('warning', 'missing-anchor', 'content/central/network/vpn.md', 'No such section.');
    const error = diagnostic('error', 'missing-file', 'content/central/network/vpn.md', 'No such file.');
    const [entry] = buildIndex(result([article('vpn', '<p>VPN</p>', { diagnostics: [warning, error], hasErrors: true })]), 'Docs', 'g').articles;
    expect(entry).toMatchObject({ errors: [error], warnings: [warning], faqLists: [['Docs', 'IT Help', 'Network']], html: 'articles/vpn.html' });
    expect(entry).not.toHaveProperty('summary');
  });
});

describe('writeOutput', () => {
  it('writes changed articles only, removes deleted ones, and rewrites index.json only when it changed', async () => {
    const out = await tempDir();
    expect(await write(out, [article('vpn', '<p>VPN</p>'), article('wifi', '<p>Wi-Fi</p>')])).toEqual({ written: 2, removed: 0, indexWritten: true });
    expect(await readFile(path.join(out, 'articles/vpn.html'), 'utf8')).toBe('<p>VPN</p>');
    expect(await write(out, [article('vpn', '<p>VPN</p>'), article('wifi', '<p>Wi-Fi</p>')])).toEqual({ written: 0, removed: 0, indexWritten: false });
    // A changed HTML file on disk is not noticed: index.json says what the files hold.
    await writeFile(path.join(out, 'index.json'), (await readFile(path.join(out, 'index.json'), 'utf8')).replace('hash-of-<p>VPN</p>', 'stale'));
    expect(await write(out, [article('vpn', '<p>VPN</p>')])).toEqual({ written: 1, removed: 1, indexWritten: true });
    expect((await readdir(path.join(out, 'articles'))).sort()).toEqual(['vpn.html']);
    const index = JSON.parse(await readFile(path.join(out, 'index.json'), 'utf8')) as { articles: { key: string }[] };
    expect(index.articles.map((a) => a.key)).toEqual(['vpn']);
  });

  it('writes index.json with a line for each field, and for each article and problem in its lists', async () => {
    const out = await tempDir();
    const problem = diagnostic('warning', 'misplaced-file', 'content/notes.txt', 'This file is ignored.');
    const r = { ...result([article('vpn', '<p>VPN</p>'), article('wifi', '<p>Wi-Fi</p>')]), diagnostics: [problem] };
    await writeBuild(out, r, 'halo-kb test');
    const text = await readFile(path.join(out, 'index.json'), 'utf8');
    const index = buildIndex(r, 'Docs', 'halo-kb test');
    expect(JSON.parse(text)).toEqual(index);
    expect(text.split('\n')).toEqual([
      '{',
      '  "version": 1,',
      '  "generator": "halo-kb test",',
      `  "stamp": "${index.stamp}",`,
      '  "companies": [],',
      '  "articles": [',
      `    ${JSON.stringify(index.articles[0])},`,
      `    ${JSON.stringify(index.articles[1])}`,
      '  ],',
      '  "problems": [',
      `    ${JSON.stringify(problem)}`,
      '  ]',
      '}',
      '',
    ]);
  });

  it("writes nothing, and reads no further, when index.json opens with this build's stamp", async () => {
    const out = await tempDir();
    const articles = [article('vpn', '<p>VPN</p>')];
    await write(out, articles);
    const index = await readFile(path.join(out, 'index.json'), 'utf8');
    expect(index.split('\n').slice(0, 4)).toEqual(['{', '  "version": 1,', '  "generator": "halo-kb test",', `  "stamp": "${buildIndex(result(articles), 'Docs', 'halo-kb test').stamp}",`]);
    // Below the stamp, the file is not even compared: a hand edit there stays.
    await writeFile(path.join(out, 'index.json'), index.replace('hash-of-<p>VPN</p>', 'edited'));
    expect(await write(out, articles)).toEqual({ written: 0, removed: 0, indexWritten: false });
    expect(await readFile(path.join(out, 'index.json'), 'utf8')).toContain('edited');
    // Another generator is another stamp: the index is written again, and the article with it,
    // since the edited hash no longer matches.
    const r = result(articles);
    expect(await writeBuild(out, r, 'halo-kb next')).toEqual({ written: 1, removed: 0, indexWritten: true });
    expect(await readFile(path.join(out, 'index.json'), 'utf8')).not.toContain('edited');
  });

  it('gives the index a new stamp for another build, grouping list or generator', () => {
    const r = result([article('vpn', '<p>VPN</p>')]);
    const stamp = buildIndex(r, 'Docs', 'g').stamp;
    expect(buildIndex(result([article('vpn', '<p>VPN</p>')]), 'Docs', 'g').stamp).toBe(stamp);
    expect(buildIndex({ ...r, stamp: 'another build' }, 'Docs', 'g').stamp).not.toBe(stamp);
    expect(buildIndex(r, 'Knowledge', 'g').stamp).not.toBe(stamp);
    expect(buildIndex(r, 'Docs', 'h').stamp).not.toBe(stamp);
  });

  it('writes every file again when asked to rewrite, even under the same stamp', async () => {
    const out = await tempDir();
    const r = result([article('vpn', '<p>VPN</p>'), article('wifi', '<p>Wi-Fi</p>')]);
    await writeBuild(out, r, 'g');
    await writeFile(path.join(out, 'articles/vpn.html'), 'edited');
    // A file no index lists, left by a build whose index was lost, say.
    await mkdir(path.join(out, 'articles/old'), { recursive: true });
    await writeFile(path.join(out, 'articles/old/printers.html'), '<p>Printers</p>');
    expect(await writeBuild(out, r, 'g')).toEqual({ written: 0, removed: 0, indexWritten: false });
    expect(await writeBuild(out, r, 'g', { rewrite: true })).toEqual({ written: 2, removed: 1, indexWritten: true });
    expect(await readFile(path.join(out, 'articles/vpn.html'), 'utf8')).toBe('<p>VPN</p>');
    expect((await readdir(path.join(out, 'articles'), { recursive: true })).sort()).toEqual(['old', 'vpn.html', 'wifi.html']);
  });

  it('queues only the articles whose hash changed, so only their HTML is read', async () => {
    const out = await tempDir();
    await write(out, [article('vpn', '<p>VPN</p>'), article('wifi', '<p>Wi-Fi</p>'), article('printers', '<p>Printers</p>')]);
    const changes = await outputChanges(out, buildIndex(result([article('vpn', '<p>VPN, updated</p>'), article('wifi', '<p>Wi-Fi</p>')]), 'Docs', 'halo-kb test'));
    expect(changes?.queue.map((entry) => entry.key)).toEqual(['vpn']);
    expect(changes?.stale).toEqual(['articles/printers.html']);
  });

  it('survives a damaged index.json by writing everything again', async () => {
    const out = await tempDir();
    await write(out, [article('vpn', '<p>VPN</p>')]);
    await writeFile(path.join(out, 'index.json'), '{ "articles": [');
    expect(await write(out, [article('vpn', '<p>VPN</p>')])).toEqual({ written: 1, removed: 0, indexWritten: true });
  });
});
