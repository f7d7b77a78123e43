// The local side of a job's copies: a digest of what is to be uploaded (the same files give the
// same folder on the host, so an unchanged model is not sent again), and results brought back
// all-or-nothing: every file under a temporary name first, renamed only once all have arrived.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { Host } from './host';

/** Hex SHA-256 over each file's name and bytes, in the order given. */
export async function filesDigest(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${path.basename(file)}\0`);
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * Downloads each `remote` to its `local` path; the local files appear together at the end, and
 * when any copy fails (or is cancelled) none of them is left behind.
 */
export async function downloadAll(host: Host, files: readonly { remote: string; local: string }[], signal?: AbortSignal): Promise<void> {
  const tag = randomBytes(4).toString('hex');
  const temps = files.map((f) => path.join(path.dirname(f.local), `.${path.basename(f.local)}.npu-deploy-${tag}`));
  try {
    for (let i = 0; i < files.length; i++) {
      if (signal?.aborted) throw signal.reason ?? new Error('cancelled');
      await host.download(files[i].remote, temps[i], signal);
    }
    for (let i = 0; i < files.length; i++) await rename(temps[i], files[i].local);
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw e;
  }
}
