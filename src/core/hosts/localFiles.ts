// The local side of a job's copies: a digest of what is to be uploaded (the same files give the
// same folder on the host, so an unchanged model is not sent again), and removal of a result
// that must not stay.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import * as path from 'node:path';

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

/** Removes a local file (a result that must not stay); a file already gone is fine. */
export async function removeLocal(file: string): Promise<void> {
  await rm(file, { force: true });
}
