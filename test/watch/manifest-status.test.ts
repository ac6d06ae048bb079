/**
 * The preview's reader of the state manifest reads it again whenever a publish has written it,
 * even when two writes land within one tick of the file system's clock with the same size.
 */
import { rename, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedReader } from '../../src/watch/manifest-status.js';
import { tempDir } from '../helpers/temp-tree.js';

/** A manifest written as a publish writes it: to a new file, renamed into place. */
async function writeManifest(file: string, hash: string): Promise<void> {
  await writeFile(`${file}.tmp`, JSON.stringify({ halo: 'https://halo.example.com', articles: { 'network/vpn': { hash, haloId: 4 } } }));
  await rename(`${file}.tmp`, file);
}

describe('publishedReader', () => {
  it('sees a manifest written again with the same size and mtime', async () => {
    const file = path.join(await tempDir(), 'manifest.json');
    const read = publishedReader(file);
    // Both writes land in the same tick of the clock (set here to a whole second).
    const tick = 1_796_000_000;
    await writeManifest(file, 'a'.repeat(64));
    await utimes(file, tick, tick);
    const first = await stat(file);
    expect((await read())?.articles.get('network/vpn')?.hash).toBe('a'.repeat(64));
    // The article's new hash is as long as the old one.
    await writeManifest(file, 'b'.repeat(64));
    await utimes(file, tick, tick);
    const second = await stat(file);
    expect([second.size, second.mtimeMs]).toEqual([first.size, first.mtimeMs]);
    expect((await read())?.articles.get('network/vpn')?.hash).toBe('b'.repeat(64));
  });

  it('gives readers that ask while the manifest is being read the new one, not the last', async () => {
    const file = path.join(await tempDir(), 'manifest.json');
    const read = publishedReader(file);
    await writeManifest(file, 'a'.repeat(64));
    expect((await read())?.articles.get('network/vpn')?.hash).toBe('a'.repeat(64));
    // A publish rewrote it; a page and the watcher's event ask at once.
    await writeManifest(file, 'b'.repeat(64));
    const both = await Promise.all([read(), read(), read()]);
    expect(both.map((state) => state?.articles.get('network/vpn')?.hash)).toEqual(['b'.repeat(64), 'b'.repeat(64), 'b'.repeat(64)]);
  });

  it('is undefined without a manifest, and reads one that appears', async () => {
    const file = path.join(await tempDir(), 'manifest.json');
    const read = publishedReader(file);
    expect(await read()).toBeUndefined();
    await writeManifest(file, 'c'.repeat(64));
    expect((await read())?.halo).toBe('https://halo.example.com');
  });
});
