// The Host over any Transport: the setup line before each command, `docker exec` into the
// container when there is one, the command as its own process group so Cancel can stop it with
// its children, and copies as `cat` through the same channel (no scp or sftp needed on the host).
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { t } from '../l10n';
import type { Collect, CollectResult, Host, RunOptions, RunResult } from './host';
import { groupedLine, killGroupLine, pidFileFor } from './processGroup';
import { shellQuote as q } from './shellQuote';
import { TarLanding } from './tarLanding';
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

/** What stderr says, and the status, when the results of runThenCollect could not be sent; only read together. */
const COPY_BACK_FAILED = 'npu-deploy:copy-back-failed';
const COPY_BACK_FAILED_STATUS = 88;

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
    const out = new StringDecoder('utf8');
    const result = await this.runBytes(line, options, (b) => options.onStdout?.(out.write(b)));
    const rest = out.end();
    if (rest) options.onStdout?.(rest);
    return result;
  }

  /** run() with the standard output as the bytes they are (a tar stream, for one). */
  private async runBytes(line: string, options: Omit<RunOptions, 'onStdout'>, onStdout: (b: Buffer) => void): Promise<RunResult> {
    if (options.signal?.aborted) return { code: null, cancelled: true };
    const full = this.options.setup && !options.noSetup ? `${this.options.setup}\n${line}` : line;
    const pidFile = pidFileFor(randomBytes(8).toString('hex'));
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
        onStdout,
        onStderr: (b) => options.onStderr?.(err.write(b)),
      });
      await cancelling;
      const rest = err.end();
      if (rest) options.onStderr?.(rest);
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
    const landing = new TarLanding(names, localPath);
    try {
      const r = await this.transport.exec(this.placed(line), { signal: options.signal, onStdout: (b) => landing.write(b) });
      if (options.signal?.aborted) throw new Error(t('cancelled'));
      if (r.code !== 0) throw new Error(t('copying {0}:{1} back failed (exit {2}): {3}', this.name, remoteFolder, String(r.code), r.stderrTail.trim()));
      return await landing.keep();
    } catch (e) {
      await landing.discard();
      throw e;
    }
  }

  async runThenCollect(line: string, collect: Collect, options: Omit<RunOptions, 'onStdout'> = {}): Promise<CollectResult> {
    const folder = q(collect.remoteFolder);
    const wanted = collect.names.map(q).join(' ');
    // The line in a subshell of its own (its `exit` and `cd` stay there), its standard output
    // joined to its errors: standard output carries the results' tar stream, and only once the
    // line has succeeded. The folder goes either way; a failed copy says so with its own status.
    const script = [
      `( ${line}\n) 1>&2; s=$?`,
      `if [ $s -eq 0 ]; then cd ${folder} && set -- && for f in ${wanted}; do if [ -f "$f" ]; then set -- "$@" "$f"; fi; done && if [ $# -gt 0 ]; then tar -cf - "$@"; fi || { echo ${COPY_BACK_FAILED} >&2; s=${COPY_BACK_FAILED_STATUS}; }; fi`,
      `cd / && rm -rf ${folder}; exit $s`,
    ].join('\n');
    const landing = new TarLanding(collect.names, collect.localPath);
    let copyFailed = false;
    let copyError = '';
    const onStderr = (text: string) => {
      if (text.includes(COPY_BACK_FAILED)) {
        copyFailed = true;
        text = text.replace(`${COPY_BACK_FAILED}\n`, '');
      }
      if (copyFailed) copyError = (copyError + text).slice(-4096);
      if (text) options.onStderr?.(text);
    };
    try {
      const r = await this.runBytes(script, { ...options, onStderr }, (b) => landing.write(b));
      if (r.cancelled || r.code !== 0) {
        await landing.discard();
        if (copyFailed && r.code === COPY_BACK_FAILED_STATUS) throw new Error(t('copying {0}:{1} back failed (exit {2}): {3}', this.name, collect.remoteFolder, String(r.code), copyError.trim()));
        return { ...r, fetched: [] };
      }
      return { ...r, fetched: await landing.keep() };
    } catch (e) {
      await landing.discard();
      throw e;
    }
  }

  connect(): Promise<void> {
    return this.transport.connect();
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
