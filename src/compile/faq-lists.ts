/** The tree of FAQ lists the content folders imply, with the names they are published under. */
import { titleFromFileName } from '../content/article-path.js';
import type { Article } from '../model/article.js';
import type { Company } from '../model/company.js';
import type { FaqListNode } from '../model/faq-list.js';
import { kbKey, type KbRef } from '../model/kb.js';
import type { ResolveSettings } from './resolve.js';

/** The FAQ lists the tree implies: one per KB, one per folder below it. */
export function faqListsOf(articles: readonly Pick<Article, 'faqLists' | 'kb'>[], companies: readonly Company[], settings: ResolveSettings): FaqListNode[] {
  const nodes = new Map<string, FaqListNode>();
  const companyList = new Map(companies.map((c) => [c.folder, c.faqList]));
  const ensure = (key: string, kb: KbRef): void => {
    if (nodes.has(key)) return;
    const root = kbKey(kb);
    if (key === root) {
      nodes.set(key, { key, name: kb.kind === 'central' ? settings.centralListName : (companyList.get(kb.folder) ?? kb.folder), kb });
      return;
    }
    const parent = key.slice(0, key.lastIndexOf('/'));
    ensure(parent, kb);
    nodes.set(key, { key, name: titleFromFileName(key.slice(key.lastIndexOf('/') + 1)), parent, kb });
  };
  for (const company of companies) ensure(`companies/${company.folder}`, { kind: 'company', folder: company.folder });
  for (const article of articles) for (const list of article.faqLists) ensure(list, article.kb);
  return [...nodes.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
