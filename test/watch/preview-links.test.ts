import { describe, expect, it } from 'vitest';
import { rewriteForPreview } from '../../src/watch/preview-links.js';

describe('rewriteForPreview', () => {
  const paths = new Map([['network/vpn', 'central/network/vpn.md']]);
  const rewrite = (html: string) => rewriteForPreview(html, (key) => paths.get(key));

  it('points cross-links at preview pages and files at the content folder', () => {
    expect(rewrite('<a href="halo-kb://article/network/vpn#connect">VPN</a>')).toBe('<a href="/articles/central/network/vpn.md#connect">VPN</a>');
    expect(rewrite('<img src="halo-kb://file/central/images/VPN client.png" alt="">')).toBe('<img src="/files/central/images/VPN%20client.png" alt="">');
    expect(rewrite('<a href="halo-kb://article/gone">x</a>')).toBe('<a href="#">x</a>');
  });

  it('leaves halo-kb:// written in the text alone', () => {
    for (const html of ['<p><code>halo-kb://file/central/x.png</code></p>', '<pre><code>&#x3C;a href="halo-kb://article/network/vpn">VPN&#x3C;/a></code></pre>']) {
      expect(rewrite(html)).toBe(html);
    }
  });

  it('finds keys and paths that hold "&" or "%"', () => {
    const rewriteRd = (html: string) => rewriteForPreview(html, (key) => (key === 'central/r&d' ? 'central/r&d.md' : undefined));
    expect(rewriteRd('<a href="halo-kb://article/central/r&amp;d#plan">R&#x26;D</a>')).toBe('<a href="/articles/central/r%26d.md#plan">R&#x26;D</a>');
    expect(rewriteRd('<img src="halo-kb://file/central/R&amp;D 100%25.png">')).toBe('<img src="/files/central/R%26D%20100%2525.png">');
  });
});
