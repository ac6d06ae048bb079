/**
 * Check a state manifest against state/manifest.schema.json, for tests that read the manifest a run
 * wrote: a field the schema (and state/README.md) does not describe fails the test that wrote it.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateJson, type JsonSchema } from './json-schema.js';

export const MANIFEST_SCHEMA_FILE = path.resolve(import.meta.dirname, '..', '..', 'state', 'manifest.schema.json');
const schema = JSON.parse(readFileSync(MANIFEST_SCHEMA_FILE, 'utf8')) as JsonSchema;

/** The ways `data` breaks the manifest schema; empty when it fits. */
export function manifestProblems(data: unknown): string[] {
  return validateJson(data, schema);
}

/** Throw, listing every problem, unless `data` (read from `file`) fits the manifest schema. */
export function assertManifest(data: unknown, file: string): void {
  const problems = manifestProblems(data);
  if (problems.length > 0) throw new Error(`The state manifest ${file} does not match state/manifest.schema.json:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

/** Read a manifest a run wrote and check it against the schema. */
export async function readCheckedManifest<T = unknown>(file: string): Promise<T> {
  const data: unknown = JSON.parse(await readFile(file, 'utf8'));
  assertManifest(data, file);
  return data as T;
}
