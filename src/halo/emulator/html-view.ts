/**
 * A plain HTML view of the emulator's knowledge base: FAQ lists as a tree with their articles, and
 * each article rendered from `description_html`, roughly what an agent sees in Halo. `/kb?id=N`
 * matches halo-kb's default article URL template, so cross-links can be followed.
 */
import { plural } from '../../report/plural.js';
import { linkedToArticle } from './attachments.js';
import { escapeHtml } from '../../compile/template.js';
import type { EmulatorData, StoredArticle, StoredFaqList } from './store.js';

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
ul{list-style:none;padding-left:1.2rem}li{margin:.2rem 0}.muted{color:#777;font-size:.85em}.retired{text-decoration:line-through;color:#999}
article{border-top:1px solid #ddd;margin-top:1rem;padding-top:1rem}`;

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>\n`;
}

function articleLink(a: StoredArticle): string {
  const cls = a.inactive ? ' class="retired"' : '';
  return `<li><a href="/kb?id=${a.id}"${cls}>${escapeHtml(a.name)}</a> <span class="muted">#${a.id} · edited ${escapeHtml(a.date_edited)}${a.inactive ? ' · retired' : ''}</span></li>`;
}

function listTree(data: EmulatorData, parentId: number): string {
  const lists = data.faqLists.filter((f) => f.group_id === parentId).sort((a, b) => a.sequence - b.sequence || a.id - b.id);
  if (lists.length === 0) return '';
  const item = (f: StoredFaqList): string => {
    const articles = data.articles.filter((a) => a.faqlist_ids.includes(f.id)).sort((a, b) => a.name.localeCompare(b.name));
    const flags = [f.is_group ? 'group' : '', f.showforall ? 'show for all users' : 'restricted'].filter((x) => x !== '').join(' · ');
    return `<li><strong>${escapeHtml(f.name)}</strong> <span class="muted">#${f.id} · ${flags}</span><ul>${articles.map(articleLink).join('')}</ul>${listTree(data, f.id)}</li>`;
  };
  return `<ul>${lists.map(item).join('')}</ul>`;
}

export function renderIndex(data: EmulatorData): string {
  const orphans = data.articles.filter((a) => a.faqlist_ids.length === 0);
  const body = [
    '<h1>Halo emulator: Knowledge Base</h1>',
    `<p class="muted">${plural(data.articles.length, 'article')} in ${plural(data.faqLists.length, 'FAQ list')} · <a href="/_emulator/stats">request stats</a></p>`,
    data.faqLists.length === 0 ? '<p>No FAQ lists yet: publish with halo-kb to fill this page.</p>' : listTree(data, 0),
    orphans.length === 0 ? '' : `<h2>Not in any FAQ list</h2><ul>${orphans.map(articleLink).join('')}</ul>`,
  ];
  return page('Halo emulator', body.join('\n'));
}

export function renderArticle(data: EmulatorData, id: number): string | undefined {
  const a = data.articles.find((x) => x.id === id);
  if (a === undefined) return undefined;
  const lists = a.faqlist_ids.map((fid) => data.faqLists.find((f) => f.id === fid)?.name ?? `#${fid}`);
  const clients = a.client_ids.map((cid) => data.clients.find((c) => c.id === cid)?.name ?? `#${cid}`);
  const attachments = data.attachments.filter((att) => linkedToArticle(att, a.id));
  const meta = [
    `FAQ lists: ${escapeHtml(lists.join(', ') || 'none')}`,
    `Customers: ${escapeHtml(clients.join(', ') || 'all')}`,
    `Tags: ${escapeHtml(a.tags.join(', ') || 'none')}`,
    `Edited ${escapeHtml(a.date_edited)} by ${escapeHtml(a.editor_name)}`,
  ];
  const files = attachments.map((att) => `<li><a href="/_emulator/attachment/${att.id}">${escapeHtml(att.filename)}</a> <span class="muted">${att.filesize} bytes</span></li>`);
  // The body is shown as Halo shows it: the article's own HTML, not escaped.
  return page(
    a.name,
    `<p><a href="/">← Knowledge Base</a></p><h1 class="${a.inactive ? 'retired' : ''}">${escapeHtml(a.name)}</h1><p class="muted">${meta.join(' · ')}</p>${files.length > 0 ? `<ul>${files.join('')}</ul>` : ''}<article>${a.description_html}</article>`,
  );
}
