// The Host over any Transport: the setup line before each command, `docker exec` into the
// container when there is one, the command as its own process group so Cancel can stop it with
// its children, and copies as `cat` through the same channel (no scp or sftp needed on the host).
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { t } from '../l10n';
import type { Host, RunOptions, RunResult } from './host';
import { groupedLine, killGroupLine, pidFileFor } from './processGroup';
import { shellQuote as q } from './shellQuote';
import { TarReader } from './tarReader';
import { tarStream } from './tarStream';
import type { Transport } from './transport';

export interface ShellHostOptions {
  name: string;
  /** Run before every command, in the same shell (`source envsetup_pcie.sh`). */
  setup?: string;
  /** A running container on the host: commands run in it through `docker exec`. */
  container?: string;
}

/** `line` run inside `container` with `sh` (`-i` keeps standard input for uploads). */
export function inContainer(container: string, line: string): string {
  return `docker exec -i ${q(container)} sh -c ${q(line)}`;
}

export class ShellHost implements Host {
  readonly name: string;

  constructor(
    private readonly transport: Transport,
    private readonly options: ShellHostOptions,
  ) {
    this.name = options.name;
  }

  /** `line` as sent through the transport: inside the container when there is one. */
  private placed(line: string): string {
    return this.options.container ? inContainer(this.options.container, line) : line;
  }

  async run(line: string, options: RunOptions = {}): Promise<RunResult> {
    if (options.signal?.aborted) return { code: null, cancelled: true };
    const full = this.options.setup && !options.noSetup ? `${this.options.setup}\n${line}` : line;
    const pidFile = pidFileFor(randomBytes(8).toString('hex'));
    const out = new StringDecoder('utf8');
    const err = new StringDecoder('utf8');
    let cancelling: Promise<unknown> | undefined;
    const local = new AbortController();
    const cancel = () => {
      // Stop the group on the host first, and only then the local end, so nothing runs on.
      cancelling = this.transport
        .exec(this.placed(killGroupLine(pidFile)))
        .catch(() => undefined)
        .finally(() => local.abort());
    };
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      const result = await this.transport.exec(this.placed(groupedLine(full, pidFile)), {
        stdin: options.stdin,
        signal: local.signal,
        onStdout: (b) => options.onStdout?.(out.write(b)),
        onStderr: (b) => options.onStderr?.(err.write(b)),
      });
      await cancelling;
      const rest = [out.end(), err.end()];
      if (rest[0]) options.onStdout?.(rest[0]);
      if (rest[1]) options.onStderr?.(rest[1]);
      return options.signal?.aborted ? { code: null, cancelled: true } : { code: result.code, cancelled: false };
    } catch (e) {
      if (options.signal?.aborted) {
        await cancelling;
        return { code: null, cancelled: true };
      }
      throw e;
    } finally {
      options.signal?.removeEventListener('abort', cancel);
    }
  }

  async upload(localPath: string, remotePath: string, signal?: AbortSignal): Promise<void> {
    const temp = `${remotePath}.part-${randomBytes(4).toString('hex')}`;
    const line = `mkdir -p ${q(path.posix.dirname(remotePath))} && cat > ${q(temp)} && mv -f ${q(temp)} ${q(remotePath)}`;
    const r = await this.transport.exec(this.placed(line), { stdin: createReadStream(localPath), signal });
    if (r.code !== 0) throw new Error(t('copying {0} to {1}:{2} failed (exit {3}): {4}', localPath, this.name, remotePath, String(r.code), r.stderrTail.trim()));
  }

  async uploadFiles(localPaths: readonly string[], remoteFolder: string, signal?: AbortSignal): Promise<void> {
    const line = `mkdir -p ${q(remoteFolder)} && tar -xf - -C ${q(remoteFolder)}`;
    const r = await this.transport.exec(this.placed(line), { stdin: tarStream(localPaths), signal });
    if (r.code !== 0) throw new Error(t('copying {0} to {1}:{2} failed (exit {3}): {4}', localPaths.map((p) => path.basename(p)).join(', '), this.name, remoteFolder, String(r.code), r.stderrTail.trim()));
  }

  async download(remotePath: string, localPath: string, signal?: AbortSignal): Promise<void> {
    const temp = path.join(path.dirname(localPath), `.${path.basename(localPath)}.part-${randomBytes(4).toString('hex')}`);
    const file = createWriteStream(temp);
    const opened = new Promise<void>((resolve, reject) => file.once('open', () => resolve()).once('error', reject));
    try {
      await opened;
      const r = await this.transport.exec(this.placed(`cat ${q(remotePath)}`), { signal, onStdout: (b) => file.write(b) });
      await new Promise<void>((resolve, reject) => file.end((e?: Error | null) => (e ? reject(e) : resolve())));
      if (r.code !== 0) throw new Error(t('copying {0}:{1} back failed (exit {2}): {3}', this.name, remotePath, String(r.code), r.stderrTail.trim()));
      await rename(temp, localPath);
    } catch (e) {
      file.destroy();
      await rm(temp, { force: true });
      throw e;
    }
  }

  async downloadFiles(remoteFolder: string, names: readonly string[], localPath: (name: string) => string, options: { signal?: AbortSignal; removeRemoteFolder?: boolean } = {}): Promise<string[]> {
    const wanted = names.map(q).join(' ');
    const remove = options.removeRemoteFolder ? `cd / && rm -rf ${q(remoteFolder)}; ` : '';
    const line = `cd ${q(remoteFolder)} && set -- && for f in ${wanted}; do if [ -f "$f" ]; then set -- "$@" "$f"; fi; done && if [ $# -gt 0 ]; then tar -cf - "$@"; fi; s=$?; ${remove}exit $s`;
    const tag = randomBytes(4).toString('hex');
    const temps = new Map<string, string>();
    const finished: Promise<void>[] = [];
    const reader = new TarReader((name) => {
      if (!names.includes(name) || temps.has(name)) return undefined;
      const target = localPath(name);
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.npu-deploy-${tag}`);
      temps.set(name, temp);
      const out = createWriteStream(temp);
      finished.push(new Promise((resolve, reject) => out.once('finish', () => resolve()).once('error', reject)));
      return out;
    });
    try {
      const r = await this.transport.exec(this.placed(line), { signal: options.signal, onStdout: (b) => reader.write(b) });
      await Promise.all(finished);
      if (options.signal?.aborted) throw new Error(t('cancelled'));
      if (r.code !== 0) throw new Error(t('copying {0}:{1} back failed (exit {2}): {3}', this.name, remoteFolder, String(r.code), r.stderrTail.trim()));
      for (const [name, temp] of temps) await rename(temp, localPath(name));
      return names.filter((n) => temps.has(n));
    } catch (e) {
      await Promise.allSettled(finished);
      await Promise.all([...temps.values()].map((temp) => rm(temp, { force: true })));
      throw e;
    }
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
