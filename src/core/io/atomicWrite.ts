// Every file we write goes to a temporary name beside its target and is renamed when complete,
// so a crash, a cancel or a full disk never leaves a user's file half-written.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

function temporaryNameFor(target: string): string {
  const dir = path.dirname(target);
  const base = path.basename(target);
  return path.join(dir, `.${base}.${process.pid}.${Date.now().toString(36)}.tmp`);
}

export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  await writeStreamAtomic(target, async (handle) => {
    await handle.writeFile(data);
  });
}

/** Gives `write` an open handle on a temporary file; renames it over `target` only if `write` succeeds. */
export async function writeStreamAtomic(target: string, write: (handle: fsp.FileHandle) => Promise<void>): Promise<void> {
  const temporary = temporaryNameFor(target);
  const handle = await fsp.open(temporary, 'wx');
  let ok = false;
  try {
    await write(handle);
    await handle.sync();
    ok = true;
  } finally {
    await handle.close();
    if (!ok) await fsp.rm(temporary, { force: true });
  }
  try {
    await fsp.rename(temporary, target);
  } catch (e) {
    await fsp.rm(temporary, { force: true });
    throw e;
  }
}

/**
 * A whole folder written the same way: `fill` writes into a hidden temporary folder under `parent`,
 * which is then renamed to the first free name of `nameFor(0)`, `nameFor(1)` … so nothing existing
 * is ever replaced, and a failed or cancelled fill leaves nothing behind. `seal` runs just before
 * the rename with the final path (a log that names where the folder ends up). Returns that path.
 */
export async function writeFolderAtomic(
  parent: string,
  nameFor: (attempt: number) => string,
  fill: (temporary: string) => Promise<void>,
  seal?: (temporary: string, target: string) => Promise<void>,
): Promise<string> {
  const temporary = temporaryNameFor(path.join(parent, nameFor(0)));
  await fsp.mkdir(temporary);
  try {
    await fill(temporary);
    for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
      const target = path.join(parent, nameFor(attempt));
      // rename(2) would silently replace an empty folder of that name: look first.
      if (await taken(target)) continue;
      await seal?.(temporary, target);
      try {
        await fsp.rename(temporary, target);
        return target;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw e;
      }
    }
    throw new Error(`no free name for ${nameFor(0)} in ${parent}`);
  } catch (e) {
    await fsp.rm(temporary, { recursive: true, force: true });
    throw e;
  }
}

const MAX_NAME_ATTEMPTS = 1000;

async function taken(target: string): Promise<boolean> {
  try {
    await fsp.lstat(target);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
