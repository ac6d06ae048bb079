/**
 * Bring the state's sources up to date: from a fresh scan of the tree (a build, or a change whose
 * effect only a scan can tell) or from single files read on their own (watch mode's common case).
 * Says which sources to look at (new, or with new stamps) and which were added and removed.
 */
import type { ContentTree, SourceFile } from '../model/source.js';
import type { EngineState } from './state.js';

export type SourceUpdate = { kind: 'scan'; tree: ContentTree } | { kind: 'files'; edits: Map<string, SourceFile>; adds: Map<string, SourceFile>; deletes: Set<string> };

export interface AppliedSources {
  /** Sources whose entry is missing or whose stamps may differ from it. */
  candidates: string[];
  added: string[];
  /** Content paths that had an entry (or a source) and have no source now. */
  removed: string[];
}

/** Insert `p` into the sorted `order` (the scan's byte order). */
function insertSorted(order: string[], p: string): void {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (order[mid]! < p) lo = mid + 1;
    else hi = mid;
  }
  if (order[lo] !== p) order.splice(lo, 0, p);
}

function removeSorted(order: string[], p: string): void {
  const at = order.indexOf(p);
  if (at !== -1) order.splice(at, 1);
}

export function applySources(state: EngineState, update: SourceUpdate): AppliedSources {
  const candidates: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  if (update.kind === 'scan') {
    const { tree } = update;
    const next = new Map(tree.sources.map((s) => [s.contentPath, s]));
    for (const p of tree.sources.map((s) => s.contentPath)) {
      if (!state.sources.has(p)) added.push(p);
      candidates.push(p);
    }
    // Entries the store holds for sources gone since are removed with the sources watch knew.
    for (const p of new Set([...state.sources.keys(), ...state.entries.keys()])) if (!next.has(p)) removed.push(p);
    state.sources = next;
    state.order = tree.sources.map((s) => s.contentPath);
    state.companies = tree.companies;
    state.treeDiagnostics = tree.diagnostics;
  } else {
    const { edits, adds, deletes } = update;
    for (const [p, source] of [...edits, ...adds]) {
      state.sources.set(p, source);
      candidates.push(p);
    }
    for (const p of adds.keys()) {
      added.push(p);
      insertSorted(state.order, p);
    }
    for (const p of deletes) {
      removed.push(p);
      state.sources.delete(p);
      removeSorted(state.order, p);
    }
  }
  return { candidates, added, removed };
}
