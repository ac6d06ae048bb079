/**
 * The outside world a command sees: streams, environment, working directory, the time Halo is
 * waited by. Injected so tests run commands in-process, capture exactly what a user would read,
 * and wait out Halo's back-offs and rate limits without real time passing.
 */
import type { Clock } from './halo/clock.js';
import { redact } from './secrets.js';

export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Io {
  stdout: TextSink;
  stderr: TextSink;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The time requests to Halo are paced, retried and waited by; the system clock when absent. */
  clock?: Clock;
}

/** Whether colour may be used on `sink`: a TTY, and NO_COLOR unset (https://no-color.org). */
export function useColor(io: Io, sink: TextSink = io.stdout): boolean {
  const noColor = io.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  if (io.env['FORCE_COLOR'] !== undefined && io.env['FORCE_COLOR'] !== '0') return true;
  return sink.isTTY === true;
}

/** Write a line to stdout, secrets removed. */
export function out(io: Io, text = ''): void {
  io.stdout.write(`${redact(text)}\n`);
}

/** Write a line to stderr, secrets removed. */
export function err(io: Io, text = ''): void {
  io.stderr.write(`${redact(text)}\n`);
}

/**
 * Let a command outlive the reader of its output: `halo-kb plan | head` closes the pipe early, and
 * the next write fails with EPIPE. The rest of the output has nowhere to go, but the command still
 * finishes (a publish must not stop half-way because its log reader left) and exits with its own
 * code, without a stack trace. After the first EPIPE the stream is destroyed and further writes are
 * dropped without another error.
 */
export function survivePipeClose(stream: NodeJS.WritableStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    // Anything else is as unexpected as it was without this listener.
    throw error;
  });
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Resolves on the first Ctrl-C (SIGINT) or SIGTERM: how long-running commands know to stop. */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
