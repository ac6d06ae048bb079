/**
 * End to end in a real browser: Debian's Chromium driven by playwright-core (no browser download).
 * A writer opens an article, saves edits, breaks and fixes its frontmatter; the page follows.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { articleUrl } from '../../src/watch/preview-links.js';
import { startWatch, type WatchSession } from '../../src/watch/start-watch.js';
import { baseFiles, makeProject } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`\n*** SKIPPING the watch-mode browser test: ${CHROMIUM} is missing. Install it with: apt-get install -y chromium ***\n`);
}

describe.skipIf(!haveChromium)('watch mode in Chromium', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let session: WatchSession;
  let browser: Browser;
  let page: Page;
  const lines: string[] = [];
  const vpnFile = (): string => path.join(root, 'content/central/network/vpn.md');

  beforeAll(async () => {
    ({ root, cleanup } = await makeProject(baseFiles()));
    session = await startWatch({ loadConfig: () => loadConfig({ cwd: root, env: {} }), port: 0, log: (line) => lines.push(line) });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await session?.close();
    await cleanup?.();
  });

  /** Save the VPN article with `edit` applied, and wait for the page to load again. */
  async function saveAndReload(edit: (text: string) => string): Promise<void> {
    const reloaded = page.waitForEvent('load', { timeout: 10_000 });
    await writeFile(vpnFile(), edit(await readFile(vpnFile(), 'utf8')));
    await reloaded;
  }

  it('shows the article as published, with its image and working cross-links', async () => {
    await page.goto(new URL(articleUrl('central/network/vpn.md'), session.url).href);
    await expect(page.locator('h1.article-title').textContent()).resolves.toBe('Connecting to the VPN');
    await expect(page.locator('#article-body .halo-kb-banner').count()).resolves.toBe(1);
    const imageWidth = await page.locator('#article-body img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
    expect(imageWidth).toBe(1);
    await expect(page.locator('#article-body a', { hasText: 'Resetting your password' }).getAttribute('href')).resolves.toBe('/articles/central/accounts/password-reset.md#when-mfa-is-lost');
  });

  it('reloads with the change when the file is saved', async () => {
    await saveAndReload((t) => t.replace('Install the client.', 'Install GlobalConnect 6.'));
    await expect(page.locator('#article-body').textContent()).resolves.toContain('Install GlobalConnect 6.');
    expect(lines.at(-1)).toMatch(/edited content\/central\/network\/vpn\.md: compiled 1, resolved \d+, .*\(\d+ ms\)$/);
  });

  it('shows a broken frontmatter as an error on the page, and clears it on the next good save', async () => {
    await saveAndReload((t) => t.replace('title: Connecting to the VPN', 'title: [Connecting to the VPN'));
    const errors = page.locator('[data-problems="errors"]');
    await expect(errors.textContent()).resolves.toMatch(/content\/central\/network\/vpn\.md:3:\d+ The frontmatter is not valid YAML/);
    await expect(page.locator('[data-status]').first().getAttribute('data-status')).resolves.toBe('error');

    await saveAndReload((t) => t.replace('title: [Connecting to the VPN', 'title: Connecting to the VPN'));
    await expect(errors.count()).resolves.toBe(0);
    await expect(page.locator('h1.article-title').textContent()).resolves.toBe('Connecting to the VPN');
    await expect(page.locator('#article-body').textContent()).resolves.toContain('Install GlobalConnect 6.');
  });

  it('follows a cross-link to the other article', async () => {
    await page.locator('#article-body a', { hasText: 'Resetting your password' }).click();
    await page.waitForURL(/password-reset\.md#when-mfa-is-lost$/);
    await expect(page.locator('h1.article-title').textContent()).resolves.toBe('Resetting your password');
  });
});
