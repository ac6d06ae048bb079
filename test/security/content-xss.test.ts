/**
 * Every payload of the XSS corpus, through every way a URL or HTML reaches an article: frontmatter
 * `public_links`, Markdown link and image targets, raw HTML in Markdown, templates and the values
 * they show, the URL settings, and the URLs publishing puts in. The final HTML (what `build` writes,
 * what publishing sends, and what the emulator stores) must hold nothing that could run script.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderPublishedHtml } from '../../src/publish/render-html.js';
import { makePdf, makePng } from '../helpers/binary-files.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { makeProject, type TreeFiles } from '../helpers/temp-tree.js';
import { publishProject } from '../publish/publish-fixture.js';
import { scriptCapable } from './xss-check.js';
import { XSS_HTML, XSS_URLS } from './xss-corpus.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** A URL as a Markdown link target: in <…> when it can be, else with the characters Markdown stops at encoded. */
function markdownTarget(url: string): string {
  return /[<>\n\r]/.test(url) ? url.replace(/[\s()<>]/g, (c) => encodeURIComponent(c)) : `<${url}>`;
}

/** One article per URL payload: in public_links, as a link and an image target, and in raw HTML. */
function urlArticle(url: string, n: number): string {
  return [
    '---',
    `public_links: { "files/big-${pad(n)}.zip": ${JSON.stringify(url)} }`,
    '---',
    '',
    `# URL payload ${pad(n)}`,
    '',
    `[Download](files/big-${pad(n)}.zip), [a link](${markdownTarget(url)}) and ![an image](${markdownTarget(url)}).`,
    '',
    `<a href="${url}">raw link</a> <img src="${url}" alt="raw image">`,
    '',
  ].join('\n');
}

/** One article per HTML payload: inline in a paragraph and as a block of its own. */
function htmlArticle(html: string, n: number): string {
  return `# HTML payload ${pad(n)}\n\nBefore ${html} after.\n\n${html}\n\nThe end.\n`;
}

function corpusTree(): TreeFiles {
  const files: TreeFiles = {};
  XSS_URLS.forEach(({ url }, n) => {
    files[`content/central/urls/url-${pad(n)}.md`] = urlArticle(url, n);
  });
  XSS_HTML.forEach(({ html }, n) => {
    files[`content/central/html/html-${pad(n)}.md`] = htmlArticle(html, n);
  });
  return files;
}

describe('the XSS corpus through the build', () => {
  let root: string;
  let validate: CliRun;
  const html = (rel: string): Promise<string> => readFile(path.join(root, '.halo-kb/build/articles', rel), 'utf8');

  beforeAll(async () => {
    root = await makeProject(corpusTree());
    validate = await runCli(['validate'], root);
    await runCli(['build', '--quiet'], root);
  });

  it('refuses every public_links URL that is not http(s), naming the file, line and column', () => {
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(
      'content/central/urls/url-00.md:2:37: error: frontmatter key "public_links" links "files/big-00.zip" to "javascript:alert(1)", which is not an http(s) URL. [frontmatter-type]\n' +
        '    Public URLs of files too large to upload, by their path relative to the article. Only http:// and https:// links are published. Example: public_links: { "files/big.zip": "https://files.example.com/big.zip" }\n',
    );
    XSS_URLS.forEach(({ url }, n) => {
      const refused = validate.stdout.includes(`content/central/urls/url-${pad(n)}.md:2:37: error: frontmatter key "public_links" links`);
      // Only the payloads that are real https URLs (trying to break out of the attribute) get through, escaped.
      expect(refused, url).toBe(!url.startsWith('https://'));
    });
  });

  it.each(XSS_URLS.map((p, n) => [p.name, n] as const))('URL payload: %s', async (_name, n) => {
    const built = await html(`central/urls/url-${pad(n)}.html`);
    expect(scriptCapable(built)).toEqual([]);
  });

  it.each(XSS_HTML.map((p, n) => [p.name, n] as const))('HTML payload: %s', async (_name, n) => {
    const built = await html(`central/html/html-${pad(n)}.html`);
    expect(scriptCapable(built)).toEqual([]);
    expect(built).toContain('The end.');
  });
});

describe('templates and the values they show', () => {
  it('a template holding every HTML payload, with titles and summaries in its links', async () => {
    const template = [
      '<div class="banner" data-halo-kb-key="{{key}}" style="color:#333">',
      ...XSS_HTML.map((p) => p.html),
      '<a href="{{title}}">title as a link</a> <img src="{{summary}}" alt=""> <a href="{{{summary}}}">summary</a> {{{title}}}',
      '</div>',
      '<div class="article">{{{body}}}</div>',
    ].join('\n');
    const files: TreeFiles = { 'templates/article.html': template, 'templates/pdf.html': `${XSS_HTML.map((p) => p.html).join('\n')}<a href="{{document_title}}">{{file_name}}</a>` };
    XSS_URLS.forEach(({ url }, n) => {
      files[`content/central/u${pad(n)}.md`] = `---\ntitle: ${JSON.stringify(url)}\nsummary: ${JSON.stringify(url)}\n---\n\nText ${n}.\n`;
    });
    files['content/central/handbooks/guide.pdf'] = await makePdf({ title: 'javascript:alert(document.cookie)' });
    const root = await makeProject(files);
    const run = await runCli(['build', '--format', 'json'], root);
    expect(run.code).toBe(0);
    const index = JSON.parse(run.stdout) as { articles: { html: string; title: string }[] };
    expect(index.articles).toHaveLength(XSS_URLS.length + 1);
    for (const article of index.articles) {
      const built = await readFile(path.join(root, '.halo-kb/build', article.html), 'utf8');
      expect(scriptCapable(built), article.title).toEqual([]);
      // The template's own markup, its key marker and the article's text are all still there.
      expect(built).toContain('<div class="banner" data-halo-kb-key=');
      expect(built).toContain('class="halo-kb-key"');
    }
  });

  it('{{{body}}} inside an attribute is refused: the article could close the attribute', async () => {
    const root = await makeProject({ 'templates/article.html': '<div title="{{{body}}}"></div>', 'content/central/a.md': '# A\n\nText.\n' });
    const run = await runCli(['build'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: The template ${path.join(root, 'templates', 'article.html')} puts {{{body}}} inside an attribute or a tag.\n` +
        '  Put {{{body}}} between tags, where the article text belongs, e.g. <div class="article">{{{body}}}</div>.\n',
    );
  });
});

describe('URL settings and sidecars', () => {
  it('source_url, attachments.public_base_url and halo.article_url must be http(s) (exit code 3)', async () => {
    const root = await makeProject({
      'halo-kb.yml': 'source_url: "javascript:alert(1)//"\nattachments:\n  public_base_url: data:text/html,x\nhalo:\n  article_url: "javascript:alert({id})"\n',
      'content/central/a.md': '# A\n\nText.\n',
    });
    const run = await runCli(['validate'], root);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      [
        'error: halo-kb.yml has 3 invalid settings:',
        'halo-kb.yml:1:13: halo-kb.yml key "source_url" must be an http(s) URL, but it is string "javascript:alert(1)//".',
        '    Base URL where the sources are browsable, shown in the banner. Example: source_url: https://files.example.com/handbook.pdf',
        'halo-kb.yml:3:20: halo-kb.yml attachments key "public_base_url" must be an http(s) URL, but it is string "data:text/html,x".',
        '    Public URL of the content tree; oversized files link there instead. Example: public_base_url: https://files.example.com/handbook.pdf',
        'halo-kb.yml:5:16: halo-kb.yml halo key "article_url" must be an http(s) URL once {url} and {id} are filled in, but it is string "javascript:alert({id})".',
        '    Halo URL of an article for cross-links: {url} and {id} are replaced. Example: article_url: "{url}/kb?id={id}"',
        '  Fix the settings shown, or remove them to use the defaults.',
        '',
      ].join('\n'),
    );
  });

  it("a PDF sidecar's public_link must be http(s)", async () => {
    const root = await makeProject({
      'content/central/handbooks/guide.pdf': await makePdf(),
      'content/central/handbooks/guide.pdf.yml': 'public_link: "vbscript:msgbox(1)"\n',
    });
    const run = await runCli(['validate'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('content/central/handbooks/guide.pdf.yml:1:14: error: metadata key "public_link" must be an http(s) URL, but it is string "vbscript:msgbox(1)". [frontmatter-type]');
  });
});

describe('the publish substitution step', () => {
  const built = '<p><a href="halo-kb://article/central/vpn#connect">VPN</a> <img src="halo-kb://file/central/a.png" alt=""></p>';

  it.each(XSS_URLS.map((p) => [p.name, p.url] as const))('a Halo attachment URL or article URL template that is %s', (_name, url) => {
    const asFile = renderPublishedHtml(built, { articleId: () => 12, fileUrl: () => url }, '{url}/kb?id={id}', 'https://example.halopsa.com');
    expect(scriptCapable(asFile.html)).toEqual([]);
    const asTemplate = renderPublishedHtml(built, { articleId: () => 12, fileUrl: () => 'https://example.halopsa.com/api/Attachment/3' }, url, 'https://example.halopsa.com');
    expect(scriptCapable(asTemplate.html)).toEqual([]);
  });

  it('keeps safe URLs as they are', () => {
    const out = renderPublishedHtml(built, { articleId: () => 12, fileUrl: () => 'https://example.halopsa.com/api/Attachment/3?x=1&y=2' }, '{url}/kb?id={id}', 'https://example.halopsa.com');
    expect(out.html).toBe('<p><a href="https://example.halopsa.com/kb?id=12#connect">VPN</a> <img src="https://example.halopsa.com/api/Attachment/3?x=1&#x26;y=2" alt=""></p>');
  });

  it('HTML that reached it unsanitised is sanitised', () => {
    for (const { html } of XSS_HTML) {
      const out = renderPublishedHtml(`<p>${html}</p>`, { articleId: () => undefined, fileUrl: () => undefined }, '{url}/kb?id={id}', 'https://example.halopsa.com');
      expect(scriptCapable(out.html), html).toEqual([]);
    }
  });
});

describe('publishing the corpus', () => {
  it('the emulator stores nothing that could run script', async () => {
    const files: TreeFiles = {
      'templates/article.html': `<div class="halo-kb-banner" data-halo-kb-key="{{key}}" onmouseover="alert(1)"><a href="{{title}}">{{title}}</a></div>\n${XSS_HTML.slice(0, 10)
        .map((p) => p.html)
        .join('\n')}\n{{{body}}}`,
      'content/central/network/vpn.md': '# Connecting to the VPN\n\nSee [the portal](https://portal.example.com/vpn).\n',
      // The image several payloads name (`<img src=x …>`): it is uploaded like any image.
      'content/central/html/x': makePng(),
    };
    XSS_URLS.slice(0, 12).forEach(({ url }, n) => {
      files[`content/central/urls/url-${pad(n)}.md`] = `# URL ${n}\n\n[a link](${markdownTarget(url)}) <a href="${url}">raw</a>\n`;
    });
    XSS_HTML.forEach(({ html }, n) => {
      files[`content/central/html/html-${pad(n)}.md`] = htmlArticle(html, n);
    });
    const p = await publishProject(files);
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    const stored = p.emulator.data().articles;
    expect(stored).toHaveLength(1 + 12 + XSS_HTML.length);
    for (const article of stored) {
      expect(scriptCapable(article.description_html), article.name).toEqual([]);
      expect(scriptCapable(article.description), article.name).toEqual([]);
    }
    expect(stored.find((a) => a.name === 'Connecting to the VPN')?.description_html).toContain('<a href="https://portal.example.com/vpn">the portal</a>');
  });
});
