import { afterEach, expect, test } from 'vitest';
import { harness, articleHtml, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

test('smoke', async () => {
  h = await harness();
  const report = await h.client.testConnection();
  expect(report.scopes).toEqual(['read:kb', 'edit:kb']);
  const [group] = await h.client.saveFaqLists([{ name: 'Docs', isGroup: true, showForAll: false, thirdPartyId: 'halo-kb:group' }]);
  const [central] = await h.client.saveFaqLists([{ name: 'Central', groupId: group!.id, showForAll: false, thirdPartyId: 'halo-kb:central' }]);
  const saved = await h.client.saveArticles([
    { key: 'a', name: 'A', html: articleHtml('a'), faqListIds: [central!.id] },
    { key: 'b', name: 'B', html: articleHtml('b'), faqListIds: [central!.id] },
  ]);
  expect(saved.map((s) => s.id)).toEqual([1, 2]);
  const list = await h.client.listArticles({ faqListId: central!.id });
  expect(list.map((a) => a.name)).toEqual(['A', 'B']);
  console.log(h.client.requestCounts(), h.emulator.stats());
});
