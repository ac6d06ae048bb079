/**
 * What `halo-kb init` writes, as plain data: paths (relative, forward slashes), contents, and what
 * becomes of a file that is already there. Pure; the caller supplies the templates it read from
 * the installed package and the halo-kb package to pin.
 */
import { configFileText } from './config-file.js';
import { EXAMPLE_CONTENT } from './example-content.js';
import { GITIGNORE, mergeGitignore } from './gitignore.js';
import { mergePackageJson, packageJsonText } from './package-json.js';
import type { PackageSpec } from './package-spec.js';
import { publishWorkflow } from './publish-workflow.js';
import { pullRequestWorkflow } from './pull-request-workflow.js';
import { PUBLISH_WORKFLOW, PULL_REQUEST_WORKFLOW } from './workflows.js';

/** A file that exists, with the scaffold's part added (`merged`), or already holding it. */
export type Merged = { kind: 'merged'; content: string; note: string } | { kind: 'unchanged'; note: string };

export interface ScaffoldFile {
  path: string;
  content: string;
  /**
   * halo-kb's own file, which a user takes as it comes (a workflow, a template): `--force` replaces
   * it. Any other file that exists (settings, articles) is the team's and is kept.
   */
  own?: true;
  /** Fold the scaffold into the file that exists (`shown` names it in errors); throws if it cannot. */
  merge?: (existing: string, shown: string) => Merged;
}

export interface Templates {
  article: string;
  pdf: string;
}

/** Every file of a new docs repository, in the order they are reported. */
export function scaffoldFiles(templates: Templates, spec: PackageSpec): ScaffoldFile[] {
  return [
    { path: 'halo-kb.yml', content: configFileText() },
    ...Object.entries(EXAMPLE_CONTENT).map(([p, content]) => ({ path: p, content })),
    { path: 'templates/article.html', content: templates.article, own: true },
    { path: 'templates/pdf.html', content: templates.pdf, own: true },
    // Git keeps no empty folders; the manifest appears here after the first publish.
    { path: 'state/.gitkeep', content: '', own: true },
    { path: '.gitignore', content: GITIGNORE, merge: mergeGitignore },
    { path: 'package.json', content: packageJsonText(spec), merge: (existing, shown) => mergePackageJson(existing, spec, shown) },
    { path: PULL_REQUEST_WORKFLOW, content: pullRequestWorkflow, own: true },
    { path: PUBLISH_WORKFLOW, content: publishWorkflow, own: true },
  ];
}
