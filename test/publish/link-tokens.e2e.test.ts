/**
 * Cross-links reach Halo as links to the other article's Halo URL, whatever characters its key
 * holds; `halo-kb://` written in an article's text reaches Halo as written.
 */
import { describe, expect, it } from 'vitest';
import { KB, publishProject } from './publish-fixture.js';

describe('links in what reaches Halo', () => {
  it('links an article whose key holds "&", and leaves halo-kb:// in prose and code as written', async () => {
    const p = await publishProject({
      ...KB,
      'content/central/r&d-budget.md': '# R&D budget\n\n## Totals\n\nAsk finance.\n',
      'content/central/budget-guide.md':
        '# Budget guide\n\nSee [the R&D budget](r&d-budget.md#totals).\n\nInternally a link is kept as "halo-kb://article/central/r&d-budget" until publishing, e.g. `<a href="halo-kb://article/central/r&d-budget">`.\n',
    });
    const run = await p.run('publish');
    expect(run.stdout).not.toContain('unresolved');
    expect(run.code).toBe(0);
    const articles = p.emulator.data().articles;
    const budget = articles.find((a) => a.name === 'R&D budget')!;
    const guide = articles.find((a) => a.name === 'Budget guide')!;
    expect(guide.description_html).toContain(`<p>See <a href="${p.emulator.url}/kb?id=${budget.id}#totals">the R&#x26;D budget</a>.</p>`);
    expect(guide.description_html).toContain(
      '<p>Internally a link is kept as "halo-kb://article/central/r&#x26;d-budget" until publishing, e.g. <code>&#x3C;a href="halo-kb://article/central/r&#x26;d-budget"></code>.</p>',
    );
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
  });
});
