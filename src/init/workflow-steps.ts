/**
 * The pieces both workflows `halo-kb init` writes are made of: the paths that start them, the
 * checkout and install steps, the Halo credentials each kind of step is given, and the shell that
 * runs a halo-kb command so that its failure is never silent.
 */
import { CHECKOUT_ACTION, NODE_VERSION, SETUP_NODE_ACTION } from './workflows.js';

/** `text` with every line after the first indented by `spaces`, to sit inside a `run: |` block. */
export function indented(text: string, spaces: number): string {
  return text.replace(/\n(?=.)/g, `\n${' '.repeat(spaces)}`);
}

/** The repository paths whose changes can change what is published. */
export function pathsFilter(workflow: string, indent: string): string {
  return [
    `${indent}# Only changes that can change what is published (keep in step with the folders in halo-kb.yml).`,
    `${indent}paths:`,
    ...["'content/**'", "'templates/**'", "'halo-kb.yml'", "'state/**'", "'package.json'", "'package-lock.json'", `'${workflow}'`].map((p) => `${indent}  - ${p}`),
  ].join('\n');
}

export function checkoutStep(extra = ''): string {
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
export function installSteps(cache: boolean): string {
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
export const PUBLISH_CREDENTIALS_ENV = `${HALO_ADDRESS_ENV}
          HALO_CLIENT_ID: \${{ secrets.HALO_CLIENT_ID }}
          HALO_CLIENT_SECRET: \${{ secrets.HALO_CLIENT_SECRET }}`;

/**
 * For steps that only read Halo: the read-only application when its secrets exist (both of them),
 * else the publishing one.
 */
export const READ_CREDENTIALS_ENV = `${HALO_ADDRESS_ENV}
          HALO_CLIENT_ID: \${{ secrets.HALO_READ_CLIENT_SECRET != '' && secrets.HALO_READ_CLIENT_ID || secrets.HALO_CLIENT_ID }}
          HALO_CLIENT_SECRET: \${{ secrets.HALO_READ_CLIENT_SECRET || secrets.HALO_CLIENT_SECRET }}`;

/**
 * Every step runs in bash with pipefail: without "shell: bash", GitHub runs steps as "bash -e",
 * where a pipeline's failure is its last command's (tee's) success.
 */
export const BASH_DEFAULTS = `# Bash with pipefail: without "shell: bash", GitHub runs steps as "bash -e", where a pipeline's
# failure is its last command's (tee's) success.
defaults:
  run:
    shell: bash`;

/**
 * Run a halo-kb command so that a failure is never silent: its messages (stderr) show in the log as
 * they come and are kept in .halo-kb/NAME.err, the report (stdout) goes to .halo-kb/NAME.md and then
 * to the log, and the exit code lands in $code for the step to report before it fails.
 */
export function captured(command: string, name: string, indent: number): string {
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
export function failureMarkdown(command: string, name: string, indent: number): string {
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
