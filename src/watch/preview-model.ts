/**
 * Everything a preview page is rendered from: the in-memory build, why the last rebuild failed
 * (if it did), and the last publish as the state manifest records it.
 */
import { claimantsOf } from '../engine/dependency-index.js';
import type { PublishedState } from './manifest-status.js';
import type { Article } from '../model/article.js';
import type { RebuildFailure } from './page-layout.js';
import type { WatchState } from './watch-state.js';

export interface PreviewModel {
  state: WatchState;
  failure: RebuildFailure | undefined;
  published: PublishedState | undefined;
}

/** The content path of the article with `key` (the first, when a duplicate key is being fixed). */
export function pathOfKey(model: PreviewModel, key: string): string | undefined {
  for (const p of claimantsOf(model.state.index, key)) if (model.state.articles.has(p)) return p;
  return undefined;
}

export function articleAt(model: PreviewModel, contentPath: string): Article | undefined {
  return model.state.articles.get(contentPath);
}
