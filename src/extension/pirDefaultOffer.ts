// Paddle 3 programs are `.json` files (`inference.json`, `model.json`), and most `.json` files are
// not models, so the viewer is only an option for those names ("Open With…", Open Graph). The
// first time one opens in the viewer, the user is offered, once, to make it the default for
// those names: an entry in `workbench.editorAssociations`, which the user can remove again.
import * as vscode from 'vscode';

const OFFERED_KEY = 'npuDeploy.pirDefaultOffered';
/** The names a PIR program goes by (PaddleX: inference.json; Paddle2ONNX tests: model.json; separate_parameters: __model__.json). */
export const PIR_PROGRAM_PATTERNS = ['**/inference.json', '**/model.json', '**/__model__.json'];

export function isPirProgramName(uri: vscode.Uri): boolean {
  return /(^|\/)(inference|model|__model__)\.json$/i.test(uri.path);
}

export async function offerPirDefault(state: vscode.Memento, viewType: string): Promise<void> {
  if (state.get<boolean>(OFFERED_KEY)) return;
  await state.update(OFFERED_KEY, true);
  const makeDefault = vscode.l10n.t('Make Default');
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t('Open inference.json, model.json and __model__.json in the NPU Deploy model viewer by default? Other JSON files with these names would open there too; the setting workbench.editorAssociations undoes it.'),
    makeDefault,
    vscode.l10n.t('Not Now'),
  );
  if (answer !== makeDefault) return;
  const config = vscode.workspace.getConfiguration('workbench');
  const associations = { ...(config.get<Record<string, string>>('editorAssociations') ?? {}) };
  for (const pattern of PIR_PROGRAM_PATTERNS) associations[pattern] = viewType;
  await config.update('editorAssociations', associations, vscode.ConfigurationTarget.Global);
}
