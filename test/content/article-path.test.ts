import { describe, expect, it } from 'vitest';
import { isArticlePath, keyFromPath, sourceKind, titleFromFileName } from '../../src/content/article-path.js';
import { formatSize } from '../../src/format-size.js';

describe('article paths', () => {
  it('tells Markdown and PDF articles from attachments, whatever the case of the extension', () => {
    expect(['vpn.md', 'Guest-WiFi.MARKDOWN', 'handbook.Pdf', 'vpn-client.png', 'notes.txt', 'md'].map(sourceKind)).toEqual(['markdown', 'markdown', 'pdf', undefined, undefined, undefined]);
    expect(['../network/vpn.md', 'handbook.PDF', 'images/vpn-client.png', 'handbook.pdf.yml'].map(isArticlePath)).toEqual([true, true, false, false]);
  });

  it('derives the key from the path without its extension', () => {
    expect(keyFromPath('central/network/vpn.md')).toBe('central/network/vpn');
    expect(keyFromPath('companies/contoso/handbooks/Onboarding.PDF')).toBe('companies/contoso/handbooks/Onboarding');
    expect(keyFromPath('central/release.notes.md')).toBe('central/release.notes');
  });

  it('derives a title from the file name, and keeps a name that is nothing but separators', () => {
    expect(titleFromFileName('reset-vpn-token.md')).toBe('Reset vpn token');
    expect(titleFromFileName('printer_setup__floor-3.markdown')).toBe('Printer setup floor 3');
    expect(titleFromFileName('network')).toBe('Network');
    expect(titleFromFileName('-.md')).toBe('-.md');
  });
});

describe('formatSize', () => {
  it('prints bytes, whole kilobytes and megabytes to one decimal', () => {
    expect([0, 1023, 1024, 48 * 1024 + 300, 1024 * 1024, 31.4 * 1024 * 1024].map(formatSize)).toEqual(['0 bytes', '1023 bytes', '1 KB', '48 KB', '1.0 MB', '31.4 MB']);
  });
});
