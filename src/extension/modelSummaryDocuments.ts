// The documents "Show Model Summary" opens: the `npu-deploy info --json` figures as read-only
// JSON on a scheme of our own. An Untitled document would be dirty from the start and ask to be
// saved when closed; these are the model's figures, not something the user wrote.
import * as vscode from 'vscode';
import { modelInfo, type ModelInfo } from '../core/modelInfo';
import type { ModelService } from '../core/modelService';
import { baseName, loadModel, type LoadResult } from './loadModel';

export const summaryScheme = 'npu-deploy-summary';

/**
 * `npu-deploy-summary:/model.pdmodel.summary.json?<model URI>`: the path names the tab and its
 * `.json` ending gives the JSON language; the query says which model, one document per model.
 */
export function summaryUri(model: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: summaryScheme, path: `/${baseName(model)}.summary.json`, query: model.toString() });
}

/** `npu-deploy info --json`'s figures of a read, its warnings naming files as the user knows them. */
export function summaryOf(result: Extract<LoadResult, { ok: true }>): ModelInfo {
  return { ...modelInfo(result.opened), warnings: result.model.info.warnings };
}

export function summaryText(info: ModelInfo): string {
  return `${JSON.stringify(info, null, 2)}\n`;
}

export class ModelSummaryDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChange = this.changed.event;

  constructor(private readonly models: ModelService) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(summaryScheme, this),
      vscode.workspace.onDidCloseTextDocument((d) => this.texts.delete(d.uri.toString())),
    );
  }

  /** Opens the summary of `model`; a summary already open shows the new figures in place. */
  async show(model: vscode.Uri, info: ModelInfo): Promise<vscode.TextEditor> {
    const uri = summaryUri(model);
    this.texts.set(uri.toString(), summaryText(info));
    this.changed.fire(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'json') doc = await vscode.languages.setTextDocumentLanguage(doc, 'json');
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const known = this.texts.get(uri.toString());
    if (known !== undefined) return known;
    // A summary tab VS Code restores after a window reload: read the model again.
    const result = await loadModel(this.models, vscode.Uri.parse(uri.query));
    const text = result.ok ? summaryText(summaryOf(result)) : `${JSON.stringify({ error: result.error.message }, null, 2)}\n`;
    this.texts.set(uri.toString(), text);
    return text;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
