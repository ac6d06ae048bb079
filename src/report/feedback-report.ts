/**
 * The feedback report (`halo-kb feedback`) as text for a terminal, Markdown for an issue or a
 * GitHub job summary, and JSON for tooling (its shape documented in the README).
 */
import type { ArticleFeedback, FeedbackAssessment, FeedbackSummary } from '../feedback/assess.js';
import { mdEscape } from './md-escape.js';
import { plural } from './plural.js';

export const FEEDBACK_SCHEMA = 'halo-kb/feedback@1';

/** What reading cost, for the report. */
export interface FeedbackRequests {
  /** Every request sent to Halo, logging in included. */
  total: number;
  /** Articles whose counters came with the listing. */
  fromList: number;
  /** Articles read one by one. */
  perArticle: number;
}

export interface FeedbackReport {
  halo: string;
  assessment: FeedbackAssessment;
  requests: FeedbackRequests;
  /** The link to a source file (from `source_url`), where one is set. */
  sourceUrl?: (source: string) => string | undefined;
}

function count(n: number | null): string {
  return n === null ? '?' : String(n);
}

function countersText(a: ArticleFeedback): string {
  if (a.status === 'deleted') return '';
  return `${count(a.views)} views, ${count(a.useful)} useful, ${count(a.notUseful)} not useful`;
}

/** "3 of 12 articles need attention (1 voted not useful, 2 review overdue)" */
function attentionText(s: FeedbackSummary): string {
  const kinds = [
    s.notUseful > 0 ? `${s.notUseful} voted not useful` : '',
    s.reviewOverdue > 0 ? `${s.reviewOverdue} review overdue` : '',
    s.deleted > 0 ? `${s.deleted} deleted in Halo` : '',
    s.inactive > 0 ? `${s.inactive} inactive in Halo` : '',
  ].filter((k) => k !== '');
  if (s.needAttention === 0) return `none of ${plural(s.articles, 'article')} needs attention`;
  return `${s.needAttention} of ${plural(s.articles, 'article')} ${s.needAttention === 1 ? 'needs' : 'need'} attention (${kinds.join(', ')})`;
}

function totalsText(s: FeedbackSummary): string {
  const missing = s.withoutCounters > 0 ? `; ${plural(s.withoutCounters, 'article')} without readable counters from Halo (shown as ?)` : '';
  return `${plural(s.views, 'view')}, ${s.usefulVotes} useful and ${s.notUsefulVotes} not-useful votes in all${missing}`;
}

function requestsText(r: FeedbackRequests): string {
  const how =
    r.perArticle === 0
      ? 'counters from the article listing'
      : r.fromList === 0
        ? `${plural(r.perArticle, 'article')} read one by one`
        : `counters of ${plural(r.fromList, 'article')} from the listing, ${r.perArticle} read one by one`;
  return `${plural(r.total, 'request')} to Halo (${how})`;
}

function byKey(assessment: FeedbackAssessment, keys: readonly string[]): ArticleFeedback[] {
  return keys.flatMap((k) => assessment.articles.filter((a) => a.key === k));
}

export function feedbackText(report: FeedbackReport, options: { verbose?: boolean } = {}): string {
  const { assessment: x } = report;
  const lines = [`Feedback from Halo on ${plural(x.summary.articles, 'published article')} (as of ${x.asOf}):`];
  for (const a of x.articles) {
    const counters = countersText(a);
    if (a.attention.length > 0) lines.push(`! ${a.source}  "${a.title}" (article ${a.haloId}): ${a.reasons.join('; ')}${counters === '' ? '' : `; ${counters}`}`);
    else if (options.verbose === true) lines.push(`  ${a.source}  "${a.title}" (article ${a.haloId}): ${counters}${a.nextReviewDate === null ? '' : `; next review ${a.nextReviewDate}`}`);
  }
  const ranking = (label: string, keys: readonly string[]): void => {
    if (keys.length > 0)
      lines.push(
        `${label}: ${byKey(x, keys)
          .map((a) => `${a.source} (${count(a.views)})`)
          .join(', ')}`,
      );
  };
  ranking('Most viewed', x.mostViewed);
  ranking('Least viewed', x.leastViewed);
  const summary = attentionText(x.summary);
  lines.push(`Feedback: ${summary[0]?.toUpperCase() ?? ''}${summary.slice(1)}; ${totalsText(x.summary)}. ${requestsText(report.requests)}.`);
  return lines.join('\n');
}

function sourceCell(report: FeedbackReport, a: ArticleFeedback): string {
  const url = report.sourceUrl?.(a.source);
  return url === undefined ? `\`${mdEscape(a.source)}\`` : `[${mdEscape(a.source)}](${url})`;
}

function tableRow(report: FeedbackReport, a: ArticleFeedback, reason: boolean): string {
  const halo = a.status === 'deleted' || a.url === undefined ? String(a.haloId) : `[${a.haloId}](${a.url})`;
  const cells = [sourceCell(report, a), mdEscape(a.title), halo, count(a.views), count(a.useful), count(a.notUseful), a.nextReviewDate ?? ''];
  if (reason) cells.push(mdEscape(a.reasons.join('; ')));
  return `| ${cells.join(' | ')} |`;
}

const HEAD = '| Article | Title | Halo | Views | Useful | Not useful | Next review |';
const RULE = '| --- | --- | --- | ---: | ---: | ---: | --- |';

export function feedbackMarkdown(report: FeedbackReport): string {
  const { assessment: x } = report;
  const summary = attentionText(x.summary);
  const lines = ['## halo-kb feedback', '', `${summary[0]?.toUpperCase() ?? ''}${summary.slice(1)}, as of ${x.asOf}.`];
  const attention = x.articles.filter((a) => a.attention.length > 0);
  if (attention.length > 0) {
    lines.push('', `${HEAD} Reason |`, `${RULE} --- |`);
    for (const a of attention) lines.push(tableRow(report, a, true));
  }
  const ranking = (title: string, keys: readonly string[]): void => {
    if (keys.length === 0) return;
    lines.push('', `### ${title}`, '', HEAD, RULE);
    for (const a of byKey(x, keys)) lines.push(tableRow(report, a, false));
  };
  ranking('Most viewed', x.mostViewed);
  ranking('Least viewed', x.leastViewed);
  lines.push('', `${totalsText(x.summary)[0]?.toUpperCase() ?? ''}${totalsText(x.summary).slice(1)}. ${requestsText(report.requests)}.`);
  return lines.join('\n');
}

/** JSON: see the README for the shape. */
export function feedbackJson(report: FeedbackReport): unknown {
  const { assessment: x } = report;
  return {
    schema: FEEDBACK_SCHEMA,
    halo: report.halo,
    asOf: x.asOf,
    thresholds: x.thresholds,
    requests: report.requests,
    summary: x.summary,
    articles: x.articles.map((a) => ({
      key: a.key,
      source: a.source,
      sourceUrl: report.sourceUrl?.(a.source) ?? null,
      title: a.title,
      haloId: a.haloId,
      url: a.url ?? null,
      status: a.status,
      inactive: a.inactive,
      views: a.views,
      useful: a.useful,
      notUseful: a.notUseful,
      nextReviewDate: a.nextReviewDate,
      reviewOverdueDays: a.reviewOverdueDays,
      attention: a.attention,
      reasons: a.reasons,
    })),
    mostViewed: x.mostViewed,
    leastViewed: x.leastViewed,
  };
}
