/**
 * `halo-kb init [DIR]`: scaffold a docs repository (content, templates, config, state folder,
 * .gitignore and the two GitHub Actions workflows) and say what to do next.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { scaffoldFiles } from '../init/scaffold.js';
import { packageTemplates, writeScaffold } from '../init/write-scaffold.js';
import { PUBLISH_WORKFLOW, PULL_REQUEST_WORKFLOW } from '../init/workflows.js';
import { out, type Io } from '../io.js';
import type { SetExit } from './index.js';

interface InitFlags {
  force?: boolean;
  quiet?: boolean;
}

function nextSteps(dir: string): string[] {
  const cd = dir === '.' ? '' : `cd ${dir} && `;
  return [
    'Next steps:',
    `  1. Try it locally: run "npx halo-kb emulator" in another terminal, then`,
    `     ${cd}HALO_URL=http://127.0.0.1:8765 HALO_CLIENT_ID=halo-kb-demo HALO_CLIENT_SECRET=emulator-secret npx halo-kb publish`,
    '  2. Set up Halo: an API application (Client ID and Secret), an API-only agent, scopes read:kb edit:kb;',
    '     the README section "Publishing from CI" has the whole checklist.',
    '  3. In GitHub (Settings > Secrets and variables > Actions) create the secrets HALO_URL,',
    '     HALO_CLIENT_ID and HALO_CLIENT_SECRET (and HALO_TENANT, HALO_AUTH_URL where needed).',
    `  4. Commit and push: pull requests get a plan (${PULL_REQUEST_WORKFLOW}),`,
    `     merges to main publish (${PUBLISH_WORKFLOW}).`,
  ];
}

async function runInit(io: Io, dir: string | undefined, flags: InitFlags): Promise<number> {
  const root = path.resolve(io.cwd, dir ?? '.');
  const files = scaffoldFiles(await packageTemplates());
  const relative = (p: string): string => path.relative(io.cwd, p) || '.';
  const { written, replaced } = await writeScaffold(root, files, { force: flags.force === true, shown: relative });
  if (flags.quiet) return ExitCode.ok;
  const shown = relative(root);
  out(io, `Wrote a halo-kb docs repository in ${shown}:`);
  for (const file of written) out(io, `  ${file}${replaced.includes(file) ? '  (replaced)' : ''}`);
  out(io);
  for (const line of nextSteps(shown)) out(io, line);
  return ExitCode.ok;
}

export function registerInit(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('init')
    .description('Scaffold a docs repository: example content, templates, halo-kb.yml, state/, .gitignore and GitHub Actions workflows.')
    .argument('[dir]', 'folder to write into (default: the working directory)')
    .option('--force', 'replace files that already exist')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (dir: string | undefined, flags: InitFlags) => setExit(await runInit(io, dir, flags)));
}
