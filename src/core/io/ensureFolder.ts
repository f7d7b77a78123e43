// Creates a folder and its missing parents one level at a time. Node's own recursive mkdir loops
// forever where a file system answers ENOENT for a parent that exists (/proc/x), so the levels
// are made here, from the deepest existing one down, and the first refusal is final.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export async function ensureFolder(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    const stat = await fsp.stat(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (stat) {
      if (!stat.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', path: dir, syscall: 'mkdir' });
      break;
    }
    missing.push(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of missing.reverse()) {
    await fsp.mkdir(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
}
