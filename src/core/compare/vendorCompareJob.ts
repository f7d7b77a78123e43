// "Compare with Original…" run with the vendors' own tools on a host, through the Host interface
// only (../shared/toolchains.md §2, §5.4, §7–9):
//   - Ascend (.om): `msit debug compare` (or `ait debug compare`) when the host has it and the
//     original model is known; else the om run with `msame --dump true` (or `python3 -m
//     ais_bench --dump 1` on a host without msame), the fusion rule made by
//     `atc --mode=1`, and `msaccucmp.py compare` of the dump against the golden folder;
//   - Sophon (.bmodel): the device run of src/core/run/deviceRun.ts (`bmrt_test --context_dir`
//     against the compile's reference data, BMRT_SAVE_IO_TENSORS=1 so the device's tensors come
//     back) read as a comparison, or TPU-MLIR `npz_tool.py compare` of two .npz files.
// The inputs go to a job folder on the host (a golden folder to a folder named by its digest,
// kept for the next job, as a conversion keeps its model), the tool's output streams, Cancel stops
// it with its children, and everything the tools wrote (result CSV, dump folders, fusion rule,
// .dat.bmrt files) comes back in one local folder with the log, the analyser's verdict and the
// CompareResult as compare.json — written under a temporary name and renamed when complete, so a
// failed, cancelled or lost job leaves nothing behind. Every path reaches the shell quoted.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { writeFileAtomic, writeFolderAtomic } from '../io/atomicWrite';
import { ensureFolder } from '../io/ensureFolder';
import { isDirectory } from '../io/fileAccess';
import { filesDigest } from '../hosts/localFiles';
import { nodeFileAccess } from '../io/nodeFileAccess';
import type { Host } from '../hosts/host';
import type { HostConfig } from '../hosts/hostsFile';
import { openHost } from '../hosts/openHost';
import { shellLine, shellQuote as q } from '../hosts/shellQuote';
import { ArgumentsRejected } from '../convert/toolArgs';
import { t } from '../l10n';
import { runOnDevice, type DeviceRunResult } from '../run/deviceRun';
import { bmrtCompareResult } from './bmrtCompareResult';
import type { CompareResult } from './compareResult';
import { parseVendorCsv } from './vendorCsv';

export type VendorCompareTool = 'msit' | 'ait' | 'msaccucmp' | 'bmrt_test' | 'npz_tool';

export interface VendorCompareRequest {
  /** The converted model: an `.om` (Ascend host) or a `.bmodel` (Sophon host). */
  offlineModel: string;
  host: HostConfig;
  /**
   * The golden side. For an om: a folder of framework dumps (`{layer}.{output}.{timestamp}.npy`;
   * a sub-model export's dump_data/ is one). For a bmodel: absent for the compile's reference
   * data beside it (input_ref_data.dat, output_ref_data.dat), or the reference `.npz`.
   */
  golden?: string;
  /** With an `.npz` golden: the device's outputs as `.npz` (npz_tool's target). */
  target?: string;
  /** The model the om was converted from, for msit's `-gm` (and `-w` for Caffe). */
  original?: { model: string; weights?: string };
  /** Where the result folder goes; the offline model's folder when absent. */
  outDir?: string;
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  signal?: AbortSignal;
  /** Opens the host; openHost when absent (tests pass their own). */
  openHost?: (config: HostConfig) => Host;
}

export interface VendorCompareOutcome {
  verdict: 'success' | 'failure' | 'cancelled';
  host: string;
  tool?: VendorCompareTool;
  /** The line run on the host (after its setup line). */
  command: string;
  /** The local result folder (success only). */
  folder?: string;
  /** compare.json in it: the CompareResult, what the results view opens. */
  resultFile?: string;
  /** The vendor's CSV in it, when the tool wrote one. */
  csv?: string;
  result?: CompareResult;
  /** msit's analyser: "None operator with accuracy issue reported", or its table of suspects. */
  analyser?: string;
  /** Why a failed job failed, in one line. */
  message?: string;
  /** Whether the golden folder was uploaded (false: the host had the same files from an earlier job). */
  goldenUploaded?: boolean;
  seconds: number;
}

/** Where CANN keeps msaccucmp.py, below the toolkit (ASCEND_TOOLKIT_HOME, set by CANN's set_env.sh). */
const MSACCUCMP = '"${ASCEND_TOOLKIT_HOME:-/usr/local/Ascend/ascend-toolkit/latest}/tools/operator_cmp/compare/msaccucmp.py"';
/** The log kept in the result folder; bigger logs keep their end, where the verdict is. */
const MAX_LOG_CHARS = 8 * 1024 * 1024;

export async function runVendorCompare(request: VendorCompareRequest): Promise<VendorCompareOutcome> {
  const started = performance.now();
  const config = request.host;
  const model = path.resolve(request.offlineModel);
  const ext = path.extname(model).toLowerCase();
  if (ext !== '.om' && ext !== '.bmodel') throw new ArgumentsRejected(t('{0} is not a converted model: give an .om or a .bmodel', path.basename(model)));
  const wantKind = ext === '.om' ? 'ascend' : 'sophon';
  if (config.kind !== wantKind) throw new ArgumentsRejected(t('{0} does not run on host {1} (a {2} host)', path.basename(model), config.name, config.kind));
  const inputs = ext === '.om' ? await omInputs(request, model) : await bmodelInputs(request, model);
  // bmrt_test against the compile's reference data is the device run's own compare.
  if (ext === '.bmodel' && !inputs.npz) return compareOnDevice(request, model, started);

  const job = `${config.workdir}/compare/${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(4).toString('hex')}`;
  const host = (request.openHost ?? openHost)(config);
  const signal = request.signal;
  let log = '';
  const keep = (text: string) => {
    log = (log + text).slice(-MAX_LOG_CHARS);
  };
  const onStdout = (text: string) => {
    keep(text);
    request.onStdout?.(text);
  };
  const onStderr = (text: string) => {
    keep(text);
    request.onStderr?.(text);
  };
  const seconds = () => Math.round((performance.now() - started) / 10) / 100;
  let command = '';
  let tool: VendorCompareTool | undefined;
  const outcome = (verdict: VendorCompareOutcome['verdict'], extra: Partial<VendorCompareOutcome> = {}): VendorCompareOutcome => ({ verdict, host: config.name, tool, command, seconds: seconds(), ...extra });
  try {
    const goldenDir = inputs.golden ? `${config.workdir}/golden/${inputs.golden.digest}` : undefined;
    let goldenPresent = false;
    let dumper: Dumper = 'msame';
    if (ext === '.om') ({ tool, goldenPresent, dumper } = await ascendTool(host, request, goldenDir!, signal));
    else tool = 'npz_tool';
    if (signal?.aborted) return outcome('cancelled');
    if (!tool) return outcome('failure', { message: t('host {0} has neither msit, ait, msame nor ais_bench after the setup line', config.name) });
    for (const [folder, files] of Object.entries(inputs.uploads)) {
      if (files.length > 0) await host.uploadFiles(files, `${job}/${folder}`, signal);
    }
    // The golden folder (often the biggest part) is kept on the host by its digest, like a
    // conversion's model: the same dumps compared again are not sent again.
    if (inputs.golden && goldenDir && !goldenPresent) {
      await host.uploadFiles(inputs.golden.files, goldenDir, signal);
      await host.run(`touch ${q(`${goldenDir}/.complete`)}`, { signal, noSetup: true });
    }
    command = `cd ${q(job)} && mkdir -p out && ${toolLine(tool, inputs, goldenDir, dumper)}`;
    const run = await host.run(command, { signal, onStdout, onStderr });
    if (run.cancelled) {
      await cleanUp(host, job);
      return outcome('cancelled');
    }
    const failed = failureOf(tool, run.code, log);
    if (failed !== undefined) {
      await cleanUp(host, job);
      return outcome('failure', { message: failed });
    }
    const stem = path.basename(model, ext);
    const outDir = request.outDir ?? path.dirname(model);
    let brought: { csv?: string; result?: CompareResult } = {};
    const folder = await writeFolderAtomic(
      outDir,
      (n) => `compare-${stem}-${stampOf(new Date())}${n === 0 ? '' : `-${n}`}`,
      async (temporary) => {
        const names = await remoteFiles(host, `${job}/out`, signal);
        for (const dir of new Set(names.map((n) => path.dirname(n)))) await ensureFolder(path.join(temporary, dir));
        await host.downloadFiles(`${job}/out`, names, (name) => path.join(temporary, name), { signal });
        if (signal?.aborted) throw new Error(t('cancelled'));
        await writeFileAtomic(path.join(temporary, 'compare.log'), log);
        brought = await resultOf(tool!, temporary, names);
        if (!brought.result) throw new ArgumentsRejected(t('{0} wrote no comparison result on host {1}', tool!, config.name));
        await writeFileAtomic(path.join(temporary, 'compare.json'), `${JSON.stringify(brought.result, null, 1)}\n`);
        const analyser = analyserVerdict(log);
        if (analyser) await writeFileAtomic(path.join(temporary, 'analyser.txt'), `${analyser}\n`);
      },
    ).catch(async (e: unknown) => {
      await cleanUp(host, job);
      throw e;
    });
    await cleanUp(host, job);
    return outcome('success', {
      folder,
      resultFile: path.join(folder, 'compare.json'),
      csv: brought.csv ? path.join(folder, brought.csv) : undefined,
      result: brought.result,
      analyser: analyserVerdict(log),
      ...(inputs.golden ? { goldenUploaded: !goldenPresent } : {}),
    });
  } catch (e) {
    if (signal?.aborted) {
      await cleanUp(host, job);
      return outcome('cancelled');
    }
    if (e instanceof ArgumentsRejected) return outcome('failure', { message: e.message });
    throw e;
  } finally {
    await host.close();
  }
}

/** What goes to the host, by job subfolder, and what the tool line points at (relative to the job folder). */
interface JobInputs {
  uploads: Record<string, string[]>;
  om?: string;
  original?: { model: string; weights?: string };
  /** The golden folder's files and their digest (the folder's name on the host). */
  golden?: { files: string[]; digest: string };
  npz?: { target: string; reference: string };
}

async function omInputs(request: VendorCompareRequest, model: string): Promise<JobInputs> {
  if (!request.golden) throw new ArgumentsRejected(t('comparing {0} needs a golden folder: the framework\'s dump (.npy files) or a sub-model export\'s dump_data', path.basename(model)));
  const golden = path.resolve(request.golden);
  const files = await goldenFiles(golden);
  const modelFiles = [model];
  if (request.original) modelFiles.push(path.resolve(request.original.model), ...(request.original.weights ? [path.resolve(request.original.weights)] : []));
  const names = modelFiles.map((f) => path.basename(f));
  if (new Set(names).size !== names.length) throw new ArgumentsRejected(t('the offline model and the original model must have different file names: {0}', names.join(', ')));
  return {
    uploads: { model: modelFiles },
    om: `model/${path.basename(model)}`,
    original: request.original ? { model: `model/${path.basename(request.original.model)}`, weights: request.original.weights ? `model/${path.basename(request.original.weights)}` : undefined } : undefined,
    golden: { files, digest: (await filesDigest(files)).slice(0, 24) },
  };
}

/** The regular files directly in the golden folder (a dump_data/ folder's converted inputs below it are not golden dumps). */
async function goldenFiles(folder: string): Promise<string[]> {
  if (!(await isDirectory(nodeFileAccess, folder))) throw new ArgumentsRejected(t('{0}: no such folder', folder));
  const files: string[] = [];
  for (const name of (await nodeFileAccess.list(folder)).sort()) {
    const stat = await nodeFileAccess.stat(path.join(folder, name));
    if (stat.kind === 'file') files.push(path.join(folder, name));
  }
  if (files.length === 0) throw new ArgumentsRejected(t('{0} holds no dump files', folder));
  return files;
}

async function bmodelInputs(request: VendorCompareRequest, model: string): Promise<JobInputs> {
  if (request.golden?.toLowerCase().endsWith('.npz')) {
    if (!request.target) throw new ArgumentsRejected(t('comparing with npz_tool needs the device\'s outputs as .npz as well as the reference .npz'));
    const target = path.resolve(request.target);
    const reference = path.resolve(request.golden);
    for (const f of [target, reference]) await mustExist(f);
    // Two files of one name would overwrite each other in the upload folder.
    if (path.basename(target) === path.basename(reference)) throw new ArgumentsRejected(t('the target and the reference .npz must have different file names: {0}', path.basename(target)));
    return { uploads: { npz: [target, reference] }, npz: { target: `npz/${path.basename(target)}`, reference: `npz/${path.basename(reference)}` } };
  }
  if (request.golden) throw new ArgumentsRejected(t('bmrt_test compares against the reference data beside the bmodel; give an .npz as golden to compare with npz_tool'));
  const refs = ['input_ref_data.dat', 'output_ref_data.dat'].map((n) => path.join(path.dirname(model), n));
  for (const f of refs) {
    try {
      await nodeFileAccess.stat(f);
    } catch {
      throw new ArgumentsRejected(t('{0} is missing: bmrt_test compares against the reference data the compile wrote (compile with --cmp=true)', f));
    }
  }
  await mustExist(model);
  return { uploads: {} };
}

/**
 * A bmodel on the device (runOnDevice: bmrt_test --context_dir with BMRT_SAVE_IO_TENSORS=1), its
 * verdict per output as a CompareResult, in a result folder like the other tools'.
 */
async function compareOnDevice(request: VendorCompareRequest, model: string, started: number): Promise<VendorCompareOutcome> {
  const config = request.host;
  let log = '';
  let run: DeviceRunResult | undefined;
  let result: CompareResult | undefined;
  const base = { host: config.name, tool: 'bmrt_test' as const };
  const seconds = () => Math.round((performance.now() - started) / 10) / 100;
  try {
    const folder = await writeFolderAtomic(
      request.outDir ?? path.dirname(model),
      (n) => `compare-${path.basename(model, path.extname(model))}-${stampOf(new Date())}${n === 0 ? '' : `-${n}`}`,
      async (temporary) => {
        run = await runOnDevice({
          file: model,
          host: config,
          outDir: temporary,
          signal: request.signal,
          openHost: request.openHost,
          onOutput: (text) => {
            log = (log + text).slice(-MAX_LOG_CHARS);
            request.onStdout?.(text);
          },
        });
        if (run.verdict === 'cancelled') throw new Error(t('cancelled'));
        // A failed compare is a result; a run without a verdict (load failure, device error) is not.
        if (!run.bmrt || run.bmrt.compares.length === 0) throw new ArgumentsRejected(run.summary || t('bmrt_test compared nothing (no "cmp success" or "cmp failed" line)'));
        await writeFileAtomic(path.join(temporary, 'compare.log'), log);
      },
      async (temporary, target) => {
        // The rows name the device's and the reference's files where they end up.
        result = bmrtCompareResult(run!.bmrt!, { npu: path.join(target, 'output_ref_data.dat.bmrt'), golden: path.join(path.dirname(model), 'output_ref_data.dat') });
        await writeFileAtomic(path.join(temporary, 'compare.json'), `${JSON.stringify(result, null, 1)}\n`);
      },
    );
    return { ...base, verdict: 'success', command: run!.command, folder, resultFile: path.join(folder, 'compare.json'), result, seconds: seconds() };
  } catch (e) {
    if (run?.verdict === 'cancelled' || request.signal?.aborted) return { ...base, verdict: 'cancelled', command: run?.command ?? '', seconds: seconds() };
    if (e instanceof ArgumentsRejected) return { ...base, verdict: 'failure', command: run?.command ?? '', message: e.message, seconds: seconds() };
    throw e;
  }
}

async function mustExist(file: string): Promise<void> {
  try {
    await nodeFileAccess.stat(file);
  } catch {
    throw new ArgumentsRejected(t('{0}: no such file', file));
  }
}

/** What runs the om with dumping on for msaccucmp: msame, or ais_bench where msame is not installed. */
type Dumper = 'msame' | 'ais_bench';

/**
 * msit or ait when the host has one and the original model is known, else a dump by msame (or
 * ais_bench) for msaccucmp; and, in the same round trip, whether the golden folder is on the
 * host already.
 */
async function ascendTool(host: Host, request: VendorCompareRequest, goldenDir: string, signal?: AbortSignal): Promise<{ tool?: VendorCompareTool; goldenPresent: boolean; dumper: Dumper }> {
  let found = '';
  const clis = request.original ? 'msit ait ' : '';
  const golden = `if [ -f ${q(`${goldenDir}/.complete`)} ]; then echo golden-present; fi`;
  const ais = `if python3 -c 'import ais_bench' >/dev/null 2>&1; then echo ais_bench; exit 0; fi`;
  await host.run(`${golden}; for c in ${clis}msame; do if command -v "$c" >/dev/null 2>&1; then echo "$c"; exit 0; fi; done; ${ais}; echo none`, { signal, onStdout: (s) => (found += s) });
  const lines = found.trim().split('\n');
  const name = lines[lines.length - 1];
  const goldenPresent = lines.includes('golden-present');
  if (name === 'msit' || name === 'ait') return { tool: name, goldenPresent, dumper: 'msame' };
  if (name === 'msame' || name === 'ais_bench') return { tool: 'msaccucmp', goldenPresent, dumper: name };
  return { goldenPresent, dumper: 'msame' };
}

/** The tool's command line in the job folder; results go to out/. */
function toolLine(tool: VendorCompareTool, inputs: JobInputs, goldenDir: string | undefined, dumper: Dumper): string {
  switch (tool) {
    case 'msit':
    case 'ait': {
      const words = [tool, 'debug', 'compare', '-gm', inputs.original!.model, ...(inputs.original!.weights ? ['-w', inputs.original!.weights] : []), '-om', inputs.om!, '-gp', goldenDir!, '-o', 'out'];
      return shellLine(words);
    }
    case 'msaccucmp': {
      const om = inputs.om!;
      const json = `out/${path.posix.basename(om, '.om')}.json`;
      const noDump = t('{0} wrote no dump files: is dumping allowed on this device?', dumper);
      const msameFailed = t('msame did not run the model (see its [ERROR] lines above)');
      // msame exits 0 after most errors (§9): its own success line is what says it ran.
      const dump =
        dumper === 'msame'
          ? [`${shellLine(['msame', '--model', om, '--output', 'out/npu', '--dump', 'true'])} 2>&1 | tee out/msame.log`, `grep -q 'Execute sample success' out/msame.log || { echo ${q(msameFailed)} >&2; exit 1; }`]
          : [shellLine(['python3', '-m', 'ais_bench', '--model', om, '--output', 'out/npu', '--dump', '1'])];
      // Dump files are found by their name (§7.4), wherever below the output the runner put them.
      const dumpFile = `find out/npu -type f 2>/dev/null | grep -E '/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[0-9]+(\\.[0-9]+)?\\.[0-9]+$' | head -n 1`;
      return [
        shellLine(['atc', '--mode=1', `--om=${om}`, `--json=${json}`]),
        ...dump,
        `d=$(${dumpFile}); [ -n "$d" ] || { echo ${q(noDump)} >&2; exit 1; }`,
        `python3 ${MSACCUCMP} compare -m "$(dirname "$d")" -g ${q(goldenDir!)} -f ${q(json)} -out out`,
      ].join(' && ');
    }
    case 'bmrt_test':
      throw new Error('bmrt_test runs through runOnDevice');
    case 'npz_tool':
      return `${shellLine(['npz_tool.py', 'compare', inputs.npz!.target, inputs.npz!.reference, '-v', '--save', 'out/npz_compare.csv'])}; s=$?; [ -f out/npz_compare.csv ] && exit 0; exit $s`;
  }
}

/** Why the run produced no comparison, or undefined when it did. */
function failureOf(tool: VendorCompareTool, code: number | null, log: string): string | undefined {
  if (code === 0) return undefined;
  const lastLine = log.trim().split('\n').pop() ?? '';
  return t('{0} failed (exit {1}): {2}', tool, String(code), lastLine.trim());
}

/** The files under `folder` on the host, relative to it. */
async function remoteFiles(host: Host, folder: string, signal?: AbortSignal): Promise<string[]> {
  let listing = '';
  const r = await host.run(`cd ${q(folder)} && find . -type f`, { signal, noSetup: true, onStdout: (s) => (listing += s) });
  if (r.code !== 0) return [];
  return listing.split('\n').map((l) => l.replace(/^\.\//, '')).filter(Boolean).sort();
}

/** The CompareResult of the brought-back folder, and the CSV it was read from. */
async function resultOf(tool: VendorCompareTool, folder: string, names: string[]): Promise<{ csv?: string; result?: CompareResult }> {
  const csv = names.find((n) => (tool === 'npz_tool' ? n === 'npz_compare.csv' : /(^|\/)result_\d{14}\.csv$/.test(n)));
  if (!csv) return {};
  const file = path.join(folder, csv);
  return { csv, result: parseVendorCsv(await nodeFileAccess.readText(file), file) };
}

/** msit's analyser report: the line after `Analyser call parameter`, or the table that follows it. */
export function analyserVerdict(log: string): string | undefined {
  const lines = log.split(/\r?\n/);
  const at = lines.findIndex((l) => /Analyser call parameter/.test(l));
  if (at < 0) return undefined;
  const rest = lines.slice(at + 1);
  const none = rest.find((l) => /None operator with accuracy issue reported/.test(l));
  if (none) return none.replace(/^\[INFO\]\s*/, '').trim();
  const table = rest.filter((l) => /^\s*\|/.test(l) || /Operators may lead to inaccuracy/.test(l));
  return table.length > 0 ? table.map((l) => l.replace(/^\[INFO\]\s*/, '')).join('\n') : undefined;
}

function stampOf(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** The job folder goes once its results are home (or the job has failed); a host gone by now keeps it. */
async function cleanUp(host: Host, job: string): Promise<void> {
  try {
    await host.run(`rm -rf ${q(job)}`, { noSetup: true });
  } catch {}
}
