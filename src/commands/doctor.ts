/**
 * `halo-kb doctor`: Test Connection, and an explanation of each failure with what to change in Halo;
 * the content's mappings checked against Halo (customers, FAQ lists); the Halo profile recorded in
 * the state manifest. Plain `doctor` never writes to Halo. `doctor --probe` (the user's consent)
 * measures the instance on scratch records, removes them, and records what it found.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { scanContent } from '../content/scan.js';
import { errorMessage, ExitCode, HaloKbError } from '../errors.js';
import type { HaloClient } from '../halo/client.js';
import { profileFor } from '../halo/profile.js';
import type { HaloFaqList } from '../halo/types.js';
import { out, type Io } from '../io.js';
import { readManifest, writeManifest, type Manifest } from '../plan/manifest.js';
import { thirdPartyId, GROUP_KEY } from '../plan/faq-lists.js';
import { checkCompanies, checkFaqLists } from './doctor-mappings.js';
import { describeMode, profileLines } from './doctor-profile.js';
import { reportHaloProgress } from './halo-progress.js';
import type { SetExit } from './index.js';

interface DoctorFlags {
  config?: string;
  content?: string;
  state?: string;
  probe?: boolean;
}

const SETUP = [
  'Halo setup checklist:',
  '  - Configuration > Integrations > HaloPSA API > View Applications: an application with',
  '    "Client ID and Secret (Services)", logging in as a dedicated API-only agent.',
  '  - Scopes read:kb and edit:kb (and read:customers when company folders map clients by name).',
  '  - The agent\'s role: "Can create FAQ lists: Yes", Knowledge Base access Read, Modify, Delete.',
  '  - Config > Knowledge Base: "Allow Articles to be added to FAQ Lists" on.',
  '  - AI duplicate detection of articles off (it makes Halo answer 500 on article writes).',
];

async function doctor(io: Io, flags: DoctorFlags): Promise<number> {
  const { config } = await loadConfig({ cwd: io.cwd, configFile: flags.config, env: io.env, content: flags.content, state: flags.state });
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
  const client = HaloClient.fromSettings(h, { readCustomers: true, onEvent: reportHaloProgress(io), clock: io.clock });
  try {
    out(io, `Connecting to ${client.endpoints.apiBase} ...`);
    let report: Awaited<ReturnType<HaloClient['testConnection']>>;
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
    const mappings = await checkMappings(io, config, client, lists, group?.is_group === true ? group.id : undefined);
    const stateLabel = path.relative(io.cwd, config.stateFile) || config.stateFile;
    let manifest: Manifest | undefined;
    try {
      manifest = await readManifest(config.stateFile);
    } catch (error) {
      if (flags.probe === true) {
        // The findings go into the manifest: a probe that could not record them is not started.
        out(io, `FAIL  --probe records what it finds in ${stateLabel}, which cannot be read: ${errorMessage(error)}`);
        out(io, '      Restore it from git, or run halo-kb state rebuild, then probe again. Nothing was written to Halo.');
        return ExitCode.config;
      }
      out(io, `info  the state manifest ${stateLabel} cannot be read (${errorMessage(error)}): no Halo profile to show.`);
    }
    if (flags.probe === true && manifest !== undefined) {
      const probed = await runProbe(io, config, client, manifest, group?.is_group === true ? group : undefined, stateLabel);
      if (!probed) return ExitCode.config;
    }
    for (const line of profileLines(profileFor(manifest?.haloProfile, client.endpoints.base), config.halo.attachmentMode, stateLabel)) out(io, line);
    return mappings > 0 ? ExitCode.config : ExitCode.ok;
  } finally {
    await client.close();
  }
}

/** The content's company folders and FAQ lists against Halo; the number of errors found. */
async function checkMappings(io: Io, config: Config, client: HaloClient, lists: readonly HaloFaqList[], groupId: number | undefined): Promise<number> {
  let tree: Awaited<ReturnType<typeof scanContent>>;
  try {
    tree = await scanContent(config.contentDir, config.root);
  } catch (error) {
    out(io, `info  no content to check against Halo: ${errorMessage(error)}`);
    return 0;
  }
  out(io, 'Content mappings:');
  // As plan and publish do: a company left out by scope: is neither mapped nor given a list.
  const { scope } = config;
  const companies = tree.companies.filter((c) => scope.companies === 'all' || scope.companies.includes(c.folder));
  const left = tree.companies.filter((c) => !companies.includes(c));
  if (left.length > 0) out(io, `info  left out by scope: in halo-kb.yml, not checked: ${left.map((c) => `content/companies/${c.folder}`).join(', ')}`);
  let errors = 0;
  // A _company.yml that does not parse maps nothing: say so here, as validate would.
  for (const d of tree.diagnostics.filter((x) => x.severity === 'error' && x.file.endsWith('_company.yml'))) {
    errors += 1;
    out(io, `FAIL  ${d.file}${d.line === undefined ? '' : `:${d.line}:${d.column ?? 1}`}: ${d.message}`);
    if (d.hint !== undefined) out(io, `      ${d.hint}`);
  }
  if (companies.length > 0) {
    // Readable for sure: the connection test above listed customers (and stopped when it could not).
    const customers = await client.listClients();
    const checked = checkCompanies(companies, customers);
    for (const line of checked.lines) out(io, line);
    errors += checked.errors;
  }
  for (const line of checkFaqLists(scope.central ? config.faqLists.central : undefined, companies, lists, groupId)) out(io, line);
  return errors;
}

/** `--probe`: say what will be written, measure, clean up, record. False when it could not finish. */
async function runProbe(io: Io, config: Config, client: HaloClient, manifest: Manifest, group: HaloFaqList | undefined, stateLabel: string): Promise<boolean> {
  const { probeHalo, probePlan } = await import('../halo/probe.js');
  const now = new Date();
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  out(io, `Probe: writing scratch records to Halo at ${client.endpoints.apiBase}:`);
  for (const line of probePlan(`halo-kb probe ${stamp}`, group?.name)) out(io, `  - ${line}`);
  let report: Awaited<ReturnType<typeof probeHalo>>;
  try {
    report = await probeHalo(client, { groupId: group?.id, stamp, now: () => now, onStep: (line) => out(io, `  ${line}`) });
  } catch (error) {
    out(io, `FAIL  ${errorMessage(error)}`);
    if (error instanceof HaloKbError && error.hint !== undefined) out(io, `      ${error.hint}`);
    return false;
  }
  out(io, report.leftBehind.length === 0 ? 'Removed every scratch record: nothing is left in Halo.' : 'Left in Halo (delete them there if you like; nothing refers to them):');
  for (const line of report.leftBehind) out(io, `  - ${line}`);
  const instance = client.endpoints.base;
  manifest.haloProfile = {
    instance,
    ...(report.attachmentMode === undefined ? {} : { attachmentMode: { mode: report.attachmentMode, at: report.findings.at, by: 'probe' as const } }),
    probe: report.findings,
  };
  await writeManifest(config.stateFile, manifest);
  out(io, `Recorded in ${stateLabel} as the Halo profile of ${instance}${report.attachmentMode === undefined ? '' : `: publish links files ${describeMode(report.attachmentMode)} from now on`}.`);
  if (report.attachmentMode === undefined) {
    out(io, 'FAIL  this Halo linked a file to the article neither way: publishing cannot attach files here.');
    out(io, '      Articles without files publish as usual; link files instead (attachments.public_base_url, or public_links in the frontmatter).');
  }
  return true;
}

export function registerDoctor(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('doctor')
    .description("Test the connection to Halo, check the content's customers and FAQ lists, and show what is known about this Halo.")
    .option('--config <file>', 'config file (default: halo-kb.yml)')
    .option('--content <dir>', 'content folder (default: content)')
    .option('--state <file>', 'state manifest (default: state/manifest.json)')
    .option('--probe', 'measure how this Halo behaves on scratch records it creates and deletes, and record it in the state manifest (writes to Halo)')
    .action(async (flags: DoctorFlags) => setExit(await doctor(io, flags)));
}
