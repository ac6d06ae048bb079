/**
 * `halo-kb build` and `halo-kb validate`: compile the content tree; build writes the HTML and
 * index.json, validate only checks (no output files, no credentials: safe for forks' pull requests).
 */
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { BuildOptions } from '../compile/build.js';
import { prepareOutput } from '../compile/build-output.js';
import { writeOutput } from '../compile/write-output.js';
import { loadConfig } from '../config/load.js';
import { ERRORS, ExitCode, HaloKbError } from '../errors.js';
import { toPosix } from '../content/file-paths.js';
import { err, out, type Io } from '../io.js';
import { allDiagnostics, countBuild, summarizeBuild } from '../report/build-summary.js';
import { formatDiagnostics, type DiagnosticFormat } from '../report/diagnostics.js';
import { VERSION } from '../version.js';
import type { SetExit } from './index.js';

interface BuildFlags {
  content?: string;
  out?: string;
  config?: string;
  cache: boolean;
  format?: string;
  quiet?: boolean;
  workers?: string;
  strict?: boolean;
}

function workersOption(): Option {
  return new Option('--workers <n>', 'compile on n threads (default: one per core; 1 compiles in the main thread, but for Markdown files over 32 KiB)').argParser((value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('Give a whole number of threads, at least 1.');
    return value;
  });
}

/** `--strict`, on validate, build, plan and publish alike. */
export function strictOption(): Option {
  return new Option('--strict', 'count every warning as an error (as "strict: true" in halo-kb.yml does); an article with one is not published');
}

function formatOption(): Option {
  return new Option('--format <format>', 'how to print problems: text, github (annotations) or json').choices(['text', 'github', 'json']);
}

/** A failure to write the output folder (a file where a folder goes, no permission, a full disk), as the user can act on it. */
function outputError(error: unknown, outDir: string, cwd: string): HaloKbError {
  const e = error as NodeJS.ErrnoException & { dest?: string };
  // A failed rename names both files: the one in the way is its destination.
  const file = e.dest ?? e.path;
  const reason = e.code !== undefined && typeof file === 'string' ? ` (${e.code} on ${toPosix(path.relative(cwd, file))})` : `: ${e instanceof Error ? e.message : String(e)}`;
  return new HaloKbError('OUTPUT_NOT_WRITTEN', `The build output could not be written to ${toPosix(outDir)}${reason}.`, {
    hint: ERRORS.OUTPUT_NOT_WRITTEN.hint(toPosix(outDir)),
    cause: error,
  });
}

async function run(io: Io, flags: BuildFlags, write: boolean): Promise<number> {
  const { config, warnings } = await loadConfig({ cwd: io.cwd, configFile: flags.config, env: io.env, content: flags.content, out: flags.out, strict: flags.strict });
  for (const w of warnings) err(io, `warning: ${w}`);
  const format = flags.format ?? (io.env['GITHUB_ACTIONS'] === 'true' ? 'github' : 'text');
  const options: BuildOptions = { cache: flags.cache };
  if (flags.workers !== undefined) options.workers = Number(flags.workers);
  // The compiler (unified and its plugins, some 300 modules) is loaded only by the commands that build.
  const { buildTree } = await import('../compile/build.js');
  const tree = await buildTree(config, options);
  const { result, index, changes, html } = await prepareOutput(tree, {
    outDir: config.outDir,
    group: config.faqLists.group,
    generator: `halo-kb ${VERSION}`,
    strict: config.strict,
    index: format === 'json',
    write,
    rewrite: !flags.cache,
  });
  const counts = countBuild(result);
  if (format === 'json') {
    out(io, JSON.stringify({ summary: counts, articles: index!.articles, problems: index!.problems }, null, 2));
  } else {
    for (const line of formatDiagnostics(allDiagnostics(result), format as DiagnosticFormat)) out(io, line);
    if (!flags.quiet || counts.errors > 0) out(io, summarizeBuild(result));
  }
  if (write) {
    const { written, removed, indexWritten } =
      changes === undefined
        ? { written: 0, removed: 0, indexWritten: false }
        : await writeOutput(config.outDir, changes, html).catch((error: unknown) => {
            // Only what the system refused is the folder's fault; anything else is a bug, reported as one.
            throw typeof (error as NodeJS.ErrnoException).syscall === 'string' ? outputError(error, path.relative(io.cwd, config.outDir) || '.', io.cwd) : error;
          });
    if (format !== 'json' && !flags.quiet) {
      const shown = path.relative(io.cwd, config.outDir) || '.';
      out(
        io,
        indexWritten ? `Wrote ${shown}/index.json (${written} HTML file${written === 1 ? '' : 's'} updated${removed > 0 ? `, ${removed} removed` : ''}).` : `${shown} is up to date: nothing written.`,
      );
    }
  }
  return counts.errors > 0 ? ExitCode.failure : ExitCode.ok;
}

export function registerBuild(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('build')
    .description('Compile every article to the HTML published to Halo, and write it with index.json.')
    .option('--content <dir>', 'content folder (default: content, or "content:" in halo-kb.yml)')
    .option('--out <dir>', 'output folder (default: .halo-kb/build)')
    .option('--config <file>', 'config file (default: halo-kb.yml in the working directory)')
    .option('--no-cache', 'compile every article again (the fresh compiles replace the build cache) and write every output file again')
    .option('-q, --quiet', 'print only problems')
    .addOption(formatOption())
    .addOption(workersOption())
    .addOption(strictOption())
    .action(async (flags: BuildFlags) => setExit(await run(io, flags, true)));

  program
    .command('validate')
    .description('Check every article (frontmatter, links, attachments, PDFs) without writing anything or needing credentials.')
    .option('--content <dir>', 'content folder (default: content, or "content:" in halo-kb.yml)')
    .option('--config <file>', 'config file (default: halo-kb.yml in the working directory)')
    .option('--no-cache', 'compile every article again (the fresh compiles replace the build cache)')
    .option('-q, --quiet', 'print only problems')
    .addOption(formatOption())
    .addOption(workersOption())
    .addOption(strictOption())
    .action(async (flags: BuildFlags) => setExit(await run(io, flags, false)));
}
