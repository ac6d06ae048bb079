/**
 * Content diffs: the readable text of what Halo holds against what the tree would publish, as
 * unified-diff hunks a reviewer can read (the text report with `--diff`, and the Markdown report).
 */
import { structuredPatch } from 'diff';

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
