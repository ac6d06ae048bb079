import { request } from 'node:http';
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { articleUrl } from '../../src/watch/preview-links.js';
import { startWatch, type RebuildEvent, type WatchSession } from '../../src/watch/start-watch.js';
import { baseFiles, makeProject } from './fixture.js';

const sessions: WatchSession[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  for (const c of cleanups.splice(0)) await c();
});

async function start(files = baseFiles()): Promise<{ root: string; session: WatchSession; lines: string[] }> {
  const { root, cleanup } = await makeProject(files);
  cleanups.push(cleanup);
  const lines: string[] = [];
  const session = await startWatch({ loadConfig: () => loadConfig({ cwd: root, env: {} }), port: 0, log: (line) => lines.push(line) });
  sessions.push(session);
  return { root, session, lines };
}

/** GET with the path sent exactly as written (fetch would normalise "..", which is the point here). */
function rawGet(url: string, rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(url);
    const req = request({ host: '127.0.0.1', port, path: rawPath }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A preview of a project with its own copy of the article template, and its getting-started page. */
async function startWithTemplate() {
  const good = await readFile(path.resolve(import.meta.dirname, '../../templates/article.html'), 'utf8');
  const started = await start({ ...baseFiles(), 'templates/article.html': good });
  const page = async (): Promise<string> => (await fetch(new URL(articleUrl('central/getting-started.md'), started.session.url))).text();
  return { ...started, template: path.join(started.root, 'templates/article.html'), good, page };
}

function nextRebuild(session: WatchSession): Promise<RebuildEvent> {
  return new Promise((resolve) => session.onRebuild(resolve));
}

/** The rebuild of a batch that holds `file` (another batch's may end first). */
function rebuildOf(session: WatchSession, file: string): Promise<RebuildEvent> {
  return new Promise((resolve) => session.onRebuild((event) => event.changes.some((c) => c.path === file) && resolve(event)));
}

/** Save halo-kb.yml with `text`; the rebuild that follows. */
async function saveConfig(root: string, session: WatchSession, text: string): Promise<RebuildEvent> {
  const config = path.join(root, 'halo-kb.yml');
  const rebuilt = rebuildOf(session, config);
  await writeFile(config, text);
  return rebuilt;
}

/** The page of the article at `contentPath` once it shows `text` (or after 10 s, as it is then). */
async function pageShowing(session: WatchSession, contentPath: string, text: string): Promise<string> {
  const page = async (): Promise<string> => (await fetch(new URL(articleUrl(contentPath), session.url))).text();
  let html = await page();
  for (const until = Date.now() + 10_000; !html.includes(text) && Date.now() < until; html = await page()) await new Promise((resolve) => setTimeout(resolve, 50));
  return html;
}

describe('preview server', () => {
  it('serves the KB tree as Halo will hold it, with companies, clients and statuses', async () => {
    const files = baseFiles();
    files['content/central/accounts/mfa.md'] = '---\ntitle: MFA setup\ndraft: true\n---\n\nComing soon.\n';
    const { session } = await start(files);
    expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const html = await (await fetch(session.url)).text();
    expect(html).toContain('Knowledge Base (docs)');
    expect(html).toMatch(/<span class="list-name">Contoso<\/span> <span class="client">client: Contoso Ltd<\/span>/);
    expect(html).toMatch(/MFA setup<\/a><span class="badge draft" data-status="draft">draft: not published<\/span>/);
    expect(html).toMatch(/Getting started<\/a><span class="badge error"/);
    expect(html).toContain('No state manifest at state/manifest.json');
    // Nested: Network sits inside Central.
    expect(html.indexOf('>Central<')).toBeLessThan(html.indexOf('>Network<'));
  });

  it('compares with the state manifest when there is one, and survives a broken one', async () => {
    const { root, session } = await start();
    const vpn = session.model().state.articles.get('central/network/vpn.md')!;
    const reset = session.model().state.articles.get('central/accounts/password-reset.md')!;
    // A first publish creates state/ and the manifest: the watcher cannot see that, the pages do.
    await mkdir(path.join(root, 'state'));
    await writeFile(path.join(root, 'state/manifest.json'), JSON.stringify({ version: 1, articles: { [vpn.key]: { hash: vpn.hash, haloId: 10 }, [reset.key]: { hash: 'old', haloId: 11 } } }));
    let html = await (await fetch(session.url)).text();
    expect(html).toMatch(/Connecting to the VPN<\/a><span class="badge unchanged"/);
    expect(html).toMatch(/Resetting your password<\/a><span class="badge update"/);
    expect(html).toMatch(/Printing on the 3rd floor<\/a><span class="badge create"/);
    await writeFile(path.join(root, 'state/manifest.json'), '{ not json');
    html = await (await fetch(session.url)).text();
    expect(html).toMatch(/Connecting to the VPN<\/a><span class="badge new"/);
  });

  it('serves images from the content folder and nothing outside it', async () => {
    const { root, session } = await start();
    await symlink(path.join(root, 'halo-kb.yml'), path.join(root, 'content/central/escape.yml'));
    const image = await fetch(new URL('/files/central/network/images/vpn-client.png', session.url));
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect((await rawGet(session.url, '/files/../halo-kb.yml')).status).toBe(404);
    expect((await rawGet(session.url, '/files/..%2fhalo-kb.yml')).status).toBe(404);
    expect((await rawGet(session.url, '/files/central/escape.yml')).status).toBe(404);
    expect((await rawGet(session.url, '/files/%2Fetc%2Fpasswd')).status).toBe(404);
  });

  it('sends a reload event naming the edited article, and prints one line per rebuild', async () => {
    const { root, session, lines } = await start();
    const rebuilt = nextRebuild(session);
    await writeFile(path.join(root, 'content/central/network/vpn.md'), '---\nid: network/vpn\ntitle: VPN\n---\n\nNew text.\n');
    const event = await rebuilt;
    expect(event.message).toEqual({ paths: ['central/network/vpn.md'], all: false });
    expect(lines.at(-1)).toMatch(/^\[\d\d:\d\d:\d\d\] edited content\/central\/network\/vpn\.md: compiled 1, resolved 3, 1 article with errors \(\d+ ms\)$/);
    const page = await (await fetch(new URL(articleUrl('central/network/vpn.md'), session.url))).text();
    expect(page).toContain('New text.');
    expect(page).not.toContain('data-problems');
  });

  it('reloads the pages of a deleted article and of the articles linking to it', async () => {
    const { root, session, lines } = await start();
    const rebuilt = nextRebuild(session);
    await rm(path.join(root, 'content/central/accounts/password-reset.md'));
    const event = await rebuilt;
    expect(event.message).toEqual({ paths: ['central/accounts/password-reset.md', 'central/network/vpn.md'], all: false });
    expect(lines.at(-1)).toMatch(/deleted content\/central\/accounts\/password-reset\.md: compiled 0, resolved 1, 1 removed, 2 articles with errors \(\d+ ms\)$/);
  });

  it('shows a failed rebuild on every page and clears it when fixed', async () => {
    const { root, session, lines } = await start();
    let rebuilt = nextRebuild(session);
    await writeFile(path.join(root, 'halo-kb.yml'), 'faq_lists: [oops\n');
    expect((await rebuilt).error).toBeDefined();
    expect(lines.at(-1)).toMatch(/edited halo-kb\.yml: rebuild failed, still serving the last good build: halo-kb\.yml is not valid YAML/);
    expect(await (await fetch(session.url)).text()).toContain('The last rebuild failed');
    rebuilt = nextRebuild(session);
    await writeFile(path.join(root, 'halo-kb.yml'), 'faq_lists:\n  central: Everyone\n');
    expect((await rebuilt).report?.kind).toBe('full');
    const html = await (await fetch(session.url)).text();
    expect(html).not.toContain('The last rebuild failed');
    expect(html).toContain('>Everyone<');
  });

  it('keeps showing a broken template after an article is saved, and builds what the failed rebuild held once it is fixed', async () => {
    const { root, session, template, good, page } = await startWithTemplate();
    // One save of both: a template without its body, and a new paragraph.
    let rebuilt = rebuildOf(session, template);
    await Promise.all([writeFile(template, '<div>{{title}}</div>\n'), writeFile(path.join(root, 'content/central/getting-started.md'), '# Getting started\n\nA NEW PARAGRAPH.\n')]);
    expect((await rebuilt).error).toBeDefined();
    expect(await page()).toContain('The last rebuild failed');
    // Another article saved meanwhile: the template is still broken, and the page still says so.
    const vpn = path.join(root, 'content/central/network/vpn.md');
    rebuilt = rebuildOf(session, vpn);
    await writeFile(vpn, '---\nid: network/vpn\ntitle: VPN\n---\n\nNew text.\n');
    expect((await rebuilt).error).toBeDefined();
    expect(await page()).toContain('The last rebuild failed');
    // The template put back: everything is built, the paragraph of the failed rebuild included.
    rebuilt = rebuildOf(session, template);
    await writeFile(template, good);
    expect((await rebuilt).report?.kind).toBe('full');
    const html = await page();
    expect(html).not.toContain('The last rebuild failed');
    expect(html).toContain('A NEW PARAGRAPH.');
  });

  it('sees a template deleted and written anew, as a checkout does, each time', async () => {
    const { session, template, good, page } = await startWithTemplate();
    // A checkout of another branch, then of this one again. (Half a second apart: replacements a
    // tenth of a second apart were still missed now and then, inside chokidar.)
    for (const branch of ['feature', 'main']) {
      const rebuilt = rebuildOf(session, template);
      await rm(template);
      await writeFile(template, good.replace('{{{body}}}', `<p>branch ${branch}</p>{{{body}}}`));
      expect((await rebuilt).error).toBeUndefined();
      expect(await page()).toContain(`<p>branch ${branch}</p>`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });

  it('sees templates/ and halo-kb.yml made after it started', async () => {
    const { 'halo-kb.yml': _config, ...files } = baseFiles();
    const { root, session } = await start(files);
    const template = path.join(root, 'templates/article.html');
    let rebuilt = rebuildOf(session, template);
    await mkdir(path.join(root, 'templates'));
    await writeFile(template, '<div class="ours">{{title}}</div>\n{{{body}}}\n');
    // The folder's own event may have taken the template in already.
    expect((await rebuilt).error).toBeUndefined();
    expect(await (await fetch(new URL(articleUrl('central/getting-started.md'), session.url))).text()).toContain('<div class="ours">');
    const config = path.join(root, 'halo-kb.yml');
    rebuilt = rebuildOf(session, config);
    await writeFile(config, 'faq_lists:\n  central: Everyone\n');
    expect((await rebuilt).report?.kind).toBe('full');
    expect(await (await fetch(session.url)).text()).toContain('>Everyone<');
  });

  it('follows the content folder to where halo-kb.yml moves it', async () => {
    const { root, session } = await start();
    await cp(path.join(root, 'content'), path.join(root, 'docs'), { recursive: true });
    expect((await saveConfig(root, session, 'content: docs\n')).report?.kind).toBe('full');
    // Saved in the new folder: watched there now.
    const moved = path.join(root, 'docs/central/getting-started.md');
    const rebuilt = rebuildOf(session, moved);
    await writeFile(moved, '# Getting started\n\nNOW IN DOCS.\n');
    expect((await rebuilt).error).toBeUndefined();
    expect(await (await fetch(new URL(articleUrl('central/getting-started.md'), session.url))).text()).toContain('NOW IN DOCS.');
  });

  it('waits for a content folder that halo-kb.yml names before it exists, and shows it once written', async () => {
    const { root, session } = await start();
    expect(String((await saveConfig(root, session, 'content: docs\n')).error)).toContain('docs');
    // The writer makes the folder and an article in it, and touches nothing else.
    const shown = new Promise<void>((resolve) => session.onRebuild((event) => event.error === undefined && resolve()));
    await mkdir(path.join(root, 'docs/central'), { recursive: true });
    await writeFile(path.join(root, 'docs/central/welcome.md'), '# Welcome\n\nFIRST ARTICLE IN DOCS.\n');
    await shown;
    expect(await pageShowing(session, 'central/welcome.md', 'FIRST ARTICLE IN DOCS.')).toContain('FIRST ARTICLE IN DOCS.');
    // Watched there now: an edit shows.
    const edited = rebuildOf(session, path.join(root, 'docs/central/welcome.md'));
    await writeFile(path.join(root, 'docs/central/welcome.md'), '# Welcome\n\nEDITED IN DOCS.\n');
    expect((await edited).error).toBeUndefined();
    expect(await (await fetch(new URL(articleUrl('central/welcome.md'), session.url))).text()).toContain('EDITED IN DOCS.');
  });

  it('keeps watching halo-kb.yml after it names a content folder none of whose folders exist', async () => {
    const { root, session } = await start();
    // A mistyped absolute path: its nearest existing folder is the file system's root, never watched.
    expect((await saveConfig(root, session, `content: /halo-kb-no-such-folder-${process.pid}/docs\n`)).error).toBeDefined();
    expect((await saveConfig(root, session, 'content: content\n')).error).toBeUndefined();
    expect((await fetch(new URL(articleUrl('central/getting-started.md'), session.url))).status).toBe(200);
  });

  it('says so when the content folder goes, and comes back with it', async () => {
    const { root, session } = await start();
    const content = path.join(root, 'content');
    await cp(content, path.join(root, 'kept'), { recursive: true });
    const gone = new Promise<RebuildEvent>((resolve) => session.onRebuild((event) => event.error !== undefined && resolve(event)));
    await rm(content, { recursive: true });
    expect(String((await gone).error)).toContain('content');
    const back = new Promise<void>((resolve) => session.onRebuild((event) => event.error === undefined && resolve()));
    await cp(path.join(root, 'kept'), content, { recursive: true });
    await back;
    let res = await fetch(new URL(articleUrl('central/getting-started.md'), session.url));
    for (const until = Date.now() + 5_000; res.status !== 200 && Date.now() < until; res = await fetch(new URL(articleUrl('central/getting-started.md'), session.url)))
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(res.status).toBe(200);
  });

  it('shows an edit saved while the first build was running', async () => {
    const files = baseFiles();
    for (let n = 0; n < 600; n++) files[`content/central/notes/note-${n}.md`] = `# Note ${n}\n\nCheck the **printer** on floor ${n}.\n`;
    const { root, cleanup } = await makeProject(files);
    cleanups.push(cleanup);
    const starting = startWatch({ loadConfig: () => loadConfig({ cwd: root, env: {} }), port: 0, log: () => undefined });
    // Saved once the project is being read: after its first build took in the old text, before it ends.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await writeFile(path.join(root, 'content/central/getting-started.md'), '# Getting started\n\nSAVED DURING THE FIRST BUILD.\n');
    const session = await starting;
    sessions.push(session);
    expect(await pageShowing(session, 'central/getting-started.md', 'SAVED DURING THE FIRST BUILD.')).toContain('SAVED DURING THE FIRST BUILD.');
  });

  it('answers 404 with a page that waits for a missing article', async () => {
    const { session } = await start();
    const res = await fetch(new URL(articleUrl('central/nope.md'), session.url));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('No article at central/nope.md');
  });
});
