/**
 * The pull-request workflow `halo-kb init` writes: validate every pull request and, where the
 * secrets are available, post the plan of what merging it would change in Halo.
 */
import { BASH_DEFAULTS, indented, captured, checkoutStep, failureMarkdown, installSteps, pathsFilter, READ_CREDENTIALS_ENV } from './workflow-steps.js';
import { PLAN_COMMENT_MARKER, PULL_REQUEST_WORKFLOW } from './workflows.js';

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

${BASH_DEFAULTS}

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
