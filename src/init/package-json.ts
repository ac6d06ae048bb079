/**
 * The package.json of a docs repository: private, halo-kb pinned in `dependencies` (so `npm ci`
 * installs it even where dev dependencies are left out), and npm scripts for the everyday commands.
 * A package.json that is already there gets what it lacks and keeps everything it has. Pure.
 */
import { ERRORS, HaloKbError } from '../errors.js';
import type { PackageSpec } from './package-spec.js';
import type { Merged } from './scaffold.js';

/** `npm run validate`, `npm run plan`, … */
export const SCRIPTS: Readonly<Record<string, string>> = {
  validate: 'halo-kb validate',
  plan: 'halo-kb plan',
  publish: 'halo-kb publish',
  preview: 'halo-kb watch',
};

export function packageJsonText(spec: PackageSpec): string {
  const manifest = {
    private: true,
    description: 'Knowledge base articles, published to Halo by halo-kb.',
    scripts: SCRIPTS,
    dependencies: { 'halo-kb': spec.value },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function unreadable(shown: string, why: string): HaloKbError {
  return new HaloKbError('INIT_PACKAGE_JSON', `Cannot add halo-kb to ${shown}: ${why}.`, {
    hint: ERRORS.INIT_PACKAGE_JSON.hint(shown),
  });
}

/** JSON.parse's complaint with the line and column it is about (Node names only the offset). */
function where(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /at position (\d+)/.exec(message);
  const reason = message.replace(/\s*(in JSON )?at position \d+.*$/s, '').replace(/,\s*"[\s\S]*" is not valid JSON$/, '');
  if (!at) return `it is not valid JSON (${reason})`;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `it is not valid JSON (line ${line}, column ${column}: ${reason})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `key`, made if absent; an error if it is something else. */
function section(manifest: Record<string, unknown>, key: string, shown: string): Record<string, unknown> {
  const value = manifest[key] ?? {};
  if (!isObject(value)) throw unreadable(shown, `its "${key}" is not an object`);
  manifest[key] = value;
  return value;
}

/**
 * Add halo-kb (unless `dependencies` or `devDependencies` already name it: that choice is the
 * team's) and the scripts the file does not have yet, keeping its indentation and key order.
 */
export function mergePackageJson(existing: string, spec: PackageSpec, shown: string): Merged {
  let manifest: unknown;
  try {
    manifest = JSON.parse(existing.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw unreadable(shown, where(existing, error));
  }
  if (!isObject(manifest)) throw unreadable(shown, 'it holds no JSON object');
  const notes: string[] = [];
  const deps = manifest['dependencies'];
  const devDeps = manifest['devDependencies'];
  const pinned = (isObject(deps) ? deps['halo-kb'] : undefined) ?? (isObject(devDeps) ? devDeps['halo-kb'] : undefined);
  if (pinned === undefined) {
    section(manifest, 'dependencies', shown)['halo-kb'] = spec.value;
    notes.push(`added halo-kb ${spec.value}`);
  } else if (pinned !== spec.value) {
    notes.push(`kept its halo-kb ${String(pinned)}`);
  }
  const scripts = section(manifest, 'scripts', shown);
  const added = Object.keys(SCRIPTS).filter((name) => scripts[name] === undefined);
  for (const name of added) scripts[name] = SCRIPTS[name];
  if (added.length > 0) notes.push(`added the script${added.length === 1 ? '' : 's'} ${added.join(', ')}`);
  const own = Object.keys(SCRIPTS).filter((name) => !added.includes(name) && scripts[name] !== SCRIPTS[name]);
  if (own.length > 0) notes.push(`kept its own script${own.length === 1 ? '' : 's'} ${own.join(', ')}`);
  if (pinned !== undefined && added.length === 0) return { kind: 'unchanged', note: notes.length > 0 ? notes.join('; ') : 'already has halo-kb and its scripts' };
  const indent = /^\{\r?\n([ \t]+)"/.exec(existing)?.[1] ?? '  ';
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  return { kind: 'merged', content: `${JSON.stringify(manifest, null, indent).replace(/\n/g, eol)}${eol}`, note: notes.join('; ') };
}
