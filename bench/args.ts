/**
 * Command-line options of the bench scripts (`npm run bench:* -- --articles 2000`). A bad value
 * stops the bench with a message: a typo must not quietly measure something else.
 */

/** The value after `--name`, when given. */
export function stringArg(name: string, argv: readonly string[] = process.argv): string | undefined {
  const at = argv.indexOf(`--${name}`);
  return at === -1 ? undefined : argv[at + 1];
}

/** The positive whole number after `--name`, or `fallback` when the option is absent. */
export function countArg(name: string, fallback: number, argv: readonly string[] = process.argv): number {
  if (!argv.includes(`--${name}`)) return fallback;
  const text = stringArg(name, argv);
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isInteger(value) || value <= 0) {
    throw new Error(`--${name} takes a positive whole number (got ${text === undefined ? 'nothing' : JSON.stringify(text)}).`);
  }
  return value;
}
