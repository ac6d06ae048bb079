/**
 * index.json patched: a build that changed a few articles of a large tree keeps the lines of the
 * others as the index.json written from the store it read has them, and writes only the changed
 * ones anew. What it writes is byte for byte what writing the whole index gives. Whenever that is
 * not certain there is no patch, and the index is written whole: an index.json not written from
 * that store (another stamp), FAQ lists named otherwise since (see `listsDigest`), a key that two
 * articles share, a line not found or not in the form `indexText` writes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ListedArticle } from '../model/article.js';
import type { FaqListNode } from '../model/faq-list.js';
import { faqListPaths, htmlFileOf, indexEntryOf, indexText, type BuildIndex, type IndexEntry, type OutputChanges, type WriteOptions } from './write-output.js';

/** An article of a build as a patch needs it: its key and hash, and its listing when it changed since the store was read. */
export interface DeltaArticle {
  key: string;
  hash: string;
  listed?: ListedArticle;
}

const ARTICLES_OPEN = '\n  "articles": [\n';
const ARTICLES_EMPTY = '\n  "articles": [],\n';
const STAMP = /^ {2}"stamp": "([0-9a-f]{64})",$/m;
const ARTICLE_KEY = /^ {4}\{"key":("(?:[^"\\]|\\.)*"),/;

/**
 * The article lines of an index.json's text (each an entry's JSON), by key; undefined when the
 * text is not in the form `indexText` writes, or two lines share a key.
 */
function articleLines(text: string): Map<string, string> | undefined {
  const lines = new Map<string, string>();
  if (text.includes(ARTICLES_EMPTY)) return lines;
  const open = text.indexOf(ARTICLES_OPEN);
  const close = open === -1 ? -1 : text.indexOf('\n  ]', open);
  if (close === -1) return undefined;
  for (const line of text.slice(open + ARTICLES_OPEN.length, close).split('\n')) {
    const key = ARTICLE_KEY.exec(line)?.[1];
    if (key === undefined) return undefined;
    const parsed = JSON.parse(key) as string;
    if (lines.has(parsed)) return undefined;
    lines.set(parsed, line.slice(4, line.endsWith(',') ? -1 : undefined));
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

/** What writing the patched index changes in `outDir`, or undefined when it cannot be patched. */
export async function patchedOutput(outDir: string, input: PatchInput): Promise<OutputChanges | undefined> {
  const { header, articles, previous } = input;
  let text: string;
  try {
    text = await readFile(path.join(outDir, 'index.json'), 'utf8');
  } catch {
    return undefined;
  }
  if (STAMP.exec(text.slice(0, 1024))?.[1] !== previous.stamp) return undefined;
  const old = articleLines(text);
  if (old === undefined) return undefined;
  const listPath = faqListPaths(input.faqLists, input.group);
  const lines: string[] = [];
  const queue: IndexEntry[] = [];
  const keys = new Set<string>();
  for (const article of articles) {
    if (keys.has(article.key)) return undefined;
    keys.add(article.key);
    const before = previous.hashes.get(article.key);
    if (article.listed === undefined) {
      // Unchanged, so its line and HTML file are as written; unless another article had its key.
      const line = old.get(article.key);
      if (line === undefined || before !== article.hash) return undefined;
      lines.push(line);
      continue;
    }
    const entry = indexEntryOf(article.listed, listPath);
    lines.push(JSON.stringify(entry));
    if (before !== article.hash) queue.push(entry);
  }
  const stale = [...previous.hashes.keys()].filter((key) => !keys.has(key)).map((key) => htmlFileOf({ key }));
  return { text: indexText(header, lines), queue, stale };
}
