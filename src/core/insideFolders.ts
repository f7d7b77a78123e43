// Whether a path named by a model (a callstack frame's file) lies inside one of the user's
// folders. Links from model contents must only ever open the user's own files: an absolute path
// counts only when it is under a folder, a relative one is taken from each folder in turn, and
// `..` may not climb out of the folder it started in.

import * as path from 'node:path';

/**
 * The candidates inside `folders` that `file` may name, in folder order (the caller keeps the
 * first that exists). Empty when the path leads outside every folder.
 */
export function pathsInsideFolders(file: string, folders: readonly string[], p: typeof path.posix = path): string[] {
  const out: string[] = [];
  for (const folder of folders) {
    const candidate = p.isAbsolute(file) ? p.normalize(file) : p.join(folder, file);
    const rel = p.relative(folder, candidate);
    if (rel !== '' && rel !== '..' && !rel.startsWith(`..${p.sep}`) && !p.isAbsolute(rel)) out.push(candidate);
  }
  return out;
}
