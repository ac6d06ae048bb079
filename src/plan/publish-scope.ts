/**
 * The scope of one run, from `scope:` in halo-kb.yml and the paths given on the command line,
 * checked against the content tree: a company the config names that has no folder, or a path with
 * no article under it, is an error before anything is read from Halo.
 */
import path from 'node:path';
import type { BuildResult } from '../compile/build.js';
import type { Config } from '../config/schema.js';
import { ConfigError, ERRORS, HaloKbError } from '../errors.js';
import { underPaths, type PublishScope } from './scope.js';

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function publishScope(config: Config, build: BuildResult, paths: readonly string[] | undefined): PublishScope {
  const known = new Set([...build.companies.map((c) => c.folder), ...build.articles.flatMap((a) => (a.kb.kind === 'company' ? [a.kb.folder] : []))]);
  const { companies } = config.scope;
  if (companies !== 'all') {
    const unknown = companies.filter((c) => !known.has(c));
    if (unknown.length > 0) {
      const names = unknown.map((c) => `"${c}"`).join(', ');
      throw new ConfigError(
        'SCOPE_UNKNOWN_COMPANY',
        `scope.companies in halo-kb.yml names ${unknown.length === 1 ? 'a company' : 'companies'} with no folder in ${toPosix(path.relative(config.root, path.join(config.contentDir, 'companies'))) || 'companies'}: ${names}.`,
        { hint: ERRORS.SCOPE_UNKNOWN_COMPANY.hint([...known]) },
      );
    }
  }
  const contentFolder = toPosix(path.relative(config.root, config.contentDir));
  const scope: PublishScope = { central: config.scope.central, companies, contentFolder };
  if (paths === undefined || paths.length === 0) return scope;
  const relative: string[] = [];
  for (const given of paths) {
    const rel = path.relative(config.contentDir, given);
    const contentPath = toPosix(rel).replace(/\/+$/, '');
    const shown = toPosix(path.relative(config.root, given)) || '.';
    if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
      throw new HaloKbError('PATH_OUTSIDE_CONTENT', `${shown} is not inside the content folder ${contentFolder || '.'}.`, {
        hint: ERRORS.PATH_OUTSIDE_CONTENT.hint(contentFolder),
      });
    }
    if (!build.articles.some((a) => underPaths(a.contentPath, [contentPath]))) {
      throw new HaloKbError('PATH_NO_ARTICLES', `No article lies at or under ${shown}.`);
    }
    relative.push(contentPath);
  }
  return { ...scope, paths: relative };
}
