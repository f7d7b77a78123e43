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
