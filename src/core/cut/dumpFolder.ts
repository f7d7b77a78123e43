// Where the dump files of a Dump Data Path are. Golden .npy folders hold them directly; an NPU
// dump path holds them five levels down, `{time}/{device_id}/{model_name}/{model_id}/{dump_step}/`
// (../shared/toolchains.md §7.4), and users give the dump_path they set in acl.json. So when the
// folder itself holds no dump file, its subfolders are searched (that deep, no deeper), and the
// newest run's first step is taken, with a warning naming it when there was a choice.

import * as path from 'node:path';
import { ModelFormatError, wholeFile } from '../errors';
import { FileAccessError, isDirectory, type FileAccess } from '../io/fileAccess';
import { t } from '../l10n';
import { parseDumpFileName } from './dumpFileNames';

/** How deep an NPU dump's files sit under its dump_path. */
const NPU_DUMP_DEPTH = 5;
/** Folders looked at, at most: a dump path with thousands of runs is not walked whole. */
const MAX_FOLDERS = 2000;

export interface DumpFolder {
  /** The folder whose files are used. */
  dir: string;
  files: string[];
  warnings: string[];
}

export async function findDumpFolder(fs: FileAccess, dumpDir: string): Promise<DumpFolder> {
  const top = await list(fs, dumpDir);
  if (top.some((f) => parseDumpFileName(f))) return { dir: dumpDir, files: top, warnings: [] };
  const found: string[] = [];
  let visited = 0;
  const walk = async (dir: string, names: string[], depth: number): Promise<void> => {
    for (const name of [...names].sort()) {
      const child = path.join(dir, name);
      if (visited >= MAX_FOLDERS || !(await isDirectory(fs, child))) continue;
      visited++;
      const inner = await list(fs, child);
      if (inner.some((f) => parseDumpFileName(f))) found.push(child);
      else if (depth < NPU_DUMP_DEPTH) await walk(child, inner, depth + 1);
    }
  };
  await walk(dumpDir, top, 1);
  if (found.length === 0) return { dir: dumpDir, files: top, warnings: [] };
  // The newest run (the time folder sorts last) and, in it, the first step (sorts first).
  const newest = path.relative(dumpDir, found[found.length - 1]).split(path.sep)[0];
  const chosen = found.find((f) => path.relative(dumpDir, f).split(path.sep)[0] === newest)!;
  const warnings = found.length > 1 ? [t('the dump folder holds dump files in {0} folders; those of {1} are used', found.length, chosen)] : [];
  return { dir: chosen, files: await list(fs, chosen), warnings };
}

async function list(fs: FileAccess, dir: string): Promise<string[]> {
  try {
    return await fs.list(dir);
  } catch (e) {
    if (e instanceof FileAccessError) throw new ModelFormatError(dir, wholeFile, t('cannot read the dump folder ({0})', e.code));
    throw e;
  }
}
