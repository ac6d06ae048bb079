/**
 * Resolve what one article cannot know alone: its cross-links (does the target exist, may this
 * audience see it), its attachments (does the file exist, is it over Halo's size limit, is there a
 * public link), its FAQ lists, duplicate keys, and the final content hash. Pure: file facts come in
 * as data.
 */
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { Article, Attachment, CrossLink } from '../model/article.js';
import type { FileFact } from '../model/file-fact.js';
import { kbKey, kbName, kbOfPath, type KbRef } from '../model/kb.js';
import { linkToken } from '../model/link-token.js';
import { formatSize } from '../format-size.js';
import type { LocalRef } from './markdown.js';
import { articleMaxBytes, type Config } from '../config/schema.js';
import type { CompiledArticle } from './compile-article.js';
import { articleTooLarge } from './compile-settings.js';
import { articleHash } from './article-hash.js';
import { isFileRef, targetPath } from './ref-path.js';
import { assemble, replaceTokens, type ResolvedMemo } from './resolved-memo.js';

export interface ResolveSettings {
  maxBytes: number;
  publicBaseUrl: string | undefined;
  centralListName: string;
  /** The largest article HTML that is published (`publish.max_article_kb`). */
  maxArticleBytes: number;
  /**
   * Company folders whose `_company.yml` has errors, with that file: which Halo customer reads
   * their articles is not known, so none of them is published.
   */
  unmappedCompanies?: Record<string, string>;
}

/** The resolve settings of a configuration. */
export function resolveSettingsOf(config: Config): ResolveSettings {
  return {
    maxBytes: config.attachments.maxBytes,
    publicBaseUrl: config.attachments.publicBaseUrl,
    centralListName: config.faqLists.central,
    maxArticleBytes: articleMaxBytes(config),
  };
}

/** Whether an article of `from` may link to content of `to` without leaking a customer's document. */
function mayLink(from: KbRef, to: KbRef): boolean {
  if (to.kind === 'central') return true;
  return from.kind === 'company' && from.folder === to.folder;
}

function publicUrl(base: string, contentPath: string): string {
  return (base.endsWith('/') ? base : `${base}/`) + contentPath.split('/').map(encodeURIComponent).join('/');
}

/** Resolve every compiled article against the whole tree. */
export function resolveArticles(compiled: readonly CompiledArticle[], files: ReadonlyMap<string, FileFact>, settings: ResolveSettings): Article[] {
  return resolveWithMemos(compiled, files, settings).map((r) => r.article);
}

/**
 * resolveArticles, with what each article's resolution can be rebuilt from. With `only`, just
 * those articles are resolved, the others serving as the tree they link into (their HTML is not
 * read): an article's resolution looks beyond it only at the articles it links to and those
 * sharing its key, so these are all the tree `only` needs.
 */
export function resolveWithMemos(
  compiled: readonly CompiledArticle[],
  files: ReadonlyMap<string, FileFact>,
  settings: ResolveSettings,
  only?: ReadonlySet<string>,
): { article: Article; memo: ResolvedMemo }[] {
  const byPath = new Map(compiled.map((a) => [a.contentPath, a]));
  const byKey = new Map<string, CompiledArticle[]>();
  for (const a of compiled) byKey.set(a.key, [...(byKey.get(a.key) ?? []), a]);

  return (only === undefined ? compiled : compiled.filter((a) => only.has(a.contentPath))).map((article) => {
    const diagnostics: Diagnostic[] = [...article.diagnostics];
    const d = (ruleId: string, message: string, ref: LocalRef | undefined, hint?: string): void => {
      diagnostics.push(diagnostic('error', ruleId, article.displayPath, message, { line: ref?.line, column: ref?.column }, hint));
    };

    const sameKey = byKey.get(article.key) ?? [];
    if (sameKey.length > 1) {
      // In path order: the articles come in the order a build met them, which a rebuild changes.
      const others = sameKey
        .filter((o) => o !== article)
        .map((o) => o.displayPath)
        .sort();
      d(
        'duplicate-key',
        `The article key "${article.key}" is also used by ${others.join(', ')}; every article needs its own key.`,
        undefined,
        'Give one of them a different "id:" in its frontmatter (or sidecar), or rename the file.',
      );
    }

    const companyFile = article.kb.kind === 'company' ? settings.unmappedCompanies?.[article.kb.folder] : undefined;
    if (companyFile !== undefined) {
      d(
        'company-file-invalid',
        `${companyFile} has errors, so the Halo customer this article is for is not known; it is not published until the file is fixed.`,
        undefined,
        `Fix the problems reported for ${companyFile}.`,
      );
    }

    const attachments: Attachment[] = [];
    const crossLinks: CrossLink[] = [];
    const replacements: string[] = [];
    article.refs.forEach((ref, index) => {
      const target = targetPath(article, ref);
      if (target.startsWith('..') || path.posix.isAbsolute(target)) {
        d('outside-content', `"${ref.written}" points outside the content folder; only files inside it can be published.`, ref, 'Move the file into the content folder and link to it there.');
        replacements[index] = '#';
        return;
      }
      if (!isFileRef(article, index, target)) {
        const linked = byPath.get(target);
        if (linked === undefined) {
          d(
            'missing-link-target',
            `The link "${ref.written}" points at ${target}, which is not an article in the content folder.`,
            ref,
            'Fix the path (it is relative to this file), or remove the link.',
          );
          replacements[index] = '#';
          return;
        }
        if (!mayLink(article.kb, linked.kb)) {
          d(
            'cross-audience-link',
            `The link "${ref.written}" points at ${linked.displayPath}, an article of ${kbName(linked.kb)}; readers of ${kbName(article.kb)} must not see it.`,
            ref,
            'Link only to articles of the same company or of the central KB; move shared content to content/central.',
          );
          replacements[index] = '#';
          return;
        }
        if (linked.draft && !article.draft) {
          d('link-to-draft', `The link "${ref.written}" points at ${linked.displayPath}, which is a draft and is not published.`, ref, 'Publish the target (remove "draft: true") or remove the link.');
        }
        if (ref.anchor !== undefined && linked.kind === 'markdown' && !linked.headings.includes(ref.anchor)) {
          diagnostics.push(
            diagnostic(
              'warning',
              'missing-anchor',
              article.displayPath,
              `The link "${ref.written}" names the section "#${ref.anchor}", which ${linked.displayPath} does not have.`,
              { line: ref.line, column: ref.column },
              `Sections there: ${linked.headings.map((h) => `#${h}`).join(', ') || 'none'}.`,
            ),
          );
        }
        const link: CrossLink = { key: linked.key };
        if (ref.anchor !== undefined) link.anchor = ref.anchor;
        crossLinks.push(link);
        replacements[index] = linkToken('article', linked.key);
        return;
      }
      const fact = files.get(target) ?? { kind: 'missing' };
      const targetKb = kbOfPath(target);
      if (targetKb !== undefined && !mayLink(article.kb, targetKb)) {
        d(
          'cross-audience-link',
          `"${ref.written}" is a file of ${kbName(targetKb)}; readers of ${kbName(article.kb)} must not see it.`,
          ref,
          'Keep files beside the articles that use them, or in content/central when they are shared.',
        );
        replacements[index] = '#';
        return;
      }
      // Who may see a file follows where it really lies, not where a link to it sits.
      const realKb = fact.kind === 'file' && fact.realPath !== undefined ? kbOfPath(fact.realPath) : undefined;
      if (realKb !== undefined && !mayLink(article.kb, realKb)) {
        d(
          'cross-audience-link',
          `"${ref.written}" is a symbolic link to ${fact.kind === 'file' ? fact.realPath : target}, a file of ${kbName(realKb)}; readers of ${kbName(article.kb)} must not see it.`,
          ref,
          'Copy the file beside the article if its readers may see it, or remove the link; files for everyone belong in content/central.',
        );
        replacements[index] = '#';
        return;
      }
      if (fact.kind === 'outside') {
        d('outside-content', `"${ref.written}" is a symbolic link that leads outside the content folder (to ${fact.target}).`, ref, 'Copy the file into the content folder instead of linking to it.');
        replacements[index] = '#';
        return;
      }
      // A public link named by the writer means the file is hosted elsewhere: nothing is uploaded,
      // whatever its size, and the file need not be in git at all (large files rarely are).
      const explicit =
        (article.kind === 'pdf' && index === 0 ? article.publicLink : undefined) ??
        article.publicLinks[ref.written] ??
        article.publicLinks[ref.path] ??
        article.publicLinks[path.posix.basename(target)];
      if (fact.kind === 'missing' && explicit === undefined) {
        d(
          'missing-file',
          `"${ref.written}" does not exist (looked for ${target} in the content folder).`,
          ref,
          'Fix the path (it is relative to this file), add the file, or name its public URL under "public_links" in the frontmatter.',
        );
        replacements[index] = '#';
        return;
      }
      const existing = attachments.find((a) => a.path === target);
      if (existing === undefined) {
        const size = fact.kind === 'file' ? fact.size : 0;
        const attachment: Attachment = { path: target, size, sha256: fact.kind === 'file' ? fact.sha256 : '', mode: 'upload' };
        if (explicit !== undefined) {
          attachment.mode = 'link';
          attachment.url = explicit;
        } else if (size > settings.maxBytes) {
          if (settings.publicBaseUrl === undefined) {
            attachment.mode = 'refused';
            d(
              'attachment-too-large',
              `${target} is ${formatSize(size)}, over the ${formatSize(settings.maxBytes)} attachment limit, and has no public link; the article is not published.`,
              ref,
              article.kind === 'pdf'
                ? 'Add "public_link: <URL>" to the PDF\'s .pdf.yml sidecar, set attachments.public_base_url in halo-kb.yml, or make the file smaller.'
                : `Add "public_links: { ${JSON.stringify(ref.written)}: <URL> }" to the frontmatter, set attachments.public_base_url in halo-kb.yml, or make the file smaller.`,
            );
          } else {
            attachment.mode = 'link';
            attachment.url = publicUrl(settings.publicBaseUrl, target);
          }
        }
        attachments.push(attachment);
      }
      const attachment = attachments.find((a) => a.path === target)!;
      replacements[index] = attachment.mode === 'link' ? attachment.url! : linkToken('file', target);
    });

    const root = kbKey(article.kb);
    const faqLists = [[root, ...article.folders].join('/')];
    for (const extra of article.extraFaqLists) {
      const clean = path.posix.normalize(extra.replace(/^\/+|\/+$/g, ''));
      if (clean === '.' || clean.startsWith('..')) {
        diagnostics.push(
          diagnostic(
            'error',
            'frontmatter-type',
            article.displayPath,
            `faq_lists entry "${extra}" is not a folder path inside ${kbName(article.kb)}.`,
            {},
            'Write FAQ lists as folder paths within the same KB, e.g. "network/vpn".',
          ),
        );
        continue;
      }
      const key = `${root}/${clean}`;
      if (!faqLists.includes(key)) faqLists.push(key);
    }

    const html = replaceTokens(article.html, replacements);
    const htmlBytes = Buffer.byteLength(html);
    // A source over the limit was not compiled and already says so.
    if (htmlBytes > settings.maxArticleBytes && !diagnostics.some((x) => x.ruleId === 'article-too-large')) {
      diagnostics.push(articleTooLarge(article.displayPath, "The article's HTML is", htmlBytes, settings.maxArticleBytes));
    }
    const memo: ResolvedMemo = { replacements: Array.from(replacements, (r) => r ?? null), diagnostics, faqLists, attachments, crossLinks, hash: '' };
    const resolved = assemble(article, memo, html);
    memo.hash = resolved.hash = articleHash(resolved);
    return { article: resolved, memo };
  });
}
