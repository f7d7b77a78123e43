// Conversion in VS Code: the task type `npu-deploy` (tasks.json entries run the CLI's convert on
// VS Code's own runtime) and the Explorer's "Convert for Sophon…" / "Convert for Ascend…", which
// pick a host of the `npuDeploy.hosts` setting and run the same task. Nothing runs in an
// untrusted workspace: the menus are hidden there and the provider resolves no task.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HostsFileError, parseHosts, type HostConfig, type HostKind } from '../core/hosts/hostsFile';
import { asConversionTask, conversionArguments, type ConversionTaskDefinition } from './conversionTaskLine';

export const CONVERSION_TASK_TYPE = 'npu-deploy';
/** Contributed in package.json `problemMatchers`. */
export const CONVERSION_PROBLEM_MATCHER = '$npu-deploy';

export function registerConversion(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.tasks.registerTaskProvider(CONVERSION_TASK_TYPE, {
      provideTasks: () => [],
      resolveTask: (task) => {
        const definition = asConversionTask(task.definition as Record<string, unknown>);
        return definition && vscode.workspace.isTrusted ? conversionTask(context, definition, task.scope) : undefined;
      },
    }),
    vscode.commands.registerCommand('npuDeploy.convertForSophon', (uri?: vscode.Uri) => convertFromExplorer(context, 'sophon', uri)),
    vscode.commands.registerCommand('npuDeploy.convertForAscend', (uri?: vscode.Uri) => convertFromExplorer(context, 'ascend', uri)),
  );
}

export function configuredHosts(): HostConfig[] {
  const value = vscode.workspace.getConfiguration('npuDeploy').get<unknown>('hosts') ?? { hosts: [] };
  return parseHosts(value, process.env.HOME);
}

/** The setting as the CLI's hosts file, kept in the extension's storage (the CLI reads a file). */
function hostsFileFor(context: vscode.ExtensionContext): string {
  const folder = context.globalStorageUri.fsPath;
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'npu-deploy-hosts.json');
  writeFileSync(file, JSON.stringify(vscode.workspace.getConfiguration('npuDeploy').get<unknown>('hosts') ?? { hosts: [] }));
  return file;
}

function conversionTask(context: vscode.ExtensionContext, definition: ConversionTaskDefinition, scope?: vscode.TaskScope | vscode.WorkspaceFolder): vscode.Task {
  const cli = path.join(context.extensionPath, 'dist', 'cli.js');
  const [program, ...args] = [process.execPath, ...conversionArguments(cli, definition, hostsFileFor(context))];
  const execution = new vscode.ProcessExecution(program, args, { env: { ELECTRON_RUN_AS_NODE: '1' } });
  const name = vscode.l10n.t('Convert {0} on {1}', path.basename(definition.model), definition.host);
  // The CLI prints the tool's problems in the form this matcher reads (src/cli/problemLines.ts).
  return new vscode.Task(definition, scope ?? vscode.TaskScope.Workspace, name, CONVERSION_TASK_TYPE, execution, [CONVERSION_PROBLEM_MATCHER]);
}

async function convertFromExplorer(context: vscode.ExtensionContext, kind: HostKind, uri?: vscode.Uri): Promise<void> {
  if (!vscode.workspace.isTrusted) return;
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target || target.scheme !== 'file') return;
  let hosts: HostConfig[];
  try {
    hosts = configuredHosts().filter((h) => h.kind === kind);
  } catch (e) {
    if (!(e instanceof HostsFileError)) throw e;
    void vscode.window.showErrorMessage(vscode.l10n.t('The npuDeploy.hosts setting is not valid: {0}', e.message));
    return;
  }
  if (hosts.length === 0) {
    const open = vscode.l10n.t('Open Settings');
    const message = kind === 'sophon' ? vscode.l10n.t('No Sophon host in the npuDeploy.hosts setting.') : vscode.l10n.t('No Ascend host in the npuDeploy.hosts setting.');
    if ((await vscode.window.showWarningMessage(message, open)) === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'npuDeploy.hosts');
    return;
  }
  const pick =
    hosts.length === 1
      ? hosts[0]
      : (await vscode.window.showQuickPick(hosts.map((h) => ({ label: h.name, description: h.ssh ?? vscode.l10n.t('this machine'), detail: h.target ?? h.socVersion, host: h })), { placeHolder: vscode.l10n.t('Convert on which host?') }))?.host;
  if (!pick) return;
  const folder = vscode.workspace.getWorkspaceFolder(target);
  await vscode.tasks.executeTask(conversionTask(context, { type: CONVERSION_TASK_TYPE, model: target.fsPath, host: pick.name }, folder));
}
