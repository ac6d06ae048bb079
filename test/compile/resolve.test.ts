import { describe, expect, it } from 'vitest';
import type { CompiledArticle } from '../../src/compile/compile-article.js';
import { articleHash } from '../../src/compile/article-hash.js';
import { faqListsOf } from '../../src/compile/faq-lists.js';
import { resolveArticles, resolveWithMemos } from '../../src/compile/resolve.js';
import { articleFromMemo } from '../../src/compile/resolved-memo.js';
import type { FileFact } from '../../src/model/file-fact.js';
import type { KbRef } from '../../src/model/kb.js';
import type { LocalRef } from '../../src/compile/markdown.js';

const CENTRAL: KbRef = { kind: 'central' };
const CONTOSO: KbRef = { kind: 'company', folder: 'contoso' };
const SETTINGS = { maxBytes: 1000, publicBaseUrl: undefined, centralListName: 'Central', maxArticleBytes: 4 * 1024 * 1024 };

function article(contentPath: string, kb: KbRef, refs: LocalRef[] = [], extra: Partial<CompiledArticle> = {}): CompiledArticle {
  const key = contentPath.replace(/\.(md|pdf)$/, '');
  return {
    key,
    kind: contentPath.endsWith('.pdf') ? 'pdf' : 'markdown',
    contentPath,
    displayPath: `content/${contentPath}`,
    kb,
    folders: contentPath.split('/').slice(kb.kind === 'central' ? 1 : 2, -1),
    title: key,
    draft: false,
    tags: [],
    extraFaqLists: [],
    publicLinks: {},
    html: refs.map((r, i) => `<a href="halo-kb://${/\.(md|pdf)$/.test(r.path) ? 'article' : 'file'}/${i}${r.anchor ? `#${r.anchor}` : ''}">x</a>`).join(''),
    headings: ['connect'],
    refs,
    diagnostics: [],
    ...extra,
  };
}

const link = (written: string, line = 3, column = 1): LocalRef => {
  const [p, anchor] = written.split('#');
  const ref: LocalRef = { kind: 'link', written, path: p!.replace(/^\//, ''), fromRoot: written.startsWith('/'), line, column };
  if (anchor !== undefined) ref.anchor = anchor;
  return ref;
};

const file = (size: number): FileFact => ({ kind: 'file', size, sha256: 'a'.repeat(64) });

describe('resolveArticles', () => {
  it('keeps every field of the compiled article but the ones it resolves, and rebuilds the same article from its memo', () => {
    // Required<>: a field added to CompiledArticle must be added here, and is then checked below.
    const compiled: Required<CompiledArticle> = {
      ...article('central/handbooks/onboarding.pdf', CENTRAL, [link('onboarding.pdf')]),
      summary: 'The first week.',
      reviewDate: '2027-01-31',
      extraFaqLists: ['people'],
      publicLinks: {},
      publicLink: 'https://files.example.com/onboarding.pdf',
      pdf: { pageCount: 2, documentTitle: 'Onboarding' },
      sourceSha256: 'b'.repeat(64),
      sidecarSha256: 'c'.repeat(64),
    };
    const [{ article: resolved, memo }] = resolveWithMemos([compiled], new Map([['central/handbooks/onboarding.pdf', file(5000)]]), SETTINGS) as [ReturnType<typeof resolveWithMemos>[number]];
    const inputs = new Set(['refs', 'extraFaqLists', 'publicLinks', 'publicLink']);
    for (const [field, value] of Object.entries(compiled)) {
      if (inputs.has(field)) expect(resolved).not.toHaveProperty(field);
      else if (field !== 'html') expect(resolved).toHaveProperty(field, value);
    }
    expect(resolved.html).toBe('<a href="https://files.example.com/onboarding.pdf">x</a>');
    expect(resolved.faqLists).toEqual(['central/handbooks', 'central/people']);
    expect(articleFromMemo(compiled, JSON.parse(JSON.stringify(memo)))).toEqual(resolved);
  });

  it('rewrites only the links, not halo-kb:// written in the text', () => {
    const wifi = article('central/network/wifi.md', CENTRAL, [link('vpn.md#connect')]);
    wifi.html += '<p>Links are kept as halo-kb://article/0#connect or "halo-kb://file/0" until publishing.</p>';
    const [resolved] = resolveArticles([wifi, article('central/network/vpn.md', CENTRAL)], new Map(), SETTINGS);
    expect(resolved!.html).toBe('<a href="halo-kb://article/central/network/vpn#connect">x</a><p>Links are kept as halo-kb://article/0#connect or "halo-kb://file/0" until publishing.</p>');
  });

  it('rewrites cross-links to keys, keeping anchors, and records them', () => {
    const [wifi] = resolveArticles([article('central/network/wifi.md', CENTRAL, [link('vpn.md#connect')]), article('central/network/vpn.md', CENTRAL)], new Map(), SETTINGS);
    expect(wifi!.html).toBe('<a href="halo-kb://article/central/network/vpn#connect">x</a>');
    expect(wifi!.crossLinks).toEqual([{ key: 'central/network/vpn', anchor: 'connect' }]);
    expect(wifi!.hasErrors).toBe(false);
  });

  it('lets a company link to central and to itself only', () => {
    const results = resolveArticles(
      [
        article('companies/contoso/printers.md', CONTOSO, [link('/central/network/vpn.md'), link('onboarding.md')]),
        article('companies/contoso/onboarding.md', CONTOSO),
        article('central/network/vpn.md', CENTRAL, [link('../../companies/contoso/onboarding.md')]),
      ],
      new Map(),
      SETTINGS,
    );
    expect(results[0]!.diagnostics).toEqual([]);
    expect(results[2]!.diagnostics.map((d) => d.ruleId)).toEqual(['cross-audience-link']);
    expect(results[2]!.html).toBe('<a href="#">x</a>');
  });

  it('warns about a published article linking to a draft', () => {
    const [wifi] = resolveArticles([article('central/wifi.md', CENTRAL, [link('vpn.md')]), article('central/vpn.md', CENTRAL, [], { draft: true })], new Map(), SETTINGS);
    expect(wifi!.diagnostics.map((d) => `${d.severity} ${d.ruleId}`)).toEqual(['error link-to-draft']);
  });

  it('uploads small files, links big ones with a public URL, refuses big ones without', () => {
    const refs = [link('images/screen.png'), link('files/big.zip'), link('files/huge.iso')];
    const [a] = resolveArticles(
      [article('central/vpn.md', CENTRAL, refs, { publicLinks: { 'files/big.zip': 'https://files.example.com/big.zip?a=1&b="2"' } })],
      new Map([
        ['central/images/screen.png', file(500)],
        ['central/files/big.zip', file(5000)],
        ['central/files/huge.iso', file(5000)],
      ]),
      SETTINGS,
    );
    expect(a!.attachments.map((x) => [x.path, x.mode, x.url])).toEqual([
      ['central/images/screen.png', 'upload', undefined],
      ['central/files/big.zip', 'link', 'https://files.example.com/big.zip?a=1&b="2"'],
      ['central/files/huge.iso', 'refused', undefined],
    ]);
    expect(a!.html).toBe(
      '<a href="halo-kb://file/central/images/screen.png">x</a><a href="https://files.example.com/big.zip?a=1&amp;b=&quot;2&quot;">x</a><a href="halo-kb://file/central/files/huge.iso">x</a>',
    );
    expect(a!.diagnostics.map((d) => d.ruleId)).toEqual(['attachment-too-large']);
  });

  it('links oversized files under a configured public base URL', () => {
    const [a] = resolveArticles([article('central/vpn.md', CENTRAL, [link('files/big file.zip')])], new Map([['central/files/big file.zip', file(5000)]]), {
      ...SETTINGS,
      publicBaseUrl: 'https://files.example.com/kb',
    });
    expect(a!.attachments[0]).toMatchObject({ mode: 'link', url: 'https://files.example.com/kb/central/files/big%20file.zip' });
    expect(a!.hasErrors).toBe(false);
  });

  it("gives a PDF article its own file as an attachment, linked by the sidecar's public_link", () => {
    const pdf = article('central/handbook.pdf', CENTRAL, [{ kind: 'link', written: 'handbook.pdf', path: 'handbook.pdf', fromRoot: false }], {
      publicLink: 'https://files.example.com/handbook.pdf',
    });
    const [a] = resolveArticles([pdf], new Map([['central/handbook.pdf', file(50_000)]]), SETTINGS);
    expect(a!.attachments).toEqual([{ path: 'central/handbook.pdf', size: 50_000, sha256: 'a'.repeat(64), mode: 'link', url: 'https://files.example.com/handbook.pdf' }]);
    expect(a!.html).toBe('<a href="https://files.example.com/handbook.pdf">x</a>');
  });

  it('lists the FAQ lists of an article: its folder, then extra ones', () => {
    const [a] = resolveArticles([article('companies/contoso/printers/floor-3.md', CONTOSO, [], { extraFaqLists: ['onboarding', '/printers/', '../../central'] })], new Map(), SETTINGS);
    expect(a!.faqLists).toEqual(['companies/contoso/printers', 'companies/contoso/onboarding']);
    expect(a!.diagnostics.map((d) => d.message)).toEqual(['faq_lists entry "../../central" is not a folder path inside company "contoso".']);
  });

  it('hashes deterministically, and changes the hash with anything published', () => {
    const make = (title: string) => resolveArticles([article('central/vpn.md', CENTRAL, [link('a.png')], { title })], new Map([['central/a.png', file(10)]]), SETTINGS)[0]!;
    expect(make('VPN').hash).toBe(make('VPN').hash);
    expect(make('VPN').hash).not.toBe(make('VPN!').hash);
    const base = make('VPN');
    expect(articleHash({ ...base, tags: ['vpn'] })).not.toBe(base.hash);
    expect(articleHash({ ...base, attachments: [{ ...base.attachments[0]!, sha256: 'b'.repeat(64) }] })).not.toBe(base.hash);
    // Key order of the input objects does not matter.
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as typeof base;
    expect(articleHash(reordered)).toBe(base.hash);
    expect(base.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('faqListsOf', () => {
  it('builds the list tree with company names and folder titles', () => {
    const articles = resolveArticles([article('central/network/wifi/guest.md', CENTRAL), article('companies/contoso/printers/floor-3.md', CONTOSO)], new Map(), SETTINGS);
    expect(faqListsOf(articles, [{ folder: 'contoso', clientName: 'Contoso Ltd', faqList: 'Contoso' }], SETTINGS)).toEqual([
      { key: 'central', name: 'Central', kb: CENTRAL },
      { key: 'central/network', name: 'Network', parent: 'central', kb: CENTRAL },
      { key: 'central/network/wifi', name: 'Wifi', parent: 'central/network', kb: CENTRAL },
      { key: 'companies/contoso', name: 'Contoso', kb: CONTOSO },
      { key: 'companies/contoso/printers', name: 'Printers', parent: 'companies/contoso', kb: CONTOSO },
    ]);
  });
});
