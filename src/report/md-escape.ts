/** Text safe in a Markdown table cell. */
export function mdEscape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}
