/**
 * After a create whose reply did not say (or never came), find which existing articles are the ones
 * just created. By halo-kb key marker first; then by exact name, among articles without any marker
 * (Halo's editor might strip it) and never one that carries another key; the newest such article
 * wins. Pure: the caller lists and reads the articles.
 */
import { readKeyMarker } from './key-marker.js';
import type { HaloArticle } from './types.js';

export interface PendingCreate {
  index: number;
  name: string;
  key?: string | undefined;
}

function sameName(a: string, b: string): boolean {
  return a.trim() === b.trim();
}

/** Matches by the pending write's index. `claimed` ids are never matched again. */
export function matchCreated(pending: readonly PendingCreate[], rows: readonly HaloArticle[], claimed: ReadonlySet<number>): Map<number, HaloArticle> {
  const taken = new Set(claimed);
  const newestFirst = [...rows].sort((a, b) => b.id - a.id);
  const matches = new Map<number, HaloArticle>();
  const take = (item: PendingCreate, found: HaloArticle | undefined): void => {
    if (found === undefined) return;
    matches.set(item.index, found);
    taken.add(found.id);
  };
  // Key matches first, so a name match can never steal an article another write owns by key.
  for (const item of pending) {
    if (item.key === undefined) continue;
    take(
      item,
      newestFirst.find((row) => !taken.has(row.id) && readKeyMarker(row) === item.key),
    );
  }
  for (const item of pending) {
    if (matches.has(item.index)) continue;
    take(
      item,
      newestFirst.find((row) => !taken.has(row.id) && sameName(row.name, item.name) && readKeyMarker(row) === undefined),
    );
  }
  return matches;
}
