/**
 * The plan (dry-run diff report) and the publish result, in three formats: text for terminals
 * (colour on a TTY, NO_COLOR respected), Markdown for pull-request comments and
 * $GITHUB_STEP_SUMMARY, and JSON with a documented, stable schema (README, "JSON report").
 */
import { structuredPatch } from 'diff';
import type { Diagnostic } from '../diagnostics.js';
import { formatSize } from '../format-size.js';
import type { FieldChange } from '../plan/field-changes.js';
import type { PublishResult } from '../publish/results.js';
import type { ArticlePlan, Plan } from '../plan/plan.js';
import { formatDiagnostics } from './diagnostics.js';
import { plural } from './plural.js';
import { heldBack, heldBackWords, type RunVerdict } from './run-verdict.js';
import { HELD_BACK_HINT } from './status.js';

export const PLAN_SCHEMA = 'halo-kb/plan@1';

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

/** FAQ list names by key, as the plan has them. */
function listNames(plan: Plan): (key: string) => string | undefined {
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
function filesShown(changes: readonly FieldChange[]): Set<string> {
  const paths = new Set<string>();
  for (const c of changes) {
    if (c.field === 'attachments') for (const f of [...c.added, ...c.changed]) paths.add(f.path);
    if (c.field === 'publicLinks') for (const l of [...c.added, ...c.changed]) paths.add(l.path);
  }
  return paths;
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

/** HTML -> readable text lines, for a content diff a reviewer can read. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/h[1-6]|\/li|\/tr|\/pre|\/div|\/table|\/blockquote)\b[^>]*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '- ')
    .replace(/<(td|th)\b[^>]*>/gi, ' | ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}

/** Lines of context around each change in a content diff. */
const DIFF_CONTEXT = 3;

/**
 * The readable text of two bodies as unified-diff hunks: only the changed lines and a few around
 * them, so one edited line in a long article is a few lines of report, not the whole article.
 */
export function contentDiff(before: string | undefined, after: string): string {
  const lines = (html: string): string => {
    const text = htmlToText(html);
    return text === '' ? '' : `${text}\n`;
  };
  const patch = structuredPatch('halo', 'source', lines(before ?? ''), lines(after), '', '', { context: DIFF_CONTEXT });
  const out: string[] = [];
  for (const hunk of patch.hunks) {
    out.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    for (const line of hunk.lines) {
      if (line.startsWith('\\')) continue; // "\ No newline at end of file": both sides end with one
      out.push(`${line[0]} ${line.slice(1)}`);
    }
  }
  return out.join('\n');
}

/** Text safe in a Markdown table cell. */
export function mdEscape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/** Markdown: a summary table, then one collapsible section per changed article. */
export function planMarkdown(plan: Plan, htmlOf: (key: string) => string | undefined): string {
  const s = plan.summary;
  const listName = listNames(plan);
  const lines = ['## halo-kb plan', '', '| Action | Articles |', '| --- | ---: |'];
  lines.push(`| Create | ${s.create} |`, `| Update | ${s.update} |`, `| Retire | ${s.retire} |`, `| Unchanged | ${s.unchanged} |`, `| Skipped | ${s.skipped} |`);
  lines.push(
    '',
    `FAQ lists: ${s.faqListsCreate} to create, ${s.faqListsUpdate} to update, ${s.faqListsRemove} to remove. Attachments: ${s.uploads} to upload, ${plural(s.links, 'public link')}, ${s.refused} refused.`,
  );
  if (s.drift > 0) lines.push('', `> **${plural(s.drift, 'article')} edited in Halo since the last publish**: those edits will be overwritten.`);
  for (const g of plan.guards) lines.push('', `> **Guard:** ${g}`);
  for (const note of plan.scope ?? []) lines.push('', `> ${note}`);
  const errors = plan.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    lines.push('', '### Problems', '');
    for (const d of errors) lines.push(`- \`${d.file}${d.line === undefined ? '' : `:${d.line}`}\` ${mdEscape(d.message)}`);
  }
  const changed = plan.articles.filter((a) => a.action !== 'unchanged');
  if (changed.length > 0) lines.push('', '### Articles', '');
  for (const a of changed) {
    lines.push(`<details><summary><b>${a.action}</b> <code>${mdEscape(a.source)}</code>: ${mdEscape(a.title)}${a.drift === true ? ' (edited in Halo)' : ''}</summary>`, '');
    if (a.reasons.length > 0) lines.push(`${a.reasons.map(mdEscape).join('; ')}`, '');
    // An update shows what changed (where the last publish is known); anything else what it has.
    const changes = fieldChangeLines(a.changes, listName);
    for (const line of changes) lines.push(`- ${mdEscape(line)}`);
    const shown = filesShown(a.changes);
    if (a.action !== 'update' && a.faqLists.length > 0) lines.push(`- FAQ lists: ${a.faqLists.map((l) => `\`${l}\``).join(', ')}`);
    if (a.action !== 'update' && a.tags.length > 0) lines.push(`- Tags: ${a.tags.map((t) => `\`${t}\``).join(', ')}`);
    for (const att of a.attachments.filter((x) => a.action !== 'update' || (x.action !== 'unchanged' && !shown.has(x.path))))
      lines.push(`- Attachment \`${att.path}\`: ${att.action}${att.url === undefined ? '' : ` (${att.url})`}`);
    const html = htmlOf(a.key);
    if ((a.action === 'create' || a.action === 'update') && html !== undefined) {
      const diff = contentDiff(a.currentHtml, html);
      lines.push('', ...(diff === '' ? ['The text is unchanged.'] : ['```diff', diff, '```']));
    }
    lines.push('', '</details>');
  }
  return lines.join('\n');
}

/** JSON: see the README for the schema. `run` is a publish's verdict (run-verdict.ts). */
export function planJson(plan: Plan, result?: PublishResult, prints?: { content: string; state: string }, run?: RunVerdict): unknown {
  const json: Record<string, unknown> = {
    schema: PLAN_SCHEMA,
    ...(prints === undefined ? {} : { fingerprints: prints }),
    summary: plan.summary,
    faqLists: plan.faqLists.map((l) => ({ key: l.key, name: l.name, action: l.action, haloId: l.haloId ?? null, reasons: l.reasons })),
    articles: plan.articles.map((a) => ({
      key: a.key,
      action: a.action,
      source: a.source,
      title: a.title,
      haloId: a.haloId ?? null,
      reasons: a.reasons,
      drift: a.drift === true,
      faqLists: a.faqLists,
      tags: a.tags,
      attachments: a.attachments,
      changes: a.changes,
    })),
    guards: plan.guards,
    scope: plan.scope ?? [],
    problems: plan.diagnostics satisfies Diagnostic[],
  };
  if (result !== undefined) json['result'] = result;
  if (run !== undefined) json['run'] = run;
  return json;
}

/**
 * Why retirements were held back and what to do, after a publish: two lines, or undefined when
 * nothing was held back.
 */
export function heldBackText(plan: Pick<Plan, 'articles' | 'faqLists' | 'guards'>): string | undefined {
  const held = heldBack(plan);
  if (held.count === 0) return undefined;
  return `Held back: ${heldBackWords({ count: held.count, faqLists: held.faqLists.length })} not made. ${plan.guards.join(' ')}\n  ${HELD_BACK_HINT}`;
}

/** The last lines of a publish: what happened, in words. */
export function publishText(result: PublishResult): string {
  const count = (kind: string): number => result.articles.filter((a) => a.kind === kind).length;
  const lines: string[] = [];
  for (const a of result.articles.filter((x) => x.kind === 'failed')) lines.push(`failed: ${a.source} "${a.title}": ${a.message ?? ''}`);
  // Retiring deletes an article or, where Halo refuses the delete, unlists it: both are "retired",
  // in these lines as in the plan ("- retire") and the summary below.
  for (const a of result.articles.filter((x) => x.kind === 'retired')) lines.push(`retired: ${a.source} "${a.title}" (article ${a.haloId}): deleted`);
  for (const a of result.articles.filter((x) => x.kind === 'unlisted')) lines.push(`retired: ${a.source} "${a.title}" (article ${a.haloId}): unlisted, not deleted: ${a.message ?? ''}`);
  for (const f of result.attachments.filter((x) => x.kind === 'failed')) lines.push(`failed: attachment ${f.path}: ${f.message ?? ''}`);
  for (const l of result.faqLists.filter((x) => x.kind === 'removed' || x.kind === 'hidden' || x.kind === 'kept' || x.kind === 'failed')) {
    lines.push(`${l.kind}: FAQ list "${l.name}" (${l.haloId ?? 'no id'})${l.message === undefined ? '' : `: ${l.message}`}`);
  }
  if (result.undone.length > 0) {
    lines.push(`Not done: ${result.undone.length === 1 ? '1 planned change' : `${result.undone.length} planned changes`}; run halo-kb publish again to finish (it resumes where this run stopped):`);
    for (const u of result.undone) lines.push(`  ${u}`);
  }
  const lists = result.faqLists.filter((l) => l.kind === 'created').length;
  const unlisted = count('unlisted') > 0 ? ` (${count('unlisted')} unlisted)` : '';
  lines.push(
    `Published: ${count('created')} created, ${count('updated')} updated, ${count('unlisted') + count('retired')} retired${unlisted}, ${count('unchanged')} unchanged, ${count('skipped')} skipped, ${count('failed')} failed; ${plural(lists, 'FAQ list')} created, ${plural(result.attachments.filter((a) => a.kind === 'uploaded').length, 'attachment')} uploaded.`,
  );
  return lines.join('\n');
}
