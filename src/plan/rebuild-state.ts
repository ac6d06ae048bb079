/**
 * `halo-kb state rebuild`: a manifest made from Halo alone. halo-kb's FAQ lists are found by their
 * third-party ids, its articles by their key markers, and each article's files among the
 * attachments Halo holds for it (by file name, and size where Halo gives it); an article whose body
 * in Halo is already what the content tree would publish, with every file in Halo, keeps its content
 * hash (so the next publish writes nothing for it), any other gets none (so the next publish updates
 * it). Files found are recorded with their Halo ids, so they are never uploaded again.
 */
import type { BuildResult } from '../compile/build.js';
import { emptyManifest, manifestArticle, type Manifest } from './manifest.js';
import { planChanges } from './plan.js';
import type { HaloSnapshot } from './halo-snapshot.js';
import type { PlanSettings } from './types.js';

export function rebuildManifest(build: BuildResult, halo: HaloSnapshot, settings: PlanSettings, haloBase: string): Manifest {
  const manifest = emptyManifest();
  manifest.halo = haloBase;
  manifest.articleUrl = settings.articleUrlTemplate;
  const plan = planChanges(build, emptyManifest(), halo, { ...settings, force: false });
  for (const list of plan.faqLists) {
    if (list.haloId !== undefined) manifest.faqLists[list.key] = { haloId: list.haloId, name: list.name };
  }
  const byKey = new Map(build.articles.map((a) => [a.key, a]));
  const snapshotById = new Map(halo.articles.map((a) => [a.id, a]));
  for (const p of plan.articles) {
    if (p.haloId === undefined) continue;
    const article = byKey.get(p.key);
    const found = snapshotById.get(p.haloId);
    if (p.action === 'retire' || article === undefined) {
      if (found?.inactive === true) {
        manifest.articles[p.key] = { ...manifestArticle(p.haloId, { source: p.source, title: p.title, hash: '', faqLists: [] }), retired: 'unlisted' };
      }
      continue;
    }
    const unchanged = p.action === 'unchanged';
    const faqLists = p.faqLists.map((k) => manifest.faqLists[k]?.haloId).filter((x): x is number => x !== undefined);
    // Its tags, review date and public links are known only for an article Halo holds as it is built.
    const entry = manifestArticle(
      p.haloId,
      { source: article.displayPath, title: article.title, hash: unchanged ? article.hash : '', faqLists, clients: p.clientIds },
      unchanged ? article : undefined,
    );
    const files = Object.fromEntries(p.attachments.flatMap((x) => (x.haloId === undefined ? [] : [[x.path, { sha256: x.sha256, haloId: x.haloId, size: x.size }]])));
    if (Object.keys(files).length > 0) entry.attachments = files;
    if (found?.dateEdited !== undefined) entry.dateEdited = found.dateEdited;
    // What Halo holds is what would be sent now: recorded, so that later changes to it are seen.
    if (unchanged && p.sent !== undefined) entry.sent = p.sent;
    manifest.articles[p.key] = entry;
  }
  return manifest;
}
