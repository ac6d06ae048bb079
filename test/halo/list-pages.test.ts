/** Reading listings: every plausible shape of a page, and what makes a listing incomplete. */
import { describe, expect, it } from 'vitest';
import { readAllPages, readListPage, type ListPage } from '../../src/halo/list-pages.js';

const ARTICLES = ['article', 'articles'] as const;

describe('readListPage', () => {
  it.each([
    ['an envelope', { record_count: 2, articles: [{ id: 1 }, { id: 2 }] }, { rows: [{ id: 1 }, { id: 2 }], total: 2 }],
    ['a bare array (FAQ lists)', [{ id: 1 }, 'junk', { id: 2 }], { rows: [{ id: 1 }, { id: 2 }], total: undefined }],
    ['an envelope with another key', { record_count: 1, kbarticles: [{ id: 7 }] }, { rows: [{ id: 7 }], total: 1 }],
    ['an empty envelope without the array', { record_count: 0 }, { rows: [], total: 0 }],
    ['a record_count given as text', { record_count: '3', articles: [{ id: 1 }] }, { rows: [{ id: 1 }], total: 3 }],
  ])('accepts %s', (_name, value, expected) => {
    expect(readListPage(value, 'articles', ARTICLES)).toEqual(expected);
  });

  it.each([
    ['null', null, 'JSON that holds no list of articles (null)'],
    ['a string', 'ok', 'JSON that holds no list of articles (a string)'],
    ['an object without rows', { error: 'busy', record_count: 4 }, 'JSON that holds no list of articles (an object with error, record_count)'],
    ['an empty object', {}, 'JSON that holds no list of articles (an object with no fields)'],
  ])('refuses %s', (_name, value, problem) => {
    expect(readListPage(value, 'articles', ARTICLES)).toEqual({ problem });
  });
});

/** A listing served from literal pages (page numbers from 1). */
function pages(...served: (ListPage | { problem: string })[]) {
  const asked: [number, number][] = [];
  const read = async (page: number, size: number) => {
    asked.push([page, size]);
    return served[page - 1] ?? { rows: [], total: undefined };
  };
  return { read, asked };
}

const rows = (...ids: number[]) => ids.map((id) => ({ id }));
const OPTIONS = { pageSize: 2, where: 'GET /api/KBArticle', noun: ARTICLES };

describe('readAllPages', () => {
  it('reads pages until record_count is reached', async () => {
    const p = pages({ rows: rows(1, 2), total: 5 }, { rows: rows(3, 4), total: 5 }, { rows: rows(5), total: 5 });
    expect(await readAllPages(p.read, OPTIONS)).toEqual({ rows: rows(1, 2, 3, 4, 5) });
    expect(p.asked).toEqual([
      [1, 2],
      [2, 2],
      [3, 2],
    ]);
  });

  it('follows a server that caps the first page lower than asked', async () => {
    const p = pages({ rows: rows(1, 2), total: 5 }, { rows: rows(3, 4), total: 5 }, { rows: rows(5), total: 5 });
    expect(await readAllPages(p.read, { ...OPTIONS, pageSize: 1000 })).toEqual({ rows: rows(1, 2, 3, 4, 5) });
    expect(p.asked).toEqual([
      [1, 1000],
      [2, 2],
      [3, 2],
    ]);
  });

  it('ends at a short page when there is no record_count to check', async () => {
    const p = pages({ rows: rows(1, 2), total: undefined }, { rows: rows(3), total: undefined });
    expect(await readAllPages(p.read, OPTIONS)).toEqual({ rows: rows(1, 2, 3) });
  });

  it('takes more rows than counted (added while paging) as whole', async () => {
    const p = pages({ rows: rows(1, 2), total: 3 }, { rows: rows(3, 4), total: 3 });
    expect(await readAllPages(p.read, OPTIONS)).toEqual({ rows: rows(1, 2, 3, 4) });
  });

  it.each([
    [
      'a short page before the last',
      [
        { rows: rows(1, 2), total: 5 },
        { rows: rows(3), total: 5 },
      ],
      'GET /api/KBArticle page 2 held 1 article where 2 were asked for, yet record_count says 5 exist',
    ],
    [
      'an empty page before record_count is reached',
      [
        { rows: rows(1, 2), total: 4 },
        { rows: [], total: 4 },
      ],
      'record_count says 4 articles, but only 2 came (GET /api/KBArticle page 2 held none)',
    ],
    ['an empty first page while record_count says more', [{ rows: [], total: 3 }], 'record_count says 3 articles, but only 0 came (GET /api/KBArticle page 1 held none)'],
    [
      'a server that ignores page_no',
      [
        { rows: rows(1, 2), total: 4 },
        { rows: rows(1, 2), total: 4 },
      ],
      'record_count says 4 articles, but only 2 came (GET /api/KBArticle page 2 held only rows already read)',
    ],
    [
      'a page that holds no list',
      [{ rows: rows(1, 2), total: 4 }, { problem: 'JSON that holds no list of articles (null)' }],
      'GET /api/KBArticle (page 2) answered with JSON that holds no list of articles (null)',
    ],
  ])('refuses %s', async (_name, served, problem) => {
    expect(await readAllPages(pages(...served).read, OPTIONS)).toEqual({ problem });
  });
});
