/**
 * The preview shows a PDF article as Halo will: with the PDF's text under its link.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { articleUrl } from '../../src/watch/preview-links.js';
import { startWatch, type WatchSession } from '../../src/watch/start-watch.js';
import { makePdf } from '../helpers/binary-files.js';
import { makeProject } from './fixture.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('preview of a PDF article', () => {
  it("shows the PDF's text under its link", async () => {
    const { root, cleanup } = await makeProject({ 'content/central/handbooks/guide.pdf': await makePdf({ text: ['Badges open the front door.', 'Call extension 4400.'] }) });
    cleanups.push(cleanup);
    const session: WatchSession = await startWatch({ loadConfig: () => loadConfig({ cwd: root, env: {} }), port: 0, log: () => undefined });
    cleanups.unshift(() => session.close());
    const page = await (await fetch(new URL(articleUrl('central/handbooks/guide.pdf'), session.url))).text();
    expect(page).toContain('Open the PDF</a>');
    expect(page.indexOf('<h2>Page 2</h2>\n<p>Call extension 4400.</p>')).toBeGreaterThan(page.indexOf('Open the PDF</a>'));
  });
});
