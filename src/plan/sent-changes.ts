/**
 * The planner's last look: what Halo would receive for each article, compared with what halo-kb
 * last sent it. The source may be unchanged while the article Halo holds is stale: a new article URL
 * template, a new address for Halo, a link target or file with a new Halo id, a visibility setting.
 * Such an article is updated, with the reason. Pure, like the rest of planning.
 */
import type { Article } from '../model/article.js';
import { ARTICLE_TOKEN, LINK_TOKEN_SCHEME } from '../model/link-token.js';
import { fingerprintArticle, payloadContext, resolveArticle } from '../publish/article-payload.js';
import type { Manifest } from './manifest.js';
import type { ArticlePlan } from './types.js';

export interface SentSettings {
  articleUrlTemplate: string;
  haloBase: string;
  showForAll: boolean;
  companyShowForAll: boolean;
  /** Send every article again, whatever the fingerprints say. */
  republishAll: boolean;
}

/** The link targets (href and src values) of an HTML body, in order, as plain text. */
function linkTargets(html: string): string[] {
  return [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
}

/** Why what would be sent differs from what was, in the user's terms. */
function whyLinksChanged(a: Article, manifest: Manifest, settings: SentSettings): string {
  const causes: string[] = [];
  if (manifest.articleUrl !== undefined && manifest.articleUrl !== settings.articleUrlTemplate && a.html.includes(ARTICLE_TOKEN)) {
    causes.push(`the article URL template (halo.article_url) changed from ${manifest.articleUrl}`);
  }
  if (manifest.halo !== undefined && manifest.halo !== settings.haloBase && a.html.includes(LINK_TOKEN_SCHEME)) {
    causes.push(`Halo's address changed from ${manifest.halo}`);
  }
  return `links changed: ${causes.length > 0 ? causes.join('; ') : 'a linked article or file has a new Halo id'}`;
}

/**
 * Set each unchanged plan's `sent` fingerprint, and turn it into an `update` where what
 * Halo would receive now is not what it was sent (or, for an article adopted from Halo, where the
 * links it holds point elsewhere), or where every article is to be sent again.
 */
export function planSentChanges(plans: ArticlePlan[], articles: ReadonlyMap<string, Article>, manifest: Manifest, listIds: ReadonlyMap<string, number>, settings: SentSettings): void {
  const ctx = payloadContext(manifest, plans, listIds, settings);
  for (const p of plans) {
    // Creates and updates are written anyway, and their fingerprint is taken of what is sent.
    if (p.action !== 'unchanged') continue;
    const a = articles.get(p.key);
    if (a === undefined) continue;
    const resolved = resolveArticle(a, ctx);
    p.sent = fingerprintArticle(a, p.clientIds, ctx, resolved.html);
    const previous = manifest.articles[p.key];
    const reasons: string[] = [];
    if (settings.republishAll) {
      reasons.push('sent again on request (--republish-all)');
    } else if (previous?.sent !== undefined) {
      if (previous.sent.html !== p.sent.html) reasons.push(whyLinksChanged(a, manifest, settings));
      if (previous.sent.meta !== p.sent.meta) reasons.push('settings changed: what Halo keeps besides the body (such as faq_lists.show_for_all) differs from the last publish');
    } else if (p.adopted === true && p.currentHtml !== undefined) {
      // Adopted from Halo, with a body that matched but for its link targets: those must match too
      // (a reference that cannot be resolved yet is left out).
      const want = linkTargets(resolved.html);
      const have = linkTargets(p.currentHtml);
      if (want.length !== have.length || want.some((t, i) => !t.startsWith(LINK_TOKEN_SCHEME) && t !== have[i])) {
        reasons.push('links in Halo point elsewhere than they would now');
      }
    }
    if (reasons.length > 0) {
      p.action = 'update';
      p.reasons = [...p.reasons, ...reasons];
    }
  }
}
