// "Compare with Original…" run with the vendors' own tools on a host, through the Host interface
// only: the job frame both vendors' routes run in. Which tool and which inputs is the route's:
// ascendCompare.ts for an .om (msit/ait debug compare, or a dump compared by msaccucmp.py),
// sophonCompare.ts for a .bmodel (bmrt_test on the device, or npz_tool.py on two .npz).
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
import { nodeFileAccess } from '../io/nodeFileAccess';
import type { Host } from '../hosts/host';
import type { HostConfig } from '../hosts/hostsFile';
import { openHost } from '../hosts/openHost';
import { shellQuote as q } from '../hosts/shellQuote';
import { ArgumentsRejected } from '../convert/toolArgs';
import { t } from '../l10n';
import { ascendRoute } from './ascendCompare';
import { keepLogEnd, resultFolderName, writeResultJson } from './compareResultFolder';
import type { CompareResult } from './compareResult';
import { compareOnDevice, sophonRoute } from './sophonCompare';
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

/** One vendor's way through the job frame: what goes to the host, and the tool that runs there. */
export interface CompareRoute {
  /** Local files to upload, by job subfolder (the tool line names them relative to the job folder). */
  uploads: Record<string, string[]>;
  /** A golden folder's files and their digest: kept on the host under that name for the next job. */
  golden?: { files: string[]; digest: string };
  /** Asks the host for its tool (the golden folder's place on the host given) and makes its line; results go to out/. */
  chooseTool(host: Host, goldenDir: string | undefined, signal?: AbortSignal): Promise<ToolChoice>;
  /** The tool's CSV among the files brought back from out/. */
  resultCsv: RegExp;
  /** The tool's own verdict in its log, kept beside the result as analyser.txt. */
  analyser?(log: string): string | undefined;
}

/** The tool and its command line in the job folder, or why the host has none; and whether the golden folder is there already. */
export type ToolChoice = { tool: VendorCompareTool; line: string; goldenPresent: boolean } | { tool?: undefined; missing: string; goldenPresent: boolean };

export async function runVendorCompare(request: VendorCompareRequest): Promise<VendorCompareOutcome> {
  const started = performance.now();
  const config = request.host;
  const model = path.resolve(request.offlineModel);
  const ext = path.extname(model).toLowerCase();
  if (ext !== '.om' && ext !== '.bmodel') throw new ArgumentsRejected(t('{0} is not a converted model: give an .om or a .bmodel', path.basename(model)));
  const wantKind = ext === '.om' ? 'ascend' : 'sophon';
  if (config.kind !== wantKind) throw new ArgumentsRejected(t('{0} does not run on host {1} (a {2} host)', path.basename(model), config.name, config.kind));
  if (ext === '.om') return runCompareJob(request, model, await ascendRoute(request, model), started);
  const route = await sophonRoute(request, model);
  // bmrt_test against the compile's reference data is the device run's own compare.
  return route ? runCompareJob(request, model, route, started) : compareOnDevice(request, model, started);
}

/**
 * The job frame: the route's inputs uploaded to a fresh job folder (the golden folder to its
 * digest's), its tool run with the output streamed, and out/ brought home with the log, the
 * analyser's verdict and compare.json in one result folder, or nothing on failure or Cancel.
 */
async function runCompareJob(request: VendorCompareRequest, model: string, route: CompareRoute, started: number): Promise<VendorCompareOutcome> {
  const config = request.host;
  const job = `${config.workdir}/compare/${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(4).toString('hex')}`;
  const host = (request.openHost ?? openHost)(config);
  const signal = request.signal;
  let log = '';
  const onStdout = (text: string) => {
    log = keepLogEnd(log, text);
    request.onStdout?.(text);
  };
  const onStderr = (text: string) => {
    log = keepLogEnd(log, text);
    request.onStderr?.(text);
  };
  const seconds = () => Math.round((performance.now() - started) / 10) / 100;
  let command = '';
  let tool: VendorCompareTool | undefined;
  const outcome = (verdict: VendorCompareOutcome['verdict'], extra: Partial<VendorCompareOutcome> = {}): VendorCompareOutcome => ({ verdict, host: config.name, tool, command, seconds: seconds(), ...extra });
  try {
    const goldenDir = route.golden ? `${config.workdir}/golden/${route.golden.digest}` : undefined;
    const choice = await route.chooseTool(host, goldenDir, signal);
    tool = choice.tool;
    if (signal?.aborted) return outcome('cancelled');
    if (choice.tool === undefined) return outcome('failure', { message: choice.missing });
    const ran = choice.tool;
    for (const [folder, files] of Object.entries(route.uploads)) {
      if (files.length > 0) await host.uploadFiles(files, `${job}/${folder}`, signal);
    }
    // The golden folder (often the biggest part) is kept on the host by its digest, like a
    // conversion's model: the same dumps compared again are not sent again.
    if (route.golden && goldenDir && !choice.goldenPresent) {
      await host.uploadFiles(route.golden.files, goldenDir, signal);
      await host.run(`touch ${q(`${goldenDir}/.complete`)}`, { signal, noSetup: true });
    }
    command = `cd ${q(job)} && mkdir -p out && ${choice.line}`;
    const run = await host.run(command, { signal, onStdout, onStderr });
    if (run.cancelled) {
      await cleanUp(host, job);
      return outcome('cancelled');
    }
    const failed = failureOf(ran, run.code, log);
    if (failed !== undefined) {
      await cleanUp(host, job);
      return outcome('failure', { message: failed });
    }
    let brought: { csv?: string; result?: CompareResult } = {};
    const folder = await writeFolderAtomic(
      request.outDir ?? path.dirname(model),
      (n) => resultFolderName(model, new Date(), n),
      async (temporary) => {
        const names = await remoteFiles(host, `${job}/out`, signal);
        for (const dir of new Set(names.map((n) => path.dirname(n)))) await ensureFolder(path.join(temporary, dir));
        await host.downloadFiles(`${job}/out`, names, (name) => path.join(temporary, name), { signal });
        if (signal?.aborted) throw new Error(t('cancelled'));
        await writeFileAtomic(path.join(temporary, 'compare.log'), log);
        brought = await resultOf(route.resultCsv, temporary, names);
        if (!brought.result) throw new ArgumentsRejected(t('{0} wrote no comparison result on host {1}', ran, config.name));
        await writeResultJson(temporary, brought.result);
        const analyser = route.analyser?.(log);
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
      analyser: route.analyser?.(log),
      ...(route.golden ? { goldenUploaded: !choice.goldenPresent } : {}),
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
async function resultOf(csvName: RegExp, folder: string, names: string[]): Promise<{ csv?: string; result?: CompareResult }> {
  const csv = names.find((n) => csvName.test(n));
  if (!csv) return {};
  const file = path.join(folder, csv);
  return { csv, result: parseVendorCsv(await nodeFileAccess.readText(file), file) };
}

/** The job folder goes once its results are home (or the job has failed); a host gone by now keeps it. */
async function cleanUp(host: Host, job: string): Promise<void> {
  try {
    await host.run(`rm -rf ${q(job)}`, { noSetup: true });
  } catch {}
}
