// Which model a command means: the Explorer or editor-title URI it was given, else the active
// editor (text or custom), else one the user picks.
import * as vscode from 'vscode';

const TEXT_MODEL = /\.(prototxt|pbtxt)$/i;

export function isTextModel(uri: vscode.Uri): boolean {
  return TEXT_MODEL.test(uri.path);
}

export async function modelTarget(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tab instanceof vscode.TabInputCustom || tab instanceof vscode.TabInputText) return tab.uri;
  const editor = vscode.window.activeTextEditor;
  if (editor) return editor.document.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    openLabel: vscode.l10n.t('Open Graph'),
    filters: { [vscode.l10n.t('Models')]: ['pdmodel', 'json', 'caffemodel', 'prototxt', 'pbtxt'], [vscode.l10n.t('All files')]: ['*'] },
  });
  return picked?.[0];
}
