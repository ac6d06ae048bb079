/**
 * What renderMarkdown records beside the HTML: heading ids, the title taken from a leading H1 and
 * local references with their positions. The HTML itself is pinned by the golden pairs in
 * test/fixtures (test/compile/render-golden.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/compile/markdown.js';
import { ARTICLE_TOKEN, FILE_TOKEN } from '../../src/model/link-token.js';
import { MAX_TREE_DEPTH, TreeTooDeepError } from '../../src/compile/tree-depth.js';

const render = (md: string, dropLeadingH1 = true) => renderMarkdown(md, { dropLeadingH1 });

describe('renderMarkdown', () => {
  it('gives headings GitHub ids, unique within the article', async () => {
    const { html, headings } = await render('## Install the client\n\n## Connect\n\n### Connect\n\n## Wi-Fi & VPN: FAQ\n');
    expect(headings).toEqual(['install-the-client', 'connect', 'connect-1', 'wi-fi--vpn-faq']);
    expect(html).toContain('<h2 id="install-the-client">Install the client</h2>');
    expect(html).toContain('<h3 id="connect-1">Connect</h3>');
  });

  it('drops a leading H1 that becomes the title, and keeps it when frontmatter names the title', async () => {
    const dropped = await render('<!-- owner: service desk -->\n# Printing on the 3rd floor\n\nText.\n');
    expect(dropped.firstH1).toBe('Printing on the 3rd floor');
    expect(dropped.html).not.toContain('<h1');
    const kept = await render('# Printing on the 3rd floor\n\nText.\n', false);
    expect(kept.html).toContain('<h1 id="printing-on-the-3rd-floor">Printing on the 3rd floor</h1>');
    const later = await render('Intro.\n\n# Printing\n', true);
    expect(later.firstH1).toBe('Printing');
    expect(later.html).toContain('<h1 id="printing">Printing</h1>');
  });

  it('records local links and images as tokens with their positions, and leaves web links alone', async () => {
    const md = [
      'See [the VPN guide](../network/vpn.md#connect) and [the handbook](/central/handbooks/it-onboarding.pdf).',
      '',
      '![Client window](images/vpn%20client.png)',
      '',
      '[Halo](https://halopsa.com), [mail](mailto:it@example.com), [top](#top), [config](files/setup.zip?v=2)',
    ].join('\n');
    const { html, refs } = await render(md);
    expect(refs).toEqual([
      { kind: 'link', written: '../network/vpn.md#connect', path: '../network/vpn.md', fromRoot: false, anchor: 'connect', line: 1, column: 5 },
      { kind: 'link', written: '/central/handbooks/it-onboarding.pdf', path: 'central/handbooks/it-onboarding.pdf', fromRoot: true, line: 1, column: 52 },
      { kind: 'image', written: 'images/vpn%20client.png', path: 'images/vpn client.png', fromRoot: false, line: 3, column: 1 },
      { kind: 'link', written: 'files/setup.zip?v=2', path: 'files/setup.zip', fromRoot: false, line: 5, column: 74 },
    ]);
    expect(html).toContain(`href="${ARTICLE_TOKEN}0#connect"`);
    expect(html).toContain(`href="${ARTICLE_TOKEN}1"`);
    expect(html).toContain(`src="${FILE_TOKEN}2"`);
    expect(html).toContain('href="https://halopsa.com"');
    expect(html).toContain('href="#top"');
  });

  it('records links and images written as raw HTML, with their positions', async () => {
    const md = 'Press <kbd>Ctrl</kbd> and see <a href="printers/floor-3.md#drivers">the printers</a>.\n\n<img src="images/router.png" alt="Router">\n';
    const { html, refs } = await render(md);
    expect(refs).toEqual([
      { kind: 'link', written: 'printers/floor-3.md#drivers', path: 'printers/floor-3.md', fromRoot: false, anchor: 'drivers', line: 1, column: 31 },
      { kind: 'image', written: 'images/router.png', path: 'images/router.png', fromRoot: false, line: 3, column: 1 },
    ]);
    expect(html).toBe(`<p>Press <kbd>Ctrl</kbd> and see <a href="${ARTICLE_TOKEN}0#drivers">the printers</a>.</p>\n<img src="${FILE_TOKEN}1" alt="Router">`);
  });

  // Whether a deep document overflowed the call stack used to depend on the thread and on V8's
  // optimisation, so one file could compile on one run and not the next: the limit is a depth now.
  it.each<[string, (n: number) => string, string, number]>([
    // A blockquote a level, then the paragraph and its text; an element a level, then its text.
    ['blockquotes', (n) => `${'>'.repeat(n)} the first reply\n`, 'the first reply', 2],
    ['HTML elements', (n) => `${'<div>'.repeat(n)}Ticket 4211${'</div>'.repeat(n)}\n`, 'Ticket 4211', 1],
  ])('renders %s up to the depth limit and refuses one level more', async (_what, shape, text, inside) => {
    const levels = MAX_TREE_DEPTH - inside;
    expect((await render(shape(levels))).html).toContain(text);
    await expect(render(shape(levels + 1))).rejects.toBeInstanceOf(TreeTooDeepError);
  });
});
