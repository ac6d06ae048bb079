/**
 * limitToScope on its own: what a run that leaves KBs out, or names paths, keeps of a plan.
 */
import { describe, expect, it } from 'vitest';
import type { ArticlePlan, FaqListPlan } from '../../src/plan/types.js';
import { contentPathOf, limitToScope, type ArticlePlace } from '../../src/plan/scope.js';

function article(key: string, action: ArticlePlan['action']): ArticlePlan {
  return { key, action, title: key, source: key, reasons: [], faqLists: [], tags: [], clientIds: [], hash: '', attachments: [], changes: [] };
}

function list(key: string, action: FaqListPlan['action']): FaqListPlan {
  return { key, name: key, isGroup: false, showForAll: false, action, reasons: [] };
}

const places: Record<string, ArticlePlace> = {
  vpn: { contentPath: 'central/network/vpn.md', kb: { kind: 'central' } },
  old: { contentPath: 'central/old.md', kb: { kind: 'central' } },
  printers: { contentPath: 'companies/contoso/printers.md', kb: { kind: 'company', folder: 'contoso' } },
  badges: { contentPath: 'companies/fabrikam/badges.md', kb: { kind: 'company', folder: 'fabrikam' } },
  marker: {},
};
const placeOf = (a: ArticlePlan): ArticlePlace => places[a.key]!;
const articles = [article('vpn', 'update'), article('old', 'retire'), article('printers', 'update'), article('badges', 'retire'), article('marker', 'retire')];
const lists = [list('_group', 'unchanged'), list('central', 'unchanged'), list('central/gone', 'remove'), list('companies/fabrikam', 'remove'), list('companies/contoso', 'update')];

describe('limitToScope', () => {
  it('keeps everything on a full run', () => {
    const scoped = limitToScope(articles, lists, placeOf, { central: true, companies: 'all', contentFolder: 'content' });
    expect(scoped.articles.map((a) => a.key)).toEqual(['vpn', 'old', 'printers', 'badges', 'marker']);
    expect(scoped.faqLists).toHaveLength(5);
    expect(scoped.notes).toEqual([]);
  });

  it('leaves out the KBs not named, their lists, and articles of no known KB', () => {
    const scoped = limitToScope(articles, lists, placeOf, { central: true, companies: ['contoso'], contentFolder: 'content' });
    expect(scoped.articles.map((a) => a.key)).toEqual(['vpn', 'old', 'printers']);
    expect(scoped.faqLists.map((l) => l.key)).toEqual(['_group', 'central', 'central/gone', 'companies/contoso']);
    expect(scoped.notes).toEqual(['Out of scope: 1 article of companies/fabrikam']);
  });

  it('with paths, keeps only what lies under them and retires or removes nothing', () => {
    const scoped = limitToScope(articles, lists, placeOf, { central: true, companies: 'all', contentFolder: 'content', paths: ['central/network'] });
    expect(scoped.articles.map((a) => a.key)).toEqual(['vpn']);
    expect(scoped.faqLists.some((l) => l.action === 'remove')).toBe(false);
    expect(scoped.notes).toEqual(['Only what lies under central/network in the content folder is published: retirements are only planned on a full run.']);
  });

  it('reads a manifest source relative to the content folder', () => {
    expect(contentPathOf('content/central/a.md', 'content')).toBe('central/a.md');
    expect(contentPathOf('docs/central/a.md', 'content')).toBeUndefined();
    expect(contentPathOf('central/a.md', '')).toBe('central/a.md');
  });
});
