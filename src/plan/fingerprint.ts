/**
 * Fingerprints of what a plan was made from, so a saved plan is applied only to the content and the
 * state it was made for.
 */
import { createHash } from 'node:crypto';
import type { BuildResult } from '../compile/build.js';
import { serializeManifest, type Manifest } from './manifest.js';

export interface Fingerprints {
  content: string;
  state: string;
}

export function fingerprints(build: BuildResult, manifest: Manifest): Fingerprints {
  const content = createHash('sha256');
  for (const a of [...build.articles].sort((x, y) => (x.key < y.key ? -1 : 1))) {
    content.update(`${a.key}\0${a.hash}\0${a.draft}\0${a.hasErrors}\n`);
  }
  for (const l of build.faqLists) content.update(`list\0${l.key}\0${l.name}\n`);
  // The run records change on every run, and the Halo profile describes Halo, not what is published.
  const { lastRun: _run, lastError: _error, haloProfile: _profile, ...rest } = manifest;
  const state = createHash('sha256').update(serializeManifest(rest)).digest('hex');
  return { content: content.digest('hex'), state };
}
