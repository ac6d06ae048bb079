/**
 * index.json patched: a build that changed a few articles of a large tree keeps the lines of the
 * others as the index.json written from the store it read has them, and writes only the changed
 * ones anew. What it writes is byte for byte what writing the whole index gives. Whenever that is
 * not certain there is no patch, and the index is written whole: an index.json not written from
 * that store (another stamp), an output folder a build stopped writing, FAQ lists named otherwise
 * since (see `listsDigest`), a key that two articles share, a line not found or not in the form
 * `indexText` writes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ListedArticle } from '../model/article.js';
import type { FaqListNode } from '../model/faq-list.js';
import { faqListPaths, htmlFileOf, INDEX_FILE, indexEntryOf, indexText, outputInterrupted, stampIn, type BuildIndex, type IndexEntry, type OutputChanges, type WriteOptions } from './write-output.js';

/** An article of a build as a patch needs it: its key and hash, and its listing when it changed since the store was read. */
export interface DeltaArticle {
  key: string;
  hash: string;
  listed?: ListedArticle;
}

const ARTICLES_OPEN = '\n  "articles": [\n';
const ARTICLES_EMPTY = '\n  "articles": [],\n';
const LINE_START = '    {"key":';
/** Every entry's second field: its key's JSON ends where this begins (a quote inside a key is escaped). */
const AFTER_KEY = ',"source":';
/** Between two article lines. */
const SEPARATOR = ',\n    ';
/** Stands for the article lines in the text of the index around them: JSON escapes every U+0000. */
const ARTICLES_HERE = '\u0000';

/** An article line of an old index.json: its key, its place among the lines, and where its entry's JSON lies in the file. */
interface OldLine {
  key: string;
  at: number;
  start: number;
  end: number;
}

/** The key a line's JSON names, if it is a JSON string (a file edited by hand may hold anything). */
function keyIn(json: string): string | undefined {
  try {
    const key: unknown = JSON.parse(json);
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The article lines of an index.json by key (in the bytes read: nothing is decoded but the keys);
 * undefined when the file is not in the form `indexText` writes, or two lines share a key.
 */
function articleLines(bytes: Buffer): Map<string, OldLine> | undefined {
  const lines = new Map<string, OldLine>();
  if (bytes.includes(ARTICLES_EMPTY)) return lines;
  const open = bytes.indexOf(ARTICLES_OPEN);
  const close = open === -1 ? -1 : bytes.indexOf('\n  ]', open);
  if (close === -1) return undefined;
  for (let start = open + ARTICLES_OPEN.length, at = 0; start < close; at++) {
    const lineEnd = bytes.indexOf(10, start);
    const keyEnd = bytes.indexOf(AFTER_KEY, start);
    if (bytes.toString('latin1', start, start + LINE_START.length) !== LINE_START || keyEnd === -1 || keyEnd > lineEnd) return undefined;
    const key = keyIn(bytes.toString('utf8', start + LINE_START.length, keyEnd));
    if (key === undefined || lines.has(key)) return undefined;
    lines.set(key, { key, at, start: start + 4, end: bytes[lineEnd - 1] === 0x2c ? lineEnd - 1 : lineEnd });
    start = lineEnd + 1;
  }
  return lines;
}

export interface PatchInput {
  /** The new index without its articles (`indexHeader`). */
  header: BuildIndex;
  /** Every article of the build, in order. */
  articles: readonly DeltaArticle[];
  faqLists: readonly FaqListNode[];
  group: string;
  /** What the store knows of the index.json written from it (see `WriteOptions`). */
  previous: NonNullable<WriteOptions['previous']>;
}

/**
 * What writing the patched index changes in `outDir`, or undefined when it cannot be patched. The
 * index is written in parts: the new text around the articles, the changed articles' lines, and
 * the old file's bytes for each run of unchanged ones (megabytes neither decoded nor encoded).
 */
export async function patchedOutput(outDir: string, input: PatchInput): Promise<OutputChanges | undefined> {
  const { header, articles, previous } = input;
  if (articles.length === 0 || (await outputInterrupted(outDir))) return undefined;
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(outDir, INDEX_FILE));
  } catch {
    return undefined;
  }
  if (stampIn(bytes) !== previous.stamp) return undefined;
  const old = articleLines(bytes);
  if (old === undefined) return undefined;
  const [head, tail] = indexText(header, [ARTICLES_HERE]).split(ARTICLES_HERE) as [string, string];
  const parts: Uint8Array[] = [Buffer.from(head)];
  const listPath = faqListPaths(input.faqLists, input.group);
  const queue: IndexEntry[] = [];
  const keys = new Set<string>();
  // A run of old lines that follow each other in the old file too, separators and all.
  let run: OldLine | undefined;
  const endRun = (): void => {
    if (run !== undefined) parts.push(bytes.subarray(run.start, run.end));
    run = undefined;
  };
  for (const [i, article] of articles.entries()) {
    if (keys.has(article.key)) return undefined;
    keys.add(article.key);
    const before = previous.hashes.get(article.key);
    if (article.listed === undefined) {
      // Unchanged, so its line and HTML file are as written; unless another article had its key.
      const line = old.get(article.key);
      if (line === undefined || before !== article.hash) return undefined;
      if (run !== undefined && line.at === run.at + 1) {
        run.end = line.end;
        run.at = line.at;
        continue;
      }
      endRun();
      if (i > 0) parts.push(Buffer.from(SEPARATOR));
      run = { ...line };
      continue;
    }
    endRun();
    const entry = indexEntryOf(article.listed, listPath);
    parts.push(Buffer.from(`${i > 0 ? SEPARATOR : ''}${JSON.stringify(entry)}`));
    if (before !== article.hash) queue.push(entry);
  }
  endRun();
  parts.push(Buffer.from(tail));
  const stale = [...previous.hashes.keys()].filter((key) => !keys.has(key)).map((key) => htmlFileOf({ key }));
  return { text: parts, queue, stale };
}
