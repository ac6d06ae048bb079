/**
 * chokidar on the content folder, the two templates, the config file and the state manifest.
 * Writes are reported once they are finished (awaitWriteFinish, short, so a save still reloads
 * fast); hidden files (.git, editor swap files) are ignored.
 */
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { FsChange, FsEvent, WatchedPaths } from './classify-change.js';

const EVENTS: readonly FsEvent[] = ['add', 'change', 'unlink', 'addDir', 'unlinkDir'];

export interface ProjectWatcher {
  close: () => Promise<void>;
}

/** Single files watched beside the content folder; any of them may not exist yet. */
export function watchedFiles(paths: WatchedPaths): string[] {
  return [path.join(paths.templatesDir, 'article.html'), path.join(paths.templatesDir, 'pdf.html'), paths.configFile, paths.stateFile];
}

function hidden(file: string): boolean {
  const name = path.basename(file);
  return name.startsWith('.') || name.endsWith('~') || /\.(swp|swx|tmp)$/i.test(name);
}

async function start(targets: string[], onChange: (change: FsChange) => void, onError: (error: Error) => void): Promise<FSWatcher> {
  const watcher = watch(targets, {
    ignoreInitial: true,
    ignored: (file: string) => hidden(file),
    awaitWriteFinish: { stabilityThreshold: 25, pollInterval: 10 },
  });
  for (const event of EVENTS) watcher.on(event, (file: string) => onChange({ event, path: path.resolve(file) }));
  watcher.on('error', (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return watcher;
}

/**
 * Start watching; resolves once the content folder is being watched. The content folder has a
 * watcher of its own because chokidar 4 reports "ready" early when it is also given paths that do
 * not exist yet (a project without templates/), and edits made right after would be missed.
 */
export async function watchProject(paths: WatchedPaths, onChange: (change: FsChange) => void, onError: (error: Error) => void): Promise<ProjectWatcher> {
  const [content, files] = await Promise.all([start([paths.contentDir], onChange, onError), start(watchedFiles(paths), onChange, onError)]);
  return { close: async () => void (await Promise.all([content.close(), files.close()])) };
}
