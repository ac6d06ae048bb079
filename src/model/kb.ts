/**
 * Knowledge bases: which one a place in the content tree belongs to.
 *
 * content/central/**            the central KB
 * content/companies/<folder>/** one company's KB, mapped to a Halo client by `_company.yml`
 * Sub-folders are FAQ lists nested under their KB's list.
 *
 * A file's KB decides who may read it in Halo, so it always follows where the file really lies:
 * the scan asks this of a symbolic link's target, the resolve stage of every file an article links to.
 */

/** Which knowledge base a file belongs to. */
export type KbRef = { kind: 'central' } | { kind: 'company'; folder: string };

/** `central` or `companies/<folder>`: the KB's folder in the content tree and its FAQ list key. */
export function kbKey(kb: KbRef): string {
  return kb.kind === 'central' ? 'central' : `companies/${kb.folder}`;
}

/** The KB as a message names it; `undefined` (a place in no KB) is "no KB". */
export function kbName(kb: KbRef | undefined): string {
  if (kb === undefined) return 'no KB';
  return kb.kind === 'central' ? 'the central KB' : `company "${kb.folder}"`;
}

/**
 * The KB that the file (or, with `folder`, the folder) at `contentPath` lies in: `central/…` or
 * `companies/<folder>/…`. A company's own folder lies in its KB; `companies/` itself, a file
 * directly in it and anything else at the top of the content folder lie in none.
 */
export function kbOfPath(contentPath: string, folder = false): KbRef | undefined {
  const parts = contentPath.split('/');
  if (parts[0] === 'central' && (parts.length > 1 || folder)) return { kind: 'central' };
  const company = parts[1];
  if (parts[0] === 'companies' && company !== undefined && company !== '' && (parts.length > 2 || folder)) return { kind: 'company', folder: company };
  return undefined;
}

export function sameKb(a: KbRef | undefined, b: KbRef | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return kbKey(a) === kbKey(b);
}
