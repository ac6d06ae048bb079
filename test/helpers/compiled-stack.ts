/**
 * The compile stack as a compiled halo-kb runs it: dist/, which `npm test` builds before vitest.
 * Worker threads exist only beside the compiled modules, so tests of the pool and its deadline
 * import these rather than the TypeScript sources.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as CompileSettings from '../../src/compile/compile-settings.js';
import type * as Pool from '../../src/compile/pool.js';
import type * as Template from '../../src/compile/template.js';
import type * as Load from '../../src/config/load.js';
import type * as Scan from '../../src/content/scan.js';
import type * as CompileSources from '../../src/engine/compile-sources.js';

const DIST = path.resolve(import.meta.dirname, '../../dist');

async function fromDist<T>(module: string): Promise<T> {
  return (await import(pathToFileURL(path.join(DIST, module)).href)) as T;
}

/** The compiled `compileMany`, `compileSerial` and `compileSources`, with the sources and compile settings of the project at `root`. */
export async function compiledStack(root: string) {
  const { compileMany, compileSerial } = await fromDist<typeof Pool>('compile/pool.js');
  const { compileSources } = await fromDist<typeof CompileSources>('engine/compile-sources.js');
  const { compileSettingsOf } = await fromDist<typeof CompileSettings>('compile/compile-settings.js');
  const { loadConfig } = await fromDist<typeof Load>('config/load.js');
  const { scanContent } = await fromDist<typeof Scan>('content/scan.js');
  const { loadTemplates } = await fromDist<typeof Template>('compile/template.js');
  const { config } = await loadConfig({ cwd: root, env: {} });
  const settings = compileSettingsOf(config, await loadTemplates(config.templatesDir));
  const { sources } = await scanContent(config.contentDir, config.root);
  return { compileMany, compileSerial, compileSources, settings, sources };
}
