// NPU Deploy's entry point in the extension host: the model viewer (custom editor and prototxt
// panels), the commands, and the prototxt language client. VS Code glue only; models are read
// by src/core.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { configureCoreL10n } from '../core/l10n';
import { ModelService } from '../core/modelService';
import { putCliOnTerminalPath } from './cliOnPath';
import { registerCommands } from './commands';
import { registerCompareWithOriginal } from './compareWithOriginal';
import { registerCompareResults } from './compareResultsPanel';
import { registerConversion } from './conversionTasks';
import { registerDeviceRun } from './deviceRunCommand';
import { registerHostsView } from './hostsView';
import { startLanguageClient } from './languageClient';
import type { LoadResult } from './loadModel';
import { ModelViewerProvider } from './modelViewerProvider';
import { PrototxtGraphPanels } from './prototxtGraphPanels';
import { RecentJobs } from './recentJobs';

/** What activate() returns; the extension-host tests use it to see what a viewer read. */
export interface NpuDeployApi {
  /** The last read of the viewer open on `uri` (custom editor or prototxt panel), waiting for the first. */
  viewerResult(uri: vscode.Uri): Promise<LoadResult | undefined>;
  /** The node the cursor in the prototxt beside its graph last highlighted there. */
  highlightedNode(uri: vscode.Uri): string | undefined;
  /** What the integrated terminals' environment gets (PATH with the bundled `npu-deploy`). */
  terminalEnvironment: vscode.EnvironmentVariableCollection;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): NpuDeployApi {
  // The readers' errors and warnings (src/core) are translated with the same bundle as ours.
  configureCoreL10n(vscode.l10n.bundle);
  // One service for every viewer and command: a model open in two places is read once.
  const models = new ModelService();
  const viewers = ModelViewerProvider.register(context, models);
  const prototxtPanels = new PrototxtGraphPanels(context.extensionUri, models);
  context.subscriptions.push(prototxtPanels, prototxtPanels.register());
  registerCommands(context, prototxtPanels, models);
  // Conversions and device runs are the Hosts view's recent jobs.
  const jobs = new RecentJobs(context.workspaceState);
  context.subscriptions.push(jobs);
  registerConversion(context, models, jobs);
  registerDeviceRun(context, jobs);
  registerHostsView(context, jobs);
  registerCompareWithOriginal(context);
  registerCompareResults(context, models);
  putCliOnTerminalPath(context);
  startLanguageClient(context)
    .then((c) => (client = c))
    .catch((e) => {
      void vscode.window.showWarningMessage(vscode.l10n.t('The prototxt language server did not start: {0}', String(e)));
    });
  return {
    terminalEnvironment: context.environmentVariableCollection,
    highlightedNode: (uri) => prototxtPanels.controllers.get(uri.toString())?.lastHighlighted,
    async viewerResult(uri) {
      const key = uri.toString();
      const controller = viewers.controllers.get(key) ?? prototxtPanels.controllers.get(key);
      if (!controller) return undefined;
      return controller.lastResult ?? new Promise<LoadResult>((resolve) => controller.onDidLoad(resolve));
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
