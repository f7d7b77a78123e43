// A converted model run on a host's device: a .bmodel with bmrt_test (with the compile's reference
// data beside it, `--context_dir` compares the device's outputs against them; without, `--bmodel`
// only times it), BMRT_SAVE_IO_TENSORS=1 so the device's inputs and outputs come back as
// `.dat.bmrt` files; an .om with msame. The output is parsed (bmrtTestOutput, msameOutput) into a
// verdict and one readable line: throughput, latency, and the compare's pass or fail with the
// failing output and index. The model goes to the host's work folder once (the same bytes are
// not sent again); each run has its own folder, removed when its files are home.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { Host } from '../hosts/host';
import type { HostConfig } from '../hosts/hostsFile';
import { filesDigest } from '../hosts/localFiles';
import { openHost } from '../hosts/openHost';
import { shellLine, shellQuote as q } from '../hosts/shellQuote';
import { nodeFileAccess } from '../io/nodeFileAccess';
import { t } from '../l10n';
import { parseBmrtTestOutput, type BmrtTestRun } from './bmrtTestOutput';
import { parseMsameOutput, type MsameRun } from './msameOutput';

export interface DeviceRunRequest {
  /** The .bmodel or .om, local. */
  file: string;
  host: HostConfig;
  /** Where the device's `.dat.bmrt` files land: the model's folder when absent. */
  outDir?: string;
  /** msame's loop count (1–100): more loops, a steadier average. */
  loops?: number;
  onOutput?: (text: string) => void;
  signal?: AbortSignal;
  openHost?: (config: HostConfig) => Host;
}

export interface DeviceRunResult {
  verdict: 'success' | 'failure' | 'cancelled';
  tool: 'bmrt_test' | 'msame';
  /** The line run on the host (after its setup line). */
  command: string;
  /** Whether the outputs were compared with the compile's reference data. */
  compared: boolean;
  /** One line for the user: throughput and latency, the compare verdict, or why it failed. */
  summary: string;
  bmrt?: BmrtTestRun;
  msame?: MsameRun;
  /** Local files brought back (the device's inputs and outputs). */
  outputs: string[];
  exitCode?: number;
}

/** The reference data bmrt_test compares against, written by the compile beside compilation.bmodel. */
const REFERENCE_FILES = ['input_ref_data.dat', 'output_ref_data.dat'];
/** What BMRT_SAVE_IO_TENSORS=1 makes bmrt_test write in its working folder. */
const DEVICE_TENSOR_FILES = ['input_ref_data.dat.bmrt', 'output_ref_data.dat.bmrt'];

export class DeviceRunRefused extends Error {
  override readonly name = 'DeviceRunRefused';
}

export async function runOnDevice(request: DeviceRunRequest): Promise<DeviceRunResult> {
  const ext = path.extname(request.file).toLowerCase();
  if (ext !== '.bmodel' && ext !== '.om') throw new DeviceRunRefused(t('{0}: only a .bmodel or an .om runs on a device', request.file));
  const tool = ext === '.bmodel' ? 'bmrt_test' : 'msame';
  if ((tool === 'bmrt_test') !== (request.host.kind === 'sophon')) throw new DeviceRunRefused(t('{0} does not run on host {1} (a {2} host)', path.basename(request.file), request.host.name, request.host.kind));
  const folder = path.dirname(request.file);
  const siblings = new Set(await nodeFileAccess.list(folder));
  const compared = tool === 'bmrt_test' && REFERENCE_FILES.every((f) => siblings.has(f));
  const locals = [request.file, ...(compared ? REFERENCE_FILES.map((f) => path.join(folder, f)) : [])];
  const config = request.host;
  const modelFolder = `${config.workdir}/device-models/${(await filesDigest(locals)).slice(0, 24)}`;
  // bmrt_test's context folder must hold the model as compilation.bmodel, whatever the user renamed it to.
  const remoteModel = `${modelFolder}/${tool === 'bmrt_test' ? 'compilation.bmodel' : path.basename(request.file)}`;
  const runFolder = `${config.workdir}/device-runs/${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(4).toString('hex')}`;
  const words =
    tool === 'bmrt_test'
      ? ['bmrt_test', compared ? `--context_dir=${modelFolder}` : `--bmodel=${remoteModel}`]
      : ['msame', '--model', remoteModel, '--output', `${runFolder}/output`, '--outfmt', 'BIN', '--loop', String(request.loops ?? 10)];
  const command = `cd ${q(runFolder)} && ${tool === 'bmrt_test' ? 'BMRT_SAVE_IO_TENSORS=1 ' : ''}${shellLine(words)}`;
  const host = (request.openHost ?? openHost)(config);
  const signal = request.signal;
  let output = '';
  const hear = (text: string) => {
    output += text;
    request.onOutput?.(text);
  };
  const result = (verdict: DeviceRunResult['verdict'], extra: Partial<DeviceRunResult>): DeviceRunResult => ({ verdict, tool, command, compared, summary: '', outputs: [], ...extra });
  try {
    const complete = `${modelFolder}/.complete`;
    const present = await host.run(`test -f ${q(complete)}`, { signal, noSetup: true });
    if (present.cancelled) return result('cancelled', { summary: t('cancelled') });
    if (present.code !== 0) {
      const names = locals.map((local) => (local === request.file ? remoteModel : `${modelFolder}/${path.basename(local)}`));
      for (let i = 0; i < locals.length; i++) await host.upload(locals[i], names[i], signal);
      await host.run(`touch ${q(complete)}`, { signal, noSetup: true });
    }
    const run = await host.run(`mkdir -p ${q(runFolder)} && ${command}`, { signal, onStdout: hear, onStderr: hear });
    if (run.cancelled) {
      await removeFolder(host, runFolder);
      return result('cancelled', { summary: t('cancelled') });
    }
    const outDir = request.outDir ?? folder;
    const outputs =
      tool === 'bmrt_test'
        ? (await host.downloadFiles(runFolder, DEVICE_TENSOR_FILES, (name) => path.join(outDir, name), { signal, removeRemoteFolder: true })).map((name) => path.join(outDir, name))
        : [];
    if (tool === 'msame') await removeFolder(host, runFolder);
    const exitCode = run.code ?? undefined;
    if (tool === 'bmrt_test') {
      const bmrt = parseBmrtTestOutput(output);
      const passed = run.code === 0 && bmrt.fatal.length === 0 && bmrt.compares.every((c) => c.passed) && bmrt.failedOutputs.length === 0;
      return result(passed ? 'success' : 'failure', { bmrt, outputs, exitCode, summary: bmrtSummary(bmrt, compared, run.code) });
    }
    const msame = parseMsameOutput(output);
    return result(msame.succeeded ? 'success' : 'failure', { msame, outputs, exitCode, summary: msameSummary(msame) });
  } finally {
    await host.close();
  }
}

/** `218.2 inferences/s, 4.58 ms (npu 4.37 ms) · compare passed`, or the first FATAL. */
export function bmrtSummary(run: BmrtTestRun, compared: boolean, code: number | null): string {
  const parts: string[] = [];
  const launch = run.launches[0];
  if (launch) parts.push(t('{0} inferences/s, {1} ms (npu {2} ms)', (1e6 / launch.totalMicros).toFixed(1), (launch.totalMicros / 1000).toFixed(2), (launch.npuMicros / 1000).toFixed(2)));
  const failed = run.compares.find((c) => !c.passed);
  const mismatch = run.mismatches[0];
  if (failed || run.failedOutputs.length > 0) {
    const output = run.failedOutputs[0] ?? mismatch?.output ?? 0;
    parts.push(mismatch ? t('compare failed: output #{0} at index {1}, expected {2}, got {3}', output, mismatch.index, mismatch.expected, mismatch.got) : t('compare failed: output #{0}', output));
  } else if (compared && run.compares.length > 0) parts.push(t('compare passed'));
  else if (!compared) parts.push(t('not compared (no reference data beside the bmodel)'));
  const fatal = run.fatal.find((f) => !/cmp failed/.test(f));
  if (fatal) parts.push(fatal);
  else if (code !== 0 && parts.length === 0) parts.push(t('bmrt_test ended with status {0}', String(code)));
  return parts.join(' · ');
}

/** `205.3 inferences/s, 4.87 ms average (4.50 ms without the first)`, or msame's first error. */
export function msameSummary(run: MsameRun): string {
  if (!run.succeeded) return run.errors[0] ?? t('msame did not report success');
  const average = run.averageWithoutFirstMillis ?? run.averageMillis ?? mean(run.inferenceMillis);
  if (average === undefined) return t('msame reported success but no inference time');
  const parts = [t('{0} inferences/s', (1000 / average).toFixed(1)), t('{0} ms average', (run.averageMillis ?? average).toFixed(2))];
  if (run.averageWithoutFirstMillis !== undefined) parts.push(t('{0} ms without the first', run.averageWithoutFirstMillis.toFixed(2)));
  return parts.join(', ');
}

function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The run's folder goes once its files are home (or it failed); a host gone by now keeps it. */
async function removeFolder(host: Host, folder: string): Promise<void> {
  try {
    await host.run(`rm -rf ${q(folder)}`, { noSetup: true });
  } catch {}
}
