/**
 * The two GitHub Actions workflows `halo-kb init` writes: where they live, and the actions and Node
 * version they use. The workflows themselves (pull-request-workflow.ts, publish-workflow.ts) are
 * plain text rather than generated YAML so the comments, which are most of their value to a reader,
 * survive.
 *
 * - Every `run:` step reads values through environment variables, never `${{ }}` inside a script:
 *   expressions pasted into shell are how workflows get script injection from branch names and PR
 *   titles (and the tests run these scripts as they are).
 * - halo-kb comes from the docs repository's package-lock.json through `npm ci`: the exact version,
 *   and every package under it, checked against their hashes. The install steps see no secret and
 *   no token (the checkout keeps none either); Halo's credentials are given to the steps that talk
 *   to Halo, and the job's token to the steps that comment or push.
 * - Actions are pinned by commit, since a tag can be moved to other code; the comment says which
 *   release the commit is.
 */

/** Where the workflows live in a docs repository. */
export const PULL_REQUEST_WORKFLOW = '.github/workflows/halo-kb-pull-request.yml';
export const PUBLISH_WORKFLOW = '.github/workflows/halo-kb-publish.yml';

/** The hidden line that marks halo-kb's plan comment, so each run updates it instead of adding one. */
export const PLAN_COMMENT_MARKER = '<!-- halo-kb-plan -->';

/** The actions the workflows use, by commit (looked up in actions/checkout's and actions/setup-node's tags). */
export const CHECKOUT_ACTION = 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1';
export const SETUP_NODE_ACTION = 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0';

/** A Node.js LTS line still supported (Node 20's support ended in April 2026). */
export const NODE_VERSION = 24;
