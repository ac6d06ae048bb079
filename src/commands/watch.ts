/**
 * `halo-kb watch`: build, serve a live preview of the KB on 127.0.0.1, rebuild on every save.
 * Runs until interrupted (Ctrl+C).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { ExitCode } from '../errors.js';
import { answeredHosts, type AllowedHost } from '../host-check.js';
import { type Io, out, untilInterrupted } from '../io.js';
import { plural } from '../report/plural.js';
import { ALLOW_HOST_FLAG, ALLOW_HOST_HELP, collectAllowedHost } from './allow-host.js';
import type { SetExit } from './index.js';

export const DEFAULT_PORT = 4380;

interface WatchFlags {
  port: number;
  allowHost?: AllowedHost[];
  open?: boolean;
  content?: string;
  config?: string;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535 (0 picks a free one).');
  return port;
}

/** Open `url` in the desktop's browser; a failure only costs the convenience. */
function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser launcher on this machine: the URL is printed anyway.
  }
}

async function run(io: Io, flags: WatchFlags): Promise<number> {
  const { startWatch } = await import('../watch/start-watch.js');
  const session = await startWatch({
    loadConfig: () => loadConfig({ cwd: io.cwd, configFile: flags.config, env: io.env, content: flags.content }),
    port: flags.port,
    allowedHosts: flags.allowHost ?? [],
    log: (line) => out(io, line),
  });
  const { config } = session.model().state;
  const shown = (p: string): string => `${path.relative(io.cwd, p) || '.'}`;
  out(io, `Previewing ${plural(session.model().state.articles.size, 'article')} at ${session.url}`);
  if (flags.allowHost !== undefined) out(io, `Answering to ${answeredHosts(session.port, flags.allowHost)}.`);
  out(io, `Watching ${shown(config.contentDir)}/, ${shown(config.templatesDir)}/ and the config. Press Ctrl+C to stop.`);
  if (flags.open) openBrowser(session.url);
  await untilInterrupted();
  await session.close();
  return ExitCode.ok;
}

export function registerWatch(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('watch')
    .description('Preview the KB as Halo will show it on 127.0.0.1, rebuilding and reloading the page on every save.')
    .option('--port <n>', `port of the preview on 127.0.0.1 (0 picks a free one)`, parsePort, DEFAULT_PORT)
    .option(ALLOW_HOST_FLAG, ALLOW_HOST_HELP, collectAllowedHost)
    .option('--open', 'open the preview in the browser')
    .option('--content <dir>', 'content folder (default: content, or "content:" in halo-kb.yml)')
    .option('--config <file>', 'config file (default: halo-kb.yml in the working directory)')
    .action(async (flags: WatchFlags) => setExit(await run(io, flags)));
}
