/**
 * Halo's `date_edited` of the articles a run wrote, as the manifest must hold it: a later one means
 * an agent edited the article in Halo. A write's reply carries it when Halo returns the record; Halo
 * may answer a batch with one record or none (unknown for real Halo), and attaching a file may move
 * it too (also unknown), so the articles whose date is not known after their last write are read
 * back at the end of the run, with one listing rather than one read each.
 */
import type { HaloClient } from '../halo/client.js';
import type { Manifest } from '../plan/manifest.js';

export class EditDates {
  readonly #unknown = new Set<string>();

  /** A write of `key` answered with this record (or none). */
  written(manifest: Manifest, key: string, edited: unknown): void {
    const entry = manifest.articles[key];
    if (entry === undefined) return;
    if (typeof edited === 'string' && edited !== '') {
      entry.dateEdited = edited;
      this.#unknown.delete(key);
    } else {
      this.#unknown.add(key);
    }
  }

  /** Something was done to `key` in Halo that may have moved its date (a file attached). */
  touched(key: string): void {
    this.#unknown.add(key);
  }

  get pending(): number {
    return this.#unknown.size;
  }

  /**
   * Read the dates Halo has now. If the listing fails, the stale dates are dropped instead: the next
   * run's listing records them, rather than reporting halo-kb's own writes as edits made in Halo.
   */
  async readBack(client: HaloClient, manifest: Manifest): Promise<void> {
    if (this.#unknown.size === 0) return;
    const keys = [...this.#unknown];
    this.#unknown.clear();
    let dates: Map<number, string>;
    try {
      const rows = await client.listArticles({ includeInactive: true });
      dates = new Map(rows.flatMap((r) => (typeof r.date_edited === 'string' && r.date_edited !== '' ? [[r.id, r.date_edited]] : [])));
    } catch {
      dates = new Map();
    }
    for (const key of keys) {
      const entry = manifest.articles[key];
      if (entry === undefined) continue;
      const edited = dates.get(entry.haloId);
      if (edited === undefined) delete entry.dateEdited;
      else entry.dateEdited = edited;
    }
  }
}
