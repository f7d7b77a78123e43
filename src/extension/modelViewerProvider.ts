// The read-only custom editor for binary models (*.pdmodel, __model__, *.caffemodel, and Paddle
// `model` files through Open Graph), and, as an option only, for Paddle 3 PIR programs
// (inference.json, model.json: most JSON files are not models). The document is only the URI: the model is parsed by the
// controller for each editor, and no weights are read to show it.

import * as vscode from 'vscode';
import { baseName } from './loadModel';
import type { ModelService } from '../core/modelService';
import { ModelViewController } from './modelViewController';
import { isPirProgramName, offerPirDefault } from './pirDefaultOffer';

export const modelViewerViewType = 'npuDeploy.modelViewer';
/** The same viewer under the name package.json gives it for PIR programs, with priority "option". */
export const pirModelViewerViewType = 'npuDeploy.pirModelViewer';
const RELOAD_DEBOUNCE_MS = 500;

export class ModelViewerProvider implements vscode.CustomReadonlyEditorProvider<vscode.CustomDocument> {
  /** Open viewers by URI string, so commands and tests can reach them. */
  readonly controllers = new Map<string, ModelViewController>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly models: ModelService,
    /** Where the one-time offer to make the viewer the default for PIR programs is remembered. */
    private readonly state?: vscode.Memento,
  ) {}

  static register(context: vscode.ExtensionContext, models: ModelService): ModelViewerProvider {
    const provider = new ModelViewerProvider(context.extensionUri, models, context.globalState);
    for (const viewType of [modelViewerViewType, pirModelViewerViewType]) {
      context.subscriptions.push(vscode.window.registerCustomEditorProvider(viewType, provider, { supportsMultipleEditorsPerDocument: true }));
    }
    return provider;
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const controller = new ModelViewController(panel, { uri: document.uri }, this.models, this.extensionUri);
    if (this.state && isPirProgramName(document.uri)) void offerPirDefault(this.state, pirModelViewerViewType);
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
