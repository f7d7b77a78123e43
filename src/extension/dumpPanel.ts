// The Dump dialog: a webview panel with Dump Network's parameters as a form (webview/dump), opened
// by `npuDeploy.dump` from the palette or, prefilled with a selection, by the viewer. The page asks
// the host to browse, look at a model, dump and show a graph (src/protocol/dumpMessages.ts); the
// dump itself runs here (runDump.ts). The command returns the panel, so callers (the viewer, the
// extension-host tests) can drive the same dump the Dump button runs.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelService } from '../core/modelService';
import { DUMP_INIT, DUMP_READY, type BrowseField, type DumpForm, type DumpInit, type DumpOutcome, type DumpHostMethods, type ModelLook } from '../protocol/dumpMessages';
import { RequestServer } from '../protocol/rpc';
import { dumpHtml, webviewResourceRoots } from './webviewHtml';
import { dumpStrings } from './dumpStrings';
import { askModal, insideWorkspace, resultModelFile, runDump } from './runDump';

export const DUMP_COMMAND = 'npuDeploy.dump';
const viewType = 'npuDeploy.dumpPanel';

/** The command's optional argument: the model and the viewer's selection. */
export interface DumpArgs {
  model?: string;
  weights?: string;
  starts?: string[];
  ends?: string[];
}

export function registerDumpCommand(context: vscode.ExtensionContext, models: ModelService): void {
  let output: vscode.OutputChannel | undefined;
  const channel = () => (output ??= vscode.window.createOutputChannel('NPU Deploy'));
  context.subscriptions.push(
    { dispose: () => output?.dispose() },
    vscode.commands.registerCommand(DUMP_COMMAND, (arg?: unknown) => DumpPanel.open(context.extensionUri, models, channel(), dumpArgs(arg))),
  );
}

export class DumpPanel {
  /** The last dump's folder and files, for Show Graph. */
  lastDump: { folder: string; files: string[] } | undefined;
  /** How a question is put to the user: a modal; the extension-host tests answer it instead. */
  ask: (question: string) => Promise<boolean> = askModal;
  private readonly server: RequestServer<DumpHostMethods>;

  static async open(extensionUri: vscode.Uri, models: ModelService, output: vscode.OutputChannel, args: DumpArgs): Promise<DumpPanel> {
    const title = vscode.l10n.t('Dump Sub-model');
    const panel = vscode.window.createWebviewPanel(viewType, title, vscode.ViewColumn.Active, {
      // No retainContextWhenHidden: the page keeps its fields with setState instead.
      enableScripts: true,
      localResourceRoots: webviewResourceRoots(extensionUri),
    });
    const dump = new DumpPanel(panel, models, output);
    // The page may be ready before the model is looked at: it gets the fields when they are.
    dump.initial = dump.prefill(args);
    panel.webview.html = dumpHtml(panel.webview, extensionUri, title);
    await dump.initial;
    return dump;
  }

  private initial: Promise<Partial<DumpForm>> = Promise.resolve({});

  /** The fields the form opened with (the command's arguments, the weights and folder found). */
  get prefilled(): Promise<Partial<DumpForm>> {
    return this.initial;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly models: ModelService,
    private readonly output: vscode.OutputChannel,
  ) {
    // A dump can end after the user closed the dialog: its reply then has nowhere to go.
    let disposed = false;
    panel.onDidDispose(() => (disposed = true));
    const post = (m: unknown) => {
      if (!disposed) void panel.webview.postMessage(m).then(undefined, () => undefined);
    };
    this.server = new RequestServer<DumpHostMethods>(post, {
      browse: ({ field, current }) => this.browse(field, current),
      lookAtModel: ({ model }) => this.lookAtModel(model),
      dump: (form) => this.dump(form),
      showGraph: ({ model }) => this.showGraph(model),
    });
    panel.webview.onDidReceiveMessage((m: unknown) => {
      if ((m as { type?: unknown })?.type === DUMP_READY) {
        void this.initial.then((form) => {
          const init: DumpInit = { type: DUMP_INIT, strings: dumpStrings(vscode.l10n.t), form };
          post(init);
        });
      } else this.server.handle(m);
    });
  }

  /** Runs Dump with these fields, as the Dump button does; tells the user how it went. */
  async dump(form: DumpForm): Promise<DumpOutcome> {
    const outcome = await runDump(form, { models: this.models, output: this.output, ask: (question) => this.ask(question) });
    if (!outcome.ok) return outcome;
    const done = { folder: outcome.folder, files: outcome.files };
    this.lastDump = done;
    const openFolder = vscode.l10n.t('Open Folder');
    const showGraph = vscode.l10n.t('Show Graph');
    // Not awaited: the form hears of the result at once, the message waits for the user.
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Dumped {0} nodes to {1}', outcome.result.nodes.length, done.folder), openFolder, showGraph)
      .then(async (action) => {
        if (action === openFolder) await revealFolder(done.folder);
        else if (action === showGraph) await this.showGraph(form.model);
      })
      .then(undefined, (e: unknown) => void vscode.window.showErrorMessage(String(e)));
    return { ok: true, ...done };
  }

  private async prefill(args: DumpArgs): Promise<Partial<DumpForm>> {
    const model = args.model ?? activeModelFile();
    const form: Partial<DumpForm> = { model: model ?? '', starts: args.starts ?? [], ends: args.ends ?? [], weights: args.weights ?? '' };
    if (model) {
      const look = await this.lookAtModel(model);
      if (look.ok) {
        if (!form.weights) form.weights = look.weights;
        form.outDir = look.folder;
      }
    }
    return form;
  }

  private async lookAtModel(model: string): Promise<ModelLook> {
    try {
      const opened = await this.models.open(model);
      return { ok: true, weights: opened.weights?.files[0] ?? '', folder: path.dirname(model) };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }

  private async browse(field: BrowseField, current: string): Promise<string | null> {
    const folder = field === 'dumpData' || field === 'outDir';
    const filters: Record<BrowseField, Record<string, string[]> | undefined> = {
      model: { [vscode.l10n.t('Models')]: ['prototxt', 'pbtxt', 'pdmodel', 'caffemodel'], [vscode.l10n.t('All files')]: ['*'] },
      weights: { [vscode.l10n.t('Weights')]: ['caffemodel', 'pdiparams'], [vscode.l10n.t('All files')]: ['*'] },
      offlineModel: { [vscode.l10n.t('Offline models')]: ['om', 'bmodel'], [vscode.l10n.t('All files')]: ['*'] },
      dumpData: undefined,
      outDir: undefined,
    };
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: !folder,
      canSelectFolders: folder,
      canSelectMany: false,
      defaultUri: current && path.isAbsolute(current) ? vscode.Uri.file(current) : vscode.workspace.workspaceFolders?.[0]?.uri,
      filters: filters[field],
    });
    return picked?.[0]?.fsPath ?? null;
  }

  private async showGraph(model: string): Promise<void> {
    const file = this.lastDump ? resultModelFile(this.lastDump) : model || undefined;
    if (file) await vscode.commands.executeCommand('npuDeploy.openGraph', vscode.Uri.file(file));
  }
}

/** The command's argument as given by the viewer (`{ model, … }`, paths or file URIs) or the Explorer (a URI). */
function dumpArgs(arg: unknown): DumpArgs {
  if (arg instanceof vscode.Uri) return { model: text(arg) };
  if (typeof arg !== 'object' || arg === null) return {};
  const a = arg as Record<string, unknown>;
  const ids = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
  return { model: text(a.model), weights: text(a.weights), starts: ids(a.starts), ends: ids(a.ends) };
}

/** A path given as a string or a file URI; anything else (a virtual file) is left for the user to fill in. */
function text(v: unknown): string | undefined {
  if (v instanceof vscode.Uri) return v.scheme === 'file' ? v.fsPath : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The model file of the active editor (text or custom), when it is one on disk. */
function activeModelFile(): string | undefined {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = tab instanceof vscode.TabInputCustom || tab instanceof vscode.TabInputText ? tab.uri : undefined;
  if (uri?.scheme !== 'file' || !/\.(prototxt|pbtxt|pdmodel|caffemodel)$|(^|\/)(__model__|model)$/i.test(uri.path)) return undefined;
  return uri.fsPath;
}

async function revealFolder(folder: string): Promise<void> {
  const uri = vscode.Uri.file(folder);
  await vscode.commands.executeCommand(insideWorkspace(folder) ? 'revealInExplorer' : 'revealFileInOS', uri);
}
