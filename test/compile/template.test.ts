import { describe, expect, it } from 'vitest';
import { escapeHtml, loadTemplates, renderTemplate } from '../../src/compile/template.js';
import { makeProject } from '../helpers/temp-tree.js';

describe('renderTemplate', () => {
  it('escapes {{name}} and inserts {{{name}}} as HTML', () => {
    expect(renderTemplate('<h1>{{title}}</h1>{{{body}}}', { title: 'Printers & <scanners>', body: '<p>Text</p>' })).toBe('<h1>Printers &amp; &lt;scanners&gt;</h1><p>Text</p>');
  });

  it('keeps a section only when its value is set, an inverted one only when it is not', () => {
    const template = '{{#summary}}<em>{{summary}}</em>{{/summary}}{{^summary}}no summary{{/summary}}';
    expect(renderTemplate(template, { summary: 'Connect from home' })).toBe('<em>Connect from home</em>');
    expect(renderTemplate(template, {})).toBe('no summary');
    expect(renderTemplate(template, { summary: '' })).toBe('no summary');
  });

  it('renders unknown names empty and numbers as text', () => {
    expect(renderTemplate('{{nothing}}|{{page_count}}', { page_count: 12 })).toBe('|12');
  });

  it('never expands braces that come from inserted values', () => {
    const body = '<pre><code>- debug: msg="{{ item }}" {{{title}}}</code></pre>';
    expect(renderTemplate('{{title}}: {{{body}}}', { title: 'Ansible loops', body })).toBe(`Ansible loops: ${body}`);
  });

  it('escapes quotes for attributes', () => {
    expect(escapeHtml(`"it's"`)).toBe('&quot;it&#39;s&quot;');
  });
});

describe('loadTemplates', () => {
  it("uses the project's templates and falls back to the built-in ones", async () => {
    const root = await makeProject({ 'templates/article.html': '<div>{{title}}</div>{{{body}}}' });
    const templates = await loadTemplates(`${root}/templates`);
    expect(templates.article).toBe('<div>{{title}}</div>{{{body}}}');
    expect(templates.pdf).toContain('{{attachment_url}}');
    expect(templates.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an article template without {{{body}}}', async () => {
    const root = await makeProject({ 'templates/article.html': '<div>{{title}}</div>' });
    await expect(loadTemplates(`${root}/templates`)).rejects.toMatchObject({ code: 'TEMPLATE_NO_BODY' });
  });
});
