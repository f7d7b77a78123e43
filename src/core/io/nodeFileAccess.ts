// FileAccess over the local disk. Only regular files are opened: a FIFO would block the event
// loop's reader forever and `/dev/zero` has no end, and either can arrive as a symlink in a
// cloned repository. Files are opened non-blocking and checked on the open handle, so a file
// swapped for a FIFO between stat and open is still refused.

import { constants, promises as fsp } from 'node:fs';
import { FileAccessError, type EntryKind, type FileAccess, type FileStat, type OpenFile } from './fileAccess';

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function kindOf(stat: { isFile(): boolean; isDirectory(): boolean }): EntryKind {
  return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
}

function asAccessError(e: unknown, path: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' ? new FileAccessError(code, path, (e as Error).message) : e;
}

class NodeOpenFile implements OpenFile {
  constructor(
    readonly path: string,
    private readonly handle: fsp.FileHandle,
    readonly size: number,
  ) {}

  async read(position: number, length: number): Promise<Uint8Array> {
    const buffer = new Uint8Array(Math.max(0, Math.min(length, this.size - position)));
    const done = await this.readInto(position, buffer);
    return done === buffer.length ? buffer : buffer.subarray(0, done);
  }

  async readInto(position: number, target: Uint8Array): Promise<number> {
    const want = Math.max(0, Math.min(target.length, this.size - position));
    let done = 0;
    while (done < want) {
      const { bytesRead } = await this.handle.read(target, done, want - done, position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

export class NodeFileAccess implements FileAccess {
  async stat(path: string): Promise<FileStat> {
    try {
      const s = await fsp.stat(path);
      return { kind: kindOf(s), size: s.size, mtimeMs: s.mtimeMs };
    } catch (e) {
      throw asAccessError(e, path);
    }
  }

  async open(path: string): Promise<OpenFile> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(path, OPEN_FLAGS);
    } catch (e) {
      throw asAccessError(e, path);
    }
    try {
      const s = await handle.stat();
      if (s.isDirectory()) throw new FileAccessError('EISDIR', path);
      if (!s.isFile()) throw new FileAccessError('ENOTREG', path);
      return new NodeOpenFile(path, handle, s.size);
    } catch (e) {
      await handle.close();
      throw asAccessError(e, path);
    }
  }

  async readBytes(path: string, maxBytes = Number.MAX_SAFE_INTEGER): Promise<Uint8Array> {
    const file = await this.open(path);
    try {
      if (file.size > maxBytes) throw new FileAccessError('EFBIG', path);
      return await file.read(0, file.size);
    } finally {
      await file.close();
    }
  }

  async readText(path: string, maxBytes?: number): Promise<string> {
    return Buffer.from(await this.readBytes(path, maxBytes)).toString('utf8');
  }

  async list(path: string): Promise<string[]> {
    try {
      return await fsp.readdir(path);
    } catch (e) {
      throw asAccessError(e, path);
    }
  }
}

/** The one instance the CLI, the tests and the extension's local files share. */
export const nodeFileAccess: FileAccess = new NodeFileAccess();
