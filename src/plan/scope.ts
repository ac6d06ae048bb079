/**
 * What one run acts on: the KBs `scope:` names in halo-kb.yml, and the paths given to `plan` or
 * `publish` (as `terraform -target` does). Whatever lies outside is left as it is in Halo: not
 * created, updated or retired, and its FAQ lists are not removed. Retirements and FAQ list removals
 * happen only on a full run, since a run on part of the tree cannot tell a removed source from one
 * it was not asked about. Pure.
 */
import { kbKey, kbOfPath, type KbRef } from '../model/kb.js';
import { plural } from '../report/plural.js';
import type { ArticlePlan, FaqListPlan } from './types.js';

export interface PublishScope {
  central: boolean;
  /** `all`, or company folder names. */
  companies: 'all' | readonly string[];
  /** Content paths (`central/network`, relative to the content folder) the run is limited to; absent on a full run. */
  paths?: readonly string[];
  /** The content folder relative to the project root (`content`): the manifest records sources from there. */
  contentFolder: string;
}

/** Whether the KB is one the run acts on. */
export function kbInScope(kb: KbRef, scope: PublishScope): boolean {
  if (kb.kind === 'central') return scope.central;
  return scope.companies === 'all' || scope.companies.includes(kb.folder);
}

/** Whether the content path lies at or under one of `paths`. */
export function underPaths(contentPath: string, paths: readonly string[]): boolean {
  return paths.some((p) => p === '' || contentPath === p || contentPath.startsWith(`${p}/`));
}

/** The content path of a source as the manifest records it (`content/central/a.md` -> `central/a.md`). */
export function contentPathOf(source: string, contentFolder: string): string | undefined {
  if (contentFolder === '' || contentFolder === '.') return source;
  return source.startsWith(`${contentFolder}/`) ? source.slice(contentFolder.length + 1) : undefined;
}

/** Where a planned article lies, as far as it is known: a marker found in Halo alone gives no place. */
export interface ArticlePlace {
  contentPath?: string;
  kb?: KbRef;
}

export interface Scoped {
  articles: ArticlePlan[];
  faqLists: FaqListPlan[];
  /** One line per KB left out, and one for a run limited to paths. */
  notes: string[];
}

/** The keys of the FAQ lists `articles` sit in, and of every list above them. */
function listsNeeded(articles: readonly ArticlePlan[], faqLists: readonly FaqListPlan[]): Set<string> {
  const parents = new Map(faqLists.map((l) => [l.key, l.parent]));
  const needed = new Set<string>();
  for (const list of articles.flatMap((a) => a.faqLists)) {
    for (let key: string | undefined = list; key !== undefined && !needed.has(key); key = parents.get(key)) needed.add(key);
  }
  return needed;
}

/** The plan limited to the scope. */
export function limitToScope(articles: readonly ArticlePlan[], faqLists: readonly FaqListPlan[], placeOf: (a: ArticlePlan) => ArticlePlace, scope: PublishScope): Scoped {
  const full = scope.central && scope.companies === 'all';
  const outOfScope = new Map<string, number>();
  const kept: ArticlePlan[] = [];
  for (const a of articles) {
    const place = placeOf(a);
    if (place.kb !== undefined && !kbInScope(place.kb, scope)) {
      const key = kbKey(place.kb);
      outOfScope.set(key, (outOfScope.get(key) ?? 0) + 1);
      continue;
    }
    if (scope.paths !== undefined) {
      if (a.action === 'retire' || place.contentPath === undefined || !underPaths(place.contentPath, scope.paths)) continue;
    } else if (place.kb === undefined && !full) {
      // Found in Halo by its key marker only: which KB it was is unknown, so a run that leaves KBs out does not retire it.
      continue;
    }
    kept.push(a);
  }
  // A run on paths creates or changes only the FAQ lists its articles sit in, and the lists above them.
  const needed = scope.paths === undefined ? undefined : listsNeeded(kept, faqLists);
  const lists = faqLists.filter((l) => {
    const kb = kbOfPath(l.key, true);
    if (kb !== undefined && !kbInScope(kb, scope)) return false;
    if (needed === undefined) return true;
    return l.action === 'unchanged' || needed.has(l.key);
  });
  const notes = [...outOfScope].sort(([x], [y]) => (x < y ? -1 : 1)).map(([key, n]) => `Out of scope: ${plural(n, 'article')} of ${key}`);
  // The paths themselves are in the note: a plan saved for some paths is only applied to the same ones.
  if (scope.paths !== undefined) notes.push(`Only what lies under ${scope.paths.map((x) => x || '.').join(', ')} in the content folder is published: retirements are only planned on a full run.`);
  return { articles: kept, faqLists: lists, notes };
}
