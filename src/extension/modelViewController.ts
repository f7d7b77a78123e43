// Binds one webview (a custom editor or the panel beside a prototxt) to one model: answers the
// webview's Ready with the strings and the last result, reloads on request, and reveals a
// node's source. The webview is rebuilt whenever it is shown again (no retainContextWhenHidden),
// so the last result stays here and is simply posted again.

import * as vscode from 'vscode';
import { FromWebviewMessage, MessageType, ToWebviewMessage } from '../protocol/messages';
import { loadModel, LoadResult, baseName } from './loadModel';
import { viewerHtml, viewerResourceRoots } from './webviewHtml';
import { webviewStrings } from './webviewStrings';

export interface ModelSource {
  uri: vscode.Uri;
  /** Unsaved text to read instead of the stored file (dirty prototxt), when there is any. */
  unsavedText?: () => string | undefined;
  /** The text document whose layers can be revealed, for text formats. */
  textDocument?: () => vscode.TextDocument | undefined;
}

export class ModelViewController implements vscode.Disposable {
  private result: LoadResult | undefined;
  private ready = false;
  private loading: Promise<void> | undefined;
  private reloadAgain = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly loadedEmitter = new vscode.EventEmitter<LoadResult>();
  /** Fires after each read of the model (tests and later features listen). */
  readonly onDidLoad = this.loadedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly source: ModelSource,
    extensionUri: vscode.Uri,
  ) {
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: viewerResourceRoots(extensionUri) };
    webview.html = viewerHtml(webview, extensionUri, baseName(source.uri));
    this.disposables.push(
      this.loadedEmitter,
      webview.onDidReceiveMessage((m: FromWebviewMessage) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    void this.reload();
  }

  get lastResult(): LoadResult | undefined {
    return this.result;
  }

  /** Reads the model again; calls while a read runs fold into one more read after it. */
  reload(): Promise<void> {
    if (this.loading) {
      this.reloadAgain = true;
      return this.loading;
    }
    // Only the first read shows the spinner; later ones (edits, file changes) keep the current
    // view until the new result replaces it, so typing in the prototxt does not flash the panel.
    if (!this.result) this.post({ type: MessageType.Loading, fileName: baseName(this.source.uri) });
    this.loading = (async () => {
      do {
        this.reloadAgain = false;
        this.result = await loadModel(this.source.uri, this.source.unsavedText?.());
      } while (this.reloadAgain);
      this.loading = undefined;
      this.postResult();
      this.loadedEmitter.fire(this.result);
    })();
    return this.loading;
  }

  private onMessage(message: FromWebviewMessage): void {
    switch (message.type) {
      case MessageType.Ready:
        this.ready = true;
        this.post({ type: MessageType.Init, resource: this.source.uri.toString(), locale: vscode.env.language, strings: webviewStrings(vscode.l10n.t) });
        if (this.result) this.postResult();
        else this.post({ type: MessageType.Loading, fileName: baseName(this.source.uri) });
        break;
      case MessageType.Reload:
        void this.reload();
        break;
      case MessageType.RevealNode:
        void this.revealNode(message.nodeId);
        break;
    }
  }

  private postResult(): void {
    const r = this.result;
    if (!r) return;
    if (r.ok) this.post({ type: MessageType.ModelLoaded, model: r.model, canRevealSource: !!this.source.textDocument });
    else this.post({ type: MessageType.ModelError, error: r.error });
  }

  private post(message: ToWebviewMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async revealNode(nodeId: string): Promise<void> {
    const doc = this.source.textDocument?.();
    const node = this.result?.ok ? this.result.model.graph.nodes.find((n) => n.id === nodeId) : undefined;
    if (!doc || !node?.location) return;
    const { line, column, endLine, endColumn } = node.location;
    const range = new vscode.Range(line - 1, column - 1, endLine - 1, endColumn - 1);
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    await vscode.window.showTextDocument(doc, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, selection: range });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
