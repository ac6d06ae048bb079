/**
 * Compiled HTML bodies kept as files named by their sha256 (`<dir>/<sha256>.html`). The build
 * store keeps every article's HTML so, and compile workers write what they compile there
 * themselves: the main thread then never holds a cold build's HTML at once.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

export function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function htmlFileIn(dir: string, sha256: string): string {
  return path.join(dir, `${sha256}.html`);
}

/**
 * Write `html` under its hash, unless a file is there already; its hash. Synchronously: thousands
 * of small files of a few kilobytes each (see write-output.ts for the measurement). Through a
 * temporary file named for this thread, then a rename: a file cut short by a crash would fail its
 * hash check anyway, but need not be read to find out, and two threads writing the same body do
 * not meet.
 */
export function writeHtmlFile(dir: string, html: string, sha256 = sha256Of(html)): string {
  const file = htmlFileIn(dir, sha256);
  if (existsSync(file)) return sha256;
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}-${threadId}.tmp`;
  writeFileSync(tmp, html);
  renameSync(tmp, file);
  return sha256;
}

/**
 * The HTML with hash `sha256`, read and checked; undefined when the file is missing or does not
 * match (the caller compiles its source afresh). A file that does not match is removed, so that
 * it is written again.
 */
export function readHtmlFile(dir: string, sha256: string): string | undefined {
  const file = htmlFileIn(dir, sha256);
  let html: string;
  try {
    html = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (sha256Of(html) === sha256) return html;
  rmSync(file, { force: true });
  return undefined;
}
