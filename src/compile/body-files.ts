/**
 * Compiled bodies, kept as files named by their sha256 (`<dir>/<sha256>.body`): what compiling a
 * source gives that only resolving the article and reading its output need, its HTML and the
 * references its link tokens index. The build store keeps every article's body so, and the rest
 * of the compiled article in its index, which every build reads whole. Compile workers write the
 * bodies they compile there themselves: the main thread then never holds a cold build's HTML at
 * once. A file is the references as one line of JSON, then the HTML.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import type { LocalRef } from './markdown.js';

export interface Body {
  html: string;
  refs: LocalRef[];
}

export function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A body's file content. JSON has no raw line break, so the first one ends the references. */
export function bodyText(body: Body): string {
  return `${JSON.stringify(body.refs)}\n${body.html}`;
}

function bodyFileIn(dir: string, sha256: string): string {
  return path.join(dir, `${sha256}.body`);
}

/**
 * Write `body` under its hash, unless a file is there already; its hash. Synchronously: thousands
 * of small files of a few kilobytes each (see write-output.ts for the measurement). Through a
 * temporary file named for this thread, then a rename: a file cut short by a crash would fail its
 * hash check anyway, but need not be read to find out, and two threads writing the same body do
 * not meet.
 */
export function writeBodyFile(dir: string, body: Body, text = bodyText(body), sha256 = sha256Of(text)): string {
  const file = bodyFileIn(dir, sha256);
  // Something else in its place (a folder, say) fails the rename below: the caller keeps the body.
  if (statSync(file, { throwIfNoEntry: false })?.isFile() === true) return sha256;
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  return sha256;
}

/**
 * The body with hash `sha256`, read and checked; undefined when the file is missing or does not
 * match (the caller compiles its source afresh). A file that does not match is removed, so that
 * it is written again.
 */
export function readBodyFile(dir: string, sha256: string): Body | undefined {
  const file = bodyFileIn(dir, sha256);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const end = text.indexOf('\n');
  // A file whose content has its name was written by `writeBodyFile`: its first line is JSON.
  if (end !== -1 && sha256Of(text) === sha256) return { html: text.slice(end + 1), refs: JSON.parse(text.slice(0, end)) as LocalRef[] };
  rmSync(file, { force: true });
  return undefined;
}
