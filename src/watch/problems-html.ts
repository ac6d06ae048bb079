/**
 * An article's (or the tree's) errors and warnings as HTML, where the writer is looking.
 */
import { escapeHtml } from '../compile/template.js';
import { formatLocation, sortDiagnostics, type Diagnostic } from '../diagnostics.js';

function item(d: Diagnostic): string {
  const hint = d.hint === undefined ? '' : `<div class="hint">${escapeHtml(d.hint)}</div>`;
  return `<li><span class="where">${escapeHtml(formatLocation(d))}</span> ${escapeHtml(d.message)} <span class="where">[${escapeHtml(d.ruleId)}]</span>${hint}</li>`;
}

/** `of`: whose problems they are; an article's errors keep it from being published. */
export function problemsHtml(diagnostics: readonly Diagnostic[], of: 'article' | 'tree' = 'article'): string {
  const sorted = sortDiagnostics(diagnostics);
  const errors = sorted.filter((d) => d.severity === 'error');
  const warnings = sorted.filter((d) => d.severity === 'warning');
  const block = (list: Diagnostic[], cls: string, title: string): string =>
    list.length === 0 ? '' : `<div class="problems ${cls}" data-problems="${cls}"><strong>${title}</strong><ul>${list.map(item).join('')}</ul></div>`;
  return (
    block(
      errors,
      'errors',
      `${errors.length} error${errors.length === 1 ? '' : 's'}${of === 'article' ? `: this article is not published until ${errors.length === 1 ? 'it is' : 'they are'} fixed` : ' in the content tree'}`,
    ) + block(warnings, 'warnings', `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`)
  );
}
