/**
 * `halo-kb status --articles`: what Halo holds of each article, as the source tree and the state
 * manifest know it (and, with `--check-halo`, as one listing of Halo's articles shows it): its key,
 * source, Halo id and URL, when halo-kb last wrote it, and whether it was edited in Halo since.
 * Articles not yet published (a source the manifest does not have) and published articles whose
 * source is gone are listed too. Pure: the command reads the build, the manifest and Halo.
 */
import type { Article } from '../model/article.js';
import { keyFromPath } from '../content/article-path.js';
import { editedInHalo } from '../plan/drift.js';
import type { Manifest, ManifestArticle } from '../plan/manifest.js';
import type { SnapshotArticle } from '../plan/halo-snapshot.js';
import { contentPathOf, underPaths } from '../plan/scope.js';
import { haloArticleLink } from './article-link.js';
import { plural } from './plural.js';

/**
 * `published`: Halo has what the source builds to; `changed`: the source changed since it was last
 * published; `unpublished`: a source the manifest has no live entry for; `removed`: published, but
 * its source is gone (a full publish retires it); `retired`: retired earlier, and its source is gone.
 */
export type SyncState = 'published' | 'changed' | 'unpublished' | 'removed' | 'retired';

/**
 * What Halo's listing shows of a published article: `same`, not edited since halo-kb's last write;
 * `edited`, edited in Halo since (the next publish overwrites it); `missing`, no such article in
 * Halo; `inactive`, Halo has it marked inactive; `unknown`, the manifest does not record Halo's date
 * of the last write (the next plan or publish records it).
 */
export type HaloSide = 'same' | 'edited' | 'missing' | 'inactive' | 'unknown';

export interface ArticleSync {
  key: string;
  /** The source as the manifest records it (`content/central/vpn.md`). */
  source: string;
  title: string;
  state: SyncState;
  /** Why, where there is more to say: `draft`, `has errors`, `retired (unlisted)`. */
  note: string | null;
  haloId: number | null;
  url: string | null;
  /** When halo-kb last wrote it: `publishedAt`, or for entries written before that was kept, Halo's `date_edited` after the write. */
  lastPublished: string | null;
  /** Null when Halo was not checked, or for an article not in Halo. */
  halo: HaloSide | null;
  /** Halo's `date_edited`, when it was edited in Halo since. */
  editedInHalo: string | null;
}

export interface SyncCounts {
  published: number;
  changed: number;
  unpublished: number;
  removed: number;
  retired: number;
  /** Of those in Halo: edited there since halo-kb's last write. Null when Halo was not checked. */
  editedInHalo: number | null;
  /** Of those that should be in Halo: not found there, or inactive. Null when Halo was not checked. */
  missingInHalo: number | null;
}

export interface ArticleSyncReport {
  /** Whether Halo's articles were read (`--check-halo`). */
  checkedHalo: boolean;
  counts: SyncCounts;
  articles: ArticleSync[];
}

export interface SyncInputs {
  articles: readonly Pick<Article, 'key' | 'title' | 'hash' | 'draft' | 'hasErrors' | 'contentPath' | 'displayPath'>[];
  manifest: Manifest;
  /** `halo.article_url`, and the Halo the articles are in (undefined: no URLs). */
  articleUrlTemplate: string;
  haloBase: string | undefined;
  /** The content folder relative to the project root (`content`), to place manifest sources. */
  contentFolder: string;
  /** Content paths to list at or under; everything when absent. */
  paths?: readonly string[];
  /** Halo's articles (one listing), when Halo was checked. */
  halo?: readonly SnapshotArticle[];
}

function noteOf(a: { draft: boolean; hasErrors: boolean }, live: boolean): string | null {
  if (a.hasErrors) return live ? 'has errors: not published until fixed' : 'has errors';
  if (a.draft) return live ? 'now a draft: a full publish retires it' : 'draft';
  return null;
}

function haloSide(entry: ManifestArticle, rows: ReadonlyMap<number, SnapshotArticle>): { halo: HaloSide; edited: string | null } {
  const row = rows.get(entry.haloId);
  if (row === undefined) return { halo: 'missing', edited: null };
  if (row.inactive) return { halo: 'inactive', edited: null };
  if (entry.dateEdited === undefined) return { halo: 'unknown', edited: null };
  return editedInHalo(entry.dateEdited, row.dateEdited) ? { halo: 'edited', edited: row.dateEdited ?? null } : { halo: 'same', edited: null };
}

export function articleSync(inputs: SyncInputs): ArticleSyncReport {
  const { manifest, paths } = inputs;
  const rows = inputs.halo === undefined ? undefined : new Map(inputs.halo.map((r) => [r.id, r]));
  const wanted = (contentPath: string | undefined): boolean => paths === undefined || (contentPath !== undefined && underPaths(contentPath, paths));
  const link = (id: number): string | null => haloArticleLink(inputs.articleUrlTemplate, inputs.haloBase, id) ?? null;
  const published = (entry: ManifestArticle): Pick<ArticleSync, 'haloId' | 'url' | 'lastPublished' | 'halo' | 'editedInHalo'> => {
    const side = rows === undefined || entry.retired !== undefined ? undefined : haloSide(entry, rows);
    return {
      haloId: entry.haloId,
      url: entry.retired === 'deleted' ? null : link(entry.haloId),
      lastPublished: entry.publishedAt ?? entry.dateEdited ?? null,
      halo: side?.halo ?? null,
      editedInHalo: side?.edited ?? null,
    };
  };
  // With a lost or stale manifest, Halo may hold an article the manifest does not: its key marker names it.
  const byMarker = new Map<string, SnapshotArticle>();
  for (const row of inputs.halo ?? []) if (row.key !== undefined && !row.inactive && !byMarker.has(row.key)) byMarker.set(row.key, row);
  const list: ArticleSync[] = [];
  const inTree = new Set<string>();
  for (const a of inputs.articles) {
    inTree.add(a.key);
    if (!wanted(a.contentPath)) continue;
    const entry = manifest.articles[a.key];
    const base = { key: a.key, source: a.displayPath, title: a.title };
    if (entry !== undefined && entry.retired === undefined) {
      list.push({ ...base, state: entry.hash === a.hash ? 'published' : 'changed', note: noteOf(a, true), ...published(entry) });
    } else {
      const retired = entry?.retired === undefined ? null : `retired earlier (${entry.retired})`;
      const found = byMarker.get(a.key);
      const adopted = found === undefined ? null : `in Halo as #${found.id} by its key marker: the next publish adopts it`;
      const note = [noteOf(a, false), retired, adopted].filter((x) => x !== null).join('; ') || null;
      list.push({ ...base, state: 'unpublished', note, haloId: found?.id ?? null, url: found === undefined ? null : link(found.id), lastPublished: null, halo: null, editedInHalo: null });
    }
  }
  for (const [key, entry] of Object.entries(manifest.articles)) {
    if (inTree.has(key) || !wanted(contentPathOf(entry.source, inputs.contentFolder))) continue;
    const retired = entry.retired !== undefined;
    list.push({
      key,
      source: entry.source,
      title: entry.title,
      state: retired ? 'retired' : 'removed',
      note: retired ? (entry.retired === 'unlisted' ? 'unlisted: Halo refused the delete' : 'deleted') : 'source removed: a full publish retires it',
      ...published(entry),
    });
  }
  list.sort((x, y) => (x.source < y.source ? -1 : x.source > y.source ? 1 : x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const count = (s: SyncState): number => list.filter((a) => a.state === s).length;
  const checked = rows !== undefined;
  return {
    checkedHalo: checked,
    counts: {
      published: count('published'),
      changed: count('changed'),
      unpublished: count('unpublished'),
      removed: count('removed'),
      retired: count('retired'),
      editedInHalo: checked ? list.filter((a) => a.halo === 'edited').length : null,
      missingInHalo: checked ? list.filter((a) => a.halo === 'missing' || a.halo === 'inactive').length : null,
    },
    articles: list,
  };
}

const STATE_TEXT: Record<SyncState, string> = {
  published: 'published',
  changed: 'changed',
  unpublished: 'not published',
  removed: 'source removed',
  retired: 'retired',
};

/** `2026-05-04T09:12:44.120Z` -> `2026-05-04 09:12 UTC`; any other form (Halo's, for old entries) as it is. */
function shortTime(at: string | null): string {
  if (at === null) return '-';
  const iso = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d(\.\d+)?)?Z$/.exec(at);
  return iso === null ? at : `${iso[1]} ${iso[2]} UTC`;
}

/** The short state, with its note where a note changes what it means. */
function stateText(a: ArticleSync): string {
  const short = a.note === null || a.state === 'removed' || a.state === 'retired' ? null : a.note.split(':')[0];
  return short === null ? STATE_TEXT[a.state] : `${STATE_TEXT[a.state]} (${short})`;
}

/** The source, and the key where it is not the one the path gives. */
function articleText(a: ArticleSync, contentFolder: string): string {
  const contentPath = contentPathOf(a.source, contentFolder);
  return contentPath !== undefined && keyFromPath(contentPath) === a.key ? a.source : `${a.source} [key ${a.key}]`;
}

function table(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** "3 published, 1 changed since published, 1 not published" */
export function syncSummary(report: ArticleSyncReport): string {
  const c = report.counts;
  const parts = [
    `${c.published} published`,
    ...(c.changed > 0 ? [`${c.changed} changed since published`] : []),
    ...(c.unpublished > 0 ? [`${c.unpublished} not published`] : []),
    ...(c.removed > 0 ? [`${plural(c.removed, 'source')} removed`] : []),
    ...(c.retired > 0 ? [`${c.retired} retired`] : []),
  ];
  const halo =
    c.editedInHalo === null
      ? 'Edits made in Halo not checked (--check-halo reads them with one listing).'
      : `Halo: ${plural(c.editedInHalo, 'article')} edited there since published${c.missingInHalo ? `, ${c.missingInHalo} missing or inactive` : ''}.`;
  return `${plural(report.articles.length, 'article')}: ${parts.join(', ')}. ${halo}`;
}

/** One aligned line per article under a header, then the summary. */
export function syncText(report: ArticleSyncReport, contentFolder: string): string[] {
  const head = ['STATE', 'HALO ID', 'LAST PUBLISHED', ...(report.checkedHalo ? ['IN HALO'] : []), 'SOURCE', 'URL'];
  const rows = report.articles.map((a) => [
    stateText(a),
    a.haloId === null ? '-' : `#${a.haloId}`,
    shortTime(a.lastPublished),
    ...(report.checkedHalo ? [a.halo ?? '-'] : []),
    articleText(a, contentFolder),
    a.url ?? '-',
  ]);
  const lines = report.articles.length === 0 ? ['No articles.'] : table([head, ...rows]);
  return [...lines, syncSummary(report)];
}
