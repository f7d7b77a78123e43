// Reads a model for the viewer on the extension host and turns it into the plain JSON the
// webview gets. Files on disk are opened where they are, so readers find weights beside them,
// and an editor's unsaved prototxt text is read as it stands, its weights still found beside
// the file. Files of virtual workspaces are written to a private temp folder first (openModel
// reads paths), and that folder's path is put back to the user's in messages.

import * as os from 'node:os';
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import * as vscode from 'vscode';
import { openModel } from '../core/openModel';
import { modelInfo } from '../core/modelInfo';
import { ModelFormatError, formatProblem, placeText } from '../core/errors';
import type { OpenedModel } from '../core/model';
import type { ModelErrorView, ModelView } from '../protocol/messages';

export type LoadResult = { ok: true; model: ModelView } | { ok: false; error: ModelErrorView };

export function displayPath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
}

export function baseName(uri: vscode.Uri): string {
  return path.posix.basename(uri.path);
}

/** `text`: the unsaved content of a text model (prototxt); otherwise the file as stored. */
export async function loadModel(uri: vscode.Uri, text?: string): Promise<LoadResult> {
  const shown = displayPath(uri);
  if (uri.scheme === 'file') return read(uri.fsPath, shown, () => openModel(uri.fsPath, { text }));
  let dir: string | undefined;
  try {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-deploy-view-'));
    const copy = path.join(dir, baseName(uri) || 'model');
    await fsp.writeFile(copy, text ?? (await vscode.workspace.fs.readFile(uri)));
    return await read(copy, shown, () => openModel(copy, { noWeights: true }));
  } catch (e) {
    // The file system failed before a reader ran (a virtual file that vanished, a full temp disk).
    const detail = vscode.l10n.t('cannot read the file ({0})', e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');
    return { ok: false, error: { file: shown, place: '', detail, message: `${shown}: ${detail}` } };
  } finally {
    if (dir) await fsp.rm(dir, { recursive: true, force: true });
  }
}

async function read(actual: string, shown: string, open: () => Promise<OpenedModel>): Promise<LoadResult> {
  const rename = (s: string) => (actual === shown ? s : s.split(actual).join(shown));
  try {
    const opened = await open();
    const info = modelInfo(opened);
    info.warnings = info.warnings.map(rename);
    return { ok: true, model: { file: shown, fileName: path.basename(shown), info, graph: opened.graph } };
  } catch (e) {
    if (e instanceof ModelFormatError) {
      const file = rename(e.file);
      return { ok: false, error: { file, place: placeText(e.place), detail: e.detail, message: formatProblem(file, e.place, e.detail) } };
    }
    const detail = rename(e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');
    return { ok: false, error: { file: shown, place: '', detail, message: `${shown}: ${detail}` } };
  }
}
