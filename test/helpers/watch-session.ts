/** A real preview (watch mode) on 127.0.0.1 for a project folder, closed after each test. */
import { afterEach } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { startWatch, type WatchSession } from '../../src/watch/start-watch.js';

const sessions: WatchSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

/** Start watching `root` (its halo-kb.yml, no environment), on a free port. */
export async function watch(root: string): Promise<WatchSession> {
  const session = await startWatch({ loadConfig: () => loadConfig({ cwd: root, env: {} }), port: 0, log: () => undefined });
  sessions.push(session);
  return session;
}
