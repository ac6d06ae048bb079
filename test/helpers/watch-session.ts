/** A real preview (watch mode) on 127.0.0.1 for a project folder, closed after each test. */
import { loadConfig } from '../../src/config/load.js';
import { startWatch, type WatchSession } from '../../src/watch/start-watch.js';
import { afterThisTest } from './teardown.js';

/** Start watching `root` (its halo-kb.yml, no environment), on a free port. */
export async function watch(root: string): Promise<WatchSession> {
  const session = await startWatch({ loadConfig: () => loadConfig({ cwd: root, env: {} }), port: 0, log: () => undefined });
  afterThisTest(() => session.close());
  return session;
}
