/**
 * `halo-kb doctor`: Test Connection, and an explanation of each failure with what to change in Halo.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { errorMessage, ExitCode, HaloKbError } from '../errors.js';
import { out, type Io } from '../io.js';
import { thirdPartyId, GROUP_KEY } from '../plan/plan.js';
import { reportHaloProgress } from './halo-progress.js';
import type { SetExit } from './index.js';

const SETUP = [
  'Halo setup checklist:',
  '  - Configuration > Integrations > HaloPSA API > View Applications: an application with',
  '    "Client ID and Secret (Services)", logging in as a dedicated API-only agent.',
  '  - Scopes read:kb and edit:kb (and read:customers when company folders map clients by name).',
  '  - The agent\'s role: "Can create FAQ lists: Yes", Knowledge Base access Read, Modify, Delete.',
  '  - Config > Knowledge Base: "Allow Articles to be added to FAQ Lists" on.',
  '  - AI duplicate detection of articles off (it makes Halo answer 500 on article writes).',
];

async function doctor(io: Io, flags: { config?: string }): Promise<number> {
  const { config } = await loadConfig({ cwd: io.cwd, configFile: flags.config, env: io.env });
  const h = config.halo;
  out(io, 'Settings:');
  out(io, `  HALO_URL            ${h.url ?? '(not set)'}`);
  out(io, `  HALO_AUTH_URL       ${h.authUrl ?? '(not set: found through /api/authinfo)'}`);
  out(io, `  HALO_TENANT         ${h.tenant ?? '(not set: needed for Halo-hosted instances)'}`);
  out(io, `  HALO_CLIENT_ID      ${h.clientId === undefined ? '(not set)' : 'set'}`);
  out(io, `  HALO_CLIENT_SECRET  ${h.clientSecret === undefined ? '(not set)' : 'set'}`);
  const missing = [h.url === undefined ? 'HALO_URL' : '', h.clientId === undefined ? 'HALO_CLIENT_ID' : '', h.clientSecret === undefined ? 'HALO_CLIENT_SECRET' : ''].filter((x) => x !== '');
  if (missing.length > 0) {
    out(io, `FAIL  ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set.`);
    out(io, '      Set them in the environment (CI: repository secrets); halo-kb emulator prints a set to try locally.');
    for (const line of SETUP) out(io, line);
    return ExitCode.config;
  }
  const { HaloClient } = await import('../halo/client.js');
  const client = HaloClient.fromSettings(h, { readCustomers: true, onEvent: reportHaloProgress(io) });
  try {
    out(io, `Connecting to ${client.endpoints.apiBase} ...`);
    let report;
    try {
      report = await client.testConnection();
    } catch (error) {
      out(io, `FAIL  ${errorMessage(error)}`);
      if (error instanceof HaloKbError && error.hint !== undefined) out(io, `      ${error.hint}`);
      for (const line of SETUP) out(io, line);
      return ExitCode.config;
    }
    out(io, `ok    token from ${report.tokenUrl} (${report.tokenUrlSource})${report.tenant === undefined ? '' : `, tenant ${report.tenant}`}`);
    const scopes = report.scopes;
    const has = (s: string): boolean => scopes.includes(s) || scopes.includes('all') || scopes.length === 0;
    out(io, `${has('read:kb') && has('edit:kb') ? 'ok  ' : 'FAIL'}  scopes granted: ${scopes.length > 0 ? scopes.join(' ') : '(Halo did not say)'}`);
    out(io, `ok    ${report.articleCount} articles and ${report.faqListCount} FAQ lists readable`);
    if (report.customerCount !== undefined) out(io, `ok    ${report.customerCount} customers readable (for company folders)`);
    const lists = await client.listFaqLists();
    const group = lists.find((l) => l.third_party_id === thirdPartyId(GROUP_KEY));
    if (group === undefined) out(io, `info  the grouping FAQ list "${config.faqLists.group}" does not exist yet; the first publish creates it.`);
    else if (group.is_group !== true) {
      out(io, `FAIL  the FAQ list "${group.name}" (id ${group.id}) is not set for grouping: Halo answers 400 on article writes.`);
      out(io, '      In Halo, open it and enable "Use this FAQ list for grouping other FAQ lists".');
      return ExitCode.config;
    } else out(io, `ok    grouping FAQ list "${group.name}" (id ${group.id}) is set for grouping`);
    if (!(has('read:kb') && has('edit:kb'))) {
      out(io, '      Add the scopes read:kb and edit:kb to the API application in Halo.');
      return ExitCode.config;
    }
    out(io, 'Connection ok. If article writes answer 500, turn off AI duplicate detection of articles in Halo.');
    return ExitCode.ok;
  } finally {
    await client.close();
  }
}

export function registerDoctor(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('doctor')
    .description('Test the connection to Halo and explain each failure with what to change in Halo.')
    .option('--config <file>', 'config file (default: halo-kb.yml)')
    .action(async (flags: { config?: string }) => setExit(await doctor(io, flags)));
}
