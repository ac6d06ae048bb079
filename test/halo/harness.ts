/** An emulator and a client wired to it over 127.0.0.1, with small timeouts so tests stay fast. */
import { HaloClient } from '../../src/halo/client.js';
import type { HaloClientOptions } from '../../src/halo/client-options.js';
import type { HaloEvent } from '../../src/halo/events.js';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';
import type { EmulatorOptions } from '../../src/halo/emulator/options.js';

export interface Harness {
  emulator: RunningEmulator;
  client: HaloClient;
  events: HaloEvent[];
  close(): Promise<void>;
}

export const FAST_RETRY = { retries: 2, backoffBaseMs: 10, backoffMaxMs: 40, rateLimitBackoffMs: 40, rateLimitBackoffMaxMs: 200 };

export function clientFor(emulator: RunningEmulator, options: Partial<HaloClientOptions> = {}, events: HaloEvent[] = []): HaloClient {
  return new HaloClient({
    url: emulator.url,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    timeoutSeconds: 2,
    retry: FAST_RETRY,
    onEvent: (event) => events.push(event),
    ...options,
  });
}

export async function harness(emulatorOptions: EmulatorOptions = {}, clientOptions: Partial<HaloClientOptions> = {}): Promise<Harness> {
  const emulator = await startEmulator(emulatorOptions);
  const events: HaloEvent[] = [];
  const client = clientFor(emulator, clientOptions, events);
  return {
    emulator,
    client,
    events,
    async close() {
      await client.close();
      await emulator.close();
    },
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; hint?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; hint?: string };
  }
  throw new Error('expected a rejection');
}

/** Article HTML carrying halo-kb's key marker, as the compiler will write it. */
export function articleHtml(key: string, body = '<p>Steps.</p>'): string {
  return `<div class="halo-kb-banner" data-halo-kb-key="${key}">From the docs repository. halo-kb key: ${key}</div>${body}`;
}
