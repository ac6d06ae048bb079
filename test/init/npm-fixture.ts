/**
 * npm for tests, without the network: halo-kb packed as a release tarball, and a registry on
 * 127.0.0.1 that answers for the packages under halo-kb as npmjs.org would (their metadata from
 * this repository's package-lock.json, the same versions and hashes). `npm install
 * --package-lock-only` resolves against it; the tarballs it names are the real ones, which `npm ci
 * --offline` then takes from npm's cache by their hashes (the shared install put them there).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');

export interface Packed {
  tarball: string;
  integrity: string;
  version: string;
}

/** `npm pack` of this repository into `dir` (dist/ must be built: `npm test` builds it first). */
export async function packHaloKb(dir: string): Promise<Packed> {
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: repo });
  const [report] = JSON.parse(stdout) as [{ filename: string; integrity: string; version: string }];
  return { tarball: path.join(dir, report.filename), integrity: report.integrity, version: report.version };
}

interface LockEntry {
  version: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  link?: boolean;
  [field: string]: unknown;
}

const MANIFEST_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'bin', 'engines', 'os', 'cpu', 'license'];

/** Packuments (every version npm may pick) for halo-kb's runtime packages, by package name. */
async function packuments(): Promise<Map<string, { name: string; 'dist-tags': { latest: string }; versions: Record<string, unknown> }>> {
  const lock = JSON.parse(await readFile(path.join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const byName = new Map<string, { name: string; 'dist-tags': { latest: string }; versions: Record<string, unknown> }>();
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (where === '' || entry.dev === true || entry.link === true) continue;
    const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const doc = byName.get(name) ?? { name, 'dist-tags': { latest: entry.version }, versions: {} };
    // This repository's lockfile leaves out registry URLs; npm's own are …/<name>/-/<basename>-<version>.tgz.
    const tarball = entry.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split('/').pop() ?? name}-${entry.version}.tgz`;
    const manifest: Record<string, unknown> = { name, version: entry.version, dist: { tarball, integrity: entry.integrity } };
    for (const field of MANIFEST_FIELDS) if (entry[field] !== undefined) manifest[field] = entry[field];
    doc.versions[entry.version] = manifest;
    byName.set(name, doc);
  }
  return byName;
}

export interface LocalRegistry {
  url: string;
  /** Paths asked for, in order. */
  requests: string[];
  /** npm's settings to use it (and only it), for the environment of an npm run. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A registry on 127.0.0.1; `missing` names packages it answers 404 for, as if they did not exist. */
export async function startRegistry(missing: readonly string[] = []): Promise<LocalRegistry> {
  const docs = await packuments();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1).split('?')[0] ?? '');
    requests.push(name);
    const doc = missing.includes(name) ? undefined : docs.get(name);
    res.writeHead(doc === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(doc ?? { error: 'Not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    requests,
    env: { npm_config_registry: url, npm_config_fetch_retries: '0', npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' },
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
