/**
 * Read what planning needs from Halo, in as few requests as Halo allows: the FAQ lists (one
 * request), every article (one paginated listing, which also serves drift detection), the
 * customers only when a company folder must be mapped by name, and the files of the articles that
 * have files the manifest does not record (none when the manifest is whole).
 */
import type { Article } from '../model/article.js';
import type { Company } from '../model/company.js';
import { convertAll, toAttachment } from '../halo/article-shape.js';
import type { HaloClient } from '../halo/client.js';
import { readKeyMarker } from '../halo/key-marker.js';
import type { HaloArticle } from '../halo/types.js';
import type { Manifest } from './manifest.js';
import { unrecordedFiles } from './attachments.js';
import type { HaloSnapshot, SnapshotArticle, SnapshotAttachment } from './halo-snapshot.js';

function toSnapshotAttachments(rows: readonly { id: number; filename: string; filesize?: unknown }[]): SnapshotAttachment[] {
  return rows.map((r) => {
    const file: SnapshotAttachment = { id: r.id, filename: r.filename };
    const size = Number(r.filesize);
    if (r.filesize !== undefined && r.filesize !== null && Number.isFinite(size) && size > 0) file.filesize = size;
    return file;
  });
}

/** An article as Halo lists it, as planning (and `status --check-halo`) reads it. */
export function toSnapshot(a: HaloArticle): SnapshotArticle {
  const row: SnapshotArticle = {
    id: a.id,
    name: a.name,
    inactive: a.inactive === true,
    faqListIds: (a.faqlists ?? []).map((l) => l.id),
  };
  if (typeof a.date_edited === 'string') row.dateEdited = a.date_edited;
  const key = readKeyMarker(a);
  if (key !== undefined) row.key = key;
  const html = a.description_html ?? a.description;
  if (typeof html === 'string' && html !== '') row.html = html;
  // Detail reads carry the files; list rows are not known to. An empty list is not trusted (a row
  // may simply leave the field empty), so such an article is read when its files matter.
  const files = Array.isArray(a.attachments) ? convertAll(a.attachments, toAttachment) : [];
  if (files.length > 0) row.attachments = toSnapshotAttachments(files);
  return row;
}

/**
 * Read Halo's current state. With the build's `articles`, the files Halo holds are read for those
 * articles in Halo that have files the manifest does not record.
 */
export async function readHalo(client: HaloClient, manifest: Manifest, companies: readonly Company[], articles: readonly Article[] = []): Promise<HaloSnapshot> {
  const needClients = companies.some((c) => c.clientId === undefined);
  const [lists, rows, clients] = await Promise.all([
    client.listFaqLists(),
    // Retired (inactive) articles must be seen too: whether Halo lists them by default is unknown.
    client.listArticles({ includeInactive: true }),
    needClients ? client.listClients() : Promise.resolve(undefined),
  ]);
  const snapshot: HaloSnapshot = {
    faqLists: lists.map((l) => {
      const list: HaloSnapshot['faqLists'][number] = {
        id: l.id,
        name: l.name,
        groupId: l.group_id ?? 0,
        isGroup: l.is_group === true,
        showForAll: l.showforall === true,
      };
      if (l.third_party_id !== undefined && l.third_party_id !== '') list.thirdPartyId = l.third_party_id;
      return list;
    }),
    articles: rows.map(toSnapshot),
  };
  if (clients !== undefined) snapshot.clients = clients.map((c) => ({ id: c.id, name: c.name }));

  // Real Halo's list rows may come without the body, and so without the key marker. Then the
  // articles of halo-kb's own lists that the manifest does not know are read one by one: this
  // happens only when the manifest is lost or stale, and costs one request per such article.
  const known = new Set(Object.values(manifest.articles).map((a) => a.haloId));
  const bodiless = snapshot.articles.filter((a) => a.html === undefined && !known.has(a.id));
  if (bodiless.length > 0) {
    const ours = snapshot.faqLists.filter((l) => l.thirdPartyId?.startsWith('halo-kb:'));
    const members = new Set<number>();
    for (const list of ours) {
      for (const row of await client.listArticles({ faqListId: list.id, includeInactive: true })) members.add(row.id);
    }
    for (const row of bodiless.filter((a) => members.has(a.id))) {
      const full = await client.getArticle(row.id);
      if (full === undefined) continue;
      const detailed = toSnapshot(full);
      Object.assign(row, detailed, { faqListIds: detailed.faqListIds.length > 0 ? detailed.faqListIds : row.faqListIds });
    }
  }
  await readFiles(client, snapshot, manifest, articles);
  return snapshot;
}

/**
 * The files Halo holds for each article that has files the manifest does not record: after a run
 * stopped between an upload and saving the manifest, or with a lost or rebuilt manifest. Costs
 * nothing while the manifest records every file.
 */
async function readFiles(client: HaloClient, snapshot: HaloSnapshot, manifest: Manifest, articles: readonly Article[]): Promise<void> {
  const byId = new Map(snapshot.articles.map((a) => [a.id, a]));
  const byKey = new Map<string, SnapshotArticle>();
  for (const a of snapshot.articles) if (a.key !== undefined && !byKey.has(a.key)) byKey.set(a.key, a);
  const wanted = new Set<SnapshotArticle>();
  for (const article of articles) {
    if (article.draft || article.hasErrors) continue;
    const previous = manifest.articles[article.key];
    if (unrecordedFiles(article, previous).length === 0) continue;
    const found = (previous === undefined ? undefined : byId.get(previous.haloId)) ?? byKey.get(article.key);
    if (found !== undefined && found.attachments === undefined) wanted.add(found);
  }
  if (wanted.size === 0) return;
  const files = await client.listAttachmentsOf([...wanted].map((a) => a.id));
  for (const row of wanted) row.attachments = toSnapshotAttachments(files.get(row.id) ?? []);
}
