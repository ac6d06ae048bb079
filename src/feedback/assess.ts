/**
 * Which published articles need a writer's attention, from Halo's feedback on them: voted not
 * useful, review date passed, gone from Halo or made inactive there. Pure: plain data in, the
 * report's data out (rendered by report/feedback-report.ts).
 */
import { plural } from '../report/plural.js';
import { daysBetween, type HaloFeedback } from './halo-feedback.js';

/** When an article's votes or review date call for attention; set by the command's flags. */
export interface Thresholds {
  /** At least this many not-useful votes (default 1). */
  notUsefulVotes: number;
  /** And at least this share of its votes not useful, in percent (default 50). */
  notUsefulShare: number;
  /** Review date passed by more than this many days (default 0: any day past it). */
  reviewGraceDays: number;
  /** List this many most and least viewed articles (default 0: none). */
  top: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { notUsefulVotes: 1, notUsefulShare: 50, reviewGraceDays: 0, top: 0 };

export type AttentionKind = 'deleted' | 'inactive' | 'not-useful' | 'review-overdue';

/** One published article and what Halo said about it; `halo` undefined when Halo has no such article (404). */
export interface ArticleRead {
  key: string;
  source: string;
  title: string;
  haloId: number;
  /** Its Halo URL; absent when `halo.article_url` does not make an http(s) one. */
  url: string | undefined;
  halo: (HaloFeedback & { inactive: boolean }) | undefined;
}

export interface ArticleFeedback extends HaloFeedback {
  key: string;
  source: string;
  title: string;
  haloId: number;
  /** Its Halo URL; absent when `halo.article_url` does not make an http(s) one. */
  url: string | undefined;
  status: 'found' | 'deleted';
  inactive: boolean;
  /** Days since the next review date, once it has passed; null before it or without one. */
  reviewOverdueDays: number | null;
  attention: AttentionKind[];
  /** The attention kinds in words, in the same order. */
  reasons: string[];
}

export interface FeedbackSummary {
  articles: number;
  needAttention: number;
  notUseful: number;
  reviewOverdue: number;
  deleted: number;
  inactive: number;
  /** Articles found in Halo with at least one counter Halo did not send in a readable form. */
  withoutCounters: number;
  views: number;
  usefulVotes: number;
  notUsefulVotes: number;
}

export interface FeedbackAssessment {
  asOf: string;
  thresholds: Thresholds;
  articles: ArticleFeedback[];
  /** Keys of the most and least viewed articles (empty unless `thresholds.top` > 0). */
  mostViewed: string[];
  leastViewed: string[];
  summary: FeedbackSummary;
}

function percent(part: number, whole: number): number {
  return Math.round((part / whole) * 100);
}

function assessOne(read: ArticleRead, asOf: string, t: Thresholds): ArticleFeedback {
  const base = { key: read.key, source: read.source, title: read.title, haloId: read.haloId, url: read.url };
  if (read.halo === undefined) {
    return {
      ...base,
      status: 'deleted',
      inactive: false,
      views: null,
      useful: null,
      notUseful: null,
      nextReviewDate: null,
      reviewOverdueDays: null,
      attention: ['deleted'],
      reasons: ['not in Halo any more (404): deleted there? "halo-kb plan" shows what publishing would do'],
    };
  }
  const h = read.halo;
  const attention: AttentionKind[] = [];
  const reasons: string[] = [];
  if (h.inactive) {
    attention.push('inactive');
    reasons.push('inactive in Halo: readers do not see it');
  }
  const notUseful = h.notUseful ?? 0;
  if (h.notUseful !== null && notUseful >= t.notUsefulVotes && notUseful > 0) {
    // Without the useful count the share is not known: the votes alone are reported, never a
    // share worked out as if the unknown count were 0.
    const votes = notUseful + (h.useful ?? 0);
    if (h.useful === null) {
      attention.push('not-useful');
      reasons.push(`voted not useful: ${plural(notUseful, 'vote')} (Halo sent no useful count)`);
    } else if (percent(notUseful, votes) >= t.notUsefulShare) {
      attention.push('not-useful');
      reasons.push(`voted not useful: ${notUseful} of ${votes} votes (${percent(notUseful, votes)}%)`);
    }
  }
  const overdue = h.nextReviewDate === null ? null : daysBetween(h.nextReviewDate, asOf);
  const reviewOverdueDays = overdue !== null && overdue > 0 ? overdue : null;
  if (reviewOverdueDays !== null && reviewOverdueDays > t.reviewGraceDays) {
    attention.push('review-overdue');
    reasons.push(`review overdue: next review was ${h.nextReviewDate ?? ''}, ${plural(reviewOverdueDays, 'day')} ago`);
  }
  return { ...base, status: 'found', inactive: h.inactive, views: h.views, useful: h.useful, notUseful: h.notUseful, nextReviewDate: h.nextReviewDate, reviewOverdueDays, attention, reasons };
}

function sum(values: (number | null)[]): number {
  return values.reduce<number>((n, v) => n + (v ?? 0), 0);
}

/** Assess every article read, sorted by source path; `asOf` is the day review dates are judged on (`YYYY-MM-DD`). */
export function assessFeedback(reads: readonly ArticleRead[], asOf: string, thresholds: Thresholds): FeedbackAssessment {
  const articles = reads.map((r) => assessOne(r, asOf, thresholds)).sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.haloId - b.haloId));
  const has = (kind: AttentionKind): number => articles.filter((a) => a.attention.includes(kind)).length;
  const found = articles.filter((a) => a.status === 'found');
  const viewed = found.filter((a): a is ArticleFeedback & { views: number } => a.views !== null);
  const byViews = [...viewed].sort((a, b) => b.views - a.views || (a.source < b.source ? -1 : 1));
  const top = Math.max(0, thresholds.top);
  return {
    asOf,
    thresholds,
    articles,
    mostViewed: top === 0 ? [] : byViews.slice(0, top).map((a) => a.key),
    leastViewed:
      top === 0
        ? []
        : [...byViews]
            .sort((a, b) => a.views - b.views || (a.source < b.source ? -1 : 1))
            .slice(0, top)
            .map((a) => a.key),
    summary: {
      articles: articles.length,
      needAttention: articles.filter((a) => a.attention.length > 0).length,
      notUseful: has('not-useful'),
      reviewOverdue: has('review-overdue'),
      deleted: has('deleted'),
      inactive: has('inactive'),
      withoutCounters: found.filter((a) => a.views === null || a.useful === null || a.notUseful === null).length,
      views: sum(found.map((a) => a.views)),
      usefulVotes: sum(found.map((a) => a.useful)),
      notUsefulVotes: sum(found.map((a) => a.notUseful)),
    },
  };
}
