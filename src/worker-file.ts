/**
 * The compiled module a worker thread runs. Only a compiled halo-kb has one: run from its
 * TypeScript sources (as under the test runner), a module is not something a worker can load, and
 * the caller does the work in its own thread instead.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The module `name` beside the module at `base` (its `import.meta.url`), when a worker can run it. */
export function workerModule(name: string, base: string): URL | undefined {
  if (!base.endsWith('.js')) return undefined;
  const url = new URL(name, base);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}
