/**
 * chokidar on the content folder, the two templates, the config file and the state manifest.
 * Writes are reported once they are finished (awaitWriteFinish, short, so a save still reloads
 * fast); hidden files (.git, editor swap files) are ignored.
 */
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { FsChange, FsEvent, WatchedPaths } from './classify-change.js';

const EVENTS: readonly FsEvent[] = ['add', 'change', 'unlink', 'addDir', 'unlinkDir'];

export function watchedFiles(paths: WatchedPaths): string[] {
  return [paths.contentDir, path.join(paths.templatesDir, 'article.html'), path.join(paths.templatesDir, 'pdf.html'), paths.configFile, paths.stateFile];
}

function hidden(file: string): boolean {
  const name = path.basename(file);
  return name.startsWith('.') || name.endsWith('~') || /\.(swp|swx|tmp)$/i.test(name);
}

/** Start watching; resolves once the initial scan is done (events before that are not reported). */
export async function watchProject(paths: WatchedPaths, onChange: (change: FsChange) => void, onError: (error: Error) => void): Promise<FSWatcher> {
  const watcher = watch(watchedFiles(paths), {
    ignoreInitial: true,
    ignored: (file: string) => hidden(file),
    awaitWriteFinish: { stabilityThreshold: 25, pollInterval: 10 },
  });
  for (const event of EVENTS) watcher.on(event, (file: string) => onChange({ event, path: path.resolve(file) }));
  watcher.on('error', (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return watcher;
}
