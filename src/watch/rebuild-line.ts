/**
 * The one terminal line per rebuild: when, what changed, what was rebuilt, how it stands, how long.
 */
import path from 'node:path';
import { errorMessage, HaloKbError } from '../errors.js';
import type { RebuildReport } from './apply-changes.js';
import type { FsChange } from './classify-change.js';
import { plural } from '../report/plural.js';

const VERBS: Record<FsChange['event'], string> = { add: 'added', change: 'edited', unlink: 'deleted', addDir: 'added', unlinkDir: 'deleted' };

function clock(now: Date): string {
  return now.toTimeString().slice(0, 8);
}

/** "edited content/central/vpn.md", "deleted content/old.md and 3 more". */
export function describeChanges(changes: readonly FsChange[], root: string): string {
  const seen = new Map<string, FsChange>();
  for (const c of changes) seen.set(c.path, c);
  const list = [...seen.values()];
  const first = list[0];
  if (first === undefined) return 'no changes';
  const shown = `${VERBS[first.event]} ${path.relative(root, first.path).split(path.sep).join('/') || '.'}${first.event.endsWith('Dir') ? '/' : ''}`;
  return list.length === 1 ? shown : `${shown} and ${list.length - 1} more`;
}

export function rebuildLine(changes: readonly FsChange[], root: string, report: RebuildReport, articlesWithErrors: number, now = new Date()): string {
  const parts: string[] = [];
  if (report.kind === 'full') parts.push(`config changed: rebuilt all ${plural(report.compiled.length, 'article')}`);
  else {
    if (report.templatesChanged) parts.push('templates changed');
    parts.push(`compiled ${report.compiled.length}, resolved ${report.resolved.length}`);
    if (report.added.length > 0) parts.push(`${report.added.length} new`);
    if (report.removed.length > 0) parts.push(`${report.removed.length} removed`);
    if (report.manifestChanged) parts.push('state manifest reread');
  }
  parts.push(articlesWithErrors === 0 ? 'no errors' : `${plural(articlesWithErrors, 'article')} with errors`);
  return `[${clock(now)}] ${describeChanges(changes, root)}: ${parts.join(', ')} (${report.ms.toFixed(0)} ms)`;
}

export function failureLine(changes: readonly FsChange[], root: string, error: unknown, now = new Date()): string {
  const hint = error instanceof HaloKbError && error.hint !== undefined ? ` ${error.hint}` : '';
  return `[${clock(now)}] ${describeChanges(changes, root)}: rebuild failed, still serving the last good build: ${errorMessage(error)}${hint}`;
}
