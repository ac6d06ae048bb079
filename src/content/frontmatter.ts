/**
 * Frontmatter of Markdown articles and sidecar metadata of PDF articles: split with gray-matter
 * (JavaScript frontmatter refused: it would run code), parsed with positions, checked by a schema.
 */
import matter from 'gray-matter';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { isRecord } from '../field-values.js';
import { parseYaml, type ParsedYaml } from '../parse-yaml.js';
import { checkFields, type FieldSpecs } from '../schema.js';
import type { ArticleMeta } from '../model/source.js';

// Keys name output files and Halo markers: plain segments only, never "." or ".." (which would
// write outside the build folder) and no empty segment.
const KEY_PATTERN = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9._-]+)*$/i;

export const ARTICLE_SPECS: FieldSpecs = {
  title: { type: 'string', description: 'Article title in Halo (default: the first "# " heading, then the file name).' },
  draft: { type: 'boolean', description: 'true keeps the article out of Halo; it is still previewed.' },
  tags: { type: 'string-list', description: 'Halo tags of the article.' },
  id: {
    type: 'string',
    pattern: KEY_PATTERN,
    patternHint: 'use letters, digits, ".", "_", "-" and "/" between segments, starting with a letter or digit (no "." or ".." segments).',
    description: 'A stable key that survives renames and moves (default: derived from the path).',
  },
  summary: { type: 'string', description: 'One-line summary shown under the title.' },
  review_date: { type: 'date', description: "Halo's next review date of the article." },
  faq_lists: { type: 'string-list', description: 'Further FAQ lists of the same KB, as folder paths like "network/vpn".' },
  public_links: { type: 'url-map', description: 'Public URLs of files too large to upload, by their path relative to the article.' },
};

/** PDF sidecars take the same keys plus the PDF's own public link. */
export const SIDECAR_SPECS: FieldSpecs = {
  ...ARTICLE_SPECS,
  public_link: { type: 'url', description: 'Public URL of the PDF; used instead of uploading it when it is over the size limit.' },
  extract_text: { type: 'boolean', description: "false leaves the PDF's text out of the article body (by default it is shown under the link, for Halo's search)." },
  extract_text_pages: { type: 'whole-number', description: 'Show the text of the first N pages only (a whole number; default: every page).' },
};

/** The rule id of a field problem, after "frontmatter-"; every other problem is a wrong type. */
const RULE_SUFFIX: Record<string, string> = { 'unknown-key': 'unknown-key', 'misspelt-key': 'misspelt-key' };

export interface FrontmatterResult {
  meta: ArticleMeta;
  /** The Markdown body, with the frontmatter lines blanked so positions match the file. */
  body: string;
  /** Whether there was frontmatter at all. */
  hasFrontmatter: boolean;
  diagnostics: Diagnostic[];
}

function toMeta(data: unknown, parsed: ParsedYaml, specs: FieldSpecs, file: string, what: string, diagnostics: Diagnostic[]): ArticleMeta {
  if (data === undefined || data === null) return {};
  if (!isRecord(data)) {
    diagnostics.push(diagnostic('error', 'frontmatter-shape', file, `The ${what} must be a mapping of keys, e.g. "title: Reset a VPN token".`, parsed.position([]) ?? { line: 1, column: 1 }));
    return {};
  }
  // `Draft: true` or `drafts: true` ignored would publish a draft: a key that close to a known one is an error.
  const { values, problems } = checkFields(data, specs, parsed, what, [], { misspeltKeys: { held: 'the article is not published until then' } });
  for (const p of problems) diagnostics.push(diagnostic(p.severity, `frontmatter-${RULE_SUFFIX[p.ruleId] ?? 'type'}`, file, p.message, p.position ?? {}, p.hint));
  const meta: ArticleMeta = {};
  for (const [key, value] of Object.entries(values)) (meta as Record<string, unknown>)[key] = value;
  if (typeof meta.title === 'string') {
    meta.title = meta.title.trim();
    if (meta.title === '') delete meta.title;
  }
  return meta;
}

/** Split and check the frontmatter of a Markdown file. `file` is the path shown in messages. */
export function readFrontmatter(text: string, file: string): FrontmatterResult {
  const diagnostics: Diagnostic[] = [];
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const opening = /^---([a-z]*)[ \t]*\n/i.exec(source);
  if (opening === null) return { meta: {}, body: source, hasFrontmatter: false, diagnostics };
  if (!/\n---[ \t]*(\n|$)/.test(source.slice(opening[0].length - 1))) {
    diagnostics.push(
      diagnostic(
        'error',
        'frontmatter-unclosed',
        file,
        'The frontmatter starts with "---" on line 1 but is never closed.',
        { line: 1, column: 1 },
        'Add a line with only "---" after the last frontmatter key.',
      ),
    );
    return { meta: {}, body: '', hasFrontmatter: true, diagnostics };
  }
  const language = opening[1]?.toLowerCase() ?? '';
  if (language !== '' && language !== 'yaml' && language !== 'yml') {
    diagnostics.push(
      diagnostic(
        'error',
        'frontmatter-language',
        file,
        `Frontmatter in "${language}" is not supported; halo-kb reads YAML frontmatter only.`,
        { line: 1, column: 1 },
        'Start the frontmatter with a plain "---" line and write it in YAML.',
      ),
    );
    return { meta: {}, body: '', hasFrontmatter: true, diagnostics };
  }
  let parsed: ParsedYaml = parseYaml('');
  const refuse = (): never => {
    throw new Error('Only YAML frontmatter is read.');
  };
  const split = matter(source, {
    language: 'yaml',
    engines: {
      // The raw frontmatter keeps its leading newline, so lines count from the file's line 1.
      yaml: (raw: string) => {
        parsed = parseYaml(raw);
        return {};
      },
      js: refuse,
      javascript: refuse,
      json: refuse,
    },
  });
  for (const e of parsed.errors) {
    diagnostics.push(
      diagnostic(
        'error',
        'frontmatter-syntax',
        file,
        `The frontmatter is not valid YAML: ${e.message}`,
        e,
        'Fix the YAML at the line shown; quote values that contain ": " or start with a special character.',
      ),
    );
  }
  const meta = parsed.errors.length > 0 ? {} : toMeta(parsed.data, parsed, ARTICLE_SPECS, file, 'frontmatter', diagnostics);
  const prefix = source.slice(0, source.length - split.content.length);
  const blankLines = (prefix.match(/\n/g) ?? []).length;
  return { meta, body: '\n'.repeat(blankLines) + split.content, hasFrontmatter: true, diagnostics };
}

/** Read a PDF article's sidecar (`name.pdf.yml`). */
export function readSidecar(text: string, file: string): { meta: ArticleMeta; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const parsed = parseYaml(text.replace(/^\uFEFF/, ''));
  for (const e of parsed.errors) {
    diagnostics.push(diagnostic('error', 'frontmatter-syntax', file, `The metadata file is not valid YAML: ${e.message}`, e, 'Fix the YAML at the line shown.'));
  }
  const meta = parsed.errors.length > 0 ? {} : toMeta(parsed.data, parsed, SIDECAR_SPECS, file, 'metadata', diagnostics);
  return { meta, diagnostics };
}
