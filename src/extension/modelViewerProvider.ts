// The read-only custom editor for binary models (*.pdmodel, __model__, *.caffemodel, and Paddle
// `model` files through Open Graph). The document is only the URI: the model is parsed by the
// controller for each editor, and no weights are read to show it.

import * as vscode from 'vscode';
import { baseName } from './loadModel';
import type { ModelService } from '../core/modelService';
import { ModelViewController } from './modelViewController';

export const modelViewerViewType = 'npuDeploy.modelViewer';
const RELOAD_DEBOUNCE_MS = 500;

export class ModelViewerProvider implements vscode.CustomReadonlyEditorProvider<vscode.CustomDocument> {
  /** Open viewers by URI string, so commands and tests can reach them. */
  readonly controllers = new Map<string, ModelViewController>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly models: ModelService,
  ) {}

  static register(context: vscode.ExtensionContext, models: ModelService): ModelViewerProvider {
    const provider = new ModelViewerProvider(context.extensionUri, models);
    context.subscriptions.push(
      vscode.window.registerCustomEditorProvider(modelViewerViewType, provider, {
        supportsMultipleEditorsPerDocument: true,
      }),
    );
    return provider;
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const controller = new ModelViewController(panel, { uri: document.uri }, this.models, this.extensionUri);
    const key = document.uri.toString();
    this.controllers.set(key, controller);
    // A model exported again (same path) shows up without closing the tab.
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.joinPath(document.uri, '..'), baseName(document.uri)),
      true, false, true,
    );
    let timer: NodeJS.Timeout | undefined;
    watcher.onDidChange(() => {
      clearTimeout(timer);
      timer = setTimeout(() => void controller.reload(), RELOAD_DEBOUNCE_MS);
    });
    panel.onDidDispose(() => {
      clearTimeout(timer);
      watcher.dispose();
      if (this.controllers.get(key) === controller) this.controllers.delete(key);
    });
  }
}
