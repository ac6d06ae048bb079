import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parsePlainMapping } from '../src/plain-yaml.js';

/** What the full parser makes of `text` (undefined when it reports errors). */
function full(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true });
  return doc.errors.length > 0 ? 'error' : doc.toJS();
}

const VALUES = [
  'How to fix vpn problem 12', 'Steps the service desk follows for printers issue 7.', '"Connecting to the VPN"', '"quoted: with colon # and hash"',
  "'it''s here'", "'plain'", '[vpn, how-to]', '[ ]', '[]', '[a, b ,c]', 'C# tips', 'a #comment', 'a: b', 'https://files.example.com/a?b=c#frag',
  'yes', 'no', 'on', 'off', 'True', 'TRUE', 'tRuE', 'false', 'NULL', 'Null', '~', '1.0', '12', '2026-01-15', '0x1F', '0o17', '.inf', '.NaN', '-1', '+1',
  'Use [brackets] here', 'a {b} c', 'x, y', '"esc \\"q\\""', '"tab\\t"', 'say "hi"', "it's", '@user', '`code`', '%pct', '!tag', '&anchor', '*alias',
  '|', '>', '? q', '- item', 'a\tb', 'trailing:', 'mid:colon', 'a :b', '[a, [b]]', '[a,,b]', '[a, ]', '["q", b]', '[a: b]', '[a:b]', '[a #b]', '[a#b]',
  'ünïcødé ✓', '😀 emoji', 'a  b   c', '""', "''", '[yes, no]', '[1, 2]', '[null]', '[~]', 'nan', 'Infinity', 'a"b', '\\backslash', '{a: b}', '[a, b] # tags',
  '"unclosed', "'unclosed", 'a\t#b', 'a #', 'x:', '--- x', '...', 'key: value: more',
  // White space YAML does not trim (JavaScript's trim would).
  'vpn\u00a0', '[vpn\u00a0, wifi]', '[a,\u00a0b]', '[\ufeffa]', '[\u3000]', '\u00a0lead', 'ideo\u3000graphic', '[ a ,\tb\t]',
];
const KEYS = ['title', 'tags', 'summary', 'draft', 'id', 'review_date', 'review-date', '_x', 'true', 'null', 'Title', 'a b', '__proto__', '1st', `k${'x'.repeat(1030)}`];
const EXTRA_LINES = ['', '   ', '# a comment', '  indented: x', '- item', '---', '\t', 'key:'];

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('parsePlainMapping', () => {
  it('reads typical frontmatter and sidecars', () => {
    expect(parsePlainMapping('\ntitle: "Connecting to the VPN"\ntags: [vpn, remote-access]\nsummary: Steps for the service desk.\n')).toEqual({
      title: 'Connecting to the VPN',
      tags: ['vpn', 'remote-access'],
      summary: 'Steps for the service desk.',
    });
    expect(parsePlainMapping("summary: 'The first week''s checklist.'\ntags: [handbook]\npublic_link: https://files.example.com/handbook.pdf\n")).toEqual({
      summary: "The first week's checklist.",
      tags: ['handbook'],
      public_link: 'https://files.example.com/handbook.pdf',
    });
  });

  it('leaves to the full parser whatever YAML could read as something other than a string', () => {
    for (const text of ['draft: true\n', 'review_date: 2026-01-15\n', 'id: 42\n', 'summary: ~\n', 'title:\n', 'tags:\n  - vpn\n', 'a: 1\na: 2\n', 'title: "a\\tb"\n', 'title: x # note\n', 'title: x\r\n', '']) {
      expect(parsePlainMapping(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('agrees with the full YAML parser on every document it accepts', () => {
    const next = random(20261123);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    let accepted = 0;
    for (let n = 0; n < 10_000; n++) {
      const lines: string[] = [];
      const count = 1 + Math.floor(next() * 4);
      for (let i = 0; i < count; i++) {
        if (next() < 0.1) lines.push(pick(EXTRA_LINES));
        lines.push(`${pick(KEYS)}:${next() < 0.9 ? ' ' : '\t'}${pick(VALUES)}${next() < 0.1 ? '  ' : ''}`);
      }
      const text = `${next() < 0.5 ? '\n' : ''}${lines.join('\n')}\n`;
      const fast = parsePlainMapping(text);
      if (fast === undefined) continue;
      accepted++;
      expect(fast, JSON.stringify(text)).toEqual(full(text));
    }
    // The comparison means something only if the fast path took a fair share of the documents.
    expect(accepted).toBeGreaterThan(500);
  });
});
