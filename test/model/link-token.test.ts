import { describe, expect, it } from 'vitest';
import { linkToken, parseLinkToken, rewriteLinkTokens, type LinkToken } from '../../src/model/link-token.js';

describe('linkToken', () => {
  it('names an article or a file, with an anchor when there is one', () => {
    expect(linkToken('article', 'central/network/vpn', 'connect')).toBe('halo-kb://article/central/network/vpn#connect');
    expect(linkToken('file', 'central/images/VPN client.png')).toBe('halo-kb://file/central/images/VPN client.png');
    expect(linkToken('file', '0')).toBe('halo-kb://file/0');
  });
});

describe('parseLinkToken', () => {
  it('reads kind, target and anchor', () => {
    expect(parseLinkToken('halo-kb://article/central/network/vpn#connect')).toEqual({ kind: 'article', target: 'central/network/vpn', hash: '#connect' });
    expect(parseLinkToken('halo-kb://file/central/a.png')).toEqual({ kind: 'file', target: 'central/a.png', hash: '' });
    expect(parseLinkToken('halo-kb://article/3#')).toEqual({ kind: 'article', target: '3', hash: '#' });
  });

  it('unescapes the attribute escapes of the target and leaves percent-escapes as they are', () => {
    expect(parseLinkToken('halo-kb://article/central/R&amp;D &quot;plan&quot;')).toEqual({ kind: 'article', target: 'central/R&D "plan"', hash: '' });
    expect(parseLinkToken('halo-kb://file/central/R&#x26;D &#34;x&#x22;.png')).toEqual({ kind: 'file', target: 'central/R&D "x".png', hash: '' });
    expect(parseLinkToken('halo-kb://article/central/a&amp;quot;b')).toEqual({ kind: 'article', target: 'central/a&quot;b', hash: '' });
    expect(parseLinkToken('halo-kb://file/central/100%25 done%20.pdf')).toEqual({ kind: 'file', target: 'central/100%25 done%20.pdf', hash: '' });
  });

  it('keeps the anchor as it stands in the attribute', () => {
    expect(parseLinkToken('halo-kb://article/central/vpn#a&amp;b')).toEqual({ kind: 'article', target: 'central/vpn', hash: '#a&amp;b' });
  });

  it('is undefined for anything that is not a whole token', () => {
    for (const value of [
      'halo-kb://article/',
      'halo-kb://article/#top',
      'halo-kb://file',
      'halo-kb://page/central/vpn',
      'halo-kb:/article/central/vpn',
      'HALO-KB://article/central/vpn',
      ' halo-kb://article/central/vpn',
      'https://example.com/halo-kb://article/central/vpn',
      '#',
      '',
    ]) {
      expect(parseLinkToken(value), value).toBeUndefined();
    }
  });
});

describe('rewriteLinkTokens', () => {
  const seen: LinkToken[] = [];
  const rewrite = (html: string) =>
    rewriteLinkTokens(html, (token) => {
      seen.push(token);
      return token.target === 'gone' ? undefined : `https://example.com/${token.kind}/${encodeURIComponent(token.target)}${token.hash}`;
    });

  it('rewrites tokens in href and src attributes', () => {
    expect(rewrite('<p><a href="halo-kb://article/central/vpn#connect">VPN</a> <img src="halo-kb://file/central/a b.png" alt=""></p>')).toBe(
      '<p><a href="https://example.com/article/central%2Fvpn#connect">VPN</a> <img src="https://example.com/file/central%2Fa%20b.png" alt=""></p>',
    );
    expect(rewrite('<img alt="x" src="halo-kb://file/0" />')).toBe('<img alt="x" src="https://example.com/file/0" />');
    expect(rewrite('<a class="x" href="halo-kb://article/1" title="t">1</a><a href="halo-kb://article/2">2</a>')).toBe(
      '<a class="x" href="https://example.com/article/1" title="t">1</a><a href="https://example.com/article/2">2</a>',
    );
  });

  it('hands the callback the unescaped target', () => {
    seen.length = 0;
    rewrite('<a href="halo-kb://article/central/R&amp;D">x</a>');
    expect(seen).toEqual([{ kind: 'article', target: 'central/R&D', hash: '' }]);
  });

  it('leaves a token the callback has no URL for as it is', () => {
    const html = '<a href="halo-kb://article/gone#x">x</a>';
    expect(rewrite(html)).toBe(html);
  });

  it('leaves malformed tokens and other URLs alone', () => {
    for (const html of [
      '<a href="halo-kb://article/">x</a>',
      '<a href="halo-kb://page/central/vpn">x</a>',
      '<a href="HALO-KB://article/central/vpn">x</a>',
      '<a href="https://example.com/?u=halo-kb://article/central/vpn">x</a>',
      '<a href=" halo-kb://article/central/vpn">x</a>',
    ]) {
      expect(rewrite(html), html).toBe(html);
    }
  });

  it('leaves halo-kb:// written in prose and code alone', () => {
    for (const html of [
      '<p>Links are stored as halo-kb://article/central/vpn#connect until publishing.</p>',
      '<p>Write "halo-kb://article/central/vpn" by hand? No.</p>',
      '<p><code>halo-kb://file/central/x.png"</code></p>',
      '<pre><code>&lt;a href="halo-kb://article/central/vpn"&gt;VPN&lt;/a&gt;</code></pre>',
      '<p>see src="halo-kb://file/central/x.png" here</p>',
    ]) {
      expect(rewrite(html), html).toBe(html);
    }
  });

  it('reads tokens only in href and src, not in other attributes', () => {
    for (const html of ['<a title="halo-kb://article/central/vpn" href="#">x</a>', '<a data-href="halo-kb://article/central/vpn">x</a>', '<img alt="halo-kb://file/central/a.png" src="a.png">']) {
      expect(rewrite(html), html).toBe(html);
    }
  });

  it('returns HTML without tokens untouched', () => {
    const html = '<p><a href="https://example.com/">x</a></p>';
    expect(rewrite(html)).toBe(html);
  });
});
