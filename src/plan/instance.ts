/**
 * Whether the Halo being published to is the one the state manifest was written for. The same Halo
 * can be reached at a new address (a custom domain, a new port for the emulator): its articles are
 * still there, under the ids the manifest records, so the run goes on and rewrites the links that
 * carry the old address. A manifest whose articles are not there at all was written for another
 * Halo: planning from it would create everything again there, so the run stops first.
 */
import type { Manifest } from './manifest.js';
import type { HaloSnapshot } from './halo-snapshot.js';

export type InstanceCheck =
  | { kind: 'same' }
  /** Reached at another address, and the manifest's articles are there. */
  | { kind: 'moved'; from: string }
  /** None of the manifest's articles are there. */
  | { kind: 'other'; from: string; articles: number };

export function checkInstance(manifest: Manifest, haloBase: string, halo: HaloSnapshot): InstanceCheck {
  const from = manifest.halo;
  if (from === undefined || from === haloBase) return { kind: 'same' };
  const live = Object.entries(manifest.articles).filter(([, entry]) => entry.retired === undefined);
  if (live.length === 0) return { kind: 'moved', from };
  const byId = new Map(halo.articles.map((a) => [a.id, a]));
  // A key marker names the article for certain; a row read without its body is known by its name.
  const found = live.some(([key, entry]) => {
    const row = byId.get(entry.haloId);
    return row !== undefined && (row.key === key || (row.key === undefined && row.name.trim() === entry.title.trim()));
  });
  return found ? { kind: 'moved', from } : { kind: 'other', from, articles: live.length };
}
