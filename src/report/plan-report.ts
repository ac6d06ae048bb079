/**
 * The plan (dry-run diff report) as text for terminals (colour on a TTY, NO_COLOR respected). The
 * same plan as Markdown for pull-request comments and $GITHUB_STEP_SUMMARY is in plan-markdown.ts,
 * as JSON with a documented, stable schema (README, "JSON report") in plan-json.ts; the publish
 * result in words is in publish-text.ts.
 */
import type { ArticlePlan, Plan } from '../plan/types.js';
import { contentDiff } from './content-diff.js';
import { formatDiagnostics } from './diagnostics.js';
import { fieldChangeLines, filesShown, listNames } from './field-change-lines.js';
import { plural } from './plural.js';

export type ReportFormat = 'text' | 'markdown' | 'json';

const SYMBOL: Record<ArticlePlan['action'], string> = { create: '+', update: '~', retire: '-', unchanged: '=', skipped: '!' };
const COLOR: Record<ArticlePlan['action'], string> = { create: '32', update: '33', retire: '31', unchanged: '2', skipped: '35' };

function paint(on: boolean, code: string, text: string): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export function planHeadline(plan: Plan): string {
  const s = plan.summary;
  const lists =
    s.faqListsCreate + s.faqListsUpdate + s.faqListsRemove === 0
      ? 'FAQ lists unchanged'
      : `FAQ lists: ${s.faqListsCreate} to create, ${s.faqListsUpdate} to update${s.faqListsRemove > 0 ? `, ${s.faqListsRemove} to remove` : ''}`;
  const files = `attachments: ${s.uploads} to upload, ${plural(s.links, 'public link')}${s.refused > 0 ? `, ${s.refused} refused` : ''}`;
  const drift = s.drift > 0 ? ` ${plural(s.drift, 'article')} edited in Halo will be overwritten.` : '';
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.retire} to retire, ${s.unchanged} unchanged, ${s.skipped} skipped. ${lists}; ${files}.${drift}`;
}

export interface PlanTextOptions {
  color: boolean;
  /** List unchanged articles and FAQ lists too. */
  verbose?: boolean;
  /** `--diff`: the content diff of each article to create or update, under its line (its built HTML by key). */
  diff?: (key: string) => string | undefined;
}

/** Colour of a content diff line: removed red, added green, hunk headers cyan. */
function paintDiffLine(color: boolean, line: string): string {
  const code = line.startsWith('@@') ? '36' : line.startsWith('-') ? '31' : line.startsWith('+') ? '32' : undefined;
  return code === undefined ? line : paint(color, code, line);
}

/** Text: one line per article that is not unchanged (all with `verbose`). */
export function planText(plan: Plan, options: PlanTextOptions): string {
  const lines: string[] = [];
  const listName = listNames(plan);
  for (const d of formatDiagnostics(plan.diagnostics, 'text')) lines.push(d);
  for (const l of plan.faqLists.filter((x) => x.action !== 'unchanged' || options.verbose)) {
    const sym = l.action === 'create' ? '+' : l.action === 'update' ? '~' : l.action === 'remove' ? '-' : '=';
    lines.push(
      `${paint(options.color, l.action === 'create' ? '32' : l.action === 'remove' ? '31' : '33', `${sym} FAQ list`)} ${l.name} (${l.key})${l.reasons.length > 0 ? `: ${l.reasons.join(', ')}` : ''}`,
    );
  }
  for (const a of plan.articles.filter((x) => x.action !== 'unchanged' || options.verbose)) {
    const head = paint(options.color, COLOR[a.action], `${SYMBOL[a.action]} ${a.action.padEnd(9)}`);
    const drift = a.drift === true ? paint(options.color, '31', ' [edited in Halo]') : '';
    lines.push(`${head} ${a.source}  "${a.title}"${drift}${a.reasons.length > 0 ? `: ${a.reasons.join('; ')}` : ''}`);
    for (const line of fieldChangeLines(a.changes, listName)) lines.push(`      ${line}`);
    const shown = filesShown(a.changes);
    for (const att of a.attachments.filter((x) => x.action !== 'unchanged' && !shown.has(x.path))) {
      lines.push(`      ${att.action === 'upload' ? 'upload' : att.action === 'link' ? 'link  ' : 'REFUSED'} ${att.path}${att.url === undefined ? '' : ` -> ${att.url}`}`);
    }
    const html = options.diff !== undefined && (a.action === 'create' || a.action === 'update') ? options.diff(a.key) : undefined;
    if (html !== undefined) {
      const diff = contentDiff(a.currentHtml, html);
      if (diff === '') lines.push('      The text is unchanged.');
      else for (const line of diff.split('\n')) lines.push(`      ${paintDiffLine(options.color, line)}`);
    }
  }
  for (const g of plan.guards) lines.push(paint(options.color, '31', `guard: ${g}`));
  for (const note of plan.scope ?? []) lines.push(note);
  lines.push(planHeadline(plan));
  return lines.join('\n');
}
