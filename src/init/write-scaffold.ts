/**
 * Write the scaffold to disk, refusing (before writing anything) when a file is already there,
 * unless forced: a docs repository is someone's work, and half a scaffold is worse than none.
 */
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HaloKbError } from '../errors.js';
import type { ScaffoldFile, Templates } from './scaffold.js';

export interface WriteResult {
  written: string[];
  /** Files that existed and were replaced (only with force). */
  replaced: string[];
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** The templates shipped with halo-kb (the package's templates/ folder). */
export async function packageTemplates(): Promise<Templates> {
  // src/init and dist/init both sit two levels below the package root.
  const dir = new URL('../../templates/', import.meta.url);
  const [article, pdf] = await Promise.all([readFile(new URL('article.html', dir), 'utf8'), readFile(new URL('pdf.html', dir), 'utf8')]);
  return { article, pdf };
}

export async function writeScaffold(root: string, files: readonly ScaffoldFile[], force: boolean): Promise<WriteResult> {
  const present: string[] = [];
  for (const f of files) if (await exists(path.join(root, ...f.path.split('/')))) present.push(f.path);
  if (present.length > 0 && !force) {
    throw new HaloKbError('INIT_FILES_EXIST', `Not overwriting existing files: ${present.join(', ')}.`, {
      hint: 'Move them aside, or run "halo-kb init --force" to replace them with the defaults.',
    });
  }
  for (const f of files) {
    const file = path.join(root, ...f.path.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, f.content);
  }
  return { written: files.map((f) => f.path), replaced: present };
}
