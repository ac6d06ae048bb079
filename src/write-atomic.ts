/**
 * Write a file whole or not at all: into a temporary file beside it, then renamed over it. A
 * crash, a full disk or a refused write never leaves half a file where a reader looks for it.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** `data` in parts is written part after part. */
export async function writeFileAtomic(file: string, data: string | Uint8Array | Iterable<Uint8Array>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true, recursive: true }).catch(() => undefined);
    throw error;
  }
}
