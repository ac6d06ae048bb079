/**
 * `halo-kb emulator`: run the local Halo emulator until Ctrl-C, printing where it listens and the
 * credentials to use, so halo-kb can be tried before anyone has Halo API credentials.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { HaloKbError } from '../errors.js';
import { ATTACHMENT_LINKINGS, CORRUPTIONS, type AttachmentLinking, type Corruption, type EmulatorOptions } from '../halo/emulator/options.js';
import { answeredHosts, type AllowedHost } from '../host-check.js';
import type { RunningEmulator } from '../halo/emulator/server.js';
import { type Io, out, untilInterrupted } from '../io.js';
import { ALLOW_HOST_FLAG, ALLOW_HOST_HELP, collectAllowedHost } from './allow-host.js';
import type { SetExit } from './index.js';

export const DEFAULT_EMULATOR_PORT = 8765;
export const DEFAULT_EMULATOR_DATA = '.halo-kb/emulator.json';

/** The command line as commander parses it. */
export interface EmulatorFlags {
  port?: string;
  allowHost?: AllowedHost[];
  data?: string;
  memory?: boolean;
  clientId?: string;
  clientSecret?: string;
  tenant?: string;
  tokenLifetime?: string;
  allowDelete?: boolean;
  groupingCheck?: boolean;
  aiDuplicateDetection?: boolean;
  attachmentLimitMb?: string;
  attachmentLinking?: string;
  rateLimit?: string | boolean;
  retryAfter?: boolean;
  latency?: string;
  errorRate?: string;
  timeoutRate?: string;
  dropRate?: string;
  seed?: string;
  saveReply?: string;
  listBodies?: boolean;
  listRowCounters?: boolean;
  corruptLists?: string;
  verbose?: boolean;
}

function usage(message: string, hint: string): HaloKbError {
  return new HaloKbError('EMULATOR_FLAG', message, { hint });
}

function number(flag: string, value: string | undefined, check: (n: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw usage(`${flag} must be ${expected}, not "${value}".`, `Example: ${flag} ${expected.includes('rate') || expected.includes('between 0 and 1') ? '0.1' : '8765'}`);
  return n;
}

const rate = (flag: string, value: string | undefined): number | undefined => number(flag, value, (n) => n >= 0 && n <= 1, 'a number between 0 and 1');

/** Turn the flags into emulator options (pure, so it can be tested). */
export function emulatorOptions(flags: EmulatorFlags, cwd: string): EmulatorOptions {
  const options: EmulatorOptions = {
    port: number('--port', flags.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number from 0 to 65535') ?? DEFAULT_EMULATOR_PORT,
  };
  if (flags.allowHost !== undefined) options.allowedHosts = flags.allowHost;
  if (flags.memory !== true) options.dataFile = path.resolve(cwd, flags.data ?? DEFAULT_EMULATOR_DATA);
  if (flags.clientId !== undefined) options.clientId = flags.clientId;
  if (flags.clientSecret !== undefined) options.clientSecret = flags.clientSecret;
  if (flags.tenant !== undefined) options.tenant = flags.tenant;
  const lifetime = number('--token-lifetime', flags.tokenLifetime, (n) => Number.isInteger(n) && n > 0, 'a whole number of seconds');
  if (lifetime !== undefined) options.tokenLifetimeSeconds = lifetime;
  if (flags.allowDelete === true) options.forbidArticleDelete = false;
  if (flags.groupingCheck === false) options.requireGroupingParent = false;
  if (flags.aiDuplicateDetection === true) options.aiDuplicateDetection = true;
  const limitMb = number('--attachment-limit-mb', flags.attachmentLimitMb, (n) => n > 0, 'a positive number of MB');
  if (limitMb !== undefined) options.attachmentLimitBytes = Math.round(limitMb * 1024 * 1024);
  if (flags.attachmentLinking !== undefined) {
    if (!(ATTACHMENT_LINKINGS as readonly string[]).includes(flags.attachmentLinking)) {
      throw usage(`--attachment-linking must be one of ${ATTACHMENT_LINKINGS.join(', ')}, not "${flags.attachmentLinking}".`, 'Example: --attachment-linking endpoint');
    }
    options.attachmentLinking = flags.attachmentLinking as AttachmentLinking;
  }
  if (flags.rateLimit !== undefined && flags.rateLimit !== false) {
    const text = flags.rateLimit === true ? '300/300' : flags.rateLimit;
    const match = /^(\d+)\/(\d+)$/.exec(text);
    if (match === null || Number(match[1]) < 1 || Number(match[2]) < 1) {
      throw usage(`--rate-limit must be REQUESTS/SECONDS, not "${text}".`, "Example: --rate-limit 300/300 (hosted Halo's limit).");
    }
    options.rateLimit = { requests: Number(match[1]), windowSeconds: Number(match[2]), retryAfter: flags.retryAfter === true };
  }
  const faults: NonNullable<EmulatorOptions['faults']> = {};
  const latency = number('--latency', flags.latency, (n) => n >= 0, 'a number of milliseconds');
  if (latency !== undefined) faults.latencyMs = latency;
  const errorRate = rate('--error-rate', flags.errorRate);
  if (errorRate !== undefined) faults.errorRate = errorRate;
  const timeoutRate = rate('--timeout-rate', flags.timeoutRate);
  if (timeoutRate !== undefined) faults.timeoutRate = timeoutRate;
  const dropRate = rate('--drop-rate', flags.dropRate);
  if (dropRate !== undefined) faults.dropRate = dropRate;
  const seed = number('--seed', flags.seed, Number.isInteger, 'a whole number');
  if (seed !== undefined) faults.seed = seed;
  if (flags.corruptLists !== undefined) {
    if (!(CORRUPTIONS as readonly string[]).includes(flags.corruptLists)) {
      throw usage(`--corrupt-lists must be one of ${CORRUPTIONS.join(', ')}, not "${flags.corruptLists}".`, 'Example: --corrupt-lists truncated');
    }
    faults.corruptLists = flags.corruptLists as Corruption;
  }
  if (Object.keys(faults).length > 0) options.faults = faults;
  if (flags.saveReply !== undefined) {
    if (flags.saveReply !== 'all' && flags.saveReply !== 'first' && flags.saveReply !== 'empty') {
      throw usage(`--save-reply must be all, first or empty, not "${flags.saveReply}".`, 'Example: --save-reply empty');
    }
    options.saveReply = flags.saveReply;
  }
  if (flags.listBodies === false) options.listRowBodies = false;
  if (flags.listRowCounters === true) options.listRowCounters = true;
  return options;
}

/** What the user reads when the emulator is up. */
export function startupText(emulator: RunningEmulator, cwd: string): string {
  const data = emulator.dataFile === undefined ? 'in memory only (--memory)' : path.relative(cwd, emulator.dataFile) || emulator.dataFile;
  return [
    `Halo emulator running at ${emulator.url}`,
    '',
    'Point halo-kb at it with:',
    `  HALO_URL=${emulator.url}`,
    `  HALO_CLIENT_ID=${emulator.clientId}`,
    `  HALO_CLIENT_SECRET=${emulator.clientSecret}`,
    '',
    `Knowledge base view: ${emulator.url}/`,
    `Request counts:      ${emulator.url}/_emulator/stats`,
    `Data:                ${data}`,
    `Answers to:          ${answeredHosts(emulator.port, emulator.allowedHosts)}`,
    `Control token:       ${emulator.controlToken}`,
    '  (POSTs to /_emulator/... need "Authorization: Bearer <control token>" and "Content-Type: application/json")',
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

/** Run until `stop` resolves; then close and say where the data is. */
export async function runEmulator(io: Io, flags: EmulatorFlags, stop: Promise<unknown>): Promise<void> {
  const options = emulatorOptions(flags, io.cwd);
  if (flags.verbose === true) options.log = (line) => out(io, line);
  const { startEmulator } = await import('../halo/emulator/server.js');
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new HaloKbError('EMULATOR_PORT_IN_USE', `Port ${options.port ?? DEFAULT_EMULATOR_PORT} on 127.0.0.1 is already in use.`, {
        cause: error,
      });
    }
    throw error;
  }
  // Written as is, not through `out`: these are the emulator's own demo credentials, meant to be read.
  io.stdout.write(startupText(emulator, io.cwd));
  await stop;
  await emulator.close();
  out(io, `Emulator stopped.${emulator.dataFile === undefined ? '' : ` Data kept in ${path.relative(io.cwd, emulator.dataFile) || emulator.dataFile}.`}`);
}

export function registerEmulator(program: Command, io: Io, _setExit: SetExit): void {
  program
    .command('emulator')
    .description('Run a local Halo emulator on 127.0.0.1, to try halo-kb without a Halo instance.')
    .option('--port <n>', `port to listen on; 0 picks a free one (default ${DEFAULT_EMULATOR_PORT})`)
    .option(ALLOW_HOST_FLAG, ALLOW_HOST_HELP, collectAllowedHost)
    .option('--data <file>', `JSON file the data persists in (default ${DEFAULT_EMULATOR_DATA})`)
    .option('--memory', 'keep the data in memory only')
    .option('--client-id <id>', 'client id to accept (default halo-kb-demo)')
    .option('--client-secret <secret>', 'client secret to accept (default emulator-secret)')
    .option('--tenant <name>', 'tenant name (default halo-kb-demo)')
    .option('--token-lifetime <seconds>', 'access token lifetime (default 3600)')
    .option('--allow-delete', 'let article deletes succeed (real Halo answers 403)')
    .option('--no-grouping-check', 'accept articles in FAQ lists whose parent is not set for grouping')
    .option('--ai-duplicate-detection', 'answer 500 to article creates, as Halo does with AI duplicate detection on')
    .option('--attachment-limit-mb <mb>', 'largest attachment (default 25)')
    .option('--attachment-linking <how>', `how attachments reach an article: ${ATTACHMENT_LINKINGS.join(', ')} (default both; real Halo's way is unknown)`)
    .option('--rate-limit [requests/seconds]', "enforce a rolling rate limit (default when given: 300/300, hosted Halo's)")
    .option('--retry-after', 'send Retry-After with 429 answers')
    .option('--latency <ms>', 'delay every answer')
    .option('--error-rate <rate>', 'share of requests answered 503 (0 to 1)')
    .option('--timeout-rate <rate>', 'share of requests done but never answered (0 to 1)')
    .option('--drop-rate <rate>', 'share of connections cut (0 to 1)')
    .option('--seed <n>', 'seed for the fault rates, to repeat a run')
    .option('--save-reply <form>', 'what a POST answers: all, first or empty (default all)')
    .option('--no-list-bodies', 'leave the article body out of list rows')
    .option('--list-row-counters', "put view_count, useful_count and notuseful_count in article list rows too (default: only in each article's details)")
    .option('--corrupt-lists <how>', `answer every list read with a damaged 200: ${CORRUPTIONS.join(', ')}`)
    .option('--verbose', 'print every request')
    .action(async (flags: EmulatorFlags) => {
      await runEmulator(io, flags, untilInterrupted());
    });
}
