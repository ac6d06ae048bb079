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
    const html = '<p><code>halo-kb://file/central/x.png</code></p>';
    expect(rewrite(html)).toBe(html);
  });
});
