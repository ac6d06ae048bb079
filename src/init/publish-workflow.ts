/**
 * The publishing workflow `halo-kb init` writes: publish on every merge to the default branch and by
 * hand, check Halo for drift on a schedule, and commit the state manifest back.
 */
import { BASH_DEFAULTS, captured, checkoutStep, failureMarkdown, installSteps, pathsFilter, PUBLISH_CREDENTIALS_ENV, READ_CREDENTIALS_ENV } from './workflow-steps.js';
import { PUBLISH_WORKFLOW } from './workflows.js';

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

${BASH_DEFAULTS}

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
