/**
 * argv -> command. The one place that catches errors and decides the exit code.
 */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { ExitCode, HaloKbError } from './errors.js';
import { err, processIo, type Io } from './io.js';
import { redact } from './secrets.js';
import { VERSION } from './version.js';

/** Run the CLI with `argv` (without node and script) and return the exit code. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = new Command('halo-kb')
    .description("Docs-as-code publisher for HaloPSA's knowledge base.")
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  registerCommands(program, io, (code) => {
    exitCode = Math.max(exitCode, code);
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

/** Print an error a user can act on, and pick its exit code. */
export function reportError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof HaloKbError) {
    err(io, `error: ${error.message}`);
    if (error.hint !== undefined) err(io, `  ${error.hint}`);
    if (io.env['HALO_KB_DEBUG'] && error.cause !== undefined) err(io, `  cause: ${redact(String(error.cause))}`);
    return error.exitCode;
  }
  const text = error instanceof Error ? (io.env['HALO_KB_DEBUG'] ? (error.stack ?? error.message) : error.message) : String(error);
  err(io, `error: unexpected failure: ${text}`);
  err(io, '  This is a bug in halo-kb; set HALO_KB_DEBUG=1 for details and report it.');
  return ExitCode.failure;
}
