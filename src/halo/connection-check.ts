/**
 * Checking a connection to Halo for `doctor`: log in, then read a little (one row of articles, the
 * FAQ lists, one row of customers when asked for), and report where the token came from, the
 * scopes Halo granted and what is there.
 */
import type { ClientCalls } from './client-calls.js';
import { ARTICLES, CUSTOMERS, firstPage } from './read-listing.js';
import type { TokenSource } from './token-source.js';
import type { ConnectionReport, HaloFaqList } from './types.js';

export interface ConnectionCheckDeps {
  calls: Pick<ClientCalls, 'json' | 'policy' | 'clock' | 'onEvent'>;
  tokens: Pick<TokenSource, 'endpoint' | 'get' | 'grant'>;
  apiBase: string;
  readCustomers: boolean;
  listFaqLists(): Promise<HaloFaqList[]>;
}

export async function checkConnection(deps: ConnectionCheckDeps): Promise<ConnectionReport> {
  const endpoint = await deps.tokens.endpoint();
  await deps.tokens.get();
  const { rows, total } = await firstPage(
    deps.calls,
    { method: 'GET', path: '/KBArticle', query: { pageinate: true, page_size: 1, page_no: 1, includeinactive: true }, retry: 'safe', area: 'kb', action: 'list knowledge-base articles' },
    'articles',
    ARTICLES,
  );
  const faqLists = await deps.listFaqLists();
  const report: ConnectionReport = {
    apiBase: deps.apiBase,
    tokenUrl: endpoint.tokenUrl,
    tokenUrlSource: endpoint.source,
    scopes: deps.tokens.grant()?.scopes ?? [],
    articleCount: total ?? rows.length,
    faqListCount: faqLists.length,
  };
  if (endpoint.tenant !== undefined) report.tenant = endpoint.tenant;
  if (deps.readCustomers) {
    const page = await firstPage(
      deps.calls,
      { method: 'GET', path: '/Client', query: { pageinate: true, page_size: 1, page_no: 1 }, retry: 'safe', area: 'clients', action: 'list customers' },
      'clients',
      CUSTOMERS,
    );
    report.customerCount = page.total ?? page.rows.length;
  }
  return report;
}
