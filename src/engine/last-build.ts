/**
 * The last build's result, kept in the store's folder beside its index: the summary a build
 * reports (FAQ lists, companies, problems, tally, stamp) and a digest of what it was made from as
 * a scan sees it: the store key, the settings, the companies and the tree's problems, every
 * source's size and mtime, and the facts of every referenced file. A build whose scan gives the
 * same digest has the same result, so it reports it without reading the store's index (megabytes
 * for a large tree) or running the engine at all; the engine runs only when something asks for
 * the articles themselves, and its result is then the one reported. Size and mtime stand for
 * content here exactly as they do in the engine (update.ts): a source whose stamps are unchanged
 * is not read there either.
 *
 * Every run of the engine writes the file whole (tmp + rename) after the store, or removes it
 * when its result depends on more than its inputs (see `lastBuildOf`). It carries a hash of its
 * own result: a file cut short or edited is not used, and the next build runs the engine and
 * writes it again.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ArticleTally } from '../compile/article-tally.js';
import { resolveSettingsOf, type ResolveSettings } from '../compile/resolve.js';
import type { Diagnostic } from '../diagnostics.js';
import { isRecord, withNumbers, withStrings } from '../field-values.js';
import type { Company } from '../model/company.js';
import type { FaqListNode } from '../model/faq-list.js';
import type { FileFact } from '../model/file-fact.js';
import type { ContentTree } from '../model/source.js';
import { writeFileAtomic } from '../write-atomic.js';
import { readFileFact, type HashMemo, type SeenFile } from './file-facts.js';
import type { EngineState } from './state.js';
import { isFileHash, type StorePlace } from './store.js';
import { failedOutside } from './update.js';

const FILE = 'last-build.json';
const FORMAT = 1;

/** What a build reports of a tree when no article is asked for. */
export interface LastResult {
  stamp: string;
  faqLists: FaqListNode[];
  companies: Company[];
  /**
   * The tree's own problems. Not the store's: they are the build's that met them, and one that
   * finds the tree unchanged reads none of the store.
   */
  diagnostics: Diagnostic[];
  tally: ArticleTally;
  sources: number;
}

export interface LastBuild {
  /** The store key (compiler, templates, compile settings) the result was made with. */
  key: string;
  /** See `inputsDigest`. */
  inputs: string;
  result: LastResult;
  /** Every referenced file (whatever its fact), by content path. */
  files: string[];
  /** The referenced files' remembered hashes (see `HashMemo`), by content path. */
  hashes: Record<string, SeenFile>;
}

/**
 * A digest of what a build is made from, as the scan and the referenced files' facts give it.
 * `settings`: the resolve settings the config gives (the companies held back follow from the
 * companies and the tree's problems, which are in the digest).
 */
export function inputsDigest(key: string, settings: ResolveSettings, tree: Omit<ContentTree, 'contentDir'>, facts: ReadonlyMap<string, FileFact>): string {
  const hash = createHash('sha256').update(JSON.stringify([FORMAT, key, settings, tree.companies, tree.diagnostics]));
  for (const s of tree.sources) hash.update(`\0${s.kind}\0${s.contentPath}\0${s.size}\0${s.mtimeMs}\0${s.sidecar === undefined ? '' : `${s.sidecar.size}/${s.sidecar.mtimeMs}`}`);
  for (const p of [...facts.keys()].sort()) hash.update(`\0${p}\0${JSON.stringify(facts.get(p))}`);
  return hash.digest('hex');
}

function checkOf(last: Omit<LastBuild, 'check'>): string {
  return createHash('sha256').update(JSON.stringify(last)).digest('hex');
}

/** The last build of the store at `place` made with `key`, if one is there whole. */
export async function readLastBuild(place: StorePlace, key: string): Promise<LastBuild | undefined> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path.join(place.dir, FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(data) || data['format'] !== FORMAT || data['key'] !== key || typeof data['check'] !== 'string') return undefined;
  const { format: _format, check, ...last } = data;
  return check === checkOf(last as unknown as LastBuild) && isLastBuild(last) ? last : undefined;
}

const isDiagnostic = withStrings('ruleId', 'severity', 'message', 'file');
const everyOne = (value: unknown, fits: (element: unknown) => boolean): boolean => Array.isArray(value) && value.every(fits);

/**
 * Whether a last build read back (its own hash matched) has the shape a build writes: a file put
 * together by hand with a hash to match is not used either.
 */
function isLastBuild(last: Record<string, unknown>): last is Record<string, unknown> & LastBuild {
  const { inputs, files, hashes, result } = last;
  if (typeof inputs !== 'string' || !everyOne(files, (f) => typeof f === 'string') || !isRecord(hashes) || !Object.values(hashes).every(isFileHash)) return false;
  if (!isRecord(result) || typeof result['stamp'] !== 'string' || typeof result['sources'] !== 'number') return false;
  const { faqLists, companies, diagnostics, tally } = result;
  return (
    everyOne(faqLists, (l) => withStrings('key', 'name')(l) && isRecord((l as Record<string, unknown>)['kb'])) &&
    everyOne(companies, withStrings('folder', 'clientName', 'faqList')) &&
    everyOne(diagnostics, isDiagnostic) &&
    withNumbers('articles', 'ready', 'drafts', 'withErrors', 'uploads', 'links')(tally) &&
    everyOne((tally as Record<string, unknown>)['diagnostics'], isDiagnostic)
  );
}

/**
 * What to keep of a build for the next one: its result (as a build with a sound store gives it:
 * without the store's problems, see `LastResult`) with the digest of its inputs. Undefined when
 * the result depends on more than its inputs (an article that failed for a reason outside its
 * file is compiled again by every build), or the store was not saved (the next build has more
 * to do, and says so).
 */
export function lastBuildOf(state: EngineState, tree: ContentTree, result: Omit<LastResult, 'sources'> & { stats: { sources: number } }): LastBuild | undefined {
  if (state.dirty || [...state.entries.values()].some(failedOutside)) return undefined;
  const { stamp, faqLists, companies, diagnostics, tally, stats } = result;
  const files = [...state.facts.keys()].sort();
  const hashes = Object.fromEntries(files.flatMap((f) => (state.hashes.has(f) ? [[f, state.hashes.get(f)!] as const] : [])));
  return {
    key: state.key,
    inputs: inputsDigest(state.key, resolveSettingsOf(state.config), tree, state.facts),
    result: { stamp, faqLists, companies, diagnostics, tally, sources: stats.sources },
    files,
    hashes,
  };
}

/**
 * Keep `last` for the next build, or, undefined, remove the one kept before. It only saves time:
 * a failure to write is ignored, but one to remove is not (the file would be trusted).
 */
export async function keepLastBuild(place: StorePlace, last: LastBuild | undefined): Promise<void> {
  const file = path.join(place.dir, FILE);
  if (last === undefined) await rm(file, { force: true });
  else await writeFileAtomic(file, JSON.stringify({ format: FORMAT, check: checkOf(last), ...last })).catch(() => rm(file, { force: true }));
}

/**
 * Whether `last` is the result of `tree` as it is now: the referenced files' facts are read again
 * (hashing only files whose size or mtime changed) and the digest compared.
 */
export async function lastBuildHolds(last: LastBuild, contentDir: string, settings: ResolveSettings, tree: ContentTree): Promise<boolean> {
  const memo: HashMemo = new Map(Object.entries(last.hashes));
  const facts = new Map(await Promise.all(last.files.map(async (p) => [p, await readFileFact(contentDir, p, memo)] as const)));
  return inputsDigest(last.key, settings, tree, facts) === last.inputs;
}
