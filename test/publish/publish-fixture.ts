/**
 * A docs project in a temp folder and a Halo emulator on 127.0.0.1 to publish it to, driven through
 * the real CLI (`main(argv, io)`), as a user would run it.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';
import type { EmulatorOptions } from '../../src/halo/emulator/options.js';
import { readCheckedManifest } from '../helpers/manifest-schema.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import type { VirtualClock } from '../helpers/virtual-clock.js';
import { makeProject, type TreeFiles } from '../helpers/temp-tree.js';
import { afterThisTest } from '../helpers/teardown.js';

export const SECRET = 'b6e1c0ffee-super-secret-value-9f4a';

/** A small, realistic KB: central with nested lists, a draft, a company with a mapped client. */
export const KB: TreeFiles = {
  'content/central/getting-started.md': '---\ntags: [onboarding]\n---\n\n# Getting started\n\nSearch the KB first. For remote work see [the VPN guide](network/vpn.md#connect).\n',
  'content/central/network/vpn.md': '---\nid: network/vpn\ntitle: Connecting to the VPN\ntags: [vpn]\n---\n\nInstall **GlobalConnect**.\n\n## Connect\n\nSign in with your account.\n',
  'content/central/network/wifi.md': '# Office Wi-Fi\n\nStaff devices join CORP-SECURE automatically.\n',
  'content/central/accounts/mfa.md': '---\ndraft: true\n---\n\n# MFA setup\n\nComing soon.\n',
  'content/companies/contoso/_company.yml': 'client_name: Contoso Ltd\n',
  'content/companies/contoso/printers.md': '# Printing at Contoso\n\nUse CON-PRN-03 on the 3rd floor.\n',
};

export interface Project {
  root: string;
  emulator: RunningEmulator;
  env: NodeJS.ProcessEnv;
  run(...argv: string[]): Promise<CliRun>;
  manifest(): Promise<{ articles: Record<string, { haloId: number; retired?: string; hash: string }>; lastRun?: { ok: boolean } }>;
  /** Article writes (POST /api/kbarticle) since the last reset. */
  writes(): number;
}

/**
 * A project with its own emulator. With `clock` (a VirtualClock), the emulator and every in-process
 * run go by it: back-offs, Retry-After waits and pacing take no real time.
 */
export async function publishProject(files: TreeFiles = KB, options: EmulatorOptions = {}, clock?: VirtualClock): Promise<Project> {
  const root = await makeProject(files);
  const emulator = await startEmulator({ clientSecret: SECRET, ...options, ...(clock === undefined ? {} : { clock }) });
  afterThisTest(() => emulator.close());
  const env: NodeJS.ProcessEnv = {
    HALO_URL: emulator.url,
    HALO_CLIENT_ID: emulator.clientId,
    HALO_CLIENT_SECRET: SECRET,
    HALO_TENANT: emulator.tenant,
  };
  return {
    root,
    emulator,
    env,
    run: (...argv: string[]) => runCli(argv, root, env, clock),
    // Every manifest a test reads is checked against state/manifest.schema.json.
    manifest: async () => readCheckedManifest(path.join(root, 'state', 'manifest.json')),
    writes: () => writesOf(emulator),
  };
}

export function writesOf(emulator: RunningEmulator): number {
  const byKind = emulator.stats().byKind;
  return Object.entries(byKind)
    .filter(([kind]) => /^(POST|DELETE|PUT)\s\/api\//.test(kind))
    .reduce((n, [, v]) => n + v, 0);
}

export async function removeFile(root: string, rel: string): Promise<void> {
  await rm(path.join(root, ...rel.split('/')));
}
