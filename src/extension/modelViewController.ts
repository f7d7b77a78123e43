// Binds one webview (a custom editor or the panel beside a prototxt) to one model: answers the
// webview's Ready with the strings and the last result, answers its requests (a node's details,
// an op's callstack and opening its frames, a weight's statistics, an export of the view) from the
// model kept here, reloads on request, and reveals a node's source.
// The webview is rebuilt whenever it is shown again (no retainContextWhenHidden), so the last
// result stays here and is simply posted again.
//
// Reads are numbered. A read that finishes after a newer one started is dropped, and a read of a
// document that changed while it ran is followed by another, so the panel always ends on the
// newest text: never on an error of a half-typed state while the text is valid again.

import * as vscode from 'vscode';
import { nodeAtPosition } from '../core/graph/nodeAtPosition';
import { nodeById, nodeDetails } from '../core/graph/nodeDetails';
import type { ModelService } from '../core/modelService';
import { hasOpCallstack, opCallstack } from '../core/formats/paddle/opCallstack';
import { weightStatistics } from '../core/weights/weightStatistics';
import { MessageType, type FromWebviewMessage, type HostMethods, type ToWebviewMessage } from '../protocol/messages';
import { RequestServer } from '../protocol/rpc';
import { callstackFrames, openSourceLine } from './callstackSource';
import { DUMP_COMMAND, type DumpPanel } from './dumpPanel';
import { exportView } from './exportView';
import { loadModel, type LoadResult, baseName } from './loadModel';
import { viewerHtml, webviewResourceRoots } from './webviewHtml';
import { webviewStrings } from './webviewStrings';

export interface ModelSource {
  uri: vscode.Uri;
  /** Unsaved text to read instead of the stored file (dirty prototxt), when there is any. */
  unsavedText?: () => string | undefined;
  /** The text document whose layers can be revealed, for text formats. */
  textDocument?: () => vscode.TextDocument | undefined;
}

/** What the range panel's "Dump Sub-model…" hands to npuDeploy.dump: the viewer's model and the chosen starts and ends. */
export function dumpRangeArgs(model: vscode.Uri, range: { starts: readonly string[]; ends: readonly string[] }): { model: vscode.Uri; starts: string[]; ends: string[] } {
  return { model, starts: [...range.starts], ends: [...range.ends] };
}

/** Opens the Dump dialog on the viewer's model with a range chosen in it (the webview's DumpRange). */
export function openDumpForRange(model: vscode.Uri, range: { starts: readonly string[]; ends: readonly string[] }): Thenable<DumpPanel | undefined> {
  return vscode.commands.executeCommand<DumpPanel | undefined>(DUMP_COMMAND, dumpRangeArgs(model, range));
}

export class ModelViewController implements vscode.Disposable {
  private result: LoadResult | undefined;
  /** Number of the read whose result `result` is. */
  private resultVersion = 0;
  /** Number of the newest read started. */
  private started = 0;
  private ready = false;
  /** The node last highlighted from the text's cursor, so moving within one layer posts nothing. */
  private highlighted: string | undefined;
  private running: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly loadedEmitter = new vscode.EventEmitter<LoadResult>();
  private readonly server: RequestServer<HostMethods>;
  /** Fires after each read of the model (tests and later features listen). */
  readonly onDidLoad = this.loadedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly source: ModelSource,
    private readonly models: ModelService,
    extensionUri: vscode.Uri,
  ) {
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: webviewResourceRoots(extensionUri) };
    webview.html = viewerHtml(webview, extensionUri, baseName(source.uri));
    this.server = new RequestServer<HostMethods>((m) => void this.panel.webview.postMessage(m), {
      nodeDetails: ({ nodeId }) => {
        const opened = this.result?.ok ? this.result.opened : undefined;
        return (opened && nodeDetails(opened, nodeId, (node) => hasOpCallstack(opened, node))) ?? null;
      },
      callstack: ({ nodeId }) => {
        const opened = this.result?.ok ? this.result.opened : undefined;
        const node = opened && nodeById(opened.graph, nodeId);
        const entries = opened && node && opCallstack(opened, node);
        return entries ? callstackFrames(entries) : null;
      },
      openSource: async ({ file, line }) => ({ opened: await openSourceLine(file, line) }),
      weightStatistics: ({ nodeId, slot }) => {
        const opened = this.result?.ok ? this.result.opened : undefined;
        const key = opened && nodeById(opened.graph, nodeId)?.weights.find((w) => w.slot === slot)?.key;
        return opened?.weights && key !== undefined && opened.weights.get(key) ? weightStatistics(opened.weights, key) : null;
      },
      // A failed export (a full disk, a read-only folder) is said here, where the file was chosen.
      exportView: (params) =>
        exportView(this.source.uri, this.result?.ok ? this.result.graph : undefined, params).then(
          (saved) => ({ saved }),
          (e: unknown) => {
            void vscode.window.showErrorMessage(vscode.l10n.t('The view could not be exported: {0}', e instanceof Error ? e.message : String(e)));
            return { saved: null };
          },
        ),
    });
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

  /** The node the text's cursor last highlighted (tests read it). */
  get lastHighlighted(): string | undefined {
    return this.highlighted;
  }

  /** Reads the model again; resolves once the newest read (this one or a later one) is shown. */
  reload(): Promise<void> {
    // Only the first read shows the spinner; later ones (edits, file changes) keep the current
    // view until the new result replaces it, so typing in the prototxt does not flash the panel.
    if (!this.result) this.post({ type: MessageType.Loading, fileName: baseName(this.source.uri) });
    const version = ++this.started;
    const read = this.read(version);
    this.running = read;
    return read.then(() => this.running);
  }

  private async read(version: number): Promise<void> {
    const doc = this.source.textDocument?.();
    const docVersion = doc?.version;
    const result = await loadModel(this.models, this.source.uri, this.source.unsavedText?.());
    // A newer read started meanwhile: its result is the one to show.
    if (version < this.started || version < this.resultVersion) return;
    this.result = result;
    this.resultVersion = version;
    this.postResult();
    this.loadedEmitter.fire(result);
    // The text changed while it was read (an edit inside the debounce window): read it again.
    if (doc && !doc.isClosed && doc.version !== docVersion && version === this.started) await this.reload();
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
        this.models.clear();
        void this.reload();
        break;
      case MessageType.RevealNode:
        void this.revealNode(message.nodeId);
        break;
      case MessageType.DumpRange:
        // The Dump dialog checks the range again with the same rule (selectRange) when it dumps.
        void openDumpForRange(this.source.uri, message).then(undefined, (e: unknown) =>
          vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e)),
        );
        break;
      case 'request':
        this.server.handle(message);
        break;
    }
  }

  private postResult(): void {
    const r = this.result;
    if (!r) return;
    const version = this.resultVersion;
    if (r.ok) this.post({ type: MessageType.ModelLoaded, version, model: r.model, graph: r.graph, canRevealSource: !!this.source.textDocument });
    else this.post({ type: MessageType.ModelError, version, error: r.error });
  }

  private post(message: ToWebviewMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  /**
   * The text's cursor is at `position`: selects and centres the node of the layer written there
   * (the last result's; an edit re-reads and the next move uses the new one). Returns its id.
   */
  highlightAt(position: vscode.Position): string | undefined {
    const graph = this.result?.ok ? this.result.opened.graph : undefined;
    const node = graph && nodeAtPosition(graph, position.line + 1, position.character + 1);
    if (node && node.id !== this.highlighted) this.post({ type: MessageType.HighlightNode, nodeId: node.id });
    this.highlighted = node?.id;
    return node?.id;
  }

  private async revealNode(nodeId: string): Promise<void> {
    const doc = this.source.textDocument?.();
    const node = this.result?.ok ? nodeById(this.result.opened.graph, nodeId) : undefined;
    if (!doc || !node?.location) return;
    // The cursor lands in this node's layer: the graph, where it was clicked, stays as it is.
    this.highlighted = node.id;
    const { line, column, endLine, endColumn } = node.location;
    const range = new vscode.Range(line - 1, column - 1, endLine - 1, endColumn - 1);
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    await vscode.window.showTextDocument(doc, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, selection: range });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
