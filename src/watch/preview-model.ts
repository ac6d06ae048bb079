/**
 * Everything a preview page is rendered from: the in-memory build, why the last rebuild failed
 * (if it did), and the hashes of the last publish.
 */
import type { Article } from '../compile/resolve.js';
import { claimantsOf } from '../engine/dependency-index.js';
import type { PublishedHashes } from './manifest-status.js';
import type { RebuildFailure } from './page-layout.js';
import type { WatchState } from './watch-state.js';

export interface PreviewModel {
  state: WatchState;
  failure: RebuildFailure | undefined;
  published: PublishedHashes | undefined;
}

/** The content path of the article with `key` (the first, when a duplicate key is being fixed). */
export function pathOfKey(model: PreviewModel, key: string): string | undefined {
  for (const p of claimantsOf(model.state.index, key)) if (model.state.articles.has(p)) return p;
  return undefined;
}

export function articleAt(model: PreviewModel, contentPath: string): Article | undefined {
  return model.state.articles.get(contentPath);
}
