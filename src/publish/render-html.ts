/**
 * The HTML that is actually sent to Halo: the build's HTML with its `halo-kb://` references
 * resolved. Cross-links become the target article's Halo URL; uploaded files become their Halo
 * attachment URL. A target with no Halo id yet (an article created in this same run) is left
 * unresolved and reported, so a second pass can fill it in.
 *
 * URLs put in must be http(s) (or relative): an article URL template or an attachment URL that
 * is anything else (javascript:, data:, ...) becomes `#`. And the result is sanitised once more as
 * a whole, so whatever was put in, nothing that runs script reaches Halo.
 */
import { checkedUrl, sanitizeHtml } from '../compile/safe-html.js';
import { rewriteLinkTokens } from '../model/link-token.js';
import { articleUrl } from '../halo/url.js';

export interface LinkTargets {
  /** Halo id of the article with this key, when it has one. */
  articleId(key: string): number | undefined;
  /** Halo URL of an uploaded file (content path), when known. */
  fileUrl(path: string): string | undefined;
}

export interface RenderedHtml {
  html: string;
  /** Keys of cross-link targets that have no Halo id yet. */
  pendingLinks: string[];
  /** Files whose Halo URL is not known yet. */
  pendingFiles: string[];
}

/** Rendered HTML, and the same before its final sanitising pass (what fingerprints are taken of). */
export interface PublishedHtml extends RenderedHtml {
  resolved: string;
}

/** Resolve every reference in `html` that can be resolved now, and sanitise the result. */
export function renderPublishedHtml(html: string, targets: LinkTargets, template: string, haloBase: string): PublishedHtml {
  const resolved = resolveReferences(html, targets, template, haloBase);
  return { ...resolved, html: sanitizeHtml(resolved.html), resolved: resolved.html };
}

/**
 * Resolve every reference in `html` that can be resolved now, without the final sanitising pass:
 * what is sent is a pure function of this, so it is what a fingerprint of the sent HTML is taken
 * of (sanitising every article again only to compare would cost a full parse each).
 */
export function resolveReferences(html: string, targets: LinkTargets, template: string, haloBase: string): RenderedHtml {
  const pendingLinks = new Set<string>();
  const pendingFiles = new Set<string>();
  const out = rewriteLinkTokens(html, (token) => {
    if (token.kind === 'article') {
      const id = targets.articleId(token.target);
      if (id === undefined) {
        pendingLinks.add(token.target);
        return undefined;
      }
      return checkedUrl(articleUrl(template, haloBase, id)) + token.hash;
    }
    const url = targets.fileUrl(token.target);
    if (url === undefined) {
      pendingFiles.add(token.target);
      return undefined;
    }
    return checkedUrl(url);
  });
  return { html: out, pendingLinks: [...pendingLinks].sort(), pendingFiles: [...pendingFiles].sort() };
}

/** For a final write: references still unresolved point nowhere rather than at a halo-kb:// URL. */
export function dropUnresolved(html: string): string {
  return rewriteLinkTokens(html, () => '#');
}
