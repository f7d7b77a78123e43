// A file system that lives in memory, registered under a scheme of its own: what a virtual
// workspace (a remote repository, another extension's files) looks like to our extension. Files
// are real bytes; only where they are kept differs from the disk.
import * as vscode from 'vscode';

type Entry = { type: vscode.FileType.File; data: Uint8Array; mtime: number } | { type: vscode.FileType.Directory; names: Set<string>; mtime: number };

export class MemFs implements vscode.FileSystemProvider {
  private readonly entries = new Map<string, Entry>([['/', { type: vscode.FileType.Directory, names: new Set(), mtime: Date.now() }]]);
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  constructor(readonly scheme: string) {}

  uri(path: string): vscode.Uri {
    return vscode.Uri.from({ scheme: this.scheme, path });
  }

  private entry(uri: vscode.Uri): Entry {
    const e = this.entries.get(uri.path);
    if (!e) throw vscode.FileSystemError.FileNotFound(uri);
    return e;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const e = this.entry(uri);
    return { type: e.type, ctime: e.mtime, mtime: e.mtime, size: e.type === vscode.FileType.File ? e.data.length : 0 };
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const e = this.entry(uri);
    if (e.type !== vscode.FileType.Directory) throw vscode.FileSystemError.FileNotADirectory(uri);
    return [...e.names].map((name) => [name, this.entries.get(`${uri.path === '/' ? '' : uri.path}/${name}`)!.type]);
  }

  createDirectory(uri: vscode.Uri): void {
    this.entries.set(uri.path, { type: vscode.FileType.Directory, names: new Set(), mtime: Date.now() });
    this.link(uri.path);
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const e = this.entry(uri);
    if (e.type !== vscode.FileType.File) throw vscode.FileSystemError.FileIsADirectory(uri);
    return e.data;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.entries.set(uri.path, { type: vscode.FileType.File, data: content, mtime: Date.now() });
    this.link(uri.path);
  }

  delete(uri: vscode.Uri): void {
    this.entries.delete(uri.path);
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('rename');
  }

  private link(path: string): void {
    const cut = path.lastIndexOf('/');
    const parent = this.entries.get(cut <= 0 ? '/' : path.slice(0, cut));
    if (parent?.type === vscode.FileType.Directory) parent.names.add(path.slice(cut + 1));
  }
}
