import { describe, expect, it } from 'vitest';
import { readFrontmatter, readSidecar } from '../../src/content/frontmatter.js';
import { formatDiagnostic } from '../../src/diagnostics.js';

const FILE = 'content/central/network/vpn.md';

function lines(text: string) {
  return readFrontmatter(text, FILE).diagnostics.map((d) => formatDiagnostic(d).split('\n')[0]);
}

describe('readFrontmatter', () => {
  it('reads every field type', () => {
    const result = readFrontmatter(
      [
        '---',
        'title: Connecting to the VPN',
        'draft: true',
        'tags: [vpn, remote-access]',
        'id: network/vpn',
        'summary: Install the client and connect.',
        'review_date: 2027-03-31',
        'faq_lists: [remote-work]',
        'public_links: { "installer.zip": "https://files.example.com/installer.zip" }',
        '---',
        '',
        'Body text.',
      ].join('\n'),
      FILE,
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.hasFrontmatter).toBe(true);
    expect(result.meta).toEqual({
      title: 'Connecting to the VPN',
      draft: true,
      tags: ['vpn', 'remote-access'],
      id: 'network/vpn',
      summary: 'Install the client and connect.',
      review_date: '2027-03-31',
      faq_lists: ['remote-work'],
      public_links: { 'installer.zip': 'https://files.example.com/installer.zip' },
    });
  });

  it('keeps body lines where they are in the file, so positions match', () => {
    const result = readFrontmatter('---\ntitle: VPN\n---\n\nBody on line 5.\n', FILE);
    expect(result.body.split('\n')[4]).toBe('Body on line 5.');
  });

  it('accepts tags as a comma-separated string and numbers as titles', () => {
    const result = readFrontmatter('---\ntitle: 2027\ntags: vpn, printers\n---\nText\n', FILE);
    expect(result.meta).toEqual({ title: '2027', tags: ['vpn', 'printers'] });
  });

  it('reads a file without frontmatter as body only', () => {
    const result = readFrontmatter('# Printers\n\nText\n', FILE);
    expect(result).toMatchObject({ meta: {}, hasFrontmatter: false, diagnostics: [] });
    expect(result.body).toBe('# Printers\n\nText\n');
  });

  it('handles a BOM and CRLF line ends', () => {
    const result = readFrontmatter('\uFEFF---\r\ntitle: Wi-Fi\r\n---\r\nText\r\n', FILE);
    expect(result.meta).toEqual({ title: 'Wi-Fi' });
    expect(result.diagnostics).toEqual([]);
  });

  it('refuses a key that is a slip of a known one, naming both', () => {
    const [d] = readFrontmatter('---\ntitle: VPN\ntitel: VPN again\n---\nText\n', FILE).diagnostics;
    expect(formatDiagnostic(d!)).toBe(
      `${FILE}:3:1: error: Unknown frontmatter key "titel" is close to "title": a misspelt key is not ignored, since "title" may be what was meant. [frontmatter-misspelt-key]\n` +
        '    Rename it to "title" (keys are lower case) or remove it; the article is not published until then. Known keys: title, draft, tags, id, summary, review_date, faq_lists, public_links.',
    );
  });

  const slips: [string, string, number, string][] = [
    ['Draft: true', 'Draft', 1, 'draft'],
    ['drafts: true', 'drafts', 1, 'draft'],
    ['draft_: true', 'draft_', 1, 'draft'],
    ['DRAFT: true', 'DRAFT', 1, 'draft'],
    ['Title: VPN', 'Title', 1, 'title'],
    ['tag: vpn', 'tag', 1, 'tags'],
    ['Tags: [vpn]', 'Tags', 1, 'tags'],
    ['summmary: Connect from home.', 'summmary', 1, 'summary'],
    ['review-date: 2027-01-01', 'review-date', 1, 'review_date'],
    ['reveiw_date: 2027-01-01', 'reveiw_date', 1, 'review_date'],
    ['faq_list: [network]', 'faq_list', 1, 'faq_lists'],
    ['  ID: network/vpn', 'ID', 3, 'id'],
  ];
  for (const [yaml, key, column, meant] of slips) {
    it(`refuses "${yaml.trim()}" as a slip of "${meant}"`, () => {
      const { diagnostics, meta } = readFrontmatter(`---\n${yaml}\n---\nText\n`, FILE);
      expect(meta).toEqual({});
      expect(lines(`---\n${yaml}\n---\nText\n`)).toEqual([
        `${FILE}:2:${column}: error: Unknown frontmatter key "${key}" is close to "${meant}": a misspelt key is not ignored, since "${meant}" may be what was meant. [frontmatter-misspelt-key]`,
      ]);
      expect(diagnostics[0]?.hint).toContain(`Rename it to "${meant}"`);
    });
  }

  it('only warns about an unknown key that is near no known key', () => {
    expect(lines('---\ntitle: VPN\nauthor: Sam\nidentifier: x\n---\nText\n')).toEqual([
      `${FILE}:3:1: warning: Unknown frontmatter key "author" is ignored. [frontmatter-unknown-key]`,
      `${FILE}:4:1: warning: Unknown frontmatter key "identifier" is ignored. [frontmatter-unknown-key]`,
    ]);
    // A hint still offers the nearest key where there is a plausible one.
    expect(readFrontmatter('---\nidentifier: x\n---\nText\n', FILE).diagnostics[0]?.hint).toBe('Did you mean "id"? Known keys: title, draft, tags, id, summary, review_date, faq_lists, public_links.');
  });

  it('refuses a misspelt key in a PDF sidecar too', () => {
    const { diagnostics } = readSidecar('title: VPN quick card\nDraft: true\npublic_links: {}\n', 'content/central/vpn.pdf.yml');
    expect(diagnostics.map((d) => formatDiagnostic(d).split('\n')[0])).toEqual([
      'content/central/vpn.pdf.yml:2:1: error: Unknown metadata key "Draft" is close to "draft": a misspelt key is not ignored, since "draft" may be what was meant. [frontmatter-misspelt-key]',
    ]);
    expect(readSidecar('public_lnk: https://files.example.com/vpn.pdf\n', 'content/central/vpn.pdf.yml').diagnostics[0]?.message).toBe(
      'Unknown metadata key "public_lnk" is close to "public_link": a misspelt key is not ignored, since "public_link" may be what was meant.',
    );
  });

  it('reports a wrong type with the exact line and column of the value', () => {
    expect(lines('---\ntitle: VPN\ndraft: "yes"\n---\nText\n')).toEqual([`${FILE}:3:8: error: frontmatter key "draft" must be true or false, but it is string "yes". [frontmatter-type]`]);
    expect(lines('---\ntags:\n  nested: map\n---\nText\n')).toEqual([`${FILE}:3:3: error: frontmatter key "tags" must be a list of strings, but it is a mapping. [frontmatter-type]`]);
    expect(lines('---\nreview_date: next March\n---\nText\n')).toEqual([
      `${FILE}:2:14: error: frontmatter key "review_date" must be a date (YYYY-MM-DD), but it is string "next March". [frontmatter-type]`,
    ]);
    expect(lines('---\npublic_links: [a.zip]\n---\nText\n')).toEqual([
      `${FILE}:2:15: error: frontmatter key "public_links" must be a mapping of paths to http(s) URLs, but it is a list. [frontmatter-type]`,
    ]);
  });

  it('refuses an id that is not a plain key', () => {
    expect(lines('---\nid: "-vpn"\n---\nText\n')).toEqual([
      `${FILE}:2:5: error: frontmatter key "id" is "-vpn", which is not valid: use letters, digits, ".", "_", "-" and "/" between segments, starting with a letter or digit (no "." or ".." segments). [frontmatter-type]`,
    ]);
  });

  it('refuses an id that climbs out of its folder', () => {
    expect(readFrontmatter('---\nid: network/../../escape\n---\nText\n', FILE).diagnostics.map((d) => d.ruleId)).toEqual(['frontmatter-type']);
  });

  it('reports broken YAML at its line', () => {
    expect(lines('---\ntitle: VPN\ntags: [vpn\n---\nText\n')).toEqual([expect.stringMatching(new RegExp(`^${FILE}:3:\\d+: error: The frontmatter is not valid YAML: .+ \\[frontmatter-syntax\\]$`))]);
  });

  it('reports a duplicate key', () => {
    expect(lines('---\ntitle: VPN\ntitle: VPN (old)\n---\nText\n')).toEqual([`${FILE}:3:1: error: The frontmatter is not valid YAML: Map keys must be unique [frontmatter-syntax]`]);
  });

  it('reports unclosed frontmatter', () => {
    expect(lines('---\ntitle: VPN\n\nText that never ends the block.\n')).toEqual([`${FILE}:1:1: error: The frontmatter starts with "---" on line 1 but is never closed. [frontmatter-unclosed]`]);
  });

  it('refuses JavaScript frontmatter without running it', () => {
    const marker = '__haloKbFrontmatterRan';
    const text = `---js\n{ title: (globalThis.${marker} = true, "x") }\n---\nText\n`;
    expect(lines(text)).toEqual([`${FILE}:1:1: error: Frontmatter in "js" is not supported; halo-kb reads YAML frontmatter only. [frontmatter-language]`]);
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });

  it('reports frontmatter that is a list, not a mapping', () => {
    expect(lines('---\n- title\n- draft\n---\nText\n')).toEqual([`${FILE}:2:1: error: The frontmatter must be a mapping of keys, e.g. "title: Reset a VPN token". [frontmatter-shape]`]);
  });

  it('treats empty frontmatter as no fields', () => {
    const result = readFrontmatter('---\n---\n# Printers\n', FILE);
    expect(result.meta).toEqual({});
    expect(result.diagnostics).toEqual([]);
  });
});

describe('readSidecar', () => {
  const SIDE = 'content/central/handbooks/it-onboarding.pdf.yml';

  it('reads the article fields plus public_link', () => {
    const result = readSidecar('title: IT onboarding handbook\npublic_link: https://files.example.com/it.pdf\n', SIDE);
    expect(result).toEqual({ meta: { title: 'IT onboarding handbook', public_link: 'https://files.example.com/it.pdf' }, diagnostics: [] });
  });

  it('reports a public_link that is not a URL at its line', () => {
    const [d] = readSidecar('title: Handbook\npublic_link: files/it.pdf\n', SIDE).diagnostics;
    expect(formatDiagnostic(d!).split('\n')[0]).toBe(`${SIDE}:2:14: error: metadata key "public_link" must be an http(s) URL, but it is string "files/it.pdf". [frontmatter-type]`);
  });
});
