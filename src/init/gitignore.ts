/**
 * The lines halo-kb needs in a docs repository's .gitignore, and how they join a .gitignore that is
 * already there: appended, each only once, every line of the user's kept as it was. Pure.
 */
import type { Merged } from './scaffold.js';

/** halo-kb's build output and caches, and the packages `npm ci` installs. */
export const IGNORED = ['.halo-kb/', 'node_modules/'];

const HEADER = "# halo-kb's build output and caches, and the packages npm installs.";

export const GITIGNORE = `${HEADER}\n${IGNORED.join('\n')}\n`;

/** `node_modules`, `/node_modules/` and `node_modules/` all keep the folder out of git at the top. */
function same(line: string): string {
  return line.trim().replace(/^\//, '').replace(/\/$/, '');
}

export function mergeGitignore(existing: string): Merged {
  const present = new Set(existing.split(/\r?\n/).map(same));
  const missing = IGNORED.filter((line) => !present.has(same(line)));
  if (missing.length === 0) return { kind: 'unchanged', note: "already ignores halo-kb's folders" };
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const base = existing === '' || existing.endsWith('\n') ? existing : `${existing}${eol}`;
  const gap = base === '' ? '' : eol;
  return { kind: 'merged', content: `${base}${gap}${[HEADER, ...missing].join(eol)}${eol}`, note: `added ${missing.join(', ')}` };
}
