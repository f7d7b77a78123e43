// The host's side of callstack links: which frames name a file inside the workspace (only those
// become links), and opening such a file at its line. The check is made again on open, since the
// request comes from the webview, whose content is the model's.

import * as vscode from 'vscode';
import { parsePythonFrame } from '../core/formats/paddle/callstackFrames';
import { pathsInsideFolders } from '../core/insideFolders';
import type { CallstackFrame } from '../protocol/messages';

function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

async function isFile(file: string): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(vscode.Uri.file(file))).type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

/** The first existing file inside the workspace that `file` names, or undefined. */
export async function resolveInWorkspace(file: string): Promise<string | undefined> {
  for (const candidate of pathsInsideFolders(file, workspaceFolderPaths())) {
    if (await isFile(candidate)) return candidate;
  }
  return undefined;
}

/** The callstack's entries, each with its file and line when the file is in the workspace. */
export async function callstackFrames(entries: readonly string[]): Promise<CallstackFrame[]> {
  const resolved = new Map<string, Promise<string | undefined>>();
  return Promise.all(entries.map(async (text) => {
    const frame = parsePythonFrame(text);
    if (!frame) return { text };
    let file = resolved.get(frame.file);
    if (!file) resolved.set(frame.file, (file = resolveInWorkspace(frame.file)));
    const inside = await file;
    return inside ? { text, source: { file: inside, line: frame.line } } : { text };
  }));
}

/** Opens `file` at `line` when it is inside the workspace; false otherwise. */
export async function openSourceLine(file: string, line: number): Promise<boolean> {
  const inside = await resolveInWorkspace(file);
  if (!inside || !Number.isSafeInteger(line) || line < 1) return false;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(inside));
  const at = Math.min(line - 1, Math.max(doc.lineCount - 1, 0));
  const range = doc.lineAt(at).range;
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Selection(range.start, range.end) });
  return true;
}
