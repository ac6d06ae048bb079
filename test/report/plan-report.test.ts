import { describe, expect, it } from 'vitest';
import { contentDiff } from '../../src/report/content-diff.js';

const paragraphs = (count: number, edit?: { at: number; text: string }): string =>
  Array.from({ length: count }, (_, i) => `<p>${edit?.at === i ? edit.text : `Step ${i + 1}: check the printer queue on floor ${i % 7}.`}</p>`).join('\n');

describe('contentDiff', () => {
  it('shows one edited paragraph of a long article as one hunk with three lines of context', () => {
    const before = paragraphs(400);
    const after = paragraphs(400, { at: 199, text: 'Step 200: restart the print spooler.' });
    expect(contentDiff(before, after).split('\n')).toEqual([
      '@@ -197,7 +197,7 @@',
      '  Step 197: check the printer queue on floor 0.',
      '  Step 198: check the printer queue on floor 1.',
      '  Step 199: check the printer queue on floor 2.',
      '- Step 200: check the printer queue on floor 3.',
      '+ Step 200: restart the print spooler.',
      '  Step 201: check the printer queue on floor 4.',
      '  Step 202: check the printer queue on floor 5.',
      '  Step 203: check the printer queue on floor 6.',
    ]);
  });

  it('gives each distant change its own hunk', () => {
    const before = paragraphs(100);
    const after = paragraphs(100, { at: 9, text: 'Changed early.' }).replace('Step 90: check the printer queue on floor 5.', 'Changed late.');
    const headers = contentDiff(before, after)
      .split('\n')
      .filter((l) => l.startsWith('@@'));
    expect(headers).toEqual(['@@ -7,7 +7,7 @@', '@@ -87,7 +87,7 @@']);
  });

  it('shows a new article as added text', () => {
    expect(contentDiff(undefined, '<h2>Wi-Fi</h2><p>Join CORP-SECURE.</p>').split('\n')).toEqual(['@@ -1,0 +1,2 @@', '+ Wi-Fi', '+ Join CORP-SECURE.']);
  });

  it('is empty when only markup changed, not the text', () => {
    expect(contentDiff('<p>Same words.</p>', '<p class="x">Same <b>words</b>.</p>')).toBe('');
  });
});
