/**
 * The last step of a publish: halo-kb's FAQ lists that no content wants any more leave Halo. A list
 * that still holds an active article halo-kb did not publish is kept (it is someone's); a list Halo
 * will not let the API delete is hidden instead (no longer shown to all users), like an article Halo
 * will not delete is unlisted. Either way the manifest remembers it, so it is not tried again.
 */
import { errorMessage } from '../errors.js';
import type { HaloClient } from '../halo/client.js';
import type { Manifest } from '../plan/manifest.js';
import { thirdPartyId } from '../plan/faq-lists.js';
import type { Plan } from '../plan/types.js';
import type { FaqListResult, PublishResult } from './results.js';

export async function removeLists(plan: Plan, client: HaloClient, manifest: Manifest, save: (m: Manifest) => Promise<void>, result: PublishResult): Promise<void> {
  const ours = new Set(
    Object.values(manifest.articles)
      .filter((a) => a.retired === undefined)
      .map((a) => a.haloId),
  );
  // (An article halo-kb retired is inactive and out of its lists, so it is in neither.)
  for (const list of plan.faqLists.filter((l) => l.action === 'remove')) {
    const id = list.haloId!;
    const done = (kind: FaqListResult['kind'], message?: string): void => {
      result.faqLists.push({ key: list.key, name: list.name, kind, haloId: id, ...(message === undefined ? {} : { message }) });
    };
    try {
      const active = (await client.listArticles({ faqListId: id })).filter((a) => a.inactive !== true);
      const others = active.filter((a) => !ours.has(a.id));
      if (active.length > others.length) {
        // One of halo-kb's own articles is still in it: its retirement failed, and is reported.
        done('failed', 'not removed: an article of its own in it is not retired yet');
        continue;
      }
      if (others.length > 0) {
        manifest.faqLists[list.key] = { haloId: id, name: list.name, retired: 'kept' };
        done('kept', `it holds ${others.length === 1 ? '1 article' : `${others.length} articles`} halo-kb did not publish`);
      } else {
        const deleted = await client.deleteFaqList(id);
        if (deleted.kind === 'forbidden') {
          // The update names the list's parent: whether Halo keeps a group_id an update leaves out, or
          // moves the list to the top, is not known.
          await client.saveFaqLists([
            { id, name: list.name, isGroup: list.isGroup, ...(list.haloGroupId === undefined ? {} : { groupId: list.haloGroupId }), showForAll: false, thirdPartyId: thirdPartyId(list.key) },
          ]);
          manifest.faqLists[list.key] = { haloId: id, name: list.name, retired: 'hidden' };
          done('hidden', `${deleted.message}; it is no longer shown to all users`);
        } else {
          delete manifest.faqLists[list.key];
          done('removed');
        }
      }
      await save(manifest);
    } catch (error) {
      const message = errorMessage(error);
      result.errors.push(message);
      done('failed', message);
    }
  }
}
