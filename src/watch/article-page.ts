/**
 * An article's preview page: the exact HTML that will be published (banner included, links
 * rewritten to the preview), framed like Halo's KB article view, with its problems on top.
 */
import { formatSize } from '../format-size.js';
import type { Article } from '../model/article.js';
import { escapeHtml } from '../compile/template.js';
import { faqListPath } from '../compile/write-output.js';
import { articleStatus, STATUS_LABELS } from './manifest-status.js';
import { renderPage } from './page-layout.js';
import { pathOfKey, type PreviewModel } from './preview-model.js';
import { fileUrl, rewriteForPreview } from './preview-links.js';
import { problemsHtml } from './problems-html.js';
import { previewSync, syncBadgeHtml } from './sync-badge.js';

function attachmentsHtml(article: Article): string {
  if (article.attachments.length === 0) return '';
  const rows = article.attachments.map((a) => {
    const how = a.mode === 'upload' ? 'uploaded to Halo' : a.mode === 'link' ? `public link: <a href="${escapeHtml(a.url ?? '')}">${escapeHtml(a.url ?? '')}</a>` : 'refused: too large';
    const name = a.size > 0 ? `<a href="${fileUrl(a.path)}">${escapeHtml(a.path)}</a>` : escapeHtml(a.path);
    return `<tr><td>${name}</td><td>${a.size > 0 ? formatSize(a.size) : ''}</td><td>${how}</td></tr>`;
  });
  return `<div class="card"><strong>Attachments</strong><table class="attachments">${rows.join('')}</table></div>`;
}

export function renderArticlePage(model: PreviewModel, article: Article): string {
  const { state } = model;
  const lists = new Map(state.faqLists.map((l) => [l.key, l]));
  const [own, ...more] = article.faqLists.map((k) => faqListPath(k, lists, state.config.faqLists.group).join(' › '));
  const status = articleStatus(article, model.published);
  const tags = article.tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join('');
  const review = article.reviewDate === undefined ? '' : `<span>review by ${escapeHtml(article.reviewDate)}</span>`;
  const also = more.length === 0 ? '' : `<div class="crumbs">Also in: ${more.map(escapeHtml).join('; ')}</div>`;
  const html = rewriteForPreview(article.html, (key) => pathOfKey(model, key));
  const body = `
${problemsHtml(article.diagnostics)}
<div class="card">
<div class="crumbs">${escapeHtml(own ?? '')}</div>${also}
<h1 class="article-title">${escapeHtml(article.title)}</h1>
<div class="meta"><span class="badge ${status}" data-status="${status}">${escapeHtml(STATUS_LABELS[status])}</span>${syncBadgeHtml(previewSync(article, model.published, state.config))}${tags}${review}<span>key ${escapeHtml(article.key)}</span><span>${escapeHtml(article.displayPath)}</span></div>
<div class="kb-body" id="article-body">
${html}
</div>
</div>
${attachmentsHtml(article)}`;
  return renderPage({ title: article.title, body, failure: model.failure, watchPath: article.contentPath });
}

export function renderMissingArticlePage(model: PreviewModel, contentPath: string): string {
  const body = `<div class="card"><h1 class="article-title">No article at ${escapeHtml(contentPath)}</h1>
<p>It was renamed, moved or deleted, or it has not been written yet. This page reloads when it appears.</p>
<p><a href="/">Back to the knowledge base</a></p></div>`;
  // Any rebuild may bring it (back): reload on all of them.
  return renderPage({ title: 'Not found', body, failure: model.failure, watchPath: undefined });
}
