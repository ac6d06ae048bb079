/** What a publish planned and did not get done, judged by the manifest it leaves. */
import { describe, expect, it } from 'vitest';
import type { ArticlePlan, Plan } from '../../src/plan/types.js';
import { emptyManifest, type Manifest } from '../../src/plan/manifest.js';
import type { PublishResult } from '../../src/publish/results.js';
import { undoneWork } from '../../src/publish/undone.js';

function article(key: string, action: ArticlePlan['action'], extra: Partial<ArticlePlan> = {}): ArticlePlan {
  return { key, action, title: key.toUpperCase(), source: `content/${key}.md`, reasons: [], faqLists: [], tags: [], clientIds: [], hash: `h-${key}`, attachments: [], changes: [], ...extra };
}

function plan(articles: ArticlePlan[]): Plan {
  return { faqLists: [], articles, summary: {} as Plan['summary'], diagnostics: [], guards: [] };
}

function result(partial: Partial<PublishResult> = {}): PublishResult {
  return { faqLists: [], articles: [], attachments: [], errors: [], undone: [], ...partial };
}

function manifest(articles: Manifest['articles']): Manifest {
  return { ...emptyManifest(), articles };
}

describe('undone work', () => {
  it('is nothing when the manifest records everything the plan named', () => {
    const p = plan([article('a', 'create', { attachments: [{ path: 'a.png', size: 3, sha256: 's', action: 'upload' }] }), article('b', 'unchanged', { haloId: 2 })]);
    const r = result({
      articles: [
        { key: 'a', kind: 'created', title: 'A', source: 'content/a.md', haloId: 1 },
        { key: 'b', kind: 'unchanged', title: 'B', source: 'content/b.md' },
      ],
    });
    const m = manifest({
      a: { haloId: 1, source: '', title: '', hash: 'h-a', faqLists: [], attachments: { 'a.png': { sha256: 's', haloId: 9 } } },
      b: { haloId: 2, source: '', title: '', hash: 'h-b', faqLists: [] },
    });
    expect(undoneWork(p, r, m)).toEqual([]);
  });

  it('names a failed write with its reason, and the files it kept back', () => {
    const p = plan([article('a', 'create', { attachments: [{ path: 'a.png', size: 3, sha256: 's', action: 'upload' }] })]);
    const r = result({ articles: [{ key: 'a', kind: 'failed', title: 'A', source: 'content/a.md', message: 'Halo answered 503' }] });
    expect(undoneWork(p, r, manifest({}))).toEqual(['create content/a.md "A": Halo answered 503', 'upload the file a.png of content/a.md: its article was not written']);
  });

  it('names work the run reported done that the manifest does not hold', () => {
    const p = plan([article('a', 'update', { haloId: 1 }), article('gone', 'retire', { haloId: 3 })]);
    const r = result({ articles: [{ key: 'a', kind: 'updated', title: 'A', source: 'content/a.md', haloId: 1 }] });
    const m = manifest({ a: { haloId: 1, source: '', title: '', hash: 'old', faqLists: [] } });
    expect(undoneWork(p, r, m)).toEqual(['update content/a.md "A": not recorded in the state manifest', 'retire content/gone.md "GONE": never attempted']);
  });

  it("names an article recorded as another key's Halo article", () => {
    const p = plan([article('a', 'create')]);
    const r = result({ articles: [{ key: 'a', kind: 'created', title: 'A', source: 'content/a.md', haloId: 7 }] });
    const m = manifest({ a: { haloId: 7, source: '', title: '', hash: 'h-a', faqLists: [] }, b: { haloId: 7, source: '', title: '', hash: 'h-b', faqLists: [] } });
    expect(undoneWork(p, r, m)).toEqual(['create content/a.md "A": Halo\'s article 7 is also recorded for b']);
  });

  it('names links left pointing nowhere although their targets have ids now', () => {
    const p = plan([article('a', 'create'), article('b', 'create')]);
    const r = result({ articles: ['a', 'b'].map((k, i) => ({ key: k, kind: 'created' as const, title: k, source: `content/${k}.md`, haloId: i + 1 })) });
    const m = manifest({
      a: { haloId: 1, source: '', title: '', hash: 'h-a', faqLists: [], pendingLinks: ['b'], pendingFiles: ['img/x.png'], attachments: { 'img/x.png': { sha256: 's', haloId: 4 } } },
      b: { haloId: 2, source: '', title: '', hash: 'h-b', faqLists: [] },
    });
    expect(undoneWork(p, r, m)).toEqual(['fill in the links of content/a.md "A" to x.png, b: the article could not be written again']);
  });
});
