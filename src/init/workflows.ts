/**
 * The two GitHub Actions workflows `halo-kb init` writes. Plain text rather than generated YAML so
 * the comments, which are most of their value to a reader, survive.
 *
 * Every `run:` step calls `npx halo-kb` and reads values through environment variables, never
 * `${{ }}` inside a script: expressions pasted into shell are how workflows get script injection
 * from branch names and PR titles (and the tests run these scripts as they are).
 */

/** Where the workflows live in a docs repository. */
export const PULL_REQUEST_WORKFLOW = '.github/workflows/halo-kb-pull-request.yml';
export const PUBLISH_WORKFLOW = '.github/workflows/halo-kb-publish.yml';

/** The hidden line that marks halo-kb's plan comment, so each run updates it instead of adding one. */
export const PLAN_COMMENT_MARKER = '<!-- halo-kb-plan -->';

/**
 * Installing halo-kb: the package comes from the repository variable HALO_KB_PACKAGE (anything
 * `npm install` accepts: a version, a tarball URL, `github:owner/repo#tag`), so a team can pin it
 * or use a private build without editing the workflow.
 */
const INSTALL_STEPS = `      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install halo-kb
        id: install
        # --no-save: the docs repository needs no package.json; node_modules/ is in .gitignore.
        run: npm install --no-save --no-audit --no-fund "$HALO_KB_PACKAGE"`;

const CONNECTION_ENV = `      HALO_URL: \${{ secrets.HALO_URL }}
      HALO_AUTH_URL: \${{ secrets.HALO_AUTH_URL }}
      HALO_TENANT: \${{ secrets.HALO_TENANT }}
      HALO_CLIENT_ID: \${{ secrets.HALO_CLIENT_ID }}
      HALO_CLIENT_SECRET: \${{ secrets.HALO_CLIENT_SECRET }}`;

export const pullRequestWorkflow = `# halo-kb: check every pull request and show what merging it would change in Halo.
#
# - "Validate" needs no secrets, so it also runs for pull requests from forks; problems show as
#   annotations on the changed lines.
# - Where the repository secrets are available (not for forks), "Plan" compares the branch with
#   Halo, writes the report to the job summary and posts it as one PR comment, updated on each push.
name: halo-kb pull request

on:
  pull_request:

permissions:
  contents: read
  pull-requests: write

concurrency:
  # A newer push to the same pull request makes the older report stale: cancel it.
  group: halo-kb-pr-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

env:
  HALO_KB_PACKAGE: \${{ vars.HALO_KB_PACKAGE || 'halo-kb' }}

jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    env:
${CONNECTION_ENV}
      GH_TOKEN: \${{ github.token }}
      PR_NUMBER: \${{ github.event.pull_request.number }}
      PLAN_COMMENT_MARKER: '${PLAN_COMMENT_MARKER}'
    steps:
      - uses: actions/checkout@v4
${INSTALL_STEPS}
      - name: Validate
        run: npx halo-kb validate
      - name: Plan
        id: plan
        # Secrets are empty for forks' pull requests: skip rather than fail.
        if: env.HALO_CLIENT_SECRET != ''
        run: |
          mkdir -p .halo-kb
          npx halo-kb plan --format markdown --out .halo-kb/plan.json > .halo-kb/plan.md
          cat .halo-kb/plan.md >> "$GITHUB_STEP_SUMMARY"
      - name: Comment on the pull request
        if: env.HALO_CLIENT_SECRET != ''
        run: |
          # GitHub refuses comments over 65,536 characters; the job summary keeps the whole plan.
          {
            echo "$PLAN_COMMENT_MARKER"
            head -c 60000 .halo-kb/plan.md
            if [ "$(wc -c < .halo-kb/plan.md)" -gt 60000 ]; then
              printf '\\n\\n_The plan is cut short here: the job summary has all of it._\\n'
            fi
          } > .halo-kb/comment.md
          comments="repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments"
          # sed, not head: head would quit early and fail the step (pipefail) on gh's SIGPIPE.
          id="$(gh api "$comments" --paginate --jq ".[] | select(.body | startswith(\\"$PLAN_COMMENT_MARKER\\")) | .id" | sed -n 1p)"
          if [ -n "$id" ]; then
            gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F body=@.halo-kb/comment.md > /dev/null
            echo "Updated the plan comment ($id)."
          else
            gh api --method POST "$comments" -F body=@.halo-kb/comment.md > /dev/null
            echo "Posted the plan comment."
          fi
`;

export const publishWorkflow = `# halo-kb: publish the knowledge base to Halo on every push to main.
#
# The state manifest (state/manifest.json) is committed back after each publish, with "[skip ci]"
# in the message so that commit does not start this workflow again.
#
# Where the bot may not push to main (branch protection), set the repository variable
# HALO_KB_COMMIT_STATE to "false": each run then rebuilds the manifest from Halo's key markers
# ("halo-kb state rebuild") before publishing, and nothing is committed.
name: halo-kb publish

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: write

concurrency:
  # Two publishes at once would race on Halo and on the manifest: queue them, never cancel one
  # half-way.
  group: halo-kb-publish
  cancel-in-progress: false

env:
  HALO_KB_PACKAGE: \${{ vars.HALO_KB_PACKAGE || 'halo-kb' }}
  HALO_KB_COMMIT_STATE: \${{ vars.HALO_KB_COMMIT_STATE || 'true' }}
  # Keep in step with "state:" in halo-kb.yml.
  HALO_KB_STATE: state/manifest.json

jobs:
  publish:
    runs-on: ubuntu-latest
    timeout-minutes: 60
    env:
${CONNECTION_ENV}
    steps:
      - uses: actions/checkout@v4
        with:
          # The tip of main when the job starts, not the commit that triggered it: a queued run must
          # see the manifest the run before it committed.
          ref: \${{ github.ref_name }}
${INSTALL_STEPS}
      - name: Validate
        run: npx halo-kb validate
      - name: Rebuild the state from Halo
        if: env.HALO_KB_COMMIT_STATE != 'true'
        run: npx halo-kb state rebuild
      - name: Publish
        run: npx halo-kb publish
      - name: Commit the state manifest
        # Also after a failed publish: the manifest records every write that succeeded.
        if: \${{ !cancelled() && env.HALO_KB_COMMIT_STATE == 'true' }}
        run: |
          if [ ! -f "$HALO_KB_STATE" ] || [ -z "$(git status --porcelain -- "$HALO_KB_STATE")" ]; then
            echo "State manifest unchanged: nothing to commit."
            exit 0
          fi
          # A run that wrote nothing only moves the Last Sync record: not worth a commit.
          if git cat-file -e "HEAD:$HALO_KB_STATE" 2>/dev/null && git show "HEAD:$HALO_KB_STATE" | node -e '
            const fs = require("node:fs");
            const strip = (text) => { const m = JSON.parse(text); delete m.lastRun; return JSON.stringify(m); };
            process.exit(strip(fs.readFileSync(0, "utf8")) === strip(fs.readFileSync(process.argv[1], "utf8")) ? 0 : 1);
          ' "$HALO_KB_STATE"; then
            echo "Only the Last Sync record changed: nothing to commit."
            exit 0
          fi
          git config user.name "github-actions[bot]"
          git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
          git add -- "$HALO_KB_STATE"
          git commit -m "Update the halo-kb state manifest [skip ci]"
          # Another merge may have landed while publishing: replay the commit on top and retry.
          for attempt in 1 2 3; do
            if git push origin "HEAD:$GITHUB_REF_NAME"; then exit 0; fi
            git pull --rebase origin "$GITHUB_REF_NAME"
          done
          echo "::error::Could not push the state manifest after 3 attempts."
          exit 1
`;
