/**
 * `halo-kb state rebuild`: rebuild the state manifest from Halo alone (by the key markers).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { ExitCode } from '../errors.js';
import { err, out, type Io } from '../io.js';
import { profileFor } from '../halo/profile.js';
import { emptyManifest, readManifest, writeManifest } from '../plan/manifest.js';
import { plural } from '../report/plural.js';
import { reportHaloProgress } from './halo-progress.js';
import type { SetExit } from './index.js';

interface Flags {
  config?: string;
  content?: string;
  state?: string;
}

async function rebuild(io: Io, flags: Flags): Promise<number> {
  const { config, warnings } = await loadConfig({ cwd: io.cwd, configFile: flags.config, env: io.env, content: flags.content, state: flags.state });
  for (const w of warnings) err(io, `warning: ${w}`);
  // The compiler, the planner and the Halo client are loaded by the command that uses them.
  const [{ buildContent }, { rebuildManifest }, { HaloClient }, { readHalo }] = await Promise.all([
    import('../compile/build.js'),
    import('../plan/rebuild-state.js'),
    import('../halo/client.js'),
    import('../plan/read-halo.js'),
  ]);
  const build = await buildContent(config);
  const client = HaloClient.fromSettings(config.halo, { readCustomers: build.companies.some((c) => c.clientId === undefined), onEvent: reportHaloProgress(io), clock: io.clock });
  // What was found out about this Halo still holds; a damaged or missing manifest has nothing to keep.
  const previous = await readManifest(config.stateFile).catch(() => undefined);
  const profile = profileFor(previous?.haloProfile, client.endpoints.base);
  // Files are read back the way this Halo links them, where that is recorded (an explicit setting wins).
  if (config.halo.attachmentMode === 'auto' && profile?.attachmentMode !== undefined) client.assumeAttachmentMode(profile.attachmentMode.mode);
  try {
    const halo = await readHalo(client, emptyManifest(), build.companies, build.articles);
    const manifest = rebuildManifest(
      build,
      halo,
      {
        groupName: config.faqLists.group,
        showForAll: config.faqLists.showForAll,
        companyShowForAll: config.faqLists.companyShowForAll,
        maxRetire: config.publish.maxRetire,
        force: false,
        articleUrlTemplate: config.halo.articleUrl,
        haloBase: client.endpoints.base,
      },
      client.endpoints.base,
    );
    if (profile !== undefined) manifest.haloProfile = profile;
    await writeManifest(config.stateFile, manifest);
    const entries = Object.values(manifest.articles);
    const current = entries.filter((a) => a.retired === undefined && a.hash !== '').length;
    const stale = entries.filter((a) => a.retired === undefined && a.hash === '').length;
    const files = entries.reduce((n, a) => n + Object.keys(a.attachments ?? {}).length, 0);
    out(
      io,
      `Rebuilt ${path.relative(io.cwd, config.stateFile) || config.stateFile} from Halo: ${plural(Object.keys(manifest.faqLists).length, 'FAQ list')}, ${plural(entries.length, 'article')} found by their key markers (${current} up to date, ${stale} to update on the next publish, ${entries.length - current - stale} retired), ${plural(files, 'attachment')} found by file name and size.`,
    );
    return ExitCode.ok;
  } finally {
    await client.close();
  }
}

export function registerState(program: Command, io: Io, setExit: SetExit): void {
  const state = program.command('state').description('Work with the state manifest.');
  state
    .command('rebuild')
    .description('Rebuild the state manifest from Halo alone, finding articles by their key markers.')
    .option('--config <file>', 'config file (default: halo-kb.yml)')
    .option('--content <dir>', 'content folder (default: content)')
    .option('--state <file>', 'state manifest to write (default: state/manifest.json)')
    .action(async (flags: Flags) => setExit(await rebuild(io, flags)));
}
