// Conversion in VS Code: the task type `npu-deploy` (tasks.json entries run the CLI's convert on
// VS Code's own runtime) and "Convert for Sophon…" / "Convert for Ascend…" (Explorer, viewer),
// which open the conversion form on the hosts of the `npuDeploy.hosts` setting; its Convert
// runs the same task. Nothing runs in an untrusted workspace: the menus are hidden there and the
// provider resolves no task.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseConvertReport, RESULT_FILE_VARIABLE, type ConvertReport } from '../core/convert/convertReport';
import { writeFileAtomic } from '../core/io/atomicWrite';
import { HostsFileError, parseHosts, type HostConfig, type HostKind } from '../core/hosts/hostsFile';
import type { ModelService } from '../core/modelService';
import { ConvertPanel, type ConvertPanelDeps } from './convertPanel';
import { modelTarget } from './modelTarget';
import type { RecentJobs } from './recentJobs';
import { asConversionTask, conversionArguments, type ConversionTaskDefinition } from './conversionTaskLine';

export const CONVERSION_TASK_TYPE = 'npu-deploy';
/** Contributed in package.json `problemMatchers`. */
export const CONVERSION_PROBLEM_MATCHER = '$npu-deploy';

export function registerConversion(context: vscode.ExtensionContext, models: ModelService, jobs: RecentJobs): void {
  const deps: ConvertPanelDeps = { extensionUri: context.extensionUri, models, jobs, runTask: (definition, folder) => runConversionTask(context, definition, folder) };
  context.subscriptions.push(
    vscode.tasks.registerTaskProvider(CONVERSION_TASK_TYPE, {
      provideTasks: () => [],
      resolveTask: (task) => {
        const definition = asConversionTask(task.definition as Record<string, unknown>);
        return definition && vscode.workspace.isTrusted ? conversionTask(context, definition, task.scope) : undefined;
      },
    }),
    vscode.commands.registerCommand('npuDeploy.convertForSophon', (uri?: vscode.Uri) => convertFromExplorer(deps, 'sophon', uri)),
    vscode.commands.registerCommand('npuDeploy.convertForAscend', (uri?: vscode.Uri) => convertFromExplorer(deps, 'ascend', uri)),
  );
}

export function configuredHosts(): HostConfig[] {
  const value = vscode.workspace.getConfiguration('npuDeploy').get<unknown>('hosts') ?? { hosts: [] };
  return parseHosts(value, process.env.HOME);
}

/**
 * The hosts of `kind` in the setting, for a command about to ask for one; undefined, with the user
 * told why (a setting that is not valid, no host of that kind, with Open Settings), when there is none.
 */
export async function hostsOfKind(kind: HostKind): Promise<HostConfig[] | undefined> {
  let hosts: HostConfig[];
  try {
    hosts = configuredHosts().filter((h) => h.kind === kind);
  } catch (e) {
    if (!(e instanceof HostsFileError)) throw e;
    void vscode.window.showErrorMessage(vscode.l10n.t('The npuDeploy.hosts setting is not valid: {0}', e.message));
    return undefined;
  }
  if (hosts.length > 0) return hosts;
  const open = vscode.l10n.t('Open Settings');
  const message = kind === 'sophon' ? vscode.l10n.t('No Sophon host in the npuDeploy.hosts setting.') : vscode.l10n.t('No Ascend host in the npuDeploy.hosts setting.');
  if ((await vscode.window.showWarningMessage(message, open)) === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'npuDeploy.hosts');
  return undefined;
}

/**
 * The setting as the CLI's hosts file, kept in the extension's storage (the CLI reads a file).
 * Written under a temporary name and renamed: a job starting meanwhile reads the old list or the
 * new one, never half of one.
 */
async function hostsFileFor(context: vscode.ExtensionContext): Promise<string> {
  const folder = context.globalStorageUri.fsPath;
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, 'npu-deploy-hosts.json');
  await writeFileAtomic(file, JSON.stringify(vscode.workspace.getConfiguration('npuDeploy').get<unknown>('hosts') ?? { hosts: [] }));
  return file;
}

/**
 * The task of `definition`. Its `env` (the compiler's variables) is the CLI's environment, which
 * passes them to the tool on the host; `reportFile`, for the form, is where the CLI says how it ended.
 */
export async function conversionTask(context: vscode.ExtensionContext, definition: ConversionTaskDefinition, scope?: vscode.TaskScope | vscode.WorkspaceFolder, reportFile?: string): Promise<vscode.Task> {
  const cli = path.join(context.extensionPath, 'dist', 'cli.js');
  const [program, ...args] = [process.execPath, ...conversionArguments(cli, definition, await hostsFileFor(context))];
  const env: Record<string, string> = { ...definition.env, ELECTRON_RUN_AS_NODE: '1' };
  if (reportFile) env[RESULT_FILE_VARIABLE] = reportFile;
  const execution = new vscode.ProcessExecution(program, args, { env });
  const name = vscode.l10n.t('Convert {0} on {1}', path.basename(definition.model), definition.host);
  // The CLI prints the tool's problems in the form this matcher reads (src/cli/problemLines.ts).
  return new vscode.Task(definition, scope ?? vscode.TaskScope.Workspace, name, CONVERSION_TASK_TYPE, execution, [CONVERSION_PROBLEM_MATCHER]);
}

async function convertFromExplorer(deps: ConvertPanelDeps, kind: HostKind, uri?: vscode.Uri): Promise<ConvertPanel | undefined> {
  if (!vscode.workspace.isTrusted) return undefined;
  const target = uri ?? (await modelTarget(undefined));
  if (!target || target.scheme !== 'file') return undefined;
  const hosts = await hostsOfKind(kind);
  if (!hosts) return undefined;
  return ConvertPanel.open(deps, kind, hosts, target.fsPath);
}

/**
 * Runs a conversion task to its end: the CLI's exit status (undefined when the task was ended:
 * Cancel) and its report, when it wrote one.
 */
export async function runConversionTask(context: vscode.ExtensionContext, definition: Omit<ConversionTaskDefinition, 'type'>, folder: vscode.WorkspaceFolder | undefined): Promise<ConversionTaskEnd> {
  const reports = path.join(context.globalStorageUri.fsPath, 'reports');
  await mkdir(reports, { recursive: true });
  const reportFile = path.join(reports, `${randomBytes(6).toString('hex')}.json`);
  const ran = await runTaskToEnd(await conversionTask(context, { ...definition, type: CONVERSION_TASK_TYPE }, folder, reportFile));
  const text = await readFile(reportFile, 'utf8').catch(() => undefined);
  await rm(reportFile, { force: true });
  return { ...ran, report: text === undefined ? undefined : parseConvertReport(text) };
}

export interface ConversionTaskEnd {
  exitCode: number | undefined;
  name: string;
  report?: ConvertReport;
}

async function runTaskToEnd(task: vscode.Task): Promise<{ exitCode: number | undefined; name: string }> {
  let execution: vscode.TaskExecution | undefined;
  const early: vscode.TaskProcessEndEvent[] = [];
  return new Promise((resolve, reject) => {
    // Listening before the task starts: a tool that fails at once may end before executeTask resolves.
    const ended = vscode.tasks.onDidEndTaskProcess((e) => {
      if (!execution) early.push(e);
      else if (e.execution === execution) finish(e.exitCode);
    });
    const finish = (exitCode: number | undefined) => {
      ended.dispose();
      resolve({ exitCode, name: task.name });
    };
    vscode.tasks.executeTask(task).then((started) => {
      execution = started;
      const done = early.find((e) => e.execution === started);
      if (done) finish(done.exitCode);
    }, (e: unknown) => {
      ended.dispose();
      reject(e instanceof Error ? e : new Error(String(e)));
    });
  });
}
