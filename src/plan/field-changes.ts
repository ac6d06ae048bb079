/**
 * What an update changes besides the text, field by field, as a reviewer reads it: the title, tags,
 * FAQ lists, customer access, review date, attached files and public links, each compared with what
 * the manifest recorded at the last publish. Pure.
 *
 * The old value is taken only from the manifest, never guessed: where it was not recorded (an entry
 * written by an older halo-kb, an article adopted from Halo, a file whose size was not kept), that
 * field says nothing.
 */
import type { Attachment } from '../model/article.js';
import type { ManifestArticle } from './manifest.js';

export interface SizedFile {
  path: string;
  /** Bytes; absent where the manifest did not record it. */
  size?: number;
}

export interface Customer {
  id: number;
  /** As Halo spells it, where known. */
  name?: string;
}

export interface LinkChange {
  path: string;
  from: string;
  to: string;
}

export type FieldChange =
  | { field: 'title'; from: string; to: string }
  | { field: 'tags'; added: string[]; removed: string[] }
  /** FAQ lists by key. */
  | { field: 'faqLists'; added: string[]; removed: string[] }
  | { field: 'clients'; added: Customer[]; removed: Customer[] }
  /** `YYYY-MM-DD`, or null for none. */
  | { field: 'reviewDate'; from: string | null; to: string | null }
  | { field: 'attachments'; added: SizedFile[]; removed: SizedFile[]; changed: { path: string; from?: number; to: number }[] }
  | { field: 'publicLinks'; added: { path: string; url: string }[]; removed: { path: string; url: string }[]; changed: LinkChange[] };

/** What an article is published with now, as far as the comparison needs it. */
export interface PublishedFields {
  title: string;
  tags: readonly string[];
  /** FAQ list keys. */
  faqLists: readonly string[];
  clientIds: readonly number[];
  reviewDate?: string;
  attachments: readonly Attachment[];
}

/** What the manifest records of these fields beyond title, lists, customers and file hashes. */
export type RecordedFields = Pick<ManifestArticle, 'tags' | 'reviewDate' | 'publicLinks'>;

/**
 * The fields a manifest entry records for an article, written on every publish. `tags` is always
 * written (an empty list too): an entry with it records the review date and public links as well,
 * so their absence there means "none", not "unknown".
 */
export function recordedFields(a: Pick<PublishedFields, 'tags' | 'reviewDate' | 'attachments'>): RecordedFields {
  const fields: RecordedFields = { tags: [...a.tags] };
  if (a.reviewDate !== undefined) fields.reviewDate = a.reviewDate;
  const links = a.attachments.filter((x) => x.mode === 'link' && x.url !== undefined);
  if (links.length > 0) fields.publicLinks = Object.fromEntries(links.map((x) => [x.path, x.url!]));
  return fields;
}

function difference<T>(a: readonly T[], b: readonly T[]): T[] {
  const other = new Set(b);
  return [...new Set(a)].filter((x) => !other.has(x));
}

/**
 * The field changes from `previous` (the manifest entry of the last publish) to `now`. `listKeys`
 * maps the Halo ids the manifest records back to FAQ list keys (from the manifest's `faqLists`);
 * `customers` names Halo's customers by id, where known.
 */
export function fieldChanges(previous: ManifestArticle, now: PublishedFields, listKeys: ReadonlyMap<number, string>, customers: ReadonlyMap<number, string> = new Map()): FieldChange[] {
  const changes: FieldChange[] = [];
  if (previous.title !== now.title) changes.push({ field: 'title', from: previous.title, to: now.title });

  // Entries written before tags were recorded know neither tags, review date nor public links.
  const recorded = previous.tags !== undefined;
  if (recorded) {
    const added = difference(now.tags, previous.tags!);
    const removed = difference(previous.tags!, now.tags);
    if (added.length + removed.length > 0) changes.push({ field: 'tags', added, removed });
  }

  // A list id the manifest cannot name (recorded under no key) leaves the old lists unknown.
  const oldLists = previous.faqLists.map((id) => listKeys.get(id));
  if (oldLists.every((k): k is string => k !== undefined)) {
    const added = difference(now.faqLists, oldLists);
    const removed = difference(oldLists, now.faqLists);
    if (added.length + removed.length > 0) changes.push({ field: 'faqLists', added, removed });
  }

  const oldClients = previous.clients ?? [];
  const customer = (id: number): Customer => {
    const name = customers.get(id);
    return name === undefined ? { id } : { id, name };
  };
  const clientsAdded = difference(now.clientIds, oldClients).map(customer);
  const clientsRemoved = difference(oldClients, now.clientIds).map(customer);
  if (clientsAdded.length + clientsRemoved.length > 0) changes.push({ field: 'clients', added: clientsAdded, removed: clientsRemoved });

  if (recorded && (previous.reviewDate ?? null) !== (now.reviewDate ?? null)) {
    changes.push({ field: 'reviewDate', from: previous.reviewDate ?? null, to: now.reviewDate ?? null });
  }

  // Files: the manifest records uploaded files by content hash (and, since sizes are kept, size).
  const oldFiles = previous.attachments ?? {};
  const uploads = now.attachments.filter((x) => x.mode === 'upload');
  const sized = (path: string, size: number | undefined): SizedFile => (size === undefined ? { path } : { path, size });
  const files: Extract<FieldChange, { field: 'attachments' }> = { field: 'attachments', added: [], removed: [], changed: [] };
  for (const x of uploads) {
    const old = oldFiles[x.path];
    if (old === undefined) files.added.push({ path: x.path, size: x.size });
    else if (old.sha256 !== x.sha256) files.changed.push(old.size === undefined ? { path: x.path, to: x.size } : { path: x.path, from: old.size, to: x.size });
  }
  for (const [path, old] of Object.entries(oldFiles)) {
    if (!uploads.some((x) => x.path === path)) files.removed.push(sized(path, old.size));
  }
  if (files.added.length + files.removed.length + files.changed.length > 0) changes.push(files);

  if (recorded) {
    const oldLinks = previous.publicLinks ?? {};
    const nowLinks = recordedFields(now).publicLinks ?? {};
    const links: Extract<FieldChange, { field: 'publicLinks' }> = { field: 'publicLinks', added: [], removed: [], changed: [] };
    for (const [path, url] of Object.entries(nowLinks)) {
      const old = oldLinks[path];
      if (old === undefined) links.added.push({ path, url });
      else if (old !== url) links.changed.push({ path, from: old, to: url });
    }
    for (const [path, url] of Object.entries(oldLinks)) if (nowLinks[path] === undefined) links.removed.push({ path, url });
    if (links.added.length + links.removed.length + links.changed.length > 0) changes.push(links);
  }
  return changes;
}
