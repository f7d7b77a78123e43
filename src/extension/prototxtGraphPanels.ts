// "Open Graph" for prototxt text: a viewer panel beside the text editor that reads the document
// again, debounced, whenever it changes (unsaved text included), reveals layers in it, and
// highlights the node of the layer under the text's cursor as it moves.

import * as vscode from 'vscode';
import type { ModelService } from '../core/modelService';
import { ModelViewController } from './modelViewController';
import { baseName } from './loadModel';
import type { ViewerState } from '../protocol/messages';

export const prototxtGraphViewType = 'npuDeploy.prototxtGraph';
const DEBOUNCE_MS = 400;

export class PrototxtGraphPanels implements vscode.Disposable {
  readonly controllers = new Map<string, ModelViewController>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly models: ModelService,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.scheduleReload(e.document.uri);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        // Every kind of move counts (Go to Line and Go to Symbol are commands); revealing a node's
        // layer moves the cursor onto the node already selected, which posts nothing.
        const controller = this.controllers.get(e.textEditor.document.uri.toString());
        const active = e.selections[0]?.active;
        if (controller && active) controller.highlightAt(active);
      }),
    );
  }

  /**
   * Shows (or brings forward) the graph beside the prototxt at `uri`. `restored` is a panel VS Code
   * brings back after a window reload (see the serializer in register()).
   */
  async open(uri: vscode.Uri, restored?: vscode.WebviewPanel): Promise<ModelViewController> {
    const key = uri.toString();
    const existing = this.controllers.get(key);
    if (existing && !restored) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const findDoc = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    const panel = restored ?? vscode.window.createWebviewPanel(
      prototxtGraphViewType,
      vscode.l10n.t('Graph: {0}', baseName(uri)),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
    );
    const controller = new ModelViewController(
      panel,
      {
        uri,
        unsavedText: () => {
          const doc = findDoc();
          return doc?.isDirty ? doc.getText() : undefined;
        },
        textDocument: findDoc,
      },
      this.models,
      this.extensionUri,
    );
    this.controllers.set(key, controller);
    panel.onDidDispose(() => {
      this.controllers.delete(key);
      clearTimeout(this.timers.get(key));
      this.timers.delete(key);
    });
    return controller;
  }

  /** Brings panels back after a window reload, from the resource the webview kept in its state. */
  register(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(prototxtGraphViewType, {
      deserializeWebviewPanel: async (panel, state: ViewerState | undefined) => {
        if (typeof state?.resource === 'string') await this.open(vscode.Uri.parse(state.resource), panel);
        else panel.dispose();
      },
    });
  }

  private scheduleReload(uri: vscode.Uri): void {
    const key = uri.toString();
    const controller = this.controllers.get(key);
    if (!controller) return;
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void controller.reload();
    }, DEBOUNCE_MS));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const c of this.controllers.values()) c.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
