/**
 * Content problems are diagnostics attached to the article they belong to, never exceptions: one bad
 * article does not stop the others, and all of them are reported together at the end.
 */

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Stable identifier of the rule, e.g. `frontmatter-type`. */
  ruleId: string;
  /** What is wrong, in one sentence. */
  message: string;
  /** What to do about it. */
  hint?: string;
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** 1-based line, where there is one. */
  line?: number;
  /** 1-based column, where there is one. */
  column?: number;
}

export interface Place {
  line?: number | undefined;
  column?: number | undefined;
}

/** Build a diagnostic, leaving out absent positions (exactOptionalPropertyTypes). */
export function diagnostic(severity: Severity, ruleId: string, file: string, message: string, place: Place = {}, hint?: string): Diagnostic {
  const d: Diagnostic = { severity, ruleId, message, file };
  if (place.line !== undefined) d.line = place.line;
  if (place.column !== undefined) d.column = place.column;
  if (hint !== undefined) d.hint = hint;
  return d;
}

/** `file:line:column` as editors and CI annotations understand it. */
export function formatLocation(d: Pick<Diagnostic, 'file' | 'line' | 'column'>): string {
  if (d.line === undefined) return d.file;
  return `${d.file}:${d.line}${d.column === undefined ? '' : `:${d.column}`}`;
}

/** One line per diagnostic, e.g. `content/central/vpn.md:3:8: error: ... [frontmatter-type]`. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${formatLocation(d)}: ${d.severity}: ${d.message} [${d.ruleId}]`;
  return d.hint === undefined ? head : `${head}\n    ${d.hint}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sort by file, then line, then column: the order a person reads them in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
