// The commands: Open Graph (a custom editor for binary models, a panel beside prototxt text)
// and Show Model Summary (the `npu-deploy info --json` figures as a read-only JSON document).
import * as vscode from 'vscode';
import type { ModelService } from '../core/modelService';
import { registerDumpCommand } from './dumpPanel';
import { loadModel } from './loadModel';
import { ModelSummaryDocuments, summaryOf, summaryScheme } from './modelSummaryDocuments';
import { isTextModel, modelTarget } from './modelTarget';
import { modelViewerViewType, pirModelViewerViewType } from './modelViewerProvider';
import type { PrototxtGraphPanels } from './prototxtGraphPanels';

export function registerCommands(context: vscode.ExtensionContext, prototxtPanels: PrototxtGraphPanels, models: ModelService): void {
  const summaries = new ModelSummaryDocuments(models);
  registerDumpCommand(context, models);
  context.subscriptions.push(
    summaries,
    vscode.commands.registerCommand('npuDeploy.openGraph', async (arg?: unknown) => {
      const uri = await modelTarget(arg);
      if (!uri) return;
      if (isTextModel(uri)) {
        // From the Explorer the text is not open yet: show it, then the graph beside it.
        if (!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri.toString())) {
          await vscode.window.showTextDocument(uri, { preview: true, preserveFocus: false });
        }
        await prototxtPanels.open(uri);
      } else {
        // A PIR program (.json) opens in the same viewer under its "option" view type.
        await vscode.commands.executeCommand('vscode.openWith', uri, /\.json$/i.test(uri.path) ? pirModelViewerViewType : modelViewerViewType);
      }
    }),
    vscode.commands.registerCommand('npuDeploy.showSummary', async (arg?: unknown) => {
      const target = await modelTarget(arg);
      if (!target) return;
      // Run from a summary tab, the command means that summary's model: read it again.
      const uri = target.scheme === summaryScheme ? vscode.Uri.parse(target.query) : target;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const result = await loadModel(models, uri, doc?.isDirty ? doc.getText() : undefined);
      if (!result.ok) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Cannot open the model: {0}', result.error.message));
        return;
      }
      await summaries.show(uri, summaryOf(result));
    }),
  );
}
