import { describe, expect, it } from 'vitest';
import { lazyProperty } from '../src/lazy-property.js';

describe('lazyProperty', () => {
  it('works the value out once, on first read, per object', () => {
    let calls = 0;
    const a = lazyProperty({ key: 'vpn', html: '' }, 'html', () => `<p>${++calls}</p>`);
    const b = lazyProperty({ key: 'wifi', html: '' }, 'html', () => '<p>wifi</p>');
    expect(calls).toBe(0);
    expect(a.html).toBe('<p>1</p>');
    expect(a.html).toBe('<p>1</p>');
    expect(b.html).toBe('<p>wifi</p>');
    expect(calls).toBe(1);
  });

  it('looks like a plain property to spreading, JSON, key order and deep equality', () => {
    const article = lazyProperty({ key: 'vpn', html: '', title: 'VPN' }, 'html', () => '<p>VPN</p>');
    expect(Object.keys(article)).toEqual(['key', 'html', 'title']);
    expect({ ...article }).toEqual({ key: 'vpn', html: '<p>VPN</p>', title: 'VPN' });
    expect(JSON.stringify(article)).toBe('{"key":"vpn","html":"<p>VPN</p>","title":"VPN"}');
    expect(article).toEqual({ key: 'vpn', html: '<p>VPN</p>', title: 'VPN' });
  });

  it('refuses assignment instead of silently keeping a stale value', () => {
    const article = lazyProperty({ html: '' }, 'html', () => '<p>old</p>');
    expect(() => {
      article.html = '<p>new</p>';
    }).toThrow(TypeError);
  });
});
