/**
 * Field changes as report lines: what an update changes besides the text (title, tags, FAQ lists,
 * customer access, review date, files and public links), as the text and Markdown plans show it.
 */
import { formatSize } from '../format-size.js';
import type { FieldChange } from '../plan/field-changes.js';
import type { Plan } from '../plan/types.js';
import { plural } from './plural.js';

/** FAQ list names by key, as the plan has them. */
export function listNames(plan: Plan): (key: string) => string | undefined {
  const names = new Map(plan.faqLists.map((l) => [l.key, l.name]));
  return (key) => names.get(key);
}

/** A size change as people read it; in bytes where the rounded sizes would read the same. */
function sizeChange(from: number | undefined, to: number): string {
  if (from === undefined) return `changed (now ${formatSize(to)})`;
  if (from === to) return `changed (same size, ${formatSize(to)})`;
  return formatSize(from) === formatSize(to) ? `${plural(from, 'byte')} -> ${plural(to, 'byte')}` : `${formatSize(from)} -> ${formatSize(to)}`;
}

/**
 * One line per field change of an update (a file or public link each its own line), as text and
 * Markdown show them. FAQ lists are named by `listName` with their key.
 */
export function fieldChangeLines(changes: readonly FieldChange[], listName: (key: string) => string | undefined): string[] {
  const lines: string[] = [];
  const signed = (added: readonly string[], removed: readonly string[]): string => [...added.map((x) => `+${x}`), ...removed.map((x) => `-${x}`)].join(' ');
  const list = (key: string): string => {
    const name = listName(key);
    return name === undefined ? key : `${name} (${key})`;
  };
  const customer = (c: { id: number; name?: string }): string => c.name ?? `customer ${c.id}`;
  for (const c of changes) {
    switch (c.field) {
      case 'title':
        lines.push(`title: "${c.from}" -> "${c.to}"`);
        break;
      case 'tags':
        lines.push(`tags: ${signed(c.added, c.removed)}`);
        break;
      case 'faqLists':
        lines.push(`FAQ lists: ${signed(c.added.map(list), c.removed.map(list))}`);
        break;
      case 'clients':
        lines.push(`customer access: ${signed(c.added.map(customer), c.removed.map(customer))}`);
        break;
      case 'reviewDate':
        lines.push(`review date: ${c.from ?? 'none'} -> ${c.to ?? 'none'}`);
        break;
      case 'attachments':
        for (const f of c.added) lines.push(`attachment ${f.path}: added (${formatSize(f.size ?? 0)})`);
        for (const f of c.changed) lines.push(`attachment ${f.path}: ${sizeChange(f.from, f.to)}`);
        for (const f of c.removed) lines.push(`attachment ${f.path}: removed${f.size === undefined ? '' : ` (${formatSize(f.size)})`}`);
        break;
      case 'publicLinks':
        for (const l of c.added) lines.push(`public link ${l.path}: added -> ${l.url}`);
        for (const l of c.changed) lines.push(`public link ${l.path}: ${l.from} -> ${l.to}`);
        for (const l of c.removed) lines.push(`public link ${l.path}: removed (was ${l.url})`);
        break;
    }
  }
  return lines;
}

/** Files an update's field changes already name: their upload or link line would say it twice. */
export function filesShown(changes: readonly FieldChange[]): Set<string> {
  const paths = new Set<string>();
  for (const c of changes) {
    if (c.field === 'attachments') for (const f of [...c.added, ...c.changed]) paths.add(f.path);
    if (c.field === 'publicLinks') for (const l of [...c.added, ...c.changed]) paths.add(l.path);
  }
  return paths;
}
