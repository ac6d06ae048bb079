/**
 * Write the scaffold to disk, into a new folder or an existing repository: a file that is already
 * there is kept (halo-kb's own files are replaced with `force`), or gets the scaffold's part merged
 * in (.gitignore, package.json). Everything that can stop it is found before anything is written
 * (a file where a folder goes, a folder that may not be written, a package.json that is not JSON):
 * a docs repository is someone's work, and half a scaffold is worse than none.
 */
import { constants } from 'node:fs';
import { access, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERRORS, HaloKbError } from '../errors.js';
import type { ScaffoldFile, Templates } from './scaffold.js';

/**
 * What became of each file: `written` (new), `replaced` (halo-kb's own, with force), `kept` (it
 * exists), `merged` (the scaffold's part added), `unchanged` (it had that part already).
 */
export type Outcome = 'written' | 'replaced' | 'kept' | 'merged' | 'unchanged';

export interface FileOutcome {
  path: string;
  outcome: Outcome;
  /** What was merged, or why nothing was. */
  note?: string;
}

export interface WriteOptions {
  force: boolean;
  /** How a path is shown in errors (relative to where the user is). */
  shown?: (absolute: string) => string;
}

type Found = 'missing' | 'folder' | 'file';

async function found(p: string): Promise<Found> {
  try {
    return (await stat(p)).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    // ENOTDIR: a file stands somewhere above it; the walk up finds which.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
}

/** What a failed file-system call means to a user. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
      return 'permission denied';
    case 'EPERM':
      return 'the operation is not permitted (the folder may be locked or immutable)';
    case 'EROFS':
      return 'it is on a read-only file system';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The folder to write into must be a folder (or creatable under the nearest existing folder above
 * it), and that folder must be writable: checked before anything is written.
 */
async function checkRoot(root: string, shown: (p: string) => string): Promise<void> {
  let at = root;
  let kind = await found(at);
  while (kind === 'missing' && path.dirname(at) !== at) {
    at = path.dirname(at);
    kind = await found(at);
  }
  if (kind === 'file') {
    const message = at === root ? `Cannot write a docs repository into ${shown(root)}: it is a file, not a folder.` : `Cannot create the folder ${shown(root)}: ${shown(at)} is a file, not a folder.`;
    throw new HaloKbError('INIT_NOT_A_FOLDER', message);
  }
  try {
    await access(at, constants.W_OK | constants.X_OK);
  } catch (error) {
    const where = at === root ? `into ${shown(root)}` : `the folder ${shown(root)} in ${shown(at)}`;
    throw new HaloKbError('INIT_NOT_WRITABLE', `Cannot write ${where}: ${reason(error)}.`, {
      cause: error,
    });
  }
}

/** Files standing where the scaffold needs a folder, and folders where it needs a file. */
async function obstacles(root: string, files: readonly ScaffoldFile[]): Promise<string[]> {
  const folders = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  const blocked: string[] = [];
  for (const folder of folders) {
    if ((await found(path.join(root, ...folder.split('/')))) === 'file') blocked.push(`${folder} is a file where a folder goes`);
  }
  for (const f of files) {
    if ((await found(path.join(root, ...f.path.split('/')))) === 'folder') blocked.push(`${f.path} is a folder where a file goes`);
  }
  return blocked;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** The folder of the running halo-kb package: src/init and dist/init both sit two levels below it. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The templates shipped with halo-kb (the package's templates/ folder). */
export async function packageTemplates(): Promise<Templates> {
  const dir = new URL('../../templates/', import.meta.url);
  const [article, pdf] = await Promise.all([readFile(new URL('article.html', dir), 'utf8'), readFile(new URL('pdf.html', dir), 'utf8')]);
  return { article, pdf };
}

/** What to do with each file, decided before anything is written. */
async function decide(root: string, files: readonly ScaffoldFile[], options: WriteOptions, shown: (p: string) => string): Promise<{ file: ScaffoldFile; outcome: FileOutcome; content?: string }[]> {
  const plan = [];
  for (const f of files) {
    const file = path.join(root, ...f.path.split('/'));
    if (!(await exists(file))) {
      plan.push({ file: f, outcome: { path: f.path, outcome: 'written' as const }, content: f.content });
    } else if (f.merge !== undefined) {
      const merged = f.merge(await readFile(file, 'utf8'), shown(file));
      plan.push(
        merged.kind === 'merged'
          ? { file: f, outcome: { path: f.path, outcome: 'merged' as const, note: merged.note }, content: merged.content }
          : { file: f, outcome: { path: f.path, outcome: 'unchanged' as const, note: merged.note } },
      );
    } else if (f.own === true && options.force) {
      plan.push({ file: f, outcome: { path: f.path, outcome: 'replaced' as const }, content: f.content });
    } else {
      plan.push({ file: f, outcome: { path: f.path, outcome: 'kept' as const } });
    }
  }
  return plan;
}

export async function writeScaffold(root: string, files: readonly ScaffoldFile[], options: WriteOptions): Promise<FileOutcome[]> {
  const shown = options.shown ?? ((p: string) => p);
  await checkRoot(root, shown);
  const blocked = await obstacles(root, files);
  if (blocked.length > 0) {
    throw new HaloKbError('INIT_PATH_BLOCKED', `Cannot write the scaffold into ${shown(root)}: ${blocked.join('; ')}.`);
  }
  const plan = await decide(root, files, options, shown);
  const written: string[] = [];
  for (const { file: f, content } of plan) {
    if (content === undefined) continue;
    const file = path.join(root, ...f.path.split('/'));
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
    } catch (error) {
      const done = written.length === 0 ? 'nothing was written' : `already written: ${written.join(', ')}`;
      throw new HaloKbError('INIT_WRITE_FAILED', `Could not write ${shown(file)}: ${reason(error)}.`, {
        hint: ERRORS.INIT_WRITE_FAILED.hint(done),
        cause: error,
      });
    }
    written.push(f.path);
  }
  return plan.map((p) => p.outcome);
}
