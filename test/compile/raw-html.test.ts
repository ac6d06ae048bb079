import type { Element, Root } from 'hast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { nestBareTags, rawHtmlVerdict } from '../../src/compile/raw-html.js';

/** The first top-level element of a Markdown snippet, raw HTML kept as raw nodes. */
function firstBlock(md: string): Element {
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true });
  const tree = processor.runSync(processor.parse(md)) as Root;
  return tree.children.find((c): c is Element => c.type === 'element')!;
}

describe('rawHtmlVerdict', () => {
  it('re-parses nothing for a block without raw HTML', () => {
    expect(rawHtmlVerdict(firstBlock('Restart the **print spooler**.\n'))).toBe('none');
  });

  it('re-parses only the block for balanced inline tags, comments and void tags', () => {
    expect(rawHtmlVerdict(firstBlock('Press <kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>Del</kbd>.\n'))).toBe('local');
    expect(rawHtmlVerdict(firstBlock('| Ports |\n| --- |\n| 80<br>443<br/>8443 |\n'))).toBe('local');
    expect(rawHtmlVerdict(firstBlock('- Area: 25 m<sup>2</sup> <!-- measured --> <span class="note" title=\'x\'>ok</span>\n'))).toBe('local');
  });

  it('re-parses the whole document when a block cannot be parsed alone', () => {
    for (const md of [
      'Warning: <b>do not reboot.\n', // left open: runs into the next blocks
      'Text <div>boxed</div> around.\n', // a block tag closes the paragraph
      '- <span title="a>b">odd</span>\n', // ">" inside an attribute
      '1. <kbd/> key\n', // self-closed non-void tag: HTML ignores the "/"
      '1. line </br> break\n', // an end tag of a void element
      '> <i>Start</b></i>\n', // mismatched end tag
      '- <!-- internal --> note\n', // a comment opening a line is an HTML block of several tags
      'See the note[^1].\n\n[^1]: The note.\n', // a footnote marker: data-footnote-ref comes back as ""
      '[see [^1]](https://example.com)\n\n[^1]: n\n', // a link inside a link is split in two
    ]) {
      expect(rawHtmlVerdict(firstBlock(md)), md).toBe('global');
    }
  });
});

describe('nestBareTags', () => {
  /** The block's children as tag names and text, to compare shapes. */
  const shape = (nodes: Element['children']): unknown[] =>
    nodes.map((n) => (n.type === 'element' ? { [n.tagName]: shape(n.children) } : n.type === 'text' ? n.value : n.type));

  it('builds bare inline tags into elements without the HTML parser', () => {
    const block = firstBlock('Press <kbd>Ctrl</kbd>+<KBD>C</KBD>, **H<sub>2</sub>O**<br>and <mark>*this*</mark>.\n');
    expect(shape(nestBareTags(block.children)!)).toEqual([
      'Press ',
      { kbd: ['Ctrl'] },
      '+',
      { kbd: ['C'] },
      ', ',
      { strong: ['H', { sub: ['2'] }, 'O'] },
      { br: [] },
      'and ',
      { mark: [{ em: ['this'] }] },
      '.',
    ]);
  });

  it('returns the same children when there is no raw HTML', () => {
    const block = firstBlock('Restart the **print spooler**.\n');
    expect(nestBareTags(block.children)).toBe(block.children);
  });

  it('leaves to the parser attributes, comments, formatting and misnested tags', () => {
    for (const md of [
      'See <span class="note">the note</span>.\n', // attributes
      'Area <!-- measured --> 25 m.\n', // a comment
      'Be <b>bold</b>.\n', // a formatting element: the parser keeps a list of those
      'A <kbd>key *split</kbd> across* emphasis.\n', // opened and closed in different elements
      'Then <kbd>open <sup>wrong</kbd></sup>.\n', // closed in the wrong order
      'Press <kbd/> key.\n', // self-closed non-void tag
    ]) {
      expect(nestBareTags(firstBlock(md).children), md).toBeUndefined();
    }
  });
});
