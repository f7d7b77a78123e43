// "Compare with Original…" on a converted .om or .bmodel in the Explorer (trusted workspaces only):
// pick the host and the golden side, run core's compare job with the vendors' tools on that host
// under a cancellable progress notification, the tools' output in an output channel, then show
// the brought-back result with `npuDeploy.showCompareResults` (the results view), or open the
// file when that command is not there. After a conversion task ends well, the same is offered
// for the .bmodel or .om it wrote.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runVendorCompare, type VendorCompareRequest } from '../core/compare/vendorCompareJob';
import { ArgumentsRejected } from '../core/convert/toolArgs';
import { HostUnreachable } from '../core/hosts/hostUnreachable';
import type { HostConfig, HostKind } from '../core/hosts/hostsFile';
import { nodeFileAccess } from '../core/io/nodeFileAccess';
import { CONVERSION_TASK_TYPE, hostsOfKind } from './conversionTasks';

const SHOW_RESULTS = 'npuDeploy.showCompareResults';
/** A conversion's result is one written since its task started (a little slack for coarse mtimes). */
const SLACK_MS = 2000;

export function registerCompareWithOriginal(context: vscode.ExtensionContext): void {
  let output: vscode.OutputChannel | undefined;
  const channel = () => (output ??= vscode.window.createOutputChannel(vscode.l10n.t('NPU Deploy: Compare')));
  const started = new Map<vscode.TaskExecution, number>();
  context.subscriptions.push(
    { dispose: () => output?.dispose() },
    vscode.commands.registerCommand('npuDeploy.compareWithOriginal', (uri?: vscode.Uri) => compareWithOriginal(channel, uri)),
    vscode.tasks.onDidStartTaskProcess((e) => started.set(e.execution, Date.now())),
    vscode.tasks.onDidEndTaskProcess((e) => {
      const since = started.get(e.execution);
      started.delete(e.execution);
      const task = e.execution.task;
      if (e.exitCode === 0 && since !== undefined && task.definition.type === CONVERSION_TASK_TYPE) {
        // tasks.json may name the model and --out relative to the folder the task runs in.
        const base = typeof task.scope === 'object' ? task.scope.uri.fsPath : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '');
        void offerAfterConversion(channel, task.definition, since, base);
      }
    }),
  );
}

/** The .bmodel or .om a finished conversion task wrote into its output folder, offered for comparing. */
async function offerAfterConversion(channel: () => vscode.OutputChannel, definition: vscode.TaskDefinition, since: number, base: string): Promise<void> {
  if (typeof definition.model !== 'string') return;
  const model = path.resolve(base, definition.model);
  const out = typeof definition.out === 'string' ? path.resolve(base, definition.out) : (await isFolder(model)) ? model : path.dirname(model);
  let written: string | undefined;
  try {
    for (const name of await nodeFileAccess.list(out)) {
      if (!/\.(om|bmodel)$/i.test(name)) continue;
      const stat = await nodeFileAccess.stat(path.join(out, name));
      if (stat.kind === 'file' && stat.mtimeMs >= since - SLACK_MS) written = path.join(out, name);
    }
  } catch {
    return;
  }
  if (!written) return;
  const compare = vscode.l10n.t('Compare with Original…');
  const answer = await vscode.window.showInformationMessage(vscode.l10n.t('{0} is ready.', path.basename(written)), compare);
  if (answer === compare) await compareWithOriginal(channel, vscode.Uri.file(written));
}

async function isFolder(file: string): Promise<boolean> {
  try {
    return (await nodeFileAccess.stat(file)).kind === 'directory';
  } catch {
    return false;
  }
}

async function compareWithOriginal(channel: () => vscode.OutputChannel, uri?: vscode.Uri): Promise<void> {
  if (!vscode.workspace.isTrusted) return;
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target || target.scheme !== 'file' || !/\.(om|bmodel)$/i.test(target.fsPath)) return;
  const offline = target.fsPath;
  const kind: HostKind = offline.toLowerCase().endsWith('.om') ? 'ascend' : 'sophon';
  const host = await pickHost(kind);
  if (!host) return;
  const sides = kind === 'ascend' ? await ascendSides(offline) : await sophonSides(offline);
  if (!sides) return;
  const out = channel();
  out.show(true);
  out.appendLine(vscode.l10n.t('Comparing {0} on {1}…', path.basename(offline), host.name));
  const cancel = new AbortController();
  try {
    const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Comparing {0} on {1}', path.basename(offline), host.name), cancellable: true }, (_progress, token) => {
      token.onCancellationRequested(() => cancel.abort());
      const request: VendorCompareRequest = { offlineModel: offline, host, ...sides, signal: cancel.signal, onStdout: (s) => out.append(s), onStderr: (s) => out.append(s) };
      return runVendorCompare(request);
    });
    if (outcome.verdict === 'cancelled') {
      out.appendLine(vscode.l10n.t('Cancelled.'));
      return;
    }
    if (outcome.verdict === 'failure' || !outcome.resultFile || !outcome.result) {
      out.appendLine(outcome.message ?? '');
      void vscode.window.showErrorMessage(vscode.l10n.t('The comparison on {0} failed: {1}', host.name, outcome.message ?? ''));
      return;
    }
    const { summary, firstBad } = outcome.result;
    out.appendLine(vscode.l10n.t('Results in {0}', outcome.folder ?? ''));
    if (outcome.analyser) out.appendLine(outcome.analyser);
    void vscode.window.showInformationMessage(
      firstBad === null
        ? vscode.l10n.t('{0} tensors compared, all pass.', summary.compared)
        : vscode.l10n.t('{0} of {1} tensors fail; the first bad layer is {2}.', summary.failed, summary.compared, firstBad),
    );
    await showResult(outcome.resultFile);
  } catch (e) {
    if (e instanceof ArgumentsRejected || e instanceof HostUnreachable) {
      out.appendLine(e.message);
      void vscode.window.showErrorMessage(e.message);
      return;
    }
    throw e;
  }
}

/** The results view when another part of the extension provides it, else the JSON itself. */
async function showResult(file: string): Promise<void> {
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes(SHOW_RESULTS)) await vscode.commands.executeCommand(SHOW_RESULTS, vscode.Uri.file(file));
  else await vscode.window.showTextDocument(vscode.Uri.file(file));
}

async function pickHost(kind: HostKind): Promise<HostConfig | undefined> {
  const hosts = await hostsOfKind(kind);
  if (!hosts) return undefined;
  if (hosts.length === 1) return hosts[0];
  const picked = await vscode.window.showQuickPick(
    hosts.map((h) => ({ label: h.name, description: h.ssh ?? vscode.l10n.t('this machine'), detail: h.target ?? h.socVersion, host: h })),
    { placeHolder: vscode.l10n.t('Compare on which host?') },
  );
  return picked?.host;
}

type Sides = Pick<VendorCompareRequest, 'golden' | 'target' | 'original'>;

/** The golden folder of an om (framework dumps, or an export's dump_data/), and the original model for msit. */
async function ascendSides(om: string): Promise<Sides | undefined> {
  const folder = path.dirname(om);
  const exports = await dumpDataFolders(folder);
  const browse = { label: vscode.l10n.t('$(folder) A folder of framework dumps (.npy)…'), folder: undefined as string | undefined };
  const items = [...exports.map((f) => ({ label: vscode.l10n.t('$(file-submodule) Dump data of the sub-model export {0}', path.basename(path.dirname(f))), description: f, folder: f as string | undefined })), browse];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Compare against which golden data?') });
  if (!picked) return undefined;
  let golden = picked.folder;
  if (!golden) {
    const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: vscode.Uri.file(folder), openLabel: vscode.l10n.t('Use as Golden Data') });
    if (!chosen?.[0]) return undefined;
    golden = chosen[0].fsPath;
  }
  return { golden, original: await pickOriginal(folder) };
}

/** `*\/dump_data` folders beside the model: what the Dump Sub-model dialog writes. */
async function dumpDataFolders(folder: string): Promise<string[]> {
  const found: string[] = [];
  try {
    for (const name of await nodeFileAccess.list(folder)) {
      const candidate = path.join(folder, name, 'dump_data');
      if (await isFolder(candidate)) found.push(candidate);
    }
  } catch {}
  return found.sort();
}

/** msit runs the original model itself: offered when the om's folder holds one (a prototxt with its caffemodel, an onnx, a pb). */
async function pickOriginal(folder: string): Promise<Sides['original']> {
  let names: string[] = [];
  try {
    names = await nodeFileAccess.list(folder);
  } catch {}
  const caffemodels = names.filter((n) => n.endsWith('.caffemodel'));
  const originals = names
    .filter((n) => /\.(prototxt|onnx|pb)$/i.test(n))
    .map((n) => {
      if (!n.endsWith('.prototxt')) return { model: path.join(folder, n) };
      const weights = caffemodels.find((c) => c.replace(/\.caffemodel$/, '') === n.replace(/\.prototxt$/, '')) ?? (caffemodels.length === 1 ? caffemodels[0] : undefined);
      return weights ? { model: path.join(folder, n), weights: path.join(folder, weights) } : undefined;
    })
    .filter((o): o is NonNullable<typeof o> => o !== undefined);
  if (originals.length === 0) return undefined;
  const none = { label: vscode.l10n.t('Dump with msame and compare with msaccucmp'), original: undefined as Sides['original'] };
  const picked = await vscode.window.showQuickPick([...originals.map((o) => ({ label: vscode.l10n.t('Use msit with the original model {0}', path.basename(o.model)), description: o.weights ? path.basename(o.weights) : undefined, original: o as Sides['original'] })), none], {
    placeHolder: vscode.l10n.t('If the host has msit (or ait), it can run the original model itself'),
  });
  return picked?.original;
}

/** A bmodel's golden side: the compile's reference data beside it (bmrt_test), or two .npz (npz_tool.py). */
async function sophonSides(bmodel: string): Promise<Sides | undefined> {
  const folder = path.dirname(bmodel);
  const hasRefs = (await Promise.all(['input_ref_data.dat', 'output_ref_data.dat'].map((n) => isFile(path.join(folder, n))))).every(Boolean);
  const refs = { label: vscode.l10n.t('The compile\'s reference data (bmrt_test)'), description: folder, npz: false };
  const npz = { label: vscode.l10n.t('Two .npz files (npz_tool.py compare)…'), description: '', npz: true };
  const picked = await vscode.window.showQuickPick(hasRefs ? [refs, npz] : [npz], { placeHolder: vscode.l10n.t('Compare against which golden data?') });
  if (!picked) return undefined;
  if (!picked.npz) return {};
  const pick = async (label: string) => (await vscode.window.showOpenDialog({ canSelectFiles: true, defaultUri: vscode.Uri.file(folder), filters: { npz: ['npz'] }, openLabel: label }))?.[0]?.fsPath;
  const target = await pick(vscode.l10n.t('Device Outputs (.npz)'));
  if (!target) return undefined;
  const golden = await pick(vscode.l10n.t('Reference Outputs (.npz)'));
  return golden ? { target, golden } : undefined;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await nodeFileAccess.stat(file)).kind === 'file';
  } catch {
    return false;
  }
}
