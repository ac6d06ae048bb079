/**
 * `npm start`: the main job on the built-in defaults. Starts the Halo emulator on a free local
 * port, publishes the sample content/ to it, prints the report and the emulator's URL, and exits;
 * `--serve` keeps the emulator up to look at the result. The emulator's data and the demo's state
 * manifest live in .halo-kb/demo/, so a second run shows that nothing changed.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { main } from './cli.js';
import { startEmulator, type RunningEmulator } from './halo/emulator/server.js';
import { processIo, survivePipeClose, untilInterrupted } from './io.js';

async function start(argv: string[]): Promise<number> {
  const serve = argv.includes('--serve');
  const passThrough = argv.filter((a) => a !== '--serve');
  const demoDir = path.resolve('.halo-kb', 'demo');
  const emulator = await startDemoEmulator(demoDir);
  const io = processIo();
  io.env = {
    ...process.env,
    HALO_URL: emulator.url,
    HALO_CLIENT_ID: emulator.clientId,
    HALO_CLIENT_SECRET: emulator.clientSecret,
    HALO_TENANT: emulator.tenant,
  };
  io.stdout.write(`Halo emulator running at ${emulator.url} (data: ${path.relative(process.cwd(), path.join(demoDir, 'emulator.json'))})\n\n`);
  let code: number;
  try {
    code = await main(['publish', '--state', path.join(demoDir, 'manifest.json'), ...passThrough], io);
    const stats = emulator.stats();
    io.stdout.write(
      serve
        ? `\nRequests to Halo this run: ${stats.total}. Browse the result at ${emulator.url}/\n`
        : `\nRequests to Halo this run: ${stats.total}. The emulator stops with this command: to browse the result as an agent would see it, run "npm start -- --serve" (it stays up until Ctrl-C).\n`,
    );
  } catch (error) {
    await emulator.close();
    throw error;
  }
  if (serve) {
    io.stdout.write(`Serving until Ctrl-C. Control token for POSTs to ${emulator.url}/_emulator/...: ${emulator.controlToken}\n`);
    await untilInterrupted();
  }
  await emulator.close();
  return code;
}

/**
 * The emulator on the port of the last run where it is free: the demo's articles link to each other
 * and to their files by Halo's address, so a new port makes the next publish rewrite those links
 * (which it says), where the same port shows that nothing changed.
 */
async function startDemoEmulator(demoDir: string): Promise<RunningEmulator> {
  const portFile = path.join(demoDir, 'emulator-port');
  const dataFile = path.join(demoDir, 'emulator.json');
  const last = Number.parseInt(await readFile(portFile, 'utf8').catch(() => ''), 10);
  let emulator: RunningEmulator | undefined;
  if (Number.isInteger(last) && last > 0 && last < 65536) {
    emulator = await startEmulator({ dataFile, port: last }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return undefined;
      throw error;
    });
  }
  emulator ??= await startEmulator({ dataFile });
  await mkdir(demoDir, { recursive: true });
  await writeFile(portFile, `${new URL(emulator.url).port}\n`);
  return emulator;
}

survivePipeClose(process.stdout);
survivePipeClose(process.stderr);
start(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
