// `npu-deploy` in VS Code's integrated terminals: the extension's bin/ folder (a shim over the
// bundled dist/cli.js) goes in front of their PATH, so the CLI that matches the installed
// extension is there without a global npm install. The shim runs the CLI on the extension host's
// own runtime (NPU_DEPLOY_NODE), so the machine needs no Node of its own. The collection is
// persistent (VS Code's default): terminals restored with the window get it before activation.
import { accessSync, chmodSync, constants } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export function putCliOnTerminalPath(context: vscode.ExtensionContext): void {
  const bin = path.join(context.extensionPath, 'bin');
  ensureExecutable(path.join(bin, 'npu-deploy'));
  const env = context.environmentVariableCollection;
  env.description = vscode.l10n.t('Puts the npu-deploy command of NPU Deploy on the PATH');
  env.prepend('PATH', bin + path.delimiter);
  env.replace('NPU_DEPLOY_NODE', process.execPath);
}

/** The VSIX keeps the shim's mode, but an install that lost it (a copied folder) gets it back. */
function ensureExecutable(file: string): void {
  if (process.platform === 'win32') return;
  try {
    accessSync(file, constants.X_OK);
  } catch {
    try {
      chmodSync(file, 0o755);
    } catch {
      // A read-only install: the terminal will say "permission denied", naming the file.
    }
  }
}
