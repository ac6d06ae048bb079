/**
 * Watch mode, wired: the first build, the preview server, the watcher feeding the rebuild queue,
 * one terminal line per rebuild and a live-reload event after it. Content problems show in the
 * pages; project problems (config, templates) fail the rebuild, keep the last good preview and
 * show on every page until fixed. Nothing here ends the watcher but `close()`.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { needsWorker, PARALLEL_MIN, type CompileManyOptions } from '../compile/pool.js';
import type { LoadedConfig } from '../config/load.js';
import { CONFIG_FILE, type Config } from '../config/schema.js';
import { errorMessage, HaloKbError } from '../errors.js';
import type { AllowedHost } from '../host-check.js';
import { applyChanges, type RebuildReport } from './apply-changes.js';
import { classifyChange, type Change, type FsChange, type WatchedPaths } from './classify-change.js';
import { LiveReload, type ReloadMessage } from './live-reload.js';
import { publishedReader } from './manifest-status.js';
import type { RebuildFailure } from './page-layout.js';
import { createPreviewServer, HOST, listen } from './preview-server.js';
import type { PreviewModel } from './preview-model.js';
import { failureLine, rebuildLine } from './rebuild-line.js';
import { RebuildQueue } from './rebuild-queue.js';
import { watchProject, type ProjectWatcher } from './watcher.js';
import { compileSources } from '../engine/compile-sources.js';
import { articlesOf, buildState, type WatchState } from './watch-state.js';

/** Above this many changed articles, pages reload without checking whether they are among them. */
const RELOAD_ALL_ABOVE = 500;
const WARM_UP_ARTICLES = 40;

export interface WatchOptions {
  /** Reads the config with the command's flags; called at start and on every config change. */
  loadConfig: () => Promise<LoadedConfig>;
  port: number;
  /** Host names the preview answers to besides localhost, 127.0.0.1 and [::1] (--allow-host). */
  allowedHosts?: readonly AllowedHost[];
  /** Where the terminal lines go. */
  log: (line: string) => void;
  compile?: CompileManyOptions;
  /** Window collecting watcher events into one rebuild. */
  batchMs?: number;
}

export interface RebuildEvent {
  changes: FsChange[];
  report?: RebuildReport;
  error?: unknown;
  message: ReloadMessage;
}

export interface WatchSession {
  url: string;
  port: number;
  model: () => PreviewModel;
  /** Called after every rebuild, failed ones included. */
  onRebuild: (listener: (event: RebuildEvent) => void) => void;
  /** Resolves when no rebuild is running or waiting. */
  idle: () => Promise<void>;
  close: () => Promise<void>;
}

function watchedPaths(config: Config, configFile: string): WatchedPaths {
  return { contentDir: config.contentDir, templatesDir: config.templatesDir, configFile, stateFile: config.stateFile };
}

function failureOf(error: unknown): RebuildFailure {
  const failure: RebuildFailure = { message: errorMessage(error) };
  if (error instanceof HaloKbError && error.hint !== undefined) failure.hint = error.hint;
  return failure;
}

/**
 * The first build of a large tree runs in workers, leaving this thread's Markdown pipeline cold; the
 * first edits would pay for its JIT warm-up. Compile a few articles here first (results discarded).
 */
async function warmUp(state: WatchState, compile: CompileManyOptions | undefined): Promise<void> {
  // Files small enough to compile in this thread (a larger one would go to a worker: see pool.ts).
  const sample = [...state.sources.values()].filter((s) => s.kind === 'markdown' && !needsWorker(s)).slice(0, WARM_UP_ARTICLES);
  if (state.sources.size >= (compile?.parallelMin ?? PARALLEL_MIN)) await compileSources(sample, state.settings, { workers: 1 });
}

export async function startWatch(options: WatchOptions): Promise<WatchSession> {
  const loaded = await options.loadConfig();
  for (const w of loaded.warnings) options.log(`warning: ${w}`);
  const configFile = loaded.file ?? path.join(loaded.config.root, CONFIG_FILE);
  let paths = watchedPaths(loaded.config, configFile);
  // The project is watched before the first build: an edit made while it runs (seconds, in a
  // large tree) is rebuilt once it is done, not lost. Until then its rebuild waits; false: the
  // first build failed, and nothing is rebuilt.
  let started: (ok: boolean) => void = () => undefined;
  const firstBuild = new Promise<boolean>((resolve) => (started = resolve));
  const queue = new RebuildQueue<FsChange>(async (batch) => {
    if (await firstBuild) await rebuild(batch);
  }, options.batchMs ?? 5);
  const onWatchError = (error: Error): void => options.log(`warning: the file watcher reported a problem and carries on: ${error.message}`);
  let watcher: ProjectWatcher;
  try {
    watcher = await watchProject(paths, (c) => queue.push(c), onWatchError);
  } catch (error) {
    await queue.close();
    throw error;
  }

  let model: PreviewModel;
  let readPublished = publishedReader(loaded.config.stateFile);
  const refreshPublished = async (): Promise<void> => {
    model.published = await readPublished();
  };
  const reload = new LiveReload();
  let server: Server | undefined;
  let port: number;
  try {
    model = { state: await buildState(loaded.config, options.compile), failure: undefined, published: undefined };
    await refreshPublished();
    await warmUp(model.state, options.compile);
    server = createPreviewServer(() => model, reload, { beforeRender: refreshPublished, allowedHosts: options.allowedHosts ?? [] });
    port = await listen(server, options.port);
  } catch (error) {
    // Nothing left running: not the watcher, not the port (taken, say).
    started(false);
    await Promise.all([watcher.close(), queue.close()]);
    reload.close();
    if (server !== undefined) await new Promise<void>((resolve) => server!.close(() => resolve()));
    throw error;
  }
  const listeners: ((event: RebuildEvent) => void)[] = [];

  const context = {
    loadConfig: async (): Promise<Config> => {
      const next = await options.loadConfig();
      for (const w of next.warnings) options.log(`warning: ${w}`);
      return next.config;
    },
    ...(options.compile === undefined ? {} : { compile: options.compile }),
  };

  let closed = false;

  /** The config as it reads now, if it does (the failure shown already says why not). */
  const configNow = async (): Promise<Config | undefined> => {
    try {
      return (await options.loadConfig()).config;
    } catch {
      return undefined;
    }
  };

  /**
   * Watch the places `config` names when they are not the ones watched: the config moved the
   * content or templates folder, or the content folder appeared or went. The old watcher stops
   * only once the new one runs (one that cannot start leaves the old one on, with a warning).
   * A content folder newly watched is scanned once more: what was written into it before its
   * watcher was ready is found then.
   */
  const follow = async (config: Config | undefined): Promise<void> => {
    if (config === undefined) return;
    const next = watchedPaths(config, configFile);
    if (JSON.stringify(next) === JSON.stringify(paths) && existsSync(next.contentDir) === watcher.contentWatched) return;
    try {
      const moved = await watchProject(next, (c) => queue.push(c), onWatchError);
      // Closed meanwhile: the session's watcher was closed already, and this one must not outlive
      // it. Otherwise it takes the old one's place at once, so that closing the session closes it.
      if (closed) return void (await moved.close());
      const newContent = moved.contentWatched && (!watcher.contentWatched || next.contentDir !== paths.contentDir);
      const old = watcher;
      watcher = moved;
      paths = next;
      await old.close();
      // Rescanned once more when newly watched, or when it came or went while its watcher started.
      if (newContent || existsSync(next.contentDir) !== moved.contentWatched) queue.push({ event: 'addDir', path: next.contentDir });
    } catch (error) {
      onWatchError(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const rebuild = async (batch: FsChange[]): Promise<void> => {
    const changes: Change[] = batch.map((c) => classifyChange(c, paths)).filter((c) => c.kind !== 'ignored');
    if (changes.length === 0) return;
    // A failed rebuild applied none of its changes, and its cause (a template, the config, a scan
    // that met a file being deleted) shows only when everything is built again: the next rebuild
    // is a full one, so the failure clears only once the project builds, and nothing is lost.
    const hadFailure = model.failure !== undefined;
    let event: RebuildEvent;
    try {
      const report = await applyChanges(model.state, changes, context, hadFailure);
      if (report.kind === 'full') readPublished = publishedReader(model.state.config.stateFile);
      if (report.manifestChanged || report.kind === 'full') await refreshPublished();
      model.failure = undefined;
      const all = hadFailure || report.kind === 'full' || report.rescanned || report.templatesChanged || report.manifestChanged || report.affected.length > RELOAD_ALL_ABOVE;
      event = { changes: batch, report, message: { paths: all ? [] : report.affected, all } };
      // A file no article uses (a scratch note, an editor's backup) rebuilds nothing: no line for it.
      const quiet = !all && report.compiled.length + report.resolved.length + report.added.length + report.removed.length === 0;
      if (!quiet) options.log(rebuildLine(batch, model.state.config.root, report, articlesOf(model.state).filter((a) => a.hasErrors).length));
    } catch (error) {
      model.failure = failureOf(error);
      options.log(failureLine(batch, model.state.config.root, error));
      event = { changes: batch, error, message: { paths: [], all: true } };
    }
    // After a failure too: the config may name a content folder that is not there yet, and its
    // creation is what the writer does next.
    await follow(model.failure === undefined ? model.state.config : await configNow());
    reload.send(event.message);
    for (const listener of listeners) listener(event);
  };
  started(true);

  return {
    url: `http://${HOST}:${port}/`,
    port,
    model: () => model,
    onRebuild: (listener) => listeners.push(listener),
    idle: () => queue.idle(),
    close: async () => {
      closed = true;
      await watcher.close();
      await queue.close();
      reload.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
