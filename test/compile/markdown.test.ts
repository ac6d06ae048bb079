import { describe, expect, it } from 'vitest';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import {
  rehypeHaloRefs,
  remarkTitle,
  renderMarkdown,
  sanitizeSchema,
  type LocalRef,
  type RenderedMarkdown,
} from '../../src/compile/markdown.js';
import { ARTICLE_TOKEN, FILE_TOKEN } from '../../src/model/link-token.js';

const render = (md: string, dropLeadingH1 = true) => renderMarkdown(md, { dropLeadingH1 });

describe('renderMarkdown', () => {
  it('renders a GFM table', async () => {
    const { html } = await render('| Step | Owner |\n| --- | :-: |\n| Create the account | Service desk |\n');
    expect(html).toBe(
      '<table>\n<thead>\n<tr>\n<th>Step</th>\n<th align="center">Owner</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>Create the account</td>\n<td align="center">Service desk</td>\n</tr>\n</tbody>\n</table>',
    );
  });

  it('renders a task list', async () => {
    const { html } = await render('- [x] Laptop shipped\n- [ ] Badge printed\n');
    expect(html).toBe(
      '<ul class="contains-task-list">\n<li class="task-list-item"><input type="checkbox" checked disabled> Laptop shipped</li>\n<li class="task-list-item"><input type="checkbox" disabled> Badge printed</li>\n</ul>',
    );
  });

  it('renders a fenced code block with its language and escapes its text', async () => {
    const { html } = await render('```powershell\nTest-NetConnection fs01 -Port 445 <# check #>\n```\n');
    expect(html).toBe('<pre><code class="language-powershell">Test-NetConnection fs01 -Port 445 &#x3C;# check #>\n</code></pre>');
  });

  it('keeps safe raw HTML and removes scripts, event handlers and javascript: URLs', async () => {
    const { html } = await render(
      'Before <kbd>Ctrl</kbd>+<kbd>Alt</kbd>.\n\n<script>alert("x")</script>\n\n<p onclick="steal()" style="color:red">Click</p>\n\n[Run](javascript:alert(1))\n\n<iframe src="https://evil.example.com"></iframe>\n',
    );
    expect(html).not.toMatch(/script|onclick|javascript:|iframe|alert/i);
    expect(html).toContain('<kbd>Ctrl</kbd>+<kbd>Alt</kbd>');
    expect(html).toContain('<p>Click</p>');
  });

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

  it('is deterministic', async () => {
    const md = '# VPN\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [ ] x\n\n![i](i.png)\n';
    expect((await render(md)).html).toBe((await render(md)).html);
  });
});

/** The straightforward pipeline: stock remark-gfm, and rehype-raw over the whole document. */
const reference = (dropLeadingH1: boolean) =>
  unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkTitle, { dropLeadingH1 })
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehypeSanitize, sanitizeSchema)
    .use(rehypeHaloRefs)
    .use(rehypeStringify);

async function renderReference(md: string, dropLeadingH1: boolean): Promise<RenderedMarkdown> {
  const file = await reference(dropLeadingH1).process(md);
  const rendered: RenderedMarkdown = { html: String(file.value).trim(), headings: file.data['headings'] as string[], refs: file.data['refs'] as LocalRef[] };
  if (typeof file.data['firstH1'] === 'string') rendered.firstH1 = file.data['firstH1'];
  return rendered;
}

describe('renderMarkdown takes short cuts that change nothing', () => {
  const articles: Record<string, string> = {
    'inline keys in one paragraph': '# Copy a file\n\nPress <kbd>Ctrl</kbd>+<kbd>C</kbd>, then <kbd>Ctrl</kbd>+<kbd>V</kbd>.\n\n## Next\n\nDone.\n',
    'line breaks in a table and superscripts': '| Setting | Value |\n| --- | --- |\n| Ports | 80<br>443<br/>8443 |\n| Area | 25 m<sup>2</sup> |\n\nSee <span class="note" title=\'the "old" one\'>the note</span>.\n',
    'a bold tag left open runs on': 'Warning: <b>do not reboot.\n\nThe server is still updating.\n',
    'a block tag inside a paragraph': 'Text <div>boxed</div> around.\n\nAfter it.\n',
    'an HTML block with Markdown inside': '<details>\n<summary>Show the log</summary>\n\nThe *whole* log.\n\n</details>\n\nThen press <kbd>Esc</kbd>.\n',
    'an attribute holding ">"': '- <span title="a>b">odd</span>\n- <!-- hidden --> shown\n- <img src="images/router.png" alt="Router"> front panel\n',
    'raw links and a heading with a tag': 'Read [the <kbd>VPN</kbd> guide](../network/vpn.md#setup) or <a href="printers.md">printers</a>.\n\n## Reset with <em>care</em>\n',
    'tags split across quote blocks': '> Press <i>Start\n\n> then </i> Settings.\n',
    'bare URLs and e-mail addresses': 'Open www.example.com or https://portal.example.com/login and write to helpdesk@example.com.\n\n[https://in.a.link](https://example.com) and `www.in.code.com`.\n',
    'no bare URL, only a link': 'See the [status page](https://status.example.com) first; mail is in [contact](mailto:help@example.com).\n',
    'bare tags nested, in emphasis, lists and tables': '1. Press <kbd><kbd>Ctrl</kbd>+<kbd>C</kbd></kbd>, **<sup>1</sup> bold <sub>low</sub>** and <mark>*marked* text</mark>.\n2. <span>line<br>break <wbr>x</span>\n\n| Key | Note |\n| --- | --- |\n| <kbd>F5</kbd> | H<sub>2</sub>O <q>quote</q> |\n\n> <abbr>VPN</abbr> <del>old</del> <ins>new</ins> <var>x</var> <samp>out</samp> <cite>ref</cite> <dfn>term</dfn>\n',
    'bare tags that must go through the parser': 'A <kbd>key *split</kbd> across* emphasis.\n\n<KBD >Up</KBD > and <Sup>2</sUP> and <kbd>open <sup>wrong</kbd></sup>.\n',
    'footnotes, with and without tags': 'Text <kbd>a</kbd>[^1] and more[^note].\n\n[^1]: Note <sup>n</sup>.\n[^note]: Plain note.\n',
    'a footnote inside a link': '[see [^1] <kbd>x</kbd>](https://example.com) and [again [^1]](https://example.com/b).\n\n[^1]: The note.\n',
    'script, textarea, self-closed and stray tags': '<script>alert(1)</script>\n\n1. <textarea>note</textarea>\n2. <kbd/> key\n3. line </br> break\n4. <KBD>Up</KBD> and <q>say <q>it</q></q>\n',
  };

  for (const [name, md] of Object.entries(articles)) {
    it(`renders ${name} exactly as stock remark-gfm and rehype-raw do`, async () => {
      for (const dropLeadingH1 of [true, false]) expect(await renderMarkdown(md, { dropLeadingH1 })).toEqual(await renderReference(md, dropLeadingH1));
    });
  }

  it('still parses a tag left open across paragraphs as HTML does', async () => {
    const { html } = await render(articles['a bold tag left open runs on']!);
    expect(html).toBe('<p>Warning: <b>do not reboot.</b></p><b>\n<p>The server is still updating.</p></b>');
  });

  it('still links bare URLs and e-mail addresses', async () => {
    const { html } = await render(articles['bare URLs and e-mail addresses']!);
    expect(html).toContain('<a href="http://www.example.com">www.example.com</a>');
    expect(html).toContain('<a href="https://portal.example.com/login">https://portal.example.com/login</a>');
    expect(html).toContain('<a href="mailto:helpdesk@example.com">helpdesk@example.com</a>');
  });
});
