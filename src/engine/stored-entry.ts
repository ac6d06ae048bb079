/**
 * What the build store keeps of an entry, and the entry given back when the store is read. Each
 * compiled article is filed under its content path, which gives much of it: the path itself and as
 * messages show it, its KB and folders, and its key unless the frontmatter names another (`id:`).
 * The store leaves those out: a sixth of its bytes, which every build of a large tree reads and
 * parses.
 */
import type { CompiledArticle } from '../compile/compile-article.js';
import { keyFromPath } from '../content/article-path.js';
import { kbKey, kbOfPath, type KbRef } from '../model/kb.js';
import type { StoredEntry } from './store.js';

/** An entry as the engine holds it: the store's, its compiled article whole, and the HTML once read or compiled. */
export interface Entry extends Omit<StoredEntry, 'compiled'> {
  compiled: Omit<CompiledArticle, 'html'>;
  html?: string;
  /** Whether `html` is in the store already (read from it), or still to be written. */
  htmlStored: boolean;
}

/** The entry at content path `p` as the store keeps it. */
export function storedEntryOf(p: string, entry: Entry): StoredEntry {
  const { html: _html, htmlStored: _stored, compiled, ...rest } = entry;
  const { key, contentPath: _path, displayPath: _shown, kb: _kb, folders: _folders, ...kept } = compiled;
  return { ...rest, compiled: key === keyFromPath(p) ? kept : { ...kept, key } };
}

/** What a folder of the content tree gives the articles in it; one per folder, shared by them as the scan shares it. */
interface Folder {
  kb: KbRef;
  folders: string[];
}

/**
 * Makes entries read from the store whole again (see `storedEntryOf`), for a content folder that
 * messages show as `shownContent`. Every stored path lies in a KB: the store's loading checks it.
 */
export function entryLoader(shownContent: string): (p: string, stored: StoredEntry) => Entry {
  const byFolder = new Map<string, Folder>();
  return (p, stored) => {
    const dir = p.slice(0, p.lastIndexOf('/') + 1);
    let folder = byFolder.get(dir);
    if (folder === undefined) {
      const kb = kbOfPath(p)!;
      const below = dir.slice(kbKey(kb).length + 1);
      folder = { kb, folders: below === '' ? [] : below.slice(0, -1).split('/') };
      byFolder.set(dir, folder);
    }
    // The parsed entry itself, completed in place: a store holds thousands.
    const entry = stored as unknown as Entry;
    const compiled = entry.compiled;
    compiled.key ??= keyFromPath(p);
    compiled.contentPath = p;
    compiled.displayPath = shownContent === '' ? p : `${shownContent}/${p}`;
    compiled.kb = folder.kb;
    compiled.folders = folder.folders;
    entry.htmlStored = true;
    return entry;
  };
}
