// Where a tar stream of results from a host lands: each wanted file written under a temporary
// name beside its target as it arrives, all renamed together once the transfer is known to be
// complete, or all removed, so a failed, cancelled or lost copy leaves nothing half-written.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { TarReader } from './tarReader';

export class TarLanding {
  private readonly tag = randomBytes(4).toString('hex');
  private readonly temps = new Map<string, string>();
  private readonly finished: Promise<void>[] = [];
  private readonly reader: TarReader;

  constructor(
    private readonly names: readonly string[],
    private readonly localPath: (name: string) => string,
  ) {
    this.reader = new TarReader((name) => {
      if (!names.includes(name) || this.temps.has(name)) return undefined;
      const target = localPath(name);
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.npu-deploy-${this.tag}`);
      this.temps.set(name, temp);
      const out = createWriteStream(temp);
      this.finished.push(new Promise((resolve, reject) => out.once('finish', () => resolve()).once('error', reject)));
      return out;
    });
  }

  /** Bytes of the stream, as they come. */
  write(chunk: Buffer): void {
    this.reader.write(chunk);
  }

  /** The transfer is complete: every file in place under its own name. Resolves with the names that came. */
  async keep(): Promise<string[]> {
    await Promise.all(this.finished);
    for (const [name, temp] of this.temps) await rename(temp, this.localPath(name));
    return this.names.filter((n) => this.temps.has(n));
  }

  /** The transfer failed: nothing of it stays. */
  async discard(): Promise<void> {
    await Promise.allSettled(this.finished);
    await Promise.all([...this.temps.values()].map((temp) => rm(temp, { force: true })));
  }
}
