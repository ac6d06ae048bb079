/**
 * The local servers in a real browser (Debian's Chromium, driven by playwright-core):
 * - the preview of an article whose Markdown holds script payloads (raw HTML, javascript: links,
 *   event handlers, srcdoc frames, frontmatter) runs none of them, even when every link and button
 *   is clicked;
 * - the emulator's HTML view runs no script stored in an article (it shows articles' HTML as Halo
 *   does, whatever a client sent);
 * - a page on another origin cannot drive the emulator's control endpoints or read its data.
 * A payload that ran would set `__pwned` (in its own window and in the top one) or open a dialog.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES_DIR } from '../../src/compile/template.js';
import { loadConfig } from '../../src/config/load.js';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';
import { PAGE_POLICY } from '../../src/watch/page-layout.js';
import { articleUrl } from '../../src/watch/preview-links.js';
import { startWatch, type WatchSession } from '../../src/watch/start-watch.js';
import { makeProject } from '../watch/fixture.js';
import { XSS_HTML, XSS_URLS } from './xss-corpus.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`\n*** SKIPPING the servers' browser security test: ${CHROMIUM} is missing. Install it with: apt-get install -y chromium ***\n`);
}

/** Mark `n` as run, in the payload's window and the top one, and say so in a dialog. */
const run = (n: number): string => `window.__pwned=${n};top.__pwned=${n};alert(${n})`;

/** Our own small corpus: each line one way script has got into rendered Markdown somewhere. */
const PAYLOADS: string[] = [
  `[plain javascript link](javascript:${run(1)})`,
  `[mixed case](JaVaScRiPt:${run(2)})`,
  `[entity encoded](java&#x73;cript:${run(3)})`,
  `[tab inside](java\tscript:${run(4)})`,
  `<a href="javascript:${run(5)}">raw javascript link</a>`,
  `<a href=" &#14; javascript:${run(6)}">spaced raw link</a>`,
  `<a href="data:text/html,<script>${run(7)}</script>">data link</a>`,
  `<img src="x" onerror="${run(8)}">`,
  `<svg onload="${run(9)}"><circle r="5"></circle></svg>`,
  `<iframe srcdoc="<script>${run(10)}</script>"></iframe>`,
  `<script>${run(11)}</script>`,
  `<details open ontoggle="${run(12)}"><summary>details</summary>x</details>`,
  `<form action="javascript:${run(13)}"><button id="submit-me">form button</button></form>`,
  `<math><mtext><a xlink:href="javascript:${run(14)}">math link</a></mtext></math>`,
  `<object data="javascript:${run(15)}"></object><embed src="javascript:${run(16)}">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${run(17)}">`,
  `<base href="javascript:${run(18)}//">`,
  `![image](javascript:${run(19)})`,
  `<javascript:${run(20)}>`,
  `[reference link][evil]\n\n[evil]: javascript:${run(21)}`,
  `<input autofocus onfocus="${run(22)}">`,
  `<video><source onerror="${run(23)}"></video>`,
  `<noscript><p title="</noscript><img src=x onerror=${run(24)}>"></noscript>`,
  `<a href="#" onclick="${run(25)}">onclick link</a>`,
  `<style>@import url("javascript:${run(26)}");</style><div style="background:url(javascript:${run(27)})">styled</div>`,
  `<button formaction="javascript:${run(28)}" form="f">formaction button</button>`,
  `<isindex action="javascript:${run(29)}">`,
  `<a href="vbscript:msgbox(30)">vbscript link</a>`,
];

const ARTICLE = `---
title: "Printers <img src=x onerror=\\"${run(40)}\\">"
tags: ["<svg onload=${run(41)}>", printers]
summary: "<script>${run(42)}</script>"
---

Release print jobs at the device with your badge.

${PAYLOADS.join('\n\n')}

[A safe link to the VPN guide](vpn.md)
`;

/** The shared corpus (test/security/xss-corpus.ts) as one article: every URL as a link and an image, every piece of HTML raw. */
const CORPUS_ARTICLE = [
  '# Payloads from the shared corpus',
  ...XSS_URLS.flatMap((p, i) => [`[link ${i}: ${p.name}](<${p.url.replace(/[<>\n\r]/g, '')}>)`, `![image ${i}](<${p.url.replace(/[<>\n\r]/g, '')}>)`]),
  ...XSS_HTML.map((p) => p.html),
].join('\n\n');

describe.skipIf(!haveChromium)('the local servers in Chromium', () => {
  let browser: Browser;
  let session: WatchSession;
  let emulator: RunningEmulator;
  let evil: Server;
  let cleanup: () => Promise<void>;
  const dialogs: string[] = [];

  beforeAll(async () => {
    const project = await makeProject({
      'content/central/printers.md': ARTICLE,
      'content/central/vpn.md': '# Connecting to the VPN\n\nInstall the client.\n',
      'content/central/corpus.md': CORPUS_ARTICLE,
    });
    cleanup = project.cleanup;
    session = await startWatch({ loadConfig: () => loadConfig({ cwd: project.root, env: {} }), port: 0, log: () => undefined });
    emulator = await startEmulator();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await session?.close();
    await emulator?.close();
    await new Promise((resolve) => (evil === undefined ? resolve(undefined) : evil.close(resolve)));
    await cleanup?.();
  });

  beforeEach(() => {
    dialogs.length = 0;
  });

  async function newPage(): Promise<Page> {
    const page = await browser.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    return page;
  }

  async function pwned(page: Page): Promise<unknown> {
    return page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned);
  }

  /** Click every element `clickable` matches on the page at `url` (coming back after each), checking nothing ran. */
  async function clickEach(page: Page, url: string, clickable: string): Promise<void> {
    const count = await page.locator(clickable).count();
    for (let i = 0; i < count; i++) {
      if (page.url() !== url) await page.goto(url);
      await page.locator(clickable).nth(i).click({ noWaitAfter: true, timeout: 5_000 });
      await page.waitForLoadState('load');
      expect(await pwned(page)).toBeUndefined();
    }
  }

  it('runs no payload of the article when the preview shows it', async () => {
    const page = await newPage();
    const url = new URL(articleUrl('central/printers.md'), session.url).href;
    await page.goto(url);
    await page.waitForLoadState('load');
    // The page is the article, its text is there, and the preview's own script runs (live reload).
    await expect(page.locator('#article-body').textContent()).resolves.toContain('Release print jobs at the device');
    await expect(page.locator('h1.article-title').textContent()).resolves.toBe(`Printers <img src=x onerror="${run(40)}">`);
    expect(await pwned(page)).toBeUndefined();
    expect(await page.locator('#article-body [href^="javascript:" i], #article-body [src^="javascript:" i], #article-body [action]').count()).toBe(0);
    expect(await page.locator('#article-body script, #article-body iframe, #article-body object, #article-body embed, #article-body base, #article-body meta').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('runs none when every link and button in the article is clicked', async () => {
    const page = await newPage();
    const url = new URL(articleUrl('central/printers.md'), session.url).href;
    await page.goto(url);
    // Every payload's element; the one real cross-link (which navigates away) is left out.
    const clickable = '#article-body a:not([href^="/articles/"]), #article-body button:enabled, #article-body summary, #article-body input:enabled';
    const count = await page.locator(clickable).count();
    expect(count).toBeGreaterThanOrEqual(10);
    for (let i = 0; i < count; i++) {
      if (page.url() !== url) await page.goto(url);
      const target = page.locator(clickable).nth(i);
      const label = (await target.textContent()) ?? '';
      await target.click({ noWaitAfter: true, timeout: 5_000 });
      await page.waitForLoadState('load');
      expect(await pwned(page), `after clicking "${label}"`).toBeUndefined();
    }
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('runs none of the shared corpus, shown or clicked', async () => {
    const page = await newPage();
    const url = new URL(articleUrl('central/corpus.md'), session.url).href;
    await page.goto(url);
    await page.waitForLoadState('load');
    await expect(page.locator('#article-body').textContent()).resolves.toContain('link 0: javascript:');
    expect(await page.locator('#article-body [href^="javascript:" i], #article-body [href^="data:" i], #article-body [href^="vbscript:" i], #article-body [src^="javascript:" i]').count()).toBe(0);
    // Links to http(s) pages are left out: they run nothing, and would navigate away (to nowhere here).
    await clickEach(page, url, '#article-body a:not([href^="http:" i]):not([href^="https:" i]), #article-body button:enabled, #article-body summary, #article-body input:enabled');
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('runs no script from a template either: a pull request can change templates/article.html', async () => {
    const template = (await readFile(path.join(BUILTIN_TEMPLATES_DIR, 'article.html'), 'utf8')).replace(
      '{{{body}}}',
      `{{{body}}}<script>${run(50)}</script><img src="x" onerror="${run(51)}"><a id="template-link" href="javascript:${run(52)}">template link</a>`,
    );
    const project = await makeProject({ 'templates/article.html': template, 'content/central/vpn.md': '# Connecting to the VPN\n\nInstall the client.\n' });
    const hostile = await startWatch({ loadConfig: () => loadConfig({ cwd: project.root, env: {} }), port: 0, log: () => undefined });
    try {
      const page = await newPage();
      const response = await page.goto(new URL(articleUrl('central/vpn.md'), hostile.url).href);
      await expect(page.locator('#article-body').textContent()).resolves.toContain('Install the client.');
      expect(await pwned(page)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(response?.headers()['content-security-policy']).toBe(PAGE_POLICY);
      await page.locator('#template-link').click({ noWaitAfter: true });
      await page.waitForLoadState('load');
      expect(await pwned(page)).toBeUndefined();
      expect(dialogs).toEqual([]);
      await page.close();
    } finally {
      await hostile.close();
      await project.cleanup();
    }
  });

  it('the index page and the file routes run none of the title or tag payloads', async () => {
    const page = await newPage();
    await page.goto(session.url);
    await expect(page.locator('body').textContent()).resolves.toContain('Printers <img src=x onerror=');
    expect(await pwned(page)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it("runs no script stored in an article when the emulator's HTML view shows it", async () => {
    const tokenReply = await fetch(`${emulator.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emulator.clientId, client_secret: emulator.clientSecret }),
    });
    const token = ((await tokenReply.json()) as { access_token: string }).access_token;
    // Straight through the API, as any Halo client could store it: no halo-kb sanitising.
    const stored = await fetch(`${emulator.url}/api/kbarticle`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ name: 'Stored payloads', description_html: PAYLOADS.filter((p) => p.startsWith('<')).join('\n') }]),
    });
    const [{ id }] = (await stored.json()) as [{ id: number }];
    const page = await newPage();
    const url = `${emulator.url}/kb?id=${id}`;
    await page.goto(url);
    await expect(page.locator('h1').textContent()).resolves.toBe('Stored payloads');
    expect(await pwned(page)).toBeUndefined();
    await clickEach(page, url, 'article a, article button, article summary');
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it("a page on another origin can neither drive the emulator's control endpoints nor read its data", async () => {
    const target = emulator.url;
    // The attacker's page, on another loopback port: it tries every request a page can send.
    const attack = `<!doctype html><html><body><script>
      (async () => {
        const results = {};
        const attempt = async (name, fn) => { try { results[name] = await fn(); } catch (e) { results[name] = 'blocked: ' + e.name; } };
        await attempt('simple POST', () => fetch('${target}/_emulator/agent-edit/1', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"name":"Defaced"}' }).then((r) => r.type));
        await attempt('simple fault POST', () => fetch('${target}/_emulator/faults', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"kind":"error","times":50}' }).then((r) => r.type));
        await attempt('JSON POST', () => fetch('${target}/_emulator/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"kind":"error","times":50}' }).then((r) => r.status));
        await attempt('token POST', () => fetch('${target}/_emulator/reset-stats', { method: 'POST', headers: { authorization: 'Bearer guess' } }).then((r) => r.status));
        await attempt('read stats', () => fetch('${target}/_emulator/stats').then((r) => r.text()));
        await attempt('read the view', () => fetch('${target}/kb?id=1').then((r) => r.text()));
        await attempt('token with the demo secret', () => fetch('${target}/auth/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'halo-kb-demo', client_secret: 'emulator-secret' }) }).then((r) => r.text()));
        window.__results = results;
      })();
    </script>
    <form id="f" method="POST" enctype="text/plain" action="${target}/_emulator/faults"><input name='{"kind":"error","times":50,"x":"' value='"}'></form>
    </body></html>`;
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(attack);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    const before = emulator.data().articles.find((a) => a.id === 1);
    emulator.resetStats();

    const page = await newPage();
    await page.goto(evilUrl);
    await page.waitForFunction(() => (globalThis as unknown as { __results?: unknown }).__results !== undefined);
    const results = (await page.evaluate(() => (globalThis as unknown as { __results: Record<string, unknown> }).__results)) as Record<string, unknown>;
    // Simple requests go out (the browser does not read the answer); everything else is stopped.
    expect(results).toEqual({
      'simple POST': 'opaque',
      'simple fault POST': 'opaque',
      'JSON POST': 'blocked: TypeError',
      'token POST': 'blocked: TypeError',
      'read stats': 'blocked: TypeError',
      'read the view': 'blocked: TypeError',
      'token with the demo secret': 'blocked: TypeError',
    });
    // The form posts text/plain, navigating to the emulator's refusal.
    await Promise.all([page.waitForURL(`${target}/_emulator/faults`), page.locator('#f').evaluate((form) => (form as unknown as { submit(): void }).submit())]);
    await expect(page.locator('body').textContent()).resolves.toContain('Emulator control requests need');

    // Nothing changed: the article is as it was, and no fault answers Halo's paths.
    expect(emulator.data().articles.find((a) => a.id === 1)).toEqual(before);
    expect(emulator.stats().byStatus).toEqual({ 200: 1 });
    const authinfo = await fetch(`${target}/api/authinfo`);
    expect(authinfo.status).toBe(200);
    await page.close();
  }, 30_000);
});
