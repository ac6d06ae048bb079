/**
 * What a build prints and writes, made ready from a tree build: its articles listed (none of their
 * HTML read) when the index is wanted, the index, what writing it changes in the output folder,
 * and the HTML of only the files that change, read from the build store.
 */
import type { BuildListing, BuildSummary, TreeBuild } from './build.js';
import { strictBuild, strictStamp } from './strict.js';
import { patchedOutput } from './index-patch.js';
import { buildIndex, indexHeader, indexStamp, outputChanges, outputIsCurrent, type BuildIndex, type OutputChanges, type WriteOptions } from './write-output.js';

export interface OutputRequest {
  outDir: string;
  /** The grouping FAQ list's name. */
  group: string;
  generator: string;
  /** Count every warning as an error (--strict). */
  strict: boolean;
  /** The index is wanted whatever the output folder holds (JSON output). */
  index: boolean;
  /** Write the output folder; `rewrite`: every file again, trusting nothing it holds. */
  write: boolean;
  rewrite: boolean;
}

export interface PreparedOutput {
  /** The build, listed when its articles were. */
  result: BuildSummary;
  index?: BuildIndex;
  /** What writing changes in the output folder: undefined when nothing. */
  changes?: OutputChanges | undefined;
  /** The HTML of every article in `changes.queue`, by key. */
  html: Map<string, string>;
}

/**
 * The output changes of a build that changed few articles, with the index.json written from the
 * store it read patched (index-patch.ts), and their HTML read into `html`; undefined when the
 * index cannot be patched, or HTML missing from the store had to be compiled afresh (the full
 * listing then says so).
 */
async function patch(tree: TreeBuild, request: OutputRequest, previous: NonNullable<WriteOptions['previous']>, html: Map<string, string>): Promise<OutputChanges | undefined> {
  const articles = await tree.delta();
  if (articles === undefined) return undefined;
  const now = tree.summary();
  const header = indexHeader(now, request.group, request.generator);
  const changes = await patchedOutput(request.outDir, { header, articles, faqLists: now.faqLists, group: request.group, previous });
  if (changes === undefined) return undefined;
  // Only changed articles are queued, and those are listed.
  const pathOf = new Map(articles.flatMap((a) => (a.listed === undefined ? [] : [[a.key, a.listed.contentPath] as const])));
  const read = await tree.htmlOf(changes.queue.map((entry) => pathOf.get(entry.key)!));
  if (read.compiled > 0) return undefined;
  for (const entry of changes.queue) html.set(entry.key, read.html.get(pathOf.get(entry.key)!)!);
  return changes;
}

export async function prepareOutput(tree: TreeBuild, request: OutputRequest): Promise<PreparedOutput> {
  const { outDir, group, generator, rewrite } = request;
  const html = new Map<string, string>();
  // An output folder whose index opens with this build's stamp holds this build already.
  const stamp = request.strict ? strictStamp(tree.stamp) : tree.stamp;
  const outOfDate = request.write && (rewrite || !(await outputIsCurrent(outDir, indexStamp(stamp, group, generator))));
  if (!request.index && !request.strict && !outOfDate) return { result: tree, html };
  const listed = async (): Promise<BuildListing> => (request.strict ? strictBuild(await tree.listing()) : tree.listing());
  const previous = await tree.previousOutput(group, generator);
  if (outOfDate && !request.index && !request.strict && !rewrite && previous !== undefined) {
    const patched = await patch(tree, request, previous, html);
    if (patched !== undefined) return { result: tree.summary(), changes: patched, html };
  }
  let listing = await listed();
  let index = buildIndex(listing, group, generator);
  if (!outOfDate) return { result: listing, index, html };
  let changes = await outputChanges(outDir, index, { rewrite, previous });
  for (;;) {
    const wanted = (changes?.queue ?? []).filter((entry) => !html.has(entry.key));
    if (wanted.length === 0) break;
    const pathOf = new Map(listing.articles.map((a) => [a.key, a.contentPath]));
    const read = await tree.htmlOf(wanted.map((entry) => pathOf.get(entry.key)!));
    for (const entry of wanted) {
      const body = read.html.get(pathOf.get(entry.key)!);
      if (body !== undefined) html.set(entry.key, body);
    }
    if (read.compiled === 0) break;
    // HTML missing from the store was compiled again, with a warning the index lists too; a
    // source edited since the scan may have changed what is queued, so the loop asks again.
    listing = await listed();
    index = buildIndex(listing, group, generator);
    changes = await outputChanges(outDir, index, { rewrite, previous });
  }
  return { result: listing, index, changes, html };
}
