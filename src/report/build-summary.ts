/**
 * The one-paragraph summary of a build or validation that a writer reads in the terminal.
 */
import type { BuildResult } from '../compile/build.js';
import type { Diagnostic } from '../diagnostics.js';
import { plural } from './plural.js';

export interface BuildCounts {
  articles: number;
  ready: number;
  drafts: number;
  withErrors: number;
  errors: number;
  warnings: number;
  uploads: number;
  links: number;
}

/** The tree's diagnostics, then every article's. */
export function allDiagnostics(result: Pick<BuildResult, 'tally' | 'diagnostics'>): Diagnostic[] {
  return [...result.diagnostics, ...result.tally.diagnostics];
}

export function countBuild(result: Pick<BuildResult, 'tally' | 'diagnostics'>): BuildCounts {
  const { articles, ready, drafts, withErrors, uploads, links } = result.tally;
  const diagnostics = allDiagnostics(result);
  return {
    articles,
    ready,
    drafts,
    withErrors,
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    uploads,
    links,
  };
}

/** E.g. "12 articles in 4 FAQ lists: 10 ready, 1 draft, 1 with errors. 2 errors, 1 warning." */
export function summarizeBuild(result: Pick<BuildResult, 'tally' | 'diagnostics' | 'faqLists' | 'stats'>): string {
  const c = countBuild(result);
  const parts = [`${plural(c.articles, 'article')} in ${plural(result.faqLists.length, 'FAQ list')}: ${c.ready} ready, ${plural(c.drafts, 'draft')}, ${c.withErrors} with errors`];
  parts.push(`${plural(c.uploads, 'attachment')} to upload, ${plural(c.links, 'public link')}`);
  parts.push(`${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}`);
  const secs = (result.stats.ms / 1000).toFixed(2);
  const threads = (result.stats.workers ?? 0) > 1 ? ` on ${result.stats.workers} threads` : '';
  parts.push(`compiled ${result.stats.compiled}${threads}, reused ${result.stats.reused} from cache, ${secs} s`);
  return `${parts.join('. ')}.`;
}
