/**
 * The preview shows what Halo holds of each article, from the state manifest: "published as #id ·
 * open in Halo" with the link, "changed since last publish", or "not yet published", on the index
 * and on the article's page; a publish (a new manifest) changes it. After a real publish to the
 * emulator on 127.0.0.1, read over HTTP from the preview as a browser would.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleUrl } from '../../src/watch/preview-links.js';
import type { RebuildEvent, WatchSession } from '../../src/watch/start-watch.js';
import { publishProject } from '../publish/publish-fixture.js';
import { watch } from '../helpers/watch-session.js';

async function page(session: WatchSession, contentPath?: string): Promise<string> {
  const res = await fetch(new URL(contentPath === undefined ? '/' : articleUrl(contentPath), session.url));
  expect(res.status).toBe(200);
  return res.text();
}

/** The rebuild that took in `contentPath` (a watcher event from before may end another rebuild first). */
function rebuildOf(session: WatchSession, contentPath: string): Promise<RebuildEvent> {
  return new Promise((resolve) =>
    session.onRebuild((event) => {
      if (event.message.all || event.message.paths.includes(contentPath)) resolve(event);
    }),
  );
}

describe('preview: what Halo holds of each article', () => {
  it('published as #id with a link to Halo, changed since last publish, not yet published; a publish updates it', async () => {
    const p = await publishProject();
    expect((await p.run('publish')).code).toBe(0);
    const ids = Object.fromEntries(Object.entries((await p.manifest()).articles).map(([k, v]) => [k, v.haloId]));
    const session = await watch(p.root);
    const link = (id: number | undefined): string => `<a href="${p.emulator.url}/kb?id=${id}" target="_blank" rel="noopener noreferrer">open in Halo</a>`;

    const index = await page(session);
    expect(index).toContain(
      `Office Wi-Fi</a><span class="badge unchanged" data-status="unchanged">unchanged</span><span class="sync published" data-sync="published">published as #${ids['central/network/wifi']} · ${link(ids['central/network/wifi'])}</span>`,
    );
    expect(index).toContain('MFA setup</a><span class="badge draft" data-status="draft">draft: not published</span><span class="sync unpublished" data-sync="unpublished">not yet published</span>');
    const article = await page(session, 'central/network/vpn.md');
    expect(article).toContain(`<span class="sync published" data-sync="published">published as #${ids['network/vpn']} · ${link(ids['network/vpn'])}</span>`);

    // An edit: the built hash is no longer the one published.
    const rebuilt = rebuildOf(session, 'central/network/vpn.md');
    await writeFile(path.join(p.root, 'content/central/network/vpn.md'), '---\nid: network/vpn\ntitle: Connecting to the VPN\ntags: [vpn]\n---\n\nInstall **GlobalConnect 2**.\n');
    await rebuilt;
    expect(await page(session, 'central/network/vpn.md')).toContain(
      `<span class="sync changed" data-sync="changed">changed since last publish · published as #${ids['network/vpn']} · ${link(ids['network/vpn'])}</span>`,
    );
    // A new source.
    const added = rebuildOf(session, 'central/network/printers.md');
    await writeFile(path.join(p.root, 'content/central/network/printers.md'), '# Printers\n\nAsk the desk.\n');
    await added;
    expect(await page(session)).toContain(
      'Printers</a><span class="badge create" data-status="create">will create</span><span class="sync unpublished" data-sync="unpublished">not yet published</span>',
    );

    // Publishing rewrites the manifest: the pages show it without a restart.
    expect((await p.run('publish')).code).toBe(0);
    const printers = (await p.manifest()).articles['central/network/printers']!.haloId;
    expect(await page(session, 'central/network/vpn.md')).toContain(`<span class="sync published" data-sync="published">published as #${ids['network/vpn']} · `);
    expect(await page(session, 'central/network/printers.md')).toContain(`<span class="sync published" data-sync="published">published as #${printers} · ${link(printers)}</span>`);
  });
});
