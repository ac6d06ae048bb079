/**
 * Content trees for tests, written to a fresh folder under os.tmpdir() and removed after the test
 * file. Files are plain text unless given as bytes.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterThisFile } from './teardown.js';

export type TreeFiles = Record<string, string | Uint8Array>;

/** A new empty folder, removed when the test file ends. */
export async function tempDir(prefix = 'halo-kb-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  afterThisFile(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Write `files` (paths relative to `root`, forward slashes) under `root`. */
export async function writeTree(root: string, files: TreeFiles): Promise<void> {
  await Promise.all(
    Object.entries(files).map(async ([rel, data]) => {
      const file = path.join(root, ...rel.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data);
    }),
  );
}

/** A project folder holding `files`; returns its absolute path. */
export async function makeProject(files: TreeFiles): Promise<string> {
  const root = await tempDir();
  await writeTree(root, files);
  return root;
}
