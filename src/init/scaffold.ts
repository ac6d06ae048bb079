/**
 * What `halo-kb init` writes, as plain data: paths (relative, forward slashes) and contents. Pure;
 * the caller supplies the templates it read from the installed package.
 */
import { configFileText } from './config-file.js';
import { EXAMPLE_CONTENT } from './example-content.js';
import { PUBLISH_WORKFLOW, PULL_REQUEST_WORKFLOW, publishWorkflow, pullRequestWorkflow } from './workflows.js';

export interface ScaffoldFile {
  path: string;
  content: string;
}

export interface Templates {
  article: string;
  pdf: string;
}

const GITIGNORE = `# halo-kb's build output and caches, and the package the workflows install.
.halo-kb/
node_modules/
`;

/** Every file of a new docs repository, in the order they are reported. */
export function scaffoldFiles(templates: Templates): ScaffoldFile[] {
  return [
    { path: 'halo-kb.yml', content: configFileText() },
    ...Object.entries(EXAMPLE_CONTENT).map(([p, content]) => ({ path: p, content })),
    { path: 'templates/article.html', content: templates.article },
    { path: 'templates/pdf.html', content: templates.pdf },
    // Git keeps no empty folders; the manifest appears here after the first publish.
    { path: 'state/.gitkeep', content: '' },
    { path: '.gitignore', content: GITIGNORE },
    { path: PULL_REQUEST_WORKFLOW, content: pullRequestWorkflow },
    { path: PUBLISH_WORKFLOW, content: publishWorkflow },
  ];
}
