/**
 * Which sources a batch of changes adds, edits and deletes. A single Markdown file added or deleted
 * and any in-place edit are read on their own; anything else (folders, companies, PDFs or
 * sidecars coming or going) rescans the tree, the one answer that is always right. Reading is split from applying so a scan that throws leaves the state untouched.
 */
import { stat } from 'node:fs/promises';
import type { ContentTree, SourceFile } from '../model/source.js';
import { scanContent } from '../content/scan.js';
import type { Change } from './classify-change.js';
import { insertSorted, markdownGone, markdownSourceAt, removeSorted } from './source-at.js';
import type { WatchState } from './watch-state.js';

export type SourceUpdate =
  | { kind: 'scan'; tree: ContentTree }
  | { kind: 'files'; edits: Map<string, SourceFile>; adds: Map<string, SourceFile>; deletes: Set<string> };

export interface AppliedSources {
  toCompile: Set<string>;
  added: string[];
  removed: string[];
}

function sameSidecar(a: SourceFile['sidecar'], b: SourceFile['sidecar']): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.absPath === b.absPath && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

function sameStamp(a: SourceFile, b: SourceFile): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && sameSidecar(a.sidecar, b.sidecar);
}

/** A source's new stamps after an in-place edit; undefined when it is gone (the tree must be rescanned). */
async function restat(source: SourceFile): Promise<SourceFile | undefined> {
  try {
    const s = await stat(source.absPath);
    const next: SourceFile = { ...source, size: s.size, mtimeMs: s.mtimeMs };
    if (source.sidecar !== undefined) {
      const c = await stat(source.sidecar.absPath);
      next.sidecar = { ...source.sidecar, size: c.size, mtimeMs: c.mtimeMs };
    }
    return next;
  } catch {
    return undefined;
  }
}

/** Read what `changes` do to the sources, without touching `state`. */
export async function readSourceUpdate(state: WatchState, changes: readonly Change[]): Promise<SourceUpdate> {
  const edits = new Map<string, SourceFile>();
  const adds = new Map<string, SourceFile>();
  const deletes = new Set<string>();
  let needsScan = changes.some((c) => c.kind === 'company' || c.kind === 'folder' || (c.kind === 'sidecar' && c.event !== 'change'));
  // Only the last event for a path counts: a save by rename arrives as a delete and an add.
  const last = new Map<string, Extract<Change, { kind: 'source' | 'sidecar' }>>();
  for (const c of changes) {
    if (c.kind !== 'source' && c.kind !== 'sidecar') continue;
    const key = `${c.kind}:${c.contentPath}`;
    last.delete(key);
    last.set(key, c);
  }
  for (const c of needsScan ? [] : last.values()) {
    const p = c.contentPath;
    const known = state.sources.get(p);
    // A PDF and its sidecar both changed: one look at the PDF covers both.
    if (edits.has(p)) continue;
    if (c.kind === 'source' && c.event === 'unlink' && known !== undefined && (await markdownGone(known))) {
      deletes.add(p);
    } else if (known === undefined) {
      const source = c.kind === 'source' ? await markdownSourceAt(state.config.contentDir, state.config.root, p, state.companies) : undefined;
      if (source === undefined) needsScan = true;
      else adds.set(p, source);
    } else {
      // Edited, or deleted and written again. A PDF whose sidecar appeared, or a source gone: scan.
      const next = c.kind === 'sidecar' && known.sidecar === undefined ? undefined : await restat(known);
      if (next === undefined) needsScan = true;
      else edits.set(p, next);
    }
    if (needsScan) break;
  }
  if (needsScan) return { kind: 'scan', tree: await scanContent(state.config.contentDir, state.config.root) };
  return { kind: 'files', edits, adds, deletes };
}

/** Apply `update` to `state`: the sources to compile, the articles added and removed. */
export function applySourceUpdate(state: WatchState, update: SourceUpdate, changes: readonly Change[]): AppliedSources {
  const toCompile = new Set<string>();
  const added: string[] = [];
  const removed: string[] = [];
  if (update.kind === 'scan') {
    const { tree } = update;
    const next = new Map(tree.sources.map((s) => [s.contentPath, s]));
    for (const [p, source] of next) {
      const old = state.sources.get(p);
      if (old === undefined) added.push(p);
      if (old === undefined || !sameStamp(old, source)) toCompile.add(p);
    }
    for (const p of state.sources.keys()) if (!next.has(p)) removed.push(p);
    // An in-place edit keeps the file's stamp only when written twice within the clock's resolution.
    for (const c of changes) if (c.kind === 'source' && c.event === 'change' && next.has(c.contentPath)) toCompile.add(c.contentPath);
    state.sources = next;
    state.order = tree.sources.map((s) => s.contentPath);
    state.companies = tree.companies;
    state.treeDiagnostics = tree.diagnostics;
  } else {
    const { edits, adds, deletes } = update;
    for (const [p, source] of [...edits, ...adds]) {
      state.sources.set(p, source);
      toCompile.add(p);
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
  return { toCompile, added, removed };
}
