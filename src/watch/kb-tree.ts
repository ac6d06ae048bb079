/**
 * The KB as Halo will hold it, for the index page: the grouping FAQ list, under it the central list
 * and one list per company (with its Halo client), nested lists below, articles in each. Articles in
 * several lists appear in each. Pure.
 */
import type { Article } from '../model/article.js';
import type { FaqListNode } from '../model/faq-list.js';
import type { Company } from '../model/company.js';

export interface TreeList {
  key: string;
  name: string;
  /** For a company's top list: the Halo client it is restricted to. */
  company?: Company;
  lists: TreeList[];
  articles: Article[];
}

export interface KbTree {
  group: string;
  lists: TreeList[];
}

export function kbTree(articles: readonly Article[], faqLists: readonly FaqListNode[], companies: readonly Company[], group: string): KbTree {
  const nodes = new Map<string, TreeList>();
  const companyOf = new Map(companies.map((c) => [c.folder, c]));
  for (const list of faqLists) {
    const node: TreeList = { key: list.key, name: list.name, lists: [], articles: [] };
    const company = list.parent === undefined && list.kb.kind === 'company' ? companyOf.get(list.kb.folder) : undefined;
    if (company !== undefined) node.company = company;
    nodes.set(list.key, node);
  }
  const top: TreeList[] = [];
  for (const list of faqLists) {
    const node = nodes.get(list.key)!;
    const parent = list.parent === undefined ? undefined : nodes.get(list.parent);
    if (parent === undefined) top.push(node);
    else parent.lists.push(node);
  }
  for (const article of articles) for (const key of article.faqLists) nodes.get(key)?.articles.push(article);
  // Central first, then companies by name: the order a service desk reads them in.
  top.sort((a, b) => (a.key === 'central' ? -1 : b.key === 'central' ? 1 : a.name.localeCompare(b.name)));
  for (const node of nodes.values()) {
    node.lists.sort((a, b) => a.name.localeCompare(b.name));
    node.articles.sort((a, b) => a.title.localeCompare(b.title));
  }
  return { group, lists: top };
}
