import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { mayHoldAutolinkLiteral } from '../../src/compile/gfm.js';

const mdast = (md: string): Root => unified().use(remarkParse).parse(md);

describe('mayHoldAutolinkLiteral', () => {
  it('is false when URLs and addresses appear only inside links and code', () => {
    expect(mayHoldAutolinkLiteral(mdast('See the [status page](https://status.example.com) and [https://portal.example.com](https://portal.example.com).\n\n`www.example.com` and `me@example.com`\n'))).toBe(false);
  });

  it('is true for a bare URL, a www. address or an e-mail address in text', () => {
    expect(mayHoldAutolinkLiteral(mdast('Open HTTPS://portal.example.com.\n'))).toBe(true);
    expect(mayHoldAutolinkLiteral(mdast('- Go to *www.example.com* first\n'))).toBe(true);
    expect(mayHoldAutolinkLiteral(mdast('> Write to helpdesk@example.com.\n'))).toBe(true);
  });
});
