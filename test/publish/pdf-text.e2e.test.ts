/**
 * The sample content's PDF, published to the emulator through the real CLI: its text is in the
 * article body Halo holds, under the link to the PDF, so a KB search for a phrase of the PDF finds
 * the article.
 */
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishProject, SECRET } from './publish-fixture.js';

const SAMPLE = path.resolve(import.meta.dirname, '../../content');

describe('a PDF article in Halo', () => {
  it("holds the PDF's text in its body, where a KB search finds it", async () => {
    const p = await publishProject({});
    await cp(SAMPLE, path.join(p.root, 'content'), { recursive: true });
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('warning');

    const article = p.emulator.data().articles.find((a) => a.name === 'IT onboarding handbook')!;
    const pdf = p.emulator.data().attachments.find((f) => f.filename === 'it-onboarding.pdf')!;
    const body = article.description_html;
    const link = body.indexOf(`<a href="${p.emulator.url}/api/Attachment/${pdf.id}">Open the PDF</a>`);
    expect(link).toBeGreaterThan(0);
    expect(body.indexOf('<h2>Page 3</h2>\n<p>Getting help</p>\n<p>Raise a ticket in the self-service portal, or call the service desk on extension 4400.')).toBeGreaterThan(link);

    // Halo's KB search, asked as an agent would: the phrase is only in the PDF.
    const grant = await fetch(`${p.emulator.url}/auth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: p.emulator.clientId, client_secret: SECRET, scope: 'all', tenant: p.emulator.tenant }),
    });
    const { access_token: token } = (await grant.json()) as { access_token: string };
    const search = await fetch(`${p.emulator.url}/api/KBArticle?search=${encodeURIComponent('multi-factor authentication')}`, { headers: { authorization: `Bearer ${token}` } });
    const found = (await search.json()) as { articles: { name: string }[] };
    expect(found.articles.map((a) => a.name)).toEqual(['IT onboarding handbook']);
  });
});
