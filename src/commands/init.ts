/**
 * `halo-kb init [DIR]`: scaffold a docs repository (content, templates, config, state folder,
 * .gitignore, package.json and package-lock.json pinning halo-kb, and the two GitHub Actions
 * workflows), or add what is missing to an existing one, and say what to do next.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { ERRORS, ExitCode, HaloKbError } from '../errors.js';
import { LOCK_COMMAND, lockfileInStep, writeLockfile, type LockResult } from '../init/lockfile.js';
import { describeSpec, installedSpec, parsePackageSpec, type PackageSpec } from '../init/package-spec.js';
import { scaffoldFiles } from '../init/scaffold.js';
import { PACKAGE_ROOT, packageTemplates, writeScaffold, type FileOutcome } from '../init/write-scaffold.js';
import { PUBLISH_WORKFLOW, PULL_REQUEST_WORKFLOW } from '../init/workflows.js';
import { out, type Io } from '../io.js';
import { VERSION } from '../version.js';
import type { SetExit } from './index.js';

interface InitFlags {
  force?: boolean;
  quiet?: boolean;
  package?: string;
  /** false with --no-install. */
  install?: boolean;
}

const HELP_AFTER = `
Files that exist are kept; .gitignore and package.json get what they lack (halo-kb's
lines; halo-kb and the npm scripts validate, plan, publish, preview), keeping everything
they have. --force replaces only halo-kb's own files, which you take as they come:
${PULL_REQUEST_WORKFLOW}, ${PUBLISH_WORKFLOW},
templates/article.html, templates/pdf.html and state/.gitkeep. halo-kb.yml, the articles
under content/, .gitignore and package.json are yours and never replaced.

package.json pins halo-kb to one build: --package takes an exact version (0.1.0), a
release tarball (a path or an https URL) or a git URL with a commit
(github:OWNER/halo-kb#<commit>); by default, where this halo-kb was installed from.
npm then writes package-lock.json ("${LOCK_COMMAND}", which needs
the npm registry), so CI installs exactly that with "npm ci".
`;

/** What package.json pins: --package, else where this halo-kb came from, else its version; and a line saying which. */
async function chosenSpec(io: Io, root: string, flags: InitFlags): Promise<{ spec: PackageSpec; why: string[] }> {
  if (flags.package !== undefined) {
    const spec = await parsePackageSpec(flags.package, { cwd: io.cwd, root });
    return { spec, why: [`package.json pins ${describeSpec(spec)}, as --package asked.`] };
  }
  const installed = await installedSpec(PACKAGE_ROOT, root);
  if (installed !== undefined) return { spec: installed, why: [`package.json pins ${describeSpec(installed)}, where this halo-kb was installed from.`] };
  return {
    spec: { kind: 'version', value: VERSION },
    why: [
      `package.json pins halo-kb ${VERSION}, the version running now, from the npm registry: where this halo-kb`,
      'was installed from is unknown. If your team installs it from a tarball or git, run init again with --package.',
    ],
  };
}

function describe(f: FileOutcome): string {
  switch (f.outcome) {
    case 'written':
      return `  ${f.path}`;
    case 'replaced':
      return `  ${f.path}  (replaced)`;
    case 'kept':
      return `  ${f.path}  (exists: kept)`;
    case 'merged':
    case 'unchanged':
      return `  ${f.path}  (${f.note ?? f.outcome})`;
  }
}

function nextSteps(dir: string, lockWritten: boolean): string[] {
  const cd = dir === '.' ? '' : `cd ${dir} && `;
  return [
    'Next steps:',
    `  1. Install the pinned halo-kb: ${cd}${lockWritten ? 'npm ci' : 'npm install'}`,
    `  2. Try it locally: run "npx halo-kb emulator" in another terminal, then`,
    `     HALO_URL=http://127.0.0.1:8765 HALO_CLIENT_ID=halo-kb-demo HALO_CLIENT_SECRET=emulator-secret npx halo-kb publish`,
    '  3. Set up Halo: an API application (Client ID and Secret), an API-only agent, scopes read:kb edit:kb;',
    '     the README section "Publishing from CI" has the whole checklist.',
    '  4. In GitHub (Settings > Secrets and variables > Actions) create the secrets HALO_URL,',
    '     HALO_CLIENT_ID and HALO_CLIENT_SECRET (and HALO_TENANT, HALO_AUTH_URL where needed;',
    '     HALO_READ_CLIENT_ID and HALO_READ_CLIENT_SECRET for a read-only application that plans).',
    `  5. Commit everything, package-lock.json included, and push: pull requests get a plan`,
    `     (${PULL_REQUEST_WORKFLOW}), merges to main publish (${PUBLISH_WORKFLOW}).`,
  ];
}

function lockLine(result: LockResult | 'in-step' | 'skipped'): string {
  if (result === 'in-step') return '  package-lock.json  (exists: it pins that halo-kb)';
  if (result === 'skipped') return '  package-lock.json  (not written: --no-install)';
  if (!result.ok) return '  package-lock.json  (not written: npm failed)';
  const version = result.version === undefined ? 'halo-kb' : `halo-kb ${result.version}`;
  return `  package-lock.json  (written by npm: ${version} and ${result.packages - 1} packages under it, each pinned by its hash)`;
}

async function runInit(io: Io, dir: string | undefined, flags: InitFlags): Promise<number> {
  const root = path.resolve(io.cwd, dir ?? '.');
  const relative = (p: string): string => path.relative(io.cwd, p) || '.';
  const { spec, why } = await chosenSpec(io, root, flags);
  const files = scaffoldFiles(await packageTemplates(), spec);
  const outcomes = await writeScaffold(root, files, { force: flags.force === true, shown: relative });

  let lock: LockResult | 'in-step' | 'skipped' = 'in-step';
  if (!(await lockfileInStep(root))) {
    // npm's settings (registry, proxy, cache) come from the user's environment as for any npm run.
    lock = flags.install === false ? 'skipped' : await writeLockfile(root, { ...process.env, ...io.env });
  }
  const shown = relative(root);
  const lockCommand = `${shown === '.' ? '' : `cd ${shown} && `}${LOCK_COMMAND}`;
  if (!flags.quiet) {
    out(io, `Wrote a halo-kb docs repository in ${shown}:`);
    for (const f of outcomes) out(io, describe(f));
    out(io, lockLine(lock));
    out(io);
    const pkg = outcomes.find((f) => f.path === 'package.json');
    if (pkg?.outcome === 'written' || pkg?.note?.startsWith('added halo-kb') === true) for (const line of why) out(io, line);
    if (spec.kind === 'file' && spec.file !== undefined && path.relative(root, spec.file).startsWith('..')) {
      out(io, `The tarball ${relative(spec.file)} is outside ${shown}: CI checks out only the repository. Commit the tarball`);
      out(io, `into it (e.g. vendor/) and run init again with --package pointing there, or give its https URL.`);
    }
    if (lock === 'skipped') {
      out(io, 'package-lock.json was not written (--no-install). Make it before the workflows can run (it needs');
      out(io, 'the npm registry), and commit it:');
      out(io, `  ${lockCommand}`);
    }
    out(io);
    for (const line of nextSteps(shown, lock !== 'skipped' && (lock === 'in-step' || lock.ok))) out(io, line);
  }
  if (typeof lock === 'object' && !lock.ok) {
    throw new HaloKbError('INIT_LOCKFILE', `package-lock.json was not written: npm failed (${lock.reason}).`, {
      hint: ERRORS.INIT_LOCKFILE.hint(lockCommand),
    });
  }
  return ExitCode.ok;
}

export function registerInit(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('init')
    .description(
      'Scaffold a docs repository, or add what is missing to one: example content, templates, halo-kb.yml, state/, .gitignore, package.json and package-lock.json pinning halo-kb, and GitHub Actions workflows.',
    )
    .argument('[dir]', 'folder to write into (default: the working directory)')
    .option('--package <spec>', 'the halo-kb to pin in package.json: an exact version, a tarball path or https URL, or a git URL with a commit')
    .option('--no-install', 'do not run npm to write package-lock.json (say how to make it instead)')
    .option('--force', "replace halo-kb's own files (the workflows, the templates) with this version's")
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', HELP_AFTER)
    .action(async (dir: string | undefined, flags: InitFlags) => setExit(await runInit(io, dir, flags)));
}
