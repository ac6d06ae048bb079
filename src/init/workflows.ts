/**
 * The two GitHub Actions workflows `halo-kb init` writes. Plain text rather than generated YAML so
 * the comments, which are most of their value to a reader, survive.
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

/** `text` with every line after the first indented by `spaces`, to sit inside a `run: |` block. */
function indented(text: string, spaces: number): string {
  return text.replace(/\n(?=.)/g, `\n${' '.repeat(spaces)}`);
}

/** The repository paths whose changes can change what is published. */
function pathsFilter(workflow: string, indent: string): string {
  return [
    `${indent}# Only changes that can change what is published (keep in step with the folders in halo-kb.yml).`,
    `${indent}paths:`,
    ...["'content/**'", "'templates/**'", "'halo-kb.yml'", "'state/**'", "'package.json'", "'package-lock.json'", `'${workflow}'`].map((p) => `${indent}  - ${p}`),
  ].join('\n');
}

function checkoutStep(extra = ''): string {
  return `      - uses: ${CHECKOUT_ACTION}
        with:
${extra}          # The job's token stays out of .git/config, where the install step could read it.
          persist-credentials: false`;
}

/**
 * Node and halo-kb. `cache: npm` keeps npm's downloads between pull-request runs (keyed by
 * package-lock.json, and "npm ci" checks every package's hash whatever the cache holds); the
 * publishing jobs, which hold the credentials, install without any cache.
 */
function installSteps(cache: boolean): string {
  const cacheLines = cache
    ? `          # npm's downloads, kept between runs (keyed by package-lock.json); "npm ci" checks each
          # package's hash whatever the cache holds.
          cache: npm`
    : `          # No cache in a job that holds the publishing credentials: nothing another workflow saved
          # is restored here.
          package-manager-cache: false`;
  return `      - uses: ${SETUP_NODE_ACTION}
        with:
          node-version: ${NODE_VERSION}
${cacheLines}
      - name: Install halo-kb
        id: install
        # Exactly what package-lock.json pins (halo-kb and every package under it, hashes checked).
        # No secret is in this step's environment.
        run: |
          npm ci --no-audit --no-fund
          echo "$PWD/node_modules/.bin" >> "$GITHUB_PATH"`;
}

/** Where to reach Halo; the same for the publishing and the read-only application. */
const HALO_ADDRESS_ENV = `          HALO_URL: \${{ secrets.HALO_URL }}
          HALO_AUTH_URL: \${{ secrets.HALO_AUTH_URL }}
          HALO_TENANT: \${{ secrets.HALO_TENANT }}`;

/** The publishing application: for the step that writes to Halo, and nothing else. */
const PUBLISH_CREDENTIALS_ENV = `${HALO_ADDRESS_ENV}
          HALO_CLIENT_ID: \${{ secrets.HALO_CLIENT_ID }}
          HALO_CLIENT_SECRET: \${{ secrets.HALO_CLIENT_SECRET }}`;

/**
 * For steps that only read Halo: the read-only application when its secrets exist (both of them),
 * else the publishing one.
 */
const READ_CREDENTIALS_ENV = `${HALO_ADDRESS_ENV}
          HALO_CLIENT_ID: \${{ secrets.HALO_READ_CLIENT_SECRET != '' && secrets.HALO_READ_CLIENT_ID || secrets.HALO_CLIENT_ID }}
          HALO_CLIENT_SECRET: \${{ secrets.HALO_READ_CLIENT_SECRET || secrets.HALO_CLIENT_SECRET }}`;

/**
 * Run a halo-kb command so that a failure is never silent: its messages (stderr) show in the log as
 * they come and are kept in .halo-kb/NAME.err, the report (stdout) goes to .halo-kb/NAME.md and then
 * to the log, and the exit code lands in $code for the step to report before it fails.
 */
function captured(command: string, name: string, indent: number): string {
  return indented(
    `mkdir -p .halo-kb
set +e
${command} 2>&1 > .halo-kb/${name}.md | tee .halo-kb/${name}.err >&2
code=\${PIPESTATUS[0]}
set -e
cat .halo-kb/${name}.md`,
    indent,
  );
}

/** Markdown for a failed command: its exit code and its last messages, for the summary and the comment. */
function failureMarkdown(command: string, name: string, indent: number): string {
  return indented(
    `printf '\\n**%s failed** (exit code %s).\\n' "${command}" "$code"
if [ -s .halo-kb/${name}.err ]; then
  printf '\\n\`\`\`text\\n'
  tail -n 20 .halo-kb/${name}.err
  printf '\`\`\`\\n'
fi`,
    indent,
  );
}

/**
 * Problems only Halo can show (a customer that does not exist, say) become annotations on their
 * files; the format is the one "halo-kb validate" prints under GitHub Actions.
 */
function annotatePlanProblems(indent: number): string {
  return indented(
    `node -e '
  const { problems = [] } = JSON.parse(require("node:fs").readFileSync(".halo-kb/plan.json", "utf8"));
  const data = (s) => String(s).replace(/%/g, "%25").replace(/\\r/g, "%0D").replace(/\\n/g, "%0A");
  const prop = (s) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  for (const p of problems) {
    if (p.severity !== "error" || !p.file) continue;
    const at = p.line ? ",line=" + p.line + (p.column ? ",col=" + p.column : "") : "";
    console.log("::error file=" + prop(p.file) + at + ",title=halo-kb " + prop(p.ruleId) + "::" + data(p.message));
  }
'`,
    indent,
  );
}

export const pullRequestWorkflow = `# halo-kb: check every pull request and show what merging it would change in Halo.
#
# - "Validate" needs no secrets, so it also runs for pull requests from forks; problems show as
#   annotations on the changed lines.
# - Where the repository secrets are available (not for forks), "Plan" compares the branch with
#   Halo, writes the report to the job summary and posts it as one PR comment, updated on each push.
#   It logs in with the read-only Halo application (secrets HALO_READ_CLIENT_ID and
#   HALO_READ_CLIENT_SECRET) when those exist, else with the publishing one. A plan that fails says
#   why in the log, the job summary and the comment, and then fails the check.
# - halo-kb is the version package-lock.json pins, installed by "npm ci" with no secret around.
name: halo-kb pull request

on:
  pull_request:
${pathsFilter(PULL_REQUEST_WORKFLOW, '    ')}

# Nothing by default; the job asks for what it needs.
permissions: {}

# Bash with pipefail: without "shell: bash", GitHub runs steps as "bash -e", where a pipeline's
# failure is its last command's (tee's) success.
defaults:
  run:
    shell: bash

concurrency:
  # A newer push to the same pull request makes the older report stale: cancel it.
  group: halo-kb-pr-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    permissions:
      contents: read
      # To post and update the plan comment.
      pull-requests: write
    env:
      # Whether Halo credentials exist (never for forks' pull requests). Only "true" or "false":
      # the secrets themselves are given to the one step that talks to Halo.
      HALO_KB_CAN_PLAN: \${{ secrets.HALO_READ_CLIENT_SECRET != '' || secrets.HALO_CLIENT_SECRET != '' }}
    steps:
${checkoutStep()}
${installSteps(true)}
      - name: Validate
        id: validate
        run: halo-kb validate
      - name: Plan
        id: plan
        if: env.HALO_KB_CAN_PLAN == 'true'
        env:
${READ_CREDENTIALS_ENV}
        run: |
          ${captured('halo-kb plan --format markdown --out .halo-kb/plan.json', 'plan', 10)}
          cp .halo-kb/plan.md .halo-kb/report.md
          if [ "$code" -ne 0 ]; then
            {
              ${failureMarkdown('halo-kb plan', 'plan', 14)}
            } >> .halo-kb/report.md
            if [ -f .halo-kb/plan.json ]; then
              ${annotatePlanProblems(14)}
            fi
            echo "::error title=halo-kb plan::halo-kb plan failed (exit code $code): the reason is in this step's log, the job summary and the pull request comment."
          fi
          cat .halo-kb/report.md >> "$GITHUB_STEP_SUMMARY"
          exit "$code"
      - name: Comment on the pull request
        # Also when the plan failed or validation stopped it: the comment must not show an older plan.
        if: \${{ !cancelled() && env.HALO_KB_CAN_PLAN == 'true' && steps.install.outcome == 'success' }}
        env:
          GH_TOKEN: \${{ github.token }}
          PR_NUMBER: \${{ github.event.pull_request.number }}
          PLAN_COMMENT_MARKER: '${PLAN_COMMENT_MARKER}'
        run: |
          mkdir -p .halo-kb
          if [ ! -f .halo-kb/report.md ]; then
            printf '## halo-kb plan\\n\\nNo plan: validation failed. The problems are annotated on the files and listed in the log of the "Validate" step.\\n' > .halo-kb/report.md
          fi
          # GitHub refuses comments over 65,536 characters; the job summary keeps the whole plan.
          {
            echo "$PLAN_COMMENT_MARKER"
            head -c 60000 .halo-kb/report.md
            if [ "$(wc -c < .halo-kb/report.md)" -gt 60000 ]; then
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

const REBUILD_STATE_STEP = `      - name: Rebuild the state from Halo
        if: env.HALO_KB_COMMIT_STATE != 'true'
        env:
${READ_CREDENTIALS_ENV}
        run: halo-kb state rebuild`;

export const publishWorkflow = `# halo-kb: publish the knowledge base to Halo, and keep Halo in line with the repository.
#
# - "publish" runs on every push to main that changes the docs (see "paths"), and by hand
#   (Actions > halo-kb publish > Run workflow, from the default branch only; "force" lets it retire
#   more than publish.max_retire articles, "republish_all" sends every article again, for when Halo
#   was changed behind halo-kb's back).
# - "drift" runs on a schedule (every 3 hours, see "schedule") and compares Halo with the
#   repository: an article edited or removed in Halo, or a publish that failed, shows as drift. By
#   default it only reports it (a warning and the job summary); set the repository variable
#   HALO_KB_DRIFT to "repair" and "publish" then runs and puts Halo back in line.
# - The state manifest (state/manifest.json) is committed back after each publish, with "[skip ci]"
#   in the message so that commit does not start this workflow again. Where the bot may not push to
#   main (branch protection), set the repository variable HALO_KB_COMMIT_STATE to "false": each run
#   then rebuilds the manifest from Halo's key markers ("halo-kb state rebuild") and commits nothing.
# - Approvals: set the repository variable HALO_KB_ENVIRONMENT to the name of a GitHub environment
#   (Settings > Environments) and "publish" runs in it, waiting for its required reviewers; the
#   publishing secrets (HALO_CLIENT_ID, HALO_CLIENT_SECRET) may then live in that environment alone.
# - The publishing credentials are given to the "Publish" step only; the steps that only read Halo
#   use the read-only application (HALO_READ_CLIENT_ID, HALO_READ_CLIENT_SECRET) when it exists.
name: halo-kb publish

on:
  push:
    # Your default branch.
    branches: [main]
${pathsFilter(PUBLISH_WORKFLOW, '    ')}
  workflow_dispatch:
    inputs:
      force:
        description: Retire articles even past publish.max_retire (halo-kb publish --force)
        type: boolean
        default: false
      republish_all:
        description: Send every article again, changed or not (halo-kb publish --republish-all)
        type: boolean
        default: false
  schedule:
    # Every 3 hours at 17 minutes past, UTC (the full hour is GitHub's busiest). Change the cron
    # expression to check more or less often ('17 6 * * *': daily at 06:17); delete "schedule:" and
    # its cron line to stop. GitHub pauses schedules in public repositories after 60 days without
    # activity.
    - cron: '17 */3 * * *'

# Nothing by default; each job asks for what it needs.
permissions: {}

# Bash with pipefail: without "shell: bash", GitHub runs steps as "bash -e", where a pipeline's
# failure is its last command's (tee's) success.
defaults:
  run:
    shell: bash

env:
  HALO_KB_COMMIT_STATE: \${{ vars.HALO_KB_COMMIT_STATE || 'true' }}
  # Keep in step with "state:" in halo-kb.yml.
  HALO_KB_STATE: state/manifest.json

jobs:
  drift:
    if: github.event_name == 'schedule'
    # Its own queue: GitHub keeps one waiting run per group, and a check must never push out a
    # publish waiting for its turn.
    concurrency:
      group: halo-kb-drift
      cancel-in-progress: false
    runs-on: ubuntu-latest
    timeout-minutes: 30
    permissions:
      contents: read
    outputs:
      repair: \${{ steps.compare.outputs.repair }}
    steps:
${checkoutStep()}
${installSteps(false)}
${REBUILD_STATE_STEP}
      - name: Compare Halo with the repository
        id: compare
        env:
${READ_CREDENTIALS_ENV}
          HALO_KB_DRIFT: \${{ vars.HALO_KB_DRIFT || 'report' }}
        run: |
          case "$HALO_KB_DRIFT" in
            report | repair) ;;
            *)
              echo "::error title=halo-kb drift::The repository variable HALO_KB_DRIFT is \\"$HALO_KB_DRIFT\\": set it to report or repair."
              exit 1
              ;;
          esac
          ${captured('halo-kb plan --detailed-exitcode --format markdown', 'drift', 10)}
          {
            echo "## halo-kb drift check"
            echo
            case "$code" in
              0) echo "Halo matches the repository: nothing to do." ;;
              2) echo "Halo differs from the repository (HALO_KB_DRIFT=$HALO_KB_DRIFT)." ;;
              *) echo "The check failed: see below." ;;
            esac
            echo
            cat .halo-kb/drift.md
            if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then
              ${failureMarkdown('halo-kb plan', 'drift', 14)}
            fi
          } >> "$GITHUB_STEP_SUMMARY"
          case "$code" in
            0) ;;
            2)
              if [ "$HALO_KB_DRIFT" = repair ]; then
                echo "repair=true" >> "$GITHUB_OUTPUT"
                echo "::notice title=halo-kb drift::Halo differs from the repository: the publish job puts it back in line."
              else
                echo "::warning title=halo-kb drift::Halo differs from the repository: see the job summary. Run this workflow by hand to publish, or set the repository variable HALO_KB_DRIFT to repair to do so on schedule."
              fi
              ;;
            *)
              echo "::error title=halo-kb drift::halo-kb plan failed (exit code $code): the reason is in this step's log and the job summary."
              exit "$code"
              ;;
          esac

  publish:
    needs: drift
    # Pushes and runs by hand; on schedule only to repair drift (HALO_KB_DRIFT=repair).
    if: \${{ !cancelled() && (github.event_name != 'schedule' || needs.drift.outputs.repair == 'true') }}
    concurrency:
      # Two publishes at once would race on Halo and on the manifest: queue them, never cancel one
      # half-way. A newer waiting run replaces an older one: it publishes the tip of the branch too.
      group: halo-kb-publish
      cancel-in-progress: false
    runs-on: ubuntu-latest
    timeout-minutes: 60
    # A GitHub environment (approvals, environment secrets) when the variable names one; none when empty.
    environment: \${{ vars.HALO_KB_ENVIRONMENT || '' }}
    permissions:
      # To commit the state manifest back.
      contents: write
    steps:
      - name: Refuse to publish from another branch
        if: github.event_name == 'workflow_dispatch'
        env:
          REF_NAME: \${{ github.ref_name }}
          DEFAULT_BRANCH: \${{ github.event.repository.default_branch }}
        run: |
          if [ "$REF_NAME" != "$DEFAULT_BRANCH" ]; then
            echo "::error title=halo-kb publish::Publishing runs only from the default branch ($DEFAULT_BRANCH), not from $REF_NAME: Halo shows what was merged. Run the workflow from $DEFAULT_BRANCH; a pull request shows what a branch would change."
            exit 1
          fi
${checkoutStep(`          # The tip of the branch when the job starts, not the commit that triggered it: a queued run
          # must see the manifest the run before it committed.
          ref: \${{ github.ref_name }}
`)}
${installSteps(false)}
      - name: Validate
        run: halo-kb validate
${REBUILD_STATE_STEP}
      - name: Publish
        id: publish
        env:
${PUBLISH_CREDENTIALS_ENV}
          HALO_KB_FORCE: \${{ inputs.force }}
          HALO_KB_REPUBLISH_ALL: \${{ inputs.republish_all }}
        run: |
          args=()
          if [ "$HALO_KB_FORCE" = true ]; then args+=(--force); fi
          if [ "$HALO_KB_REPUBLISH_ALL" = true ]; then args+=(--republish-all); fi
          ${captured('halo-kb publish "${args[@]}" --format markdown', 'publish', 10)}
          {
            cat .halo-kb/publish.md
            if [ "$code" -ne 0 ]; then
              ${failureMarkdown('halo-kb publish', 'publish', 14)}
            fi
          } >> "$GITHUB_STEP_SUMMARY"
          if [ "$code" -ne 0 ]; then
            echo "::error title=halo-kb publish::halo-kb publish failed (exit code $code): the reason is in this step's log and the job summary."
          fi
          exit "$code"
      - name: Commit the state manifest
        # Also after a failed publish: the manifest records every write that succeeded.
        if: \${{ !cancelled() && env.HALO_KB_COMMIT_STATE == 'true' && steps.publish.outcome != 'skipped' }}
        env:
          GITHUB_TOKEN: \${{ github.token }}
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
          # The checkout kept no credentials: git gets the job's token here, for this step only.
          auth="$(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 | tr -d '\\n')"
          echo "::add-mask::$auth"
          export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="http.$GITHUB_SERVER_URL/.extraheader" GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $auth"
          # Another merge may have landed while publishing: replay the commit on top and retry.
          for attempt in 1 2 3; do
            if git push origin "HEAD:$GITHUB_REF_NAME"; then exit 0; fi
            git pull --rebase origin "$GITHUB_REF_NAME"
          done
          echo "::error::Could not push the state manifest after 3 attempts."
          exit 1
`;
