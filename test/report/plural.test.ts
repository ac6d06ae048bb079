/**
 * Counts read as English everywhere a run reports them: one of a thing is singular, zero and many
 * are plural, in the plan headline, the Markdown report, the publish summary and build summaries.
 */
import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/compile/build.js';
import type { Plan, PlanSummary } from '../../src/plan/types.js';
import type { PublishResult } from '../../src/publish/results.js';
import { summarizeBuild } from '../../src/report/build-summary.js';
import { planHeadline } from '../../src/report/plan-report.js';
import { planMarkdown } from '../../src/report/plan-markdown.js';
import { publishText } from '../../src/report/publish-text.js';
import { publishProject } from '../publish/publish-fixture.js';

function summary(values: Partial<PlanSummary>): PlanSummary {
  return { create: 0, update: 0, unchanged: 0, retire: 0, skipped: 0, drift: 0, faqListsCreate: 0, faqListsUpdate: 0, faqListsRemove: 0, uploads: 0, links: 0, refused: 0, ...values };
}

function plan(values: Partial<PlanSummary>): Plan {
  return { faqLists: [], articles: [], summary: summary(values), diagnostics: [], guards: [] };
}

function result(values: Partial<PublishResult>): PublishResult {
  return { faqLists: [], articles: [], attachments: [], errors: [], undone: [], ...values };
}

describe('plural counts', () => {
  it('in the plan headline', () => {
    expect(planHeadline(plan({ links: 1, drift: 1 }))).toBe(
      'Plan: 0 to create, 0 to update, 0 to retire, 0 unchanged, 0 skipped. FAQ lists unchanged; attachments: 0 to upload, 1 public link. 1 article edited in Halo will be overwritten.',
    );
    expect(planHeadline(plan({ links: 0 }))).toContain('0 public links.');
    expect(planHeadline(plan({ links: 2, drift: 2 }))).toContain('2 public links. 2 articles edited in Halo');
  });

  it('in the Markdown report', () => {
    expect(planMarkdown(plan({ links: 1 }), () => undefined)).toContain('Attachments: 0 to upload, 1 public link, 0 refused.');
    expect(planMarkdown(plan({ links: 0 }), () => undefined)).toContain('Attachments: 0 to upload, 0 public links, 0 refused.');
  });

  it('in the publish summary', () => {
    const one = result({
      faqLists: [{ key: 'central', name: 'Central', kind: 'created', haloId: 2 }],
      attachments: [{ key: 'network/vpn', path: 'central/network/images/vpn.png', kind: 'uploaded' }],
    });
    expect(publishText(one)).toBe('Published: 0 created, 0 updated, 0 retired, 0 unchanged, 0 skipped, 0 failed; 1 FAQ list created, 1 attachment uploaded.');
    expect(publishText(result({}))).toBe('Published: 0 created, 0 updated, 0 retired, 0 unchanged, 0 skipped, 0 failed; 0 FAQ lists created, 0 attachments uploaded.');
  });

  it('in build summaries', () => {
    const build = {
      faqLists: [{ key: 'central', name: 'Central', kb: { kind: 'central' } }],
      diagnostics: [],
      tally: { articles: 1, ready: 0, drafts: 1, withErrors: 0, uploads: 1, links: 1, diagnostics: [{ severity: 'warning', ruleId: 'x', file: 'a.md', message: 'm' }] },
      stats: { sources: 1, compiled: 1, reused: 0, ms: 10 },
    } as unknown as BuildResult;
    expect(summarizeBuild(build)).toBe(
      '1 article in 1 FAQ list: 0 ready, 1 draft, 0 with errors. 1 attachment to upload, 1 public link. 0 errors, 1 warning. compiled 1, reused 0 from cache, 0.01 s.',
    );
  });

  it("on the emulator's page", async () => {
    const p = await publishProject({ 'content/central/wifi.md': '# Office Wi-Fi\n\nJoin CORP-SECURE.\n' });
    expect((await p.run('publish')).code).toBe(0);
    const page = await (await fetch(`${p.emulator.url}/`)).text();
    // The grouping list and central: two lists, one article.
    expect(page).toContain('1 article in 2 FAQ lists');
  });
});

describe('the same words in the summary and the lines', () => {
  it('calls a retirement "retired" in both, saying which were unlisted rather than deleted', () => {
    const text = publishText(
      result({
        articles: [
          { key: 'old', kind: 'retired', title: 'Old printer', source: 'content/central/old.md', haloId: 7 },
          {
            key: 'wifi',
            kind: 'unlisted',
            title: 'Office Wi-Fi',
            source: 'content/central/wifi.md',
            haloId: 8,
            message: 'Halo refused the delete; it was removed from its FAQ lists and marked inactive',
          },
        ],
      }),
    );
    expect(text.split('\n')).toEqual([
      'retired: content/central/old.md "Old printer" (article 7): deleted',
      'retired: content/central/wifi.md "Office Wi-Fi" (article 8): unlisted, not deleted: Halo refused the delete; it was removed from its FAQ lists and marked inactive',
      'Published: 0 created, 0 updated, 2 retired (1 unlisted), 0 unchanged, 0 skipped, 0 failed; 0 FAQ lists created, 0 attachments uploaded.',
    ]);
  });
});
