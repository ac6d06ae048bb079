/**
 * Which sources a batch of changes adds, edits and deletes. A single Markdown file added or deleted
 * and any in-place edit are read on their own; anything else (folders, companies, PDFs or
 * sidecars coming or going) rescans the tree, the one answer that is always right. Only reads: the
 * engine applies the update (src/engine/apply-sources.ts), so a scan that throws leaves the state
 * untouched.
 */
import { stat } from 'node:fs/promises';
import type { SourceUpdate } from '../engine/apply-sources.js';
import type { SourceFile } from '../model/source.js';
import { scanContent } from '../content/scan.js';
import type { Change } from './classify-change.js';
import { markdownGone, markdownSourceAt } from './source-at.js';
import type { EngineState } from '../engine/state.js';

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
export async function readSourceUpdate(state: EngineState, changes: readonly Change[]): Promise<SourceUpdate> {
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
