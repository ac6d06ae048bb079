/**
 * The frame of every preview page: styles close to Halo's KB article view, the failure banner when
 * the last rebuild could not run, and the live-reload client.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../compile/template.js';
import { EVENTS_ROUTE } from './preview-links.js';

/** Why the last rebuild did not run (bad config, broken template, content folder gone). */
export interface RebuildFailure {
  message: string;
  hint?: string;
}

export interface PageOptions {
  title: string;
  body: string;
  failure: RebuildFailure | undefined;
  /** The article shown, for reloading only when it changed; undefined reloads on every rebuild. */
  watchPath: string | undefined;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:14px;color:#333;background:#f0f2f5}
a{color:#1a73c8}
.topbar{background:#1f2d3d;color:#fff;padding:10px 20px;display:flex;gap:16px;align-items:center}
.topbar a{color:#fff;text-decoration:none;font-weight:600}
.topbar .hint{color:#a9b7c6;font-size:12px;margin-left:auto}
main{max-width:1000px;margin:20px auto;padding:0 16px}
.card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:20px 24px;margin-bottom:16px}
.crumbs{color:#6b7785;font-size:12px;margin-bottom:6px}
h1.article-title{font-size:22px;margin:4px 0 8px}
.meta{display:flex;flex-wrap:wrap;gap:6px;align-items:center;color:#6b7785;font-size:12px;margin-bottom:16px}
.tag{background:#e8eef5;color:#35506b;border-radius:10px;padding:1px 8px}
.badge{display:inline-block;border-radius:3px;padding:1px 6px;font-size:11px;font-weight:600;white-space:nowrap}
.badge.error{background:#fde2e1;color:#a4161a}.badge.draft{background:#fff3cd;color:#7a5b00}
.badge.create{background:#dff5e3;color:#1e6b34}.badge.update{background:#e0ecff;color:#1d4f9c}
.badge.unchanged{background:#eceff3;color:#59636e}.badge.new{background:#dff5e3;color:#1e6b34}
.problems{border-left:4px solid #d93025;background:#fff5f5;padding:10px 16px;margin-bottom:16px;border-radius:4px}
.problems.warnings{border-color:#f0a500;background:#fffaf0}
.problems li{margin:4px 0}.problems .where{font-family:monospace;font-size:12px;color:#555}
.problems .hint{color:#555;font-size:12px}
.failure{border-left:4px solid #d93025;background:#fde2e1;padding:10px 16px;margin-bottom:16px;border-radius:4px;white-space:pre-wrap}
.kb-body{line-height:1.5}.kb-body img{max-width:100%}.kb-body pre{background:#f6f8fa;padding:8px;overflow:auto}
.kb-body table{border-collapse:collapse}.kb-body td,.kb-body th{border:1px solid #dde1e6;padding:4px 8px}
ul.tree{list-style:none;padding-left:18px;margin:4px 0}ul.tree.root{padding-left:0}
.list-name{font-weight:600}.client{color:#6b7785;font-size:12px}
li.article{display:flex;gap:8px;align-items:baseline;padding:2px 0}
.count{color:#6b7785;font-size:12px}
.sync{font-size:12px;color:#59636e;white-space:nowrap}.sync.changed{color:#1d4f9c}.sync.unpublished{color:#7a5b00}
table.attachments{border-collapse:collapse;font-size:12px}table.attachments td{padding:2px 10px 2px 0}
`;

/**
 * Reload when a rebuild touches this page (its content path in `data-page`; null: any rebuild),
 * keeping the scroll position. The same text on every page, so one hash in the page policy allows
 * it and nothing else: no script from an article, a template or a file runs in the preview's origin.
 */
const RELOAD_SCRIPT = `
(() => {
  const page = JSON.parse(document.currentScript.dataset.page);
  const key = 'halo-kb-scroll:' + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) { sessionStorage.removeItem(key); window.scrollTo(0, Number(saved)); }
  const events = new EventSource(${JSON.stringify(EVENTS_ROUTE)});
  events.addEventListener('rebuild', (e) => {
    const change = JSON.parse(e.data);
    if (change.all || page === null || change.paths.includes(page)) {
      sessionStorage.setItem(key, String(window.scrollY));
      location.reload();
    }
  });
})();
`;

/** The Content-Security-Policy of every preview page. */
export const PAGE_POLICY = [
  `script-src 'sha256-${createHash('sha256').update(RELOAD_SCRIPT).digest('base64')}'`,
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function reloadScript(watchPath: string | undefined): string {
  return `<script data-page="${escapeHtml(JSON.stringify(watchPath ?? null))}">${RELOAD_SCRIPT}</script>`;
}

export function failureBanner(failure: RebuildFailure | undefined): string {
  if (failure === undefined) return '';
  const hint = failure.hint === undefined ? '' : `\n${escapeHtml(failure.hint)}`;
  return `<div class="failure" role="alert"><strong>The last rebuild failed; showing the last good build.</strong>\n${escapeHtml(failure.message)}${hint}</div>`;
}

export function renderPage(options: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.title)} · halo-kb preview</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style>
</head>
<body>
<div class="topbar"><a href="/">Knowledge Base</a><span class="hint">halo-kb preview · not published · reloads on save</span></div>
<main>
${failureBanner(options.failure)}
${options.body}
</main>
${reloadScript(options.watchPath)}
</body>
</html>
`;
}
