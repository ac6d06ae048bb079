/** The plan as Markdown, for pull-request comments and $GITHUB_STEP_SUMMARY. */
import type { Plan } from '../plan/types.js';
import { contentDiff } from './content-diff.js';
import { fieldChangeLines, filesShown, listNames } from './field-change-lines.js';
import { mdEscape } from './md-escape.js';
import { plural } from './plural.js';

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
