/**
 * The main job, wired: build the tree, read the manifest and Halo, plan, and (unless it is a dry
 * run) apply the plan and record the run. Commands call this; tests and the demo call it too.
 */
import type { BuildResult } from '../compile/build.js';
import { buildContent } from '../compile/build.js';
import type { Config } from '../config/schema.js';
import { HaloClient } from '../halo/client.js';
import type { HaloEventHandler } from '../halo/events.js';
import type { Clock } from '../halo/clock.js';
import { ConfigError, HaloKbError } from '../errors.js';
import { profileFor, withAttachmentMode } from '../halo/profile.js';
import { redact } from '../secrets.js';
import { fingerprints, type Fingerprints } from '../plan/fingerprint.js';
import { readManifest, writeManifest, type Manifest, type RunRecord } from '../plan/manifest.js';
import { planChanges } from '../plan/plan.js';
import type { Plan } from '../plan/types.js';
import { publishScope } from '../plan/publish-scope.js';
import { checkInstance } from '../plan/instance.js';
import { readHalo } from '../plan/read-halo.js';
import { runVerdict, type RunVerdict } from '../report/run-verdict.js';
import { applyPlan } from './apply.js';
import type { PublishResult } from './results.js';

export interface RunOptions {
  dryRun: boolean;
  force?: boolean;
  /** Send every article again, changed or not. */
  republishAll?: boolean;
  onProgress?: (done: number, total: number, what: string) => void;
  onEvent?: HaloEventHandler;
  /** The time Halo is paced and waited by (the system clock when absent). */
  clock?: Clock | undefined;
  /** Use this build instead of building (a saved plan's, or the caller's). */
  build?: BuildResult;
  /** Absolute paths the run is limited to (`publish content/central/network`); the whole tree when absent. */
  paths?: readonly string[];
  /** Apply only if the content and the state are still what this saved plan was made from. */
  expect?: Fingerprints;
  /** With `expect`: the saved plan's scope lines; a run on other paths or another scope is refused. */
  expectScope?: readonly string[];
}

export interface RunOutcome {
  build: BuildResult;
  plan: Plan;
  manifest: Manifest;
  result?: PublishResult;
  /** What the publish really did, as its run record says; absent for a dry run. */
  verdict?: RunVerdict;
  fingerprints: Fingerprints;
  /** Requests sent to Halo, by kind ("GET /KBArticle" …), and in all. */
  requests: { total: number; byKind: Record<string, number> };
}

/** Plan (and, unless `dryRun`, publish) the configured tree to the configured Halo. */
export async function runPublish(config: Config, options: RunOptions): Promise<RunOutcome> {
  const build = options.build ?? (await buildContent(config));
  const manifest = await readManifest(config.stateFile);
  const prints = fingerprints(build, manifest);
  if (options.expect !== undefined) {
    const moved = [options.expect.content !== prints.content ? 'the content' : '', options.expect.state !== prints.state ? 'the state manifest' : ''].filter((x) => x !== '');
    if (moved.length > 0) {
      throw new HaloKbError('PLAN_STALE', `The saved plan no longer matches: ${moved.join(' and ')} changed since it was made.`);
    }
  }
  // Checked before Halo is reached: a wrong scope or path is known from the tree alone.
  const scope = publishScope(config, build, options.paths);
  const needCustomers = build.companies.some((c) => c.clientId === undefined);
  const extra: { readCustomers: boolean; onEvent?: HaloEventHandler } = { readCustomers: needCustomers };
  if (options.onEvent !== undefined) extra.onEvent = options.onEvent;
  const client = HaloClient.fromSettings(config.halo, { ...extra, clock: options.clock });
  // attachment_mode auto: the way this Halo links files, as recorded for it (an explicit setting wins).
  const known = profileFor(manifest.haloProfile, client.endpoints.base)?.attachmentMode?.mode;
  if (config.halo.attachmentMode === 'auto' && known !== undefined) client.assumeAttachmentMode(known);
  try {
    const halo = await readHalo(client, manifest, build.companies, build.articles);
    const instance = checkInstance(manifest, client.endpoints.base, halo);
    if (instance.kind === 'other') {
      throw new ConfigError(
        'STATE_OTHER_HALO',
        `The state manifest ${config.stateFile} was written for the Halo at ${instance.from}, but HALO_URL is ${client.endpoints.base}, where none of its ${instance.articles} published articles are found.`,
      );
    }
    const plan = planChanges(build, manifest, halo, {
      groupName: config.faqLists.group,
      showForAll: config.faqLists.showForAll,
      companyShowForAll: config.faqLists.companyShowForAll,
      maxRetire: config.publish.maxRetire,
      force: options.force === true,
      articleUrlTemplate: config.halo.articleUrl,
      haloBase: client.endpoints.base,
      republishAll: options.republishAll === true,
      scope,
    });
    if (options.expectScope !== undefined && JSON.stringify(options.expectScope) !== JSON.stringify(plan.scope ?? [])) {
      const said = (lines: readonly string[]): string => (lines.length === 0 ? 'a full run' : lines.map((l) => `"${l}"`).join(', '));
      throw new HaloKbError('PLAN_STALE', `The saved plan was made for ${said(options.expectScope)}, but this run is ${said(plan.scope ?? [])}.`, {
        hint: 'Give publish the same paths (and scope: in halo-kb.yml) the plan was made with, or make a new plan and review it.',
      });
    }
    if (options.dryRun) return { build, plan, manifest, fingerprints: prints, requests: counts(client) };
    manifest.halo = client.endpoints.base;
    manifest.articleUrl = config.halo.articleUrl;
    const ctx = {
      client,
      build,
      manifest,
      save: (m: Manifest) => {
        keepLearned(m, client);
        return writeManifest(config.stateFile, m);
      },
      contentDir: config.contentDir,
      haloBase: client.endpoints.base,
      articleUrlTemplate: config.halo.articleUrl,
      batchSize: config.halo.batchSize,
      showForAll: config.faqLists.showForAll,
      companyShowForAll: config.faqLists.companyShowForAll,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    };
    let result: PublishResult;
    try {
      result = await applyPlan(plan, ctx);
    } catch (error) {
      const message = redact(error instanceof Error ? error.message : String(error));
      await recordRun(config, manifest, 'publish', { ok: false, status: 'failed', errors: [message] }, {}, client);
      throw error;
    }
    const tally: Record<string, number> = {};
    for (const a of result.articles) tally[a.kind] = (tally[a.kind] ?? 0) + 1;
    // Not "ok" while writes failed, planned work is undone, articles with errors were left out or
    // retirements were held back.
    const verdict = runVerdict(build, plan, result);
    await recordRun(config, manifest, 'publish', verdict, tally, client);
    return { build, plan, manifest, result, verdict, fingerprints: prints, requests: counts(client) };
  } finally {
    await client.close();
  }
}

function counts(client: HaloClient): RunOutcome['requests'] {
  const { total, byKind } = client.requestCounts();
  return { total, byKind: { ...byKind } };
}

/** The run record `halo-kb status` shows as Last Sync / Last Error. */
async function recordRun(config: Config, manifest: Manifest, command: string, verdict: RunVerdict, tally: Record<string, number>, client: HaloClient): Promise<void> {
  // The manifest is committed to git: nothing secret may reach it (runVerdict redacts its errors).
  keepLearned(manifest, client);
  const record: RunRecord = { at: new Date().toISOString(), command, counts: tally, requests: counts(client).total, ...verdict };
  manifest.lastRun = record;
  if (verdict.ok) delete manifest.lastError;
  else manifest.lastError = record;
  await writeManifest(config.stateFile, manifest);
}

/** The attachment mode this run's first upload found out, recorded in the Halo profile. */
function keepLearned(manifest: Manifest, client: HaloClient): void {
  const learned = client.learnedAttachmentMode();
  if (learned === undefined || manifest.haloProfile?.attachmentMode?.at === learned.at) return;
  manifest.haloProfile = withAttachmentMode(manifest.haloProfile, client.endpoints.base, { mode: learned.mode, at: learned.at, by: 'publish' });
}
