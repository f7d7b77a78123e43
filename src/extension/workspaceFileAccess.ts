// FileAccess over VS Code's workspace.fs, for models in virtual workspaces (a GitHub repository
// opened remotely, a file system another extension provides): the readers see the URI's path
// and find weights beside the model as they would on disk. workspace.fs has no ranged reads, so
// a file is read whole once and kept while it is open.

import * as vscode from 'vscode';
import { FileAccessError, type EntryKind, type FileAccess, type FileStat, type OpenFile } from '../core/io/fileAccess';

/** Above this a virtual file is not read into memory (workspace.fs gives whole files only). */
const MAX_VIRTUAL_FILE_BYTES = 1024 * 1024 * 1024;

function kindOf(type: vscode.FileType): EntryKind {
  if (type & vscode.FileType.Directory) return 'directory';
  if (type & vscode.FileType.File) return 'file';
  return 'other';
}

function codeOf(e: unknown): string {
  if (e instanceof vscode.FileSystemError) {
    switch (e.code) {
      case 'FileNotFound':
        return 'ENOENT';
      case 'FileIsADirectory':
        return 'EISDIR';
      case 'NoPermissions':
        return 'EACCES';
      case 'Unavailable':
        return 'EUNAVAILABLE';
      default:
        return e.code || 'EIO';
    }
  }
  return 'EIO';
}

export class WorkspaceFileAccess implements FileAccess {
  /** `base` gives the scheme and authority; core's paths are its `path`. */
  constructor(private readonly base: vscode.Uri) {}

  uriOf(path: string): vscode.Uri {
    return this.base.with({ path: path.replace(/\\/g, '/') });
  }

  async stat(path: string): Promise<FileStat> {
    try {
      const s = await vscode.workspace.fs.stat(this.uriOf(path));
      return { kind: kindOf(s.type), size: s.size, mtimeMs: s.mtime };
    } catch (e) {
      throw new FileAccessError(codeOf(e), path, e instanceof Error ? e.message : String(e));
    }
  }

  async open(path: string): Promise<OpenFile> {
    const bytes = await this.readBytes(path, MAX_VIRTUAL_FILE_BYTES);
    return {
      path,
      size: bytes.length,
      read: async (position, length) => bytes.slice(position, Math.min(bytes.length, position + length)),
      close: async () => undefined,
    };
  }

  async readBytes(path: string, maxBytes = MAX_VIRTUAL_FILE_BYTES): Promise<Uint8Array> {
    const stat = await this.stat(path);
    if (stat.kind === 'directory') throw new FileAccessError('EISDIR', path);
    if (stat.kind !== 'file') throw new FileAccessError('ENOTREG', path);
    if (stat.size > maxBytes) throw new FileAccessError('EFBIG', path);
    try {
      return await vscode.workspace.fs.readFile(this.uriOf(path));
    } catch (e) {
      throw new FileAccessError(codeOf(e), path, e instanceof Error ? e.message : String(e));
    }
  }

  async readText(path: string, maxBytes?: number): Promise<string> {
    return new TextDecoder().decode(await this.readBytes(path, maxBytes));
  }

  async list(path: string): Promise<string[]> {
    try {
      return (await vscode.workspace.fs.readDirectory(this.uriOf(path))).map(([name]) => name);
    } catch (e) {
      throw new FileAccessError(codeOf(e), path, e instanceof Error ? e.message : String(e));
    }
  }
}
