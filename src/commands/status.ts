/**
 * `halo-kb status`: Last Sync and Last Error from the state manifest; with `--articles` (or paths,
 * or `--check-halo`), what Halo holds of each article. Reading Halo is opt-in (`--check-halo`):
 * plain `status` needs no credentials and sends no request. When it does read Halo, it sends one
 * paginated listing of the articles, never a request per article.
 */
import path from 'node:path';
import type { BuildResult } from '../compile/build.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { err, out, type Io } from '../io.js';
import { readManifest, type Manifest } from '../plan/manifest.js';
import type { SnapshotArticle } from '../plan/halo-snapshot.js';
import { publishScope } from '../plan/publish-scope.js';
import { publishedHalo } from '../report/article-link.js';
import { articleSync, syncText, type ArticleSyncReport } from '../report/article-sync.js';
import { statusJson, statusText } from '../report/status.js';
import { reportHaloProgress } from './halo-progress.js';

export interface StatusFlags {
  config?: string;
  content?: string;
  state?: string;
  format?: 'text' | 'json';
  json?: boolean;
  articles?: boolean;
  checkHalo?: boolean;
}

/** Halo's articles, in one listing, and the Halo they were read from. */
async function readHaloArticles(io: Io, config: Config, manifest: Manifest): Promise<{ rows: SnapshotArticle[]; base: string }> {
  const [{ HaloClient }, { toSnapshot }, { checkInstance }] = await Promise.all([import('../halo/client.js'), import('../plan/read-halo.js'), import('../plan/instance.js')]);
  const client = HaloClient.fromSettings(config.halo, { readCustomers: false, onEvent: reportHaloProgress(io), clock: io.clock });
  try {
    // Retired (inactive) articles must be seen too: whether Halo lists them by default is unknown.
    const rows = (await client.listArticles({ includeInactive: true })).map(toSnapshot);
    const base = client.endpoints.base;
    const instance = checkInstance(manifest, base, { faqLists: [], articles: rows });
    if (instance.kind === 'other') {
      throw new ConfigError(
        'STATE_OTHER_HALO',
        `The state manifest ${config.stateFile} was written for the Halo at ${instance.from}, but HALO_URL is ${base}, where none of its ${instance.articles} published articles are found.`,
        { hint: 'Set HALO_URL to the Halo the manifest was published to, or leave out --check-halo to see what the manifest records.' },
      );
    }
    return { rows, base };
  } finally {
    await client.close();
  }
}

async function articlesReport(io: Io, config: Config, manifest: Manifest, paths: string[], checkHalo: boolean): Promise<{ report: ArticleSyncReport; contentFolder: string }> {
  const { buildContent } = await import('../compile/build.js');
  const build: BuildResult = await buildContent(config);
  // Paths are checked as plan and publish check them; `scope:` limits publishing, not what status shows.
  const scope = publishScope({ ...config, scope: { central: true, companies: 'all' } }, build, paths.length === 0 ? undefined : paths);
  const halo = checkHalo ? await readHaloArticles(io, config, manifest) : undefined;
  const report = articleSync({
    articles: build.articles,
    manifest,
    articleUrlTemplate: config.halo.articleUrl,
    // Where the articles are: the Halo just read, else the one the manifest was published to.
    haloBase: halo?.base ?? publishedHalo(manifest.halo, config),
    contentFolder: scope.contentFolder,
    ...(scope.paths === undefined ? {} : { paths: scope.paths }),
    ...(halo === undefined ? {} : { halo: halo.rows }),
  });
  return { report, contentFolder: scope.contentFolder };
}

export async function runStatus(io: Io, paths: string[], flags: StatusFlags): Promise<void> {
  // Reading the manifest is never stricter than that: strict: true applies to builds.
  const { config, warnings } = await loadConfig({ cwd: io.cwd, configFile: flags.config, env: io.env, content: flags.content, state: flags.state, strict: false });
  for (const w of warnings) err(io, `warning: ${w}`);
  const manifest = await readManifest(config.stateFile);
  const state = path.relative(io.cwd, config.stateFile) || config.stateFile;
  const json = flags.json === true || flags.format === 'json';
  const perArticle = flags.articles === true || flags.checkHalo === true || paths.length > 0;
  const sync = perArticle
    ? await articlesReport(
        io,
        config,
        manifest,
        paths.map((p) => path.resolve(io.cwd, p)),
        flags.checkHalo === true,
      )
    : undefined;
  if (json) {
    out(io, JSON.stringify(sync === undefined ? statusJson(manifest, state) : { ...statusJson(manifest, state), sync: sync.report }, null, 2));
    return;
  }
  for (const line of statusText(manifest, state)) out(io, line);
  if (sync === undefined) return;
  out(io);
  for (const line of syncText(sync.report, sync.contentFolder)) out(io, line);
}
