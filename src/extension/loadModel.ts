// Reads a model for the viewer on the extension host, through the one ModelService, and turns it
// into what the webview gets: the summary as JSON and the graph as typed arrays. Files on disk
// are read where they are; files of virtual workspaces through workspace.fs, with their weights
// found beside them as on disk. An editor's unsaved prototxt text is read as it stands.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { InternalError, ModelFormatError, formatProblem, oneLine, placeText } from '../core/errors';
import { toCompactGraph, type CompactGraph } from '../core/graph/compactGraph';
import type { FileAccess } from '../core/io/fileAccess';
import { nodeFileAccess } from '../core/io/nodeFileAccess';
import type { OpenedModel } from '../core/model';
import { modelSummary } from '../core/modelInfo';
import type { ModelService } from '../core/modelService';
import type { ModelErrorView, ModelView } from '../protocol/messages';
import { WorkspaceFileAccess } from './workspaceFileAccess';

export type LoadResult =
  | { ok: true; model: ModelView; graph: CompactGraph; opened: Readonly<OpenedModel> }
  | { ok: false; error: ModelErrorView };

export function displayPath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
}

export function baseName(uri: vscode.Uri): string {
  return path.posix.basename(uri.path);
}

/** Where core reads the file at `uri`, and the path it knows it by. */
export function fileAccessFor(uri: vscode.Uri): { fs: FileAccess; file: string } {
  if (uri.scheme === 'file') return { fs: nodeFileAccess, file: uri.fsPath };
  return { fs: new WorkspaceFileAccess(uri), file: uri.path };
}

/** `text`: the unsaved content of a text model (prototxt); otherwise the file as stored. */
export async function loadModel(service: ModelService, uri: vscode.Uri, text?: string): Promise<LoadResult> {
  const shown = displayPath(uri);
  const { fs, file } = fileAccessFor(uri);
  // Messages name the file as core knows it; virtual files are shown by their URI.
  const rename = (s: string) => (file === shown ? s : s.split(file).join(shown));
  try {
    const opened = await service.open(file, { fs, text });
    const info = modelSummary(opened);
    info.warnings = info.warnings.map(rename);
    return { ok: true, model: { file: shown, fileName: path.posix.basename(uri.path), info }, graph: toCompactGraph(opened.graph), opened };
  } catch (e) {
    if (e instanceof ModelFormatError) {
      const where = rename(e.file);
      return { ok: false, error: { file: where, place: placeText(e.place), detail: e.detail, message: formatProblem(where, e.place, e.detail) } };
    }
    // Our own bug, not the user's file: say so, and keep the stack in the log.
    if (e instanceof InternalError) console.error(e.cause ?? e);
    const detail = oneLine(rename(e instanceof Error ? e.message : String(e)));
    const text = e instanceof InternalError ? vscode.l10n.t('internal error of NPU Deploy, please report it: {0}', detail) : detail;
    return { ok: false, error: { file: shown, place: '', detail: text, message: `${shown}: ${text}` } };
  }
}
