/**
 * Diagnostics for people and for CI: plain lines (`file:line:col: error: … [rule]`) or GitHub
 * workflow commands, which GitHub shows on the changed lines of a pull request.
 */
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';

export type DiagnosticFormat = 'text' | 'github';

/** GitHub's workflow-command escaping for property values and messages. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A `::warning` workflow command that is not about a line of a file: GitHub shows it on the run's summary. */
export function githubWarning(title: string, message: string): string {
  return `::warning title=${escapeProperty(title)}::${escapeData(message)}`;
}

export function githubAnnotation(d: Diagnostic): string {
  const props = [`file=${escapeProperty(d.file)}`];
  if (d.line !== undefined) props.push(`line=${d.line}`);
  if (d.column !== undefined) props.push(`col=${d.column}`);
  props.push(`title=${escapeProperty(`halo-kb ${d.ruleId}`)}`);
  const message = d.hint === undefined ? d.message : `${d.message}\n${d.hint}`;
  return `::${d.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(message)}`;
}

/** Every diagnostic, sorted, one entry per line (hints indented under text ones). */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], format: DiagnosticFormat): string[] {
  return sortDiagnostics(diagnostics).map((d) => (format === 'github' ? githubAnnotation(d) : formatDiagnostic(d)));
}
