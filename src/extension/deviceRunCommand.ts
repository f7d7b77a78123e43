// "Run on Device": a converted .bmodel (bmrt_test) or .om (msame) run on a host of the matching
// kind (src/core/run/deviceRun.ts) under a cancellable progress notification, its output in the
// "NPU Deploy: Device Runs" channel and kept as the job's log, the parsed result said in one line
// (throughput, latency, compare verdict). Each run is a recent job of its host.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { oneLine } from '../core/errors';
import type { JobRecord } from '../core/hosts/jobRecord';
import { writeFileAtomic } from '../core/io/atomicWrite';
import { runOnDevice, type DeviceRunResult } from '../core/run/deviceRun';
import { hostsOfKind } from './conversionTasks';
import { modelTarget } from './modelTarget';
import type { RecentJobs } from './recentJobs';

export const RUN_ON_DEVICE_COMMAND = 'npuDeploy.runOnDevice';

export function registerDeviceRun(context: vscode.ExtensionContext, jobs: RecentJobs): void {
  let output: vscode.OutputChannel | undefined;
  const channel = () => (output ??= vscode.window.createOutputChannel(vscode.l10n.t('NPU Deploy: Device Runs')));
  context.subscriptions.push(
    { dispose: () => output?.dispose() },
    vscode.commands.registerCommand(RUN_ON_DEVICE_COMMAND, async (arg?: unknown) => {
      if (!vscode.workspace.isTrusted) return undefined;
      const uri = await modelTarget(arg);
      if (!uri || uri.scheme !== 'file') return undefined;
      return runFromCommand(context, jobs, channel(), uri.fsPath);
    }),
  );
}

async function runFromCommand(context: vscode.ExtensionContext, jobs: RecentJobs, output: vscode.OutputChannel, file: string): Promise<DeviceRunResult | undefined> {
  const kind = /\.om$/i.test(file) ? 'ascend' : 'sophon';
  const hosts = await hostsOfKind(kind);
  if (!hosts) return undefined;
  const host =
    hosts.length === 1
      ? hosts[0]
      : (await vscode.window.showQuickPick(hosts.map((h) => ({ label: h.name, description: h.ssh ?? vscode.l10n.t('this machine'), host: h })), { placeHolder: vscode.l10n.t('Run on which host?') }))?.host;
  if (!host) return undefined;

  const job: JobRecord = { id: randomBytes(6).toString('hex'), host: host.name, kind: 'run', file, tool: kind === 'sophon' ? 'bmrt_test' : 'msame', state: 'running', started: Date.now(), outputs: [] };
  const logFolder = path.join(context.globalStorageUri.fsPath, 'device-runs');
  await mkdir(logFolder, { recursive: true });
  job.log = path.join(logFolder, `${job.id}.log`);
  jobs.record(job);
  let log = '';
  output.show(true);
  output.appendLine(`$ ${path.basename(file)} → ${host.name}`);
  let result: DeviceRunResult | undefined;
  let error: string | undefined;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Running {0} on {1}', path.basename(file), host.name), cancellable: true },
      (_progress, token) => {
        const cancel = new AbortController();
        token.onCancellationRequested(() => cancel.abort());
        return runOnDevice({ file, host, signal: cancel.signal, onOutput: (text) => {
          log += text;
          output.append(text);
        } });
      },
    );
  } catch (e) {
    error = oneLine(e instanceof Error ? e.message : String(e));
    log += `${error}\n`;
  }
  await writeFileAtomic(job.log, log).catch(() => undefined);
  const summary = result?.summary ?? error ?? '';
  jobs.record({ ...job, state: result?.verdict ?? 'failure', ended: Date.now(), outputs: result?.outputs ?? [], summary });
  output.appendLine(summary);
  if (result?.verdict === 'success') void vscode.window.showInformationMessage(vscode.l10n.t('{0} on {1}: {2}', path.basename(file), host.name, summary));
  else if (result?.verdict !== 'cancelled') void vscode.window.showErrorMessage(vscode.l10n.t('{0} on {1} failed: {2}', path.basename(file), host.name, summary));
  return result;
}
