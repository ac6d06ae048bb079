/**
 * Read what planning needs from Halo, in as few requests as Halo allows: the FAQ lists (one
 * request), every article (one paginated listing, which also serves drift detection), and the
 * customers only when a company folder must be mapped by name.
 */
import type { Company } from '../content/model.js';
import type { HaloClient } from '../halo/client.js';
import { readKeyMarker } from '../halo/key-marker.js';
import type { HaloArticle } from '../halo/types.js';
import type { Manifest } from './manifest.js';
import { type HaloSnapshot, type SnapshotArticle } from './plan.js';

function toSnapshot(a: HaloArticle): SnapshotArticle {
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
  return row;
}

/** Read Halo's current state. `faqListKeys` are the keys of the lists halo-kb publishes to. */
export async function readHalo(client: HaloClient, manifest: Manifest, companies: readonly Company[]): Promise<HaloSnapshot> {
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
  return snapshot;
}
