/**
 * Halo is left tidy: a FAQ list halo-kb made that no content wants any more is removed once its
 * articles are retired; hidden where Halo refuses the delete; kept where it holds someone else's
 * article. Each is tried once, and the run after it writes nothing.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HaloClient } from '../../src/halo/client.js';
import { SECRET, publishProject } from './publish-fixture.js';

async function withoutContoso(p: Awaited<ReturnType<typeof publishProject>>): Promise<number> {
  expect((await p.run('publish')).code).toBe(0);
  const listId = p.emulator.data().faqLists.find((l) => l.name === 'Contoso Ltd')!.id;
  await rm(path.join(p.root, 'content', 'companies', 'contoso'), { recursive: true });
  return listId;
}

describe('FAQ lists no content wants any more', () => {
  it('are removed after their articles are retired, and the next run writes nothing', async () => {
    const p = await publishProject();
    const listId = await withoutContoso(p);
    const plan = await p.run('plan');
    expect(plan.stdout).toContain('- FAQ list Contoso Ltd (companies/contoso): no content wants it any more');
    expect(plan.stdout).toContain('FAQ lists: 0 to create, 0 to update, 1 to remove;');

    const publish = await p.run('publish');
    expect(publish.code).toBe(0);
    expect(publish.stdout).toContain(`removed: FAQ list "Contoso Ltd" (${listId})`);
    expect(p.emulator.data().faqLists.some((l) => l.id === listId)).toBe(false);
    const manifest = (await p.manifest()) as unknown as { faqLists: Record<string, unknown> };
    expect(manifest.faqLists['companies/contoso']).toBeUndefined();
    p.emulator.resetStats();
    expect((await p.run('publish', '--dry-run', '--detailed-exitcode')).code).toBe(0);
    expect(p.writes()).toBe(0);
  });

  it('are hidden where Halo refuses to delete them, and not tried again', async () => {
    const p = await publishProject();
    const listId = await withoutContoso(p);
    p.emulator.injectFault({ kind: 'error', status: 403, method: 'DELETE', path: '/api/faqlists' });
    const publish = await p.run('publish');
    expect(publish.code).toBe(0);
    expect(publish.stdout).toContain(`hidden: FAQ list "Contoso Ltd" (${listId}): Halo did not allow deleting the FAQ list (403); it is no longer shown to all users`);
    const hidden = p.emulator.data().faqLists.find((l) => l.id === listId);
    expect(hidden?.showforall).toBe(false);
    // It stays under the grouping list: the update names its parent (a guard: the emulator keeps a
    // group_id an update leaves out; whether Halo does is not known).
    expect(hidden?.group_id).toBe(p.emulator.data().faqLists.find((l) => l.is_group)?.id);
    p.emulator.resetStats();
    expect((await p.run('publish')).stdout).toContain('FAQ lists unchanged');
    expect(p.writes()).toBe(0);
  });

  it("a refusal that comes as the web server's own HTML page is a refusal too (IIS, a proxy)", async () => {
    const p = await publishProject();
    const listId = await withoutContoso(p);
    const article = p.emulator.data().articles.find((a) => a.name === 'Printing at Contoso')!;
    p.emulator.injectFault({ kind: 'error', status: 405, page: true, method: 'DELETE', path: '/api/kbarticle' });
    p.emulator.injectFault({ kind: 'error', status: 403, page: true, method: 'DELETE', path: '/api/faqlists' });
    const publish = await p.run('publish');
    expect(publish.stdout).toContain(
      `retired: content/companies/contoso/printers.md "Printing at Contoso" (article ${article.id}): unlisted, not deleted: the server in front of Halo does not allow DELETE requests (405); the article stays`,
    );
    expect(publish.stdout).toContain(`hidden: FAQ list "Contoso Ltd" (${listId}): Halo did not allow deleting the FAQ list (403); it is no longer shown to all users`);
    expect(publish.code).toBe(0);
    expect(p.emulator.data().articles.find((a) => a.id === article.id)?.inactive).toBe(true);
  });

  it('are kept while they hold an article halo-kb did not publish', async () => {
    const p = await publishProject();
    const listId = await withoutContoso(p);
    const agent = new HaloClient({ url: p.emulator.url, clientId: p.emulator.clientId, clientSecret: SECRET, tenant: p.emulator.tenant });
    try {
      await agent.saveArticles([{ name: 'Contoso escalation contacts', html: '<p>Call the service desk.</p>', faqListIds: [listId] }]);
    } finally {
      await agent.close();
    }
    const publish = await p.run('publish');
    expect(publish.code).toBe(0);
    expect(publish.stdout).toContain(`kept: FAQ list "Contoso Ltd" (${listId}): it holds 1 article halo-kb did not publish`);
    expect(p.emulator.data().faqLists.some((l) => l.id === listId)).toBe(true);
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('are not removed while a guard holds retirements back', async () => {
    const p = await publishProject();
    await withoutContoso(p);
    await rm(path.join(p.root, 'content', 'central'), { recursive: true });
    const plan = await p.run('plan');
    expect(plan.stdout).toContain('FAQ lists unchanged');
    expect(p.emulator.data().faqLists.some((l) => l.name === 'Contoso Ltd')).toBe(true);
  });
});
