/**
 * `--strict` (or `strict: true` in halo-kb.yml): every warning counts as an error, so an article
 * with one is not published, like any article with an error, and holds back retirements the same
 * way. Applied to a finished build, so the build cache holds the same compiles either way.
 */
import { createHash } from 'node:crypto';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { tallyArticles } from './article-tally.js';
import type { BuildListing } from './build.js';

export const STRICT_NOTE = '--strict (or "strict: true" in halo-kb.yml) counts every warning as an error.';

/** A warning as the error it is under --strict; errors are left as they are. */
export function strictDiagnostic(d: Diagnostic): Diagnostic {
  if (d.severity !== 'warning') return d;
  return { ...d, severity: 'error', hint: d.hint === undefined ? STRICT_NOTE : `${d.hint} ${STRICT_NOTE}` };
}

/**
 * The stamp of a strict build made from what gives `stamp`: another, since its problems differ (an
 * output folder written by one build is not current for the other).
 */
export function strictStamp(stamp: string): string {
  return createHash('sha256').update(`strict\0${stamp}`).digest('hex');
}

/** The build with every warning an error, and the articles, counts and stamp that follow from that. */
export function strictBuild<B extends BuildListing>(result: B): B {
  const warned = (file: string): boolean => result.diagnostics.some((d) => d.severity === 'warning' && d.file === file);
  // A company file with errors holds back its articles (resolve.ts); one with warnings does too, now.
  const heldCompanies = new Map(result.companies.flatMap((c) => (c.configPath !== undefined && warned(c.configPath) ? [[c.folder, c.configPath] as const] : [])));
  const articles = result.articles.map((article) => {
    const companyFile = article.kb.kind === 'company' ? heldCompanies.get(article.kb.folder) : undefined;
    if (companyFile === undefined && !article.diagnostics.some((d) => d.severity === 'warning')) return article;
    const diagnostics = article.diagnostics.map(strictDiagnostic);
    if (companyFile !== undefined) {
      diagnostics.push(
        diagnostic(
          'error',
          'company-file-invalid',
          article.displayPath,
          `${companyFile} has warnings, which --strict counts as errors, so this article is not published until the file is fixed.`,
          {},
          `Fix the problems reported for ${companyFile}.`,
        ),
      );
    }
    return { ...article, diagnostics, hasErrors: true };
  });
  return { ...result, articles, diagnostics: result.diagnostics.map(strictDiagnostic), tally: tallyArticles(articles), stamp: strictStamp(result.stamp) };
}
