/**
 * The index page: the KB tree as Halo will hold it, each article with what publishing would do and
 * what Halo holds of it (published as #id, changed since, or not yet published).
 */
import path from 'node:path';
import { tallyArticles } from '../compile/article-tally.js';
import { escapeHtml } from '../compile/template.js';
import { countBuild } from '../report/build-summary.js';
import { plural } from '../report/plural.js';
import { kbTree, type TreeList } from './kb-tree.js';
import { articleStatus, STATUS_LABELS } from './manifest-status.js';
import { renderPage } from './page-layout.js';
import type { PreviewModel } from './preview-model.js';
import { articleUrl } from './preview-links.js';
import { problemsHtml } from './problems-html.js';
import { previewSync, syncBadgeHtml } from './sync-badge.js';
import { articlesOf } from './watch-state.js';

function listHtml(model: PreviewModel, list: TreeList): string {
  const client =
    list.company === undefined ? '' : ` <span class="client">client: ${escapeHtml(list.company.clientName)}${list.company.clientId === undefined ? '' : ` (#${list.company.clientId})`}</span>`;
  const articles = list.articles.map((a) => {
    const status = articleStatus(a, model.published);
    const problems = a.diagnostics.length === 0 ? '' : `<span class="count">${a.diagnostics.length} problem${a.diagnostics.length === 1 ? '' : 's'}</span>`;
    return `<li class="article"><a href="${articleUrl(a.contentPath)}">${escapeHtml(a.title)}</a><span class="badge ${status}" data-status="${status}">${escapeHtml(STATUS_LABELS[status])}</span>${syncBadgeHtml(previewSync(a, model.published, model.state.config))}${problems}</li>`;
  });
  const children = list.lists.map((l) => listHtml(model, l));
  return `<li><span class="list-name">${escapeHtml(list.name)}</span>${client}<ul class="tree">${children.join('')}${articles.join('')}</ul></li>`;
}

export function renderIndexPage(model: PreviewModel): string {
  const { state } = model;
  const articles = articlesOf(state);
  const tree = kbTree(articles, state.faqLists, state.companies, state.config.faqLists.group);
  const counts = countBuild({ tally: tallyArticles(articles), diagnostics: state.treeDiagnostics });
  const manifest =
    model.published === undefined
      ? `No state manifest at ${escapeHtml(path.relative(state.config.root, state.config.stateFile))}: statuses show what is ready, not what a publish would change.`
      : `Compared with ${escapeHtml(path.relative(state.config.root, state.config.stateFile))}, the state of the last publish.`;
  const body = `
<div class="card">
<h1 class="article-title">Knowledge Base preview</h1>
<div class="meta"><span>${plural(counts.articles, 'article')} in ${plural(state.faqLists.length, 'FAQ list')}</span><span>${counts.ready} ready</span><span>${plural(counts.drafts, 'draft')}</span><span>${counts.withErrors} with errors</span></div>
<div class="crumbs">${manifest}</div>
</div>
${problemsHtml(state.treeDiagnostics, 'tree')}
<div class="card"><ul class="tree root"><li><span class="list-name">${escapeHtml(tree.group)}</span><ul class="tree">${tree.lists.map((l) => listHtml(model, l)).join('')}</ul></li></ul></div>`;
  return renderPage({ title: 'Knowledge Base', body, failure: model.failure, watchPath: undefined });
}
