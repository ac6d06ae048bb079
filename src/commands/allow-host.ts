/**
 * `--allow-host NAME[:PORT]`, shared by `watch` and `emulator`: another host name the local server
 * answers to (a tunnel or a proxy in front of it). Repeatable; without a port, any port.
 */
import { InvalidArgumentError } from 'commander';
import { parseAllowedHost, type AllowedHost } from '../host-check.js';

export const ALLOW_HOST_FLAG = '--allow-host <name>';

export const ALLOW_HOST_HELP =
  'also answer requests addressed to this host name, NAME or NAME:PORT (repeatable); by default only localhost, 127.0.0.1 and [::1] with the port, so web pages cannot reach it through DNS rebinding';

/** Commander's parser: each value checked and collected. */
export function collectAllowedHost(value: string, previous: AllowedHost[] = []): AllowedHost[] {
  const host = parseAllowedHost(value);
  if (host === undefined) throw new InvalidArgumentError('expected a host name, optionally with :port, such as preview.example or localhost:8080 (no http://, no path).');
  return [...previous, host];
}
