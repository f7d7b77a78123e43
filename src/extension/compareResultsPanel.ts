// The comparison results view: `npuDeploy.showCompareResults` opens a result (the object
// `npu-deploy compare --json` prints, or a vendor result CSV) in a webview panel (webview/compare).
// The panel finds the original model beside the results file (one prototxt or pdmodel there), or
// asks for it, and sends its graph for the overlay; it answers the page's requests for a tensor's
// detail and opens the Dump dialog around a layer. A .json that is a result, opened in an editor,
// is offered the view once; result_*.csv files have it in the Explorer's context menu. A window
// reload brings the panel back (its serializer) from the results file and model the page kept.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CompareResult } from '../core/compare/compareResult';
import { isCompareResultText, readCompareResultFile } from '../core/compare/compareResultFile';
import { readComparedTensors } from '../core/compare/comparedTensors';
import { tensorDetail } from '../core/compare/tensorDetail';
import type { ModelService } from '../core/modelService';
import { COMPARE_GRAPH, COMPARE_INIT, COMPARE_READY, compareRestoreTarget, type CompareGraph, type CompareHostMethods, type CompareInit, type TensorDetailReply } from '../protocol/compareMessages';
import { RequestServer } from '../protocol/rpc';
import { compareStrings } from './compareStrings';
import { baseName, displayPath, fileAccessFor, loadModel } from './loadModel';
import { openDumpForRange } from './modelViewController';
import { compareHtml, webviewResourceRoots } from './webviewHtml';

export const SHOW_COMPARE_COMMAND = 'npuDeploy.showCompareResults';
const viewType = 'npuDeploy.compareResults';
/** Model files the panel takes from the results file's folder when there is exactly one. */
const MODEL_NEAR = /\.(prototxt|pbtxt|pdmodel)$|^(__model__|model)$/i;

export function registerCompareResults(context: vscode.ExtensionContext, models: ModelService): void {
  const offered = new Set<string>();
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_COMPARE_COMMAND, async (arg?: unknown) => {
      const file = arg instanceof vscode.Uri ? arg : typeof arg === 'string' && arg !== '' ? vscode.Uri.file(arg) : await pickResultsFile();
      return file ? CompareResultsPanel.open(context.extensionUri, models, file) : undefined;
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => editor && offerView(editor.document, offered)),
    vscode.window.registerWebviewPanelSerializer(viewType, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        await restoreCompareResults(context.extensionUri, models, panel, state);
      },
    }),
  );
  if (vscode.window.activeTextEditor) offerView(vscode.window.activeTextEditor.document, offered);
}

/** A JSON document that is a comparison result gets one quiet offer per file and session. */
function offerView(doc: vscode.TextDocument, offered: Set<string>): void {
  const key = doc.uri.toString();
  if (offered.has(key) || !/\.json$/i.test(doc.uri.path) || doc.getText().length > 64 * 1024 * 1024 || !isCompareResultText(doc.getText())) return;
  offered.add(key);
  const show = vscode.l10n.t('Show Comparison Results');
  void vscode.window.showInformationMessage(vscode.l10n.t('{0} is a comparison result.', baseName(doc.uri)), show).then((action) => {
    if (action === show) void vscode.commands.executeCommand(SHOW_COMPARE_COMMAND, doc.uri);
  });
}

async function pickResultsFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    openLabel: vscode.l10n.t('Show Comparison Results'),
    filters: { [vscode.l10n.t('Comparison results')]: ['json', 'csv'], [vscode.l10n.t('All files')]: ['*'] },
  });
  return picked?.[0];
}

/**
 * A panel VS Code kept over a window reload, shown again from what its page saved (the results
 * file, the model overlaid); a state without a results file, or a file no longer readable (said in
 * one line), closes it.
 */
export async function restoreCompareResults(extensionUri: vscode.Uri, models: ModelService, panel: vscode.WebviewPanel, state: unknown): Promise<CompareResultsPanel | undefined> {
  const target = compareRestoreTarget(state);
  if (!target) {
    panel.dispose();
    return undefined;
  }
  return CompareResultsPanel.open(extensionUri, models, vscode.Uri.parse(target.resource), { panel, model: target.model === undefined ? undefined : vscode.Uri.parse(target.model) });
}

export class CompareResultsPanel {
  /** The model overlaid, when there is one (tests and the Dump action read it). */
  model: vscode.Uri | undefined;
  private readonly server: RequestServer<CompareHostMethods>;
  private ready = false;
  private graphMessage: CompareGraph | undefined;

  /**
   * Reads the result first: a file that is not one is said in one line and no panel opens (a
   * restored panel closes). `restored`: the panel VS Code brought back after a reload, and the
   * model it overlaid; a new panel takes the one model beside the results file.
   */
  static async open(extensionUri: vscode.Uri, models: ModelService, file: vscode.Uri, restored?: { panel: vscode.WebviewPanel; model?: vscode.Uri }): Promise<CompareResultsPanel | undefined> {
    let result: CompareResult;
    const { fs, file: where } = fileAccessFor(file);
    try {
      result = await readCompareResultFile(fs, where);
    } catch (e) {
      restored?.panel.dispose();
      void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
      return undefined;
    }
    const title = vscode.l10n.t('Comparison: {0}', baseName(file));
    const options = { enableScripts: true, localResourceRoots: webviewResourceRoots(extensionUri) };
    let panel: vscode.WebviewPanel;
    if (restored) {
      panel = restored.panel;
      panel.title = title;
      panel.webview.options = options;
    } else panel = vscode.window.createWebviewPanel(viewType, title, vscode.ViewColumn.Active, options);
    const view = new CompareResultsPanel(panel, models, file, result);
    panel.webview.html = compareHtml(panel.webview, extensionUri, title);
    void view.useModel(restored?.model ?? (await modelNear(file)));
    return view;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly models: ModelService,
    readonly file: vscode.Uri,
    readonly result: CompareResult,
  ) {
    let disposed = false;
    panel.onDidDispose(() => (disposed = true));
    const post = (m: unknown) => {
      if (!disposed) void panel.webview.postMessage(m).then(undefined, () => undefined);
    };
    this.server = new RequestServer<CompareHostMethods>(post, {
      chooseModel: async () => {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: false,
          defaultUri: vscode.Uri.joinPath(file, '..'),
          openLabel: vscode.l10n.t('Choose Model'),
          filters: { [vscode.l10n.t('Models')]: ['prototxt', 'pbtxt', 'pdmodel', 'caffemodel', 'json'], [vscode.l10n.t('All files')]: ['*'] },
        });
        if (!picked?.[0]) return { chosen: false };
        await this.useModel(picked[0]);
        return { chosen: true };
      },
      tensorDetail: ({ row }) => this.tensorDetail(row),
      dumpRange: async ({ starts, ends }) => {
        if (this.model) await openDumpForRange(this.model, { starts, ends });
      },
    });
    panel.webview.onDidReceiveMessage((m: unknown) => {
      if ((m as { type?: unknown })?.type === COMPARE_READY) {
        this.ready = true;
        const init: CompareInit = { type: COMPARE_INIT, locale: vscode.env.language, strings: compareStrings(vscode.l10n.t), file: displayPath(file), fileName: baseName(file), resource: file.toString(), result };
        post(init);
        if (this.graphMessage) this.postGraph();
      } else this.server.handle(m);
    });
  }

  /** Reads the model and sends its graph (or why it cannot be read) for the overlay. */
  async useModel(model: vscode.Uri | undefined): Promise<void> {
    if (!model) {
      this.graphMessage = { type: COMPARE_GRAPH, model: null };
    } else {
      const loaded = await loadModel(this.models, model);
      this.model = loaded.ok ? model : undefined;
      this.graphMessage = loaded.ok
        ? { type: COMPARE_GRAPH, model: { file: displayPath(model), fileName: baseName(model), resource: model.toString(), graph: loaded.graph } }
        : { type: COMPARE_GRAPH, model: null, error: loaded.error.message };
    }
    this.postGraph();
  }

  private postGraph(): void {
    // Posted again whenever the page is rebuilt (no retainContextWhenHidden), so not moved: a copy each time.
    if (this.ready && this.graphMessage) void this.panel.webview.postMessage(this.graphMessage).then(undefined, () => undefined);
  }

  /** The figures the page asks for when a row is selected (the extension-host tests ask too). */
  async tensorDetail(index: number): Promise<TensorDetailReply> {
    const row = this.result.rows[index];
    if (!row) return { ok: false, message: vscode.l10n.t('There is no row {0}.', index + 1) };
    const { fs, file } = fileAccessFor(this.file);
    try {
      const { npu, golden } = await readComparedTensors(fs, path.dirname(file), row);
      return { ok: true, detail: tensorDetail(npu, golden) };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }
}

/** The one model file beside the results file, if there is exactly one. */
async function modelNear(file: vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder = vscode.Uri.joinPath(file, '..');
  try {
    const entries = await vscode.workspace.fs.readDirectory(folder);
    const models = entries.filter(([name, kind]) => kind === vscode.FileType.File && MODEL_NEAR.test(name));
    return models.length === 1 ? vscode.Uri.joinPath(folder, models[0][0]) : undefined;
  } catch {
    return undefined;
  }
}
