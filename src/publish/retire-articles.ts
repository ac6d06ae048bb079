/**
 * The retirements of a publish: each article the plan retires is deleted from Halo, and where Halo
 * refuses (it does), removed from its FAQ lists and marked inactive instead. The manifest is saved
 * after each.
 */
import { errorMessage } from '../errors.js';
import type { HaloClient } from '../halo/client.js';
import { manifestArticle, type Manifest } from '../plan/manifest.js';
import type { Plan } from '../plan/types.js';
import type { PublishResult } from './results.js';

/** Retire the articles the plan retires; one that fails is recorded and the others carry on. */
export async function retireArticles(plan: Plan, client: HaloClient, m: Manifest, save: (manifest: Manifest) => Promise<void>, result: PublishResult): Promise<void> {
  for (const p of plan.articles.filter((x) => x.action === 'retire')) {
    const id = p.haloId!;
    try {
      const deleted = await client.deleteArticle(id);
      const previous = m.articles[p.key];
      const entry = previous ?? manifestArticle(id, { source: p.source, title: p.title, hash: p.hash, faqLists: [] });
      if (deleted.kind === 'forbidden') {
        const html = p.currentHtml ?? (await client.getArticle(id))?.description_html ?? '';
        await client.saveArticles([{ id, name: p.title, html: typeof html === 'string' ? html : '', faqListIds: [], inactive: true }]);
        entry.retired = 'unlisted';
        entry.faqLists = [];
        result.articles.push({ key: p.key, kind: 'unlisted', title: p.title, source: p.source, haloId: id, message: `${deleted.message}; it was removed from its FAQ lists and marked inactive` });
      } else {
        entry.retired = 'deleted';
        result.articles.push({ key: p.key, kind: 'retired', title: p.title, source: p.source, haloId: id });
      }
      m.articles[p.key] = entry;
      await save(m);
    } catch (error) {
      const message = errorMessage(error);
      result.errors.push(message);
      result.articles.push({ key: p.key, kind: 'failed', title: p.title, source: p.source, haloId: id, message });
    }
  }
}
