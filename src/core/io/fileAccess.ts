// The one door through which src/core reads files. Readers never call `node:fs` themselves: the
// CLI and tests pass the Node implementation, the extension passes one over `workspace.fs` for
// virtual workspaces, and a remote host could pass its own. Paths are plain strings in the
// implementation's own form (an absolute path; for workspace.fs, the URI's path).

export type EntryKind = 'file' | 'directory' | 'other';

export interface FileStat {
  kind: EntryKind;
  size: number;
  mtimeMs: number;
}

/** A file opened for positioned reads: weight indexes walk big files a header at a time. */
export interface OpenFile {
  readonly path: string;
  readonly size: number;
  /** Up to `length` bytes at `position`; fewer only at the end of the file. */
  read(position: number, length: number): Promise<Uint8Array>;
  /**
   * Like read, into `target` (its whole length) instead of a new array; the count read, fewer
   * only at the end of the file. Optional: a reader streaming gigabytes reuses its buffers with
   * it, so memory is not left to the garbage collector's pace.
   */
  readInto?(position: number, target: Uint8Array): Promise<number>;
  close(): Promise<void>;
}

export interface FileAccess {
  /** Where the entry is and what it is; throws FileAccessError('ENOENT') when there is none. */
  stat(path: string): Promise<FileStat>;
  /** Opens a regular file (never a FIFO, device or folder) for reading ranges. */
  open(path: string): Promise<OpenFile>;
  /** A whole regular file as UTF-8 text; FileAccessError('EFBIG') above `maxBytes`. */
  readText(path: string, maxBytes?: number): Promise<string>;
  /** A whole regular file as bytes; FileAccessError('EFBIG') above `maxBytes`. */
  readBytes(path: string, maxBytes?: number): Promise<Uint8Array>;
  /** The names in a folder (not paths), in no particular order. */
  list(path: string): Promise<string[]>;
}

/**
 * A file system refusal, with the errno-style code the messages show (`ENOENT`, `EACCES`) or
 * ours: `ENOTREG` for a FIFO, device or socket where a file was expected, `EFBIG` above a cap.
 */
export class FileAccessError extends Error {
  override readonly name = 'FileAccessError';
  constructor(
    readonly code: string,
    readonly path: string,
    message?: string,
  ) {
    super(message ?? `${code}: ${path}`);
  }
}

/** Whether `path` is there at all (any kind). */
export async function exists(fs: FileAccess, path: string): Promise<boolean> {
  return (await statOrUndefined(fs, path)) !== undefined;
}

export async function statOrUndefined(fs: FileAccess, path: string): Promise<FileStat | undefined> {
  try {
    return await fs.stat(path);
  } catch (e) {
    if (e instanceof FileAccessError) return undefined;
    throw e;
  }
}

export async function isFile(fs: FileAccess, path: string): Promise<boolean> {
  return (await statOrUndefined(fs, path))?.kind === 'file';
}

export async function isDirectory(fs: FileAccess, path: string): Promise<boolean> {
  return (await statOrUndefined(fs, path))?.kind === 'directory';
}

/** Runs `fn` with the file open and always closes it. */
export async function withOpenFile<T>(fs: FileAccess, path: string, fn: (file: OpenFile) => Promise<T>): Promise<T> {
  const file = await fs.open(path);
  try {
    return await fn(file);
  } finally {
    await file.close();
  }
}
