/**
 * The state manifest (`state/manifest.json`): what halo-kb last published, so the next run writes
 * only what changed. Committed to git and reviewed in diffs, so it is human-readable with a stable
 * key order; written atomically after every successful write, so a crash loses at most the write in
 * flight. Nothing secret is ever in it.
 *
 * The manifest is a cache of Halo's truth, not the only record of it: every published article carries
 * its key marker, so a lost or stale manifest is rebuilt by adopting the articles found in Halo.
 */
import { readFile } from 'node:fs/promises';
import { HaloKbError } from '../errors.js';
import type { HaloProfile } from '../halo/profile.js';
import { recordedFields, type PublishedFields } from './field-changes.js';
import { writeFileAtomic } from '../write-atomic.js';

export const MANIFEST_VERSION = 1;

export interface ManifestAttachment {
  sha256: string;
  /** Halo's attachment id, where Halo told it. */
  haloId?: number;
  /** Bytes, as published; absent in entries written before sizes were kept. */
  size?: number;
}

export interface ManifestArticle {
  haloId: number;
  /** Source path, for people reading the manifest. */
  source: string;
  title: string;
  /** Content hash of the build that was published. */
  hash: string;
  /** Halo ids of the FAQ lists it was put in. */
  faqLists: number[];
  /** Halo client ids it is restricted to (company KBs). */
  clients?: number[];
  attachments?: Record<string, ManifestAttachment>;
  /**
   * Tags as published. Always written (an empty list too); an entry without it was written before
   * tags, review dates and public links were kept, so those are unknown for it, not empty.
   */
  tags?: string[];
  /** Halo's next review date as published (`YYYY-MM-DD`), where the article has one. */
  reviewDate?: string;
  /** Files linked rather than uploaded: content path -> the public URL the article links to. */
  publicLinks?: Record<string, string>;
  /** Halo's `date_edited` after halo-kb's last write: a newer one means it was edited in Halo. */
  dateEdited?: string;
  /**
   * When halo-kb last wrote the article to Halo (ISO 8601, this machine's clock). Absent in entries
   * written before it was kept, and in entries adopted or rebuilt from Halo without a write.
   */
  publishedAt?: string;
  /** Cross-link targets that had no Halo id when this was written; a later run fills them in. */
  pendingLinks?: string[];
  /** Files (content paths) whose Halo URL was not known when this was written: their links point nowhere until a later run fills them in. */
  pendingFiles?: string[];
  /** Set once the article is retired: `deleted`, or `unlisted` where Halo refused the delete. */
  retired?: 'deleted' | 'unlisted';
  /**
   * Fingerprints of what halo-kb last sent Halo for this article (its final HTML, and the rest of the
   * write): a change of anything that reaches Halo, not only of the source, is published.
   */
  sent?: { html: string; meta: string };
}

/** What a manifest entry says of the article in Halo, as the one who publishes (or finds) it knows. */
export interface PublishedArticle {
  /** Source path, for people reading the manifest (an article's `displayPath`). */
  source: string;
  title: string;
  /** Content hash of the build Halo holds; empty where that is not known, so the next plan updates it. */
  hash: string;
  /** Halo ids of its FAQ lists. */
  faqLists: number[];
  /** Halo client ids it is restricted to; none for the central KB. */
  clients?: readonly number[];
}

/**
 * The manifest entry of an article Halo holds under `haloId`. `built`: the article as built, where
 * its tags, review date and public links are what Halo holds; without it they are unknown (not
 * empty), and the next plan does not take their absence for a change.
 */
export function manifestArticle(haloId: number, published: PublishedArticle, built?: Pick<PublishedFields, 'tags' | 'reviewDate' | 'attachments'>): ManifestArticle {
  const entry: ManifestArticle = { haloId, source: published.source, title: published.title, hash: published.hash, faqLists: published.faqLists };
  if (published.clients !== undefined && published.clients.length > 0) entry.clients = [...published.clients];
  if (built !== undefined) Object.assign(entry, recordedFields(built));
  return entry;
}

export interface ManifestFaqList {
  haloId: number;
  name: string;
  /**
   * Set once the list is no longer wanted but stays in Halo: `hidden` where Halo refused its delete
   * (it is no longer shown to all users), `kept` where it still holds articles halo-kb did not publish.
   */
  retired?: 'hidden' | 'kept';
}

/**
 * How a publish ended: `ok`, everything its plan named was done; `partial`, done, but articles
 * with errors were not published or retirements were held back by a guard; `failed`, a write
 * failed or planned work was left undone.
 */
export type RunStatus = 'ok' | 'partial' | 'failed';

export interface RunRecord {
  at: string;
  command: string;
  /** `status === 'ok'`; the only verdict in manifests written before `status` existed. */
  ok: boolean;
  status?: RunStatus;
  /** Article results by kind (created, updated, unchanged, retired, unlisted, skipped, failed). */
  counts: Record<string, number>;
  requests?: number;
  /** The first problems of the run (failed writes, work not done, content errors, held-back retirements), secrets removed. */
  errors: string[];
  /** How many problems there were in all, where `errors` shows only the first. */
  errorCount?: number;
  /** Articles not published because they have errors. */
  withErrors?: number;
  /**
   * Retirements and FAQ list removals held back by a guard, and the guards' reasons; `faqLists`:
   * how many of `count` are list removals (absent: none, as in records written before lists counted).
   */
  heldBack?: { count: number; faqLists?: number; reasons: string[] };
}

/** A record's status, for records written before `status` existed too. */
export function runStatus(record: RunRecord): RunStatus {
  return record.status ?? (record.ok ? 'ok' : 'failed');
}

export interface Manifest {
  version: number;
  /** The Halo instance published to (resource server URL, no credentials). */
  halo?: string;
  /** `halo.article_url` as last published with: cross-links were written from it. */
  articleUrl?: string;
  /** How that Halo behaves where its API leaves it open: found on the first upload or by `doctor --probe`. */
  haloProfile?: HaloProfile;
  faqLists: Record<string, ManifestFaqList>;
  articles: Record<string, ManifestArticle>;
  lastRun?: RunRecord;
  /** The last run that failed, kept until a run succeeds (Halo's "Last Error"). */
  lastError?: RunRecord;
}

export function emptyManifest(): Manifest {
  return { version: MANIFEST_VERSION, faqLists: {}, articles: {} };
}

function sortedObject<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** An attachment's fields in a fixed order, however it was built. */
function orderedAttachment(x: ManifestAttachment): ManifestAttachment {
  const out: ManifestAttachment = { sha256: x.sha256 };
  if (x.haloId !== undefined) out.haloId = x.haloId;
  if (x.size !== undefined) out.size = x.size;
  return out;
}

/** Stable JSON: top-level fields in a fixed order, articles and lists sorted by key. */
export function serializeManifest(manifest: Manifest): string {
  const ordered: Manifest = { version: manifest.version, faqLists: sortedObject(manifest.faqLists), articles: {} };
  if (manifest.halo !== undefined) ordered.halo = manifest.halo;
  const articles: Record<string, ManifestArticle> = {};
  for (const [key, a] of Object.entries(sortedObject(manifest.articles))) {
    const entry = manifestArticle(a.haloId, a);
    if (a.attachments !== undefined && Object.keys(a.attachments).length > 0)
      entry.attachments = sortedObject(Object.fromEntries(Object.entries(a.attachments).map(([file, x]) => [file, orderedAttachment(x)])));
    if (a.tags !== undefined) entry.tags = a.tags;
    if (a.reviewDate !== undefined) entry.reviewDate = a.reviewDate;
    if (a.publicLinks !== undefined && Object.keys(a.publicLinks).length > 0) entry.publicLinks = sortedObject(a.publicLinks);
    if (a.dateEdited !== undefined) entry.dateEdited = a.dateEdited;
    if (a.publishedAt !== undefined) entry.publishedAt = a.publishedAt;
    if (a.pendingLinks !== undefined && a.pendingLinks.length > 0) entry.pendingLinks = [...a.pendingLinks].sort();
    if (a.pendingFiles !== undefined && a.pendingFiles.length > 0) entry.pendingFiles = [...a.pendingFiles].sort();
    if (a.retired !== undefined) entry.retired = a.retired;
    if (a.sent !== undefined) entry.sent = { html: a.sent.html, meta: a.sent.meta };
    articles[key] = entry;
  }
  const out = {
    version: ordered.version,
    ...(ordered.halo === undefined ? {} : { halo: ordered.halo }),
    ...(manifest.articleUrl === undefined ? {} : { articleUrl: manifest.articleUrl }),
    ...(manifest.haloProfile === undefined ? {} : { haloProfile: manifest.haloProfile }),
    faqLists: ordered.faqLists,
    articles,
    ...(manifest.lastRun === undefined ? {} : { lastRun: manifest.lastRun }),
    ...(manifest.lastError === undefined ? {} : { lastError: manifest.lastError }),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Read the manifest; a missing file is an empty manifest (the first run, or a lost one). */
export async function readManifest(file: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyManifest();
    throw new HaloKbError('STATE_UNREADABLE', `Cannot read the state manifest ${file}: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new HaloKbError('STATE_INVALID', `The state manifest ${file} is not valid JSON (${(error as Error).message}).`, {
      hint: 'Restore it from git (git checkout -- state/manifest.json), or run "halo-kb state rebuild" to rebuild it from Halo.',
      cause: error,
    });
  }
  const m = data as Partial<Manifest> | null;
  if (m === null || typeof m !== 'object' || typeof m.articles !== 'object' || typeof m.faqLists !== 'object' || m.articles === null || m.faqLists === null) {
    throw new HaloKbError('STATE_INVALID', `The state manifest ${file} does not look like a halo-kb manifest (no "articles" and "faqLists").`);
  }
  if (m.version !== MANIFEST_VERSION) {
    throw new HaloKbError('STATE_VERSION', `The state manifest ${file} has version ${String(m.version)}; this halo-kb reads version ${MANIFEST_VERSION}.`);
  }
  return m as Manifest;
}

/** Write the manifest atomically (tmp file + rename). */
export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(file, serializeManifest(manifest));
}
