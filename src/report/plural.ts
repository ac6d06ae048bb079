/**
 * Counts in words, as every report, summary and status line writes them: "1 article",
 * "0 articles", "2 FAQ lists", "1 public link".
 */

/** `count` and the noun, plural unless the count is exactly one (`many` for irregular plurals). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
