/**
 * chokidar on the content folder, and on the two templates, the config file and the state manifest
 * through their folders.
 * Writes are reported once they are finished (awaitWriteFinish, short, so a save still reloads
 * fast); hidden files (.git, editor swap files) are ignored.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import { isInside } from '../content/file-paths.js';
import type { FsChange, FsEvent, WatchedPaths } from './classify-change.js';

const EVENTS: readonly FsEvent[] = ['add', 'change', 'unlink', 'addDir', 'unlinkDir'];

export interface ProjectWatcher {
  close: () => Promise<void>;
  /**
   * Whether the content folder is watched: it existed when watching began. If not, only its
   * creation is watched for, through its nearest existing folder (a watcher on a folder that
   * does not exist yet never reports anything).
   */
  contentWatched: boolean;
}

/** Single files watched beside the content folder; any of them may not exist yet. */
export function watchedFiles(paths: WatchedPaths): string[] {
  return [path.join(paths.templatesDir, 'article.html'), path.join(paths.templatesDir, 'pdf.html'), paths.configFile, paths.stateFile];
}

function hidden(file: string): boolean {
  const name = path.basename(file);
  return name.startsWith('.') || name.endsWith('~') || /\.(swp|swx|tmp)$/i.test(name);
}

/** Watch `targets`; with `only`, down to `only.depth` below them and only the paths it keeps. */
async function start(targets: string[], onChange: (change: FsChange) => void, onError: (error: Error) => void, only?: { depth: number; keeps: (file: string) => boolean }): Promise<FSWatcher> {
  const watcher = watch(targets, {
    ignoreInitial: true,
    ignored: (file: string) => hidden(file) || (only !== undefined && !only.keeps(file)),
    awaitWriteFinish: { stabilityThreshold: 25, pollInterval: 10 },
    ...(only === undefined ? {} : { depth: only.depth }),
  });
  for (const event of EVENTS) watcher.on(event, (file: string) => onChange({ event, path: path.resolve(file) }));
  watcher.on('error', (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return watcher;
}

function isRoot(dir: string): boolean {
  return path.dirname(dir) === dir;
}

/** The folder itself when it exists, else its nearest ancestor that does. */
function nearestFolder(folder: string): string {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    if (existsSync(dir) || path.dirname(dir) === dir) return dir;
  }
}

/**
 * The single files, watched through their folders, never one by one: a file watched by itself is
 * lost to the watcher once it is deleted and written anew (as a checkout or a save by rename
 * does), and one in a folder that does not exist yet is never seen. Each folder is watched from
 * its nearest existing ancestor down, and nothing in them but the files and the folders on the
 * way to them.
 */
function watchFiles(files: readonly string[], onChange: (change: FsChange) => void, onError: (error: Error) => void): Promise<FSWatcher> {
  // Never the file system's root: chokidar there loses the other files' events. A path none of
  // whose folders exist (a mistyped absolute path) is not watched; the config, which is, says so.
  const targets = files.map((f) => path.resolve(f)).filter((file) => !isRoot(nearestFolder(path.dirname(file))));
  // One root for files that share an ancestor: a folder watched twice in one watcher loses events.
  const nearest = [...new Set(targets.map((file) => nearestFolder(path.dirname(file))))].sort((a, b) => a.length - b.length);
  const roots: string[] = [];
  for (const dir of nearest) if (!roots.some((root) => isInside(root, dir))) roots.push(dir);
  const wanted = new Set<string>(roots);
  let depth = 0;
  for (const file of targets) {
    const root = roots.find((r) => isInside(r, file))!;
    wanted.add(file);
    for (let dir = path.dirname(file); dir !== root; dir = path.dirname(dir)) wanted.add(dir);
    depth = Math.max(depth, path.relative(root, file).split(path.sep).length - 1);
  }
  return start(roots, onChange, onError, { depth, keeps: (file) => wanted.has(path.resolve(file)) });
}

/**
 * Start watching; resolves once the content folder and the single files' folders are watched. The
 * content folder has a watcher of its own: it is watched whole, the others only down to the files.
 * A content folder that does not exist is watched for as one of those files is.
 */
export async function watchProject(paths: WatchedPaths, onChange: (change: FsChange) => void, onError: (error: Error) => void): Promise<ProjectWatcher> {
  const contentWatched = existsSync(paths.contentDir);
  const single = watchedFiles(paths);
  const [content, files] = await Promise.all([
    contentWatched ? start([paths.contentDir], onChange, onError) : undefined,
    watchFiles(contentWatched ? single : [...single, paths.contentDir], onChange, onError),
  ]);
  return { close: async () => void (await Promise.all([content?.close(), files.close()])), contentWatched };
}
