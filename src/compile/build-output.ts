/**
 * What a build prints and writes, made ready from a tree build: its articles listed (none of their
 * HTML read) when the index is wanted, the index, what writing it changes in the output folder,
 * and the HTML of only the files that change, read from the build store.
 */
import type { BuildListing, BuildSummary, TreeBuild } from './build.js';
import { strictBuild } from './strict.js';
import { buildIndex, indexStamp, outputChanges, outputIsCurrent, type BuildIndex, type OutputChanges } from './write-output.js';

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

export async function prepareOutput(tree: TreeBuild, request: OutputRequest): Promise<PreparedOutput> {
  const { outDir, group, generator, rewrite } = request;
  const html = new Map<string, string>();
  // An output folder whose index opens with this build's stamp holds this build already.
  const outOfDate = request.write && (rewrite || !(await outputIsCurrent(outDir, indexStamp(tree.stamp, group, generator))));
  if (!request.index && !request.strict && !outOfDate) return { result: tree, html };
  const listed = (): BuildListing => (request.strict ? strictBuild(tree.listing()) : tree.listing());
  let listing = listed();
  let index = buildIndex(listing, group, generator);
  if (!outOfDate) return { result: listing, index, html };
  const previous = tree.previousOutput(group, generator);
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
    listing = listed();
    index = buildIndex(listing, group, generator);
    changes = await outputChanges(outDir, index, { rewrite, previous });
  }
  return { result: listing, index, changes, html };
}
