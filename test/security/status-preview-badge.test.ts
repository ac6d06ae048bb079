/**
 * The preview's published badge comes from the state manifest, a file anyone with a pull request
 * can edit: a Halo address that is no http(s) URL gives no link, and nothing in it (nor in an
 * article's Halo id) reaches the page as markup. Read over HTTP from a real preview on 127.0.0.1.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { publishProject } from '../publish/publish-fixture.js';
import type { WatchSession } from '../../src/watch/start-watch.js';
import { watch } from '../helpers/watch-session.js';

async function page(session: WatchSession): Promise<string> {
  const res = await fetch(session.url);
  expect(res.status).toBe(200);
  return res.text();
}

describe('preview: the published badge from a hostile manifest', () => {
  it('a manifest naming a Halo that is no http(s) URL, or one made to break out of the page, gives no link and nothing that runs', async () => {
    const p = await publishProject();
    expect((await p.run('publish')).code).toBe(0);
    const file = path.join(p.root, 'state', 'manifest.json');
    const data = JSON.parse(await readFile(file, 'utf8'));
    const wifi = data.articles['central/network/wifi'].haloId as number;
    data.halo = 'javascript:alert(1)//';
    await writeFile(file, JSON.stringify(data));
    const session = await watch(p.root);
    const index = await page(session);
    expect(index).toContain(`<span class="sync published" data-sync="published">published as #${wifi}</span>`);
    expect(index).not.toContain('javascript:');

    data.halo = 'http://halo.example/"><img src=x onerror=alert(1)>';
    data.articles['central/network/wifi'].haloId = '"><script>alert(1)</script>';
    await writeFile(file, JSON.stringify(data));
    const hostile = await page(session);
    expect(hostile).not.toContain('<img src=x');
    expect(hostile).not.toContain('<script>alert');
    expect(hostile).toContain('<a href="http://halo.example/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;/kb?id=');
    // An id that is not a number is no published article.
    expect(hostile).toContain('Office Wi-Fi</a><span class="badge unchanged" data-status="unchanged">unchanged</span><span class="sync unpublished" data-sync="unpublished">not yet published</span>');
  });

  it('status --articles gives no URL for a Halo address that is no http(s) URL', async () => {
    const p = await publishProject();
    expect((await p.run('publish')).code).toBe(0);
    const file = path.join(p.root, 'state', 'manifest.json');
    const data = JSON.parse(await readFile(file, 'utf8'));
    data.halo = 'javascript:alert(1)//';
    await writeFile(file, JSON.stringify(data));
    // Without HALO_URL there is no other Halo to link to.
    const run = await runCli(['status', '--articles', '--json'], p.root, {});
    expect(run.code).toBe(0);
    const urls = JSON.parse(run.stdout).sync.articles.map((a: { url: string | null }) => a.url);
    expect(urls).toEqual([null, null, null, null, null]);
  });
});
