// The commands: Open Graph (a custom editor for binary models, a panel beside prototxt text)
// and Show Model Summary (the `npu-deploy info --json` figures as a JSON document).
import * as vscode from 'vscode';
import type { ModelService } from '../core/modelService';
import { modelInfo } from '../core/modelInfo';
import { loadModel } from './loadModel';
import { isTextModel, modelTarget } from './modelTarget';
import { modelViewerViewType } from './modelViewerProvider';
import type { PrototxtGraphPanels } from './prototxtGraphPanels';

export function registerCommands(context: vscode.ExtensionContext, prototxtPanels: PrototxtGraphPanels, models: ModelService): void {
  context.subscriptions.push(
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
        await vscode.commands.executeCommand('vscode.openWith', uri, modelViewerViewType);
      }
    }),
    vscode.commands.registerCommand('npuDeploy.showSummary', async (arg?: unknown) => {
      const uri = await modelTarget(arg);
      if (!uri) return;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const result = await loadModel(models, uri, doc?.isDirty ? doc.getText() : undefined);
      if (!result.ok) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Cannot open the model: {0}', result.error.message));
        return;
      }
      const summary = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify({ ...modelInfo(result.opened), warnings: result.model.info.warnings }, null, 2) });
      await vscode.window.showTextDocument(summary, { preview: true });
    }),
  );
}
