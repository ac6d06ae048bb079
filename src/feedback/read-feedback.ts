/**
 * Read Halo's feedback on the published articles, in as few requests as Halo allows: one listing
 * of its articles (a page per 1000), and where a list row does not carry the counters (real
 * Halo's rows may not: unknown, see halo-api.md §2) or the article is not listed, that article's
 * details, one request each, paced by the client's rate limiter like every other call. An article
 * whose details answer 404 is reported as deleted in Halo, not a failure.
 */
import type { HaloClient } from '../halo/client.js';
import type { HaloArticle } from '../halo/types.js';
import type { ArticleRead } from './assess.js';
import { carriesCounters, readFeedback } from './halo-feedback.js';

/** A published article as the state manifest records it. */
export interface PublishedArticle {
  key: string;
  source: string;
  title: string;
  haloId: number;
  /** Its Halo URL; absent when `halo.article_url` does not make an http(s) one. */
  url: string | undefined;
}

export interface FeedbackReading {
  reads: ArticleRead[];
  /** Articles whose counters came with the listing. */
  fromList: number;
  /** Articles read one by one (their details). */
  perArticle: number;
}

/** `inactive` as Halo may send it: a boolean, or "true"/1 from a less strict serialiser. */
function isInactive(record: Record<string, unknown>): boolean {
  const value = record['inactive'];
  return value === true || value === 1 || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

function readOf(article: PublishedArticle, record: HaloArticle | undefined): ArticleRead {
  return { ...article, halo: record === undefined ? undefined : { ...readFeedback(record), inactive: isInactive(record) } };
}

/**
 * Read the feedback of `articles`. `checkListing` sees Halo's listing first and may stop the read
 * (by throwing) before any article is read on its own; `beforeDetails` is told how many articles
 * must be read one by one (and whether because the list rows carry no counters), before those
 * requests go out.
 */
export async function readHaloFeedback(
  client: Pick<HaloClient, 'listArticles' | 'getArticle'>,
  articles: readonly PublishedArticle[],
  beforeDetails: (count: number, rowsCarryCounters: boolean) => void = () => undefined,
  checkListing: (rows: readonly HaloArticle[]) => void = () => undefined,
): Promise<FeedbackReading> {
  // Inactive ones too: an article made inactive in Halo is still halo-kb's, and worth telling.
  const listing = await client.listArticles({ includeInactive: true });
  checkListing(listing);
  const rows = new Map(listing.map((row) => [row.id, row]));
  const rowsCarryCounters = [...rows.values()].some(carriesCounters);
  const fromRow = new Map<number, HaloArticle>();
  const pending: PublishedArticle[] = [];
  for (const article of articles) {
    const row = rows.get(article.haloId);
    if (row !== undefined && carriesCounters(row)) fromRow.set(article.haloId, row);
    else pending.push(article);
  }
  if (pending.length > 0) beforeDetails(pending.length, rowsCarryCounters);
  const details = new Map(await Promise.all(pending.map(async (a) => [a.haloId, await client.getArticle(a.haloId)] as const)));
  return {
    reads: articles.map((a) => readOf(a, fromRow.get(a.haloId) ?? details.get(a.haloId))),
    fromList: fromRow.size,
    perArticle: pending.length,
  };
}
