// The Sophon route of a compare job (../shared/toolchains.md §2, §5.4): a .bmodel either run on
// the device by src/core/run/deviceRun.ts (`bmrt_test --context_dir` against the compile's
// reference data, BMRT_SAVE_IO_TENSORS=1 so the device's tensors come back) and read as a
// comparison, or two .npz files compared by TPU-MLIR's `npz_tool.py compare` in the job frame of
// vendorCompareJob.ts.
import * as path from 'node:path';
import { shellLine } from '../hosts/shellQuote';
import { ArgumentsRejected } from '../convert/toolArgs';
import { writeFileAtomic, writeFolderAtomic } from '../io/atomicWrite';
import { nodeFileAccess } from '../io/nodeFileAccess';
import { t } from '../l10n';
import { runOnDevice, type DeviceRunResult } from '../run/deviceRun';
import { bmrtCompareResult } from './bmrtCompareResult';
import { keepLogEnd, resultFolderName, writeResultJson } from './compareResultFolder';
import type { CompareResult } from './compareResult';
import type { CompareRoute, VendorCompareOutcome, VendorCompareRequest } from './vendorCompareJob';

/**
 * The npz_tool route when the golden side is a reference .npz (with the device's outputs as the
 * target); undefined when the bmodel is to be checked on the device against the compile's
 * reference data beside it (compareOnDevice). Either way the inputs are checked here first.
 */
export async function sophonRoute(request: VendorCompareRequest, model: string): Promise<CompareRoute | undefined> {
  if (request.golden?.toLowerCase().endsWith('.npz')) {
    if (!request.target) throw new ArgumentsRejected(t('comparing with npz_tool needs the device\'s outputs as .npz as well as the reference .npz'));
    const target = path.resolve(request.target);
    const reference = path.resolve(request.golden);
    for (const f of [target, reference]) await mustExist(f);
    // Two files of one name would overwrite each other in the upload folder.
    if (path.basename(target) === path.basename(reference)) throw new ArgumentsRejected(t('the target and the reference .npz must have different file names: {0}', path.basename(target)));
    // npz_tool exits non-zero when tensors differ; the CSV it saved is the result all the same.
    const line = `${shellLine(['npz_tool.py', 'compare', `npz/${path.basename(target)}`, `npz/${path.basename(reference)}`, '-v', '--save', 'out/npz_compare.csv'])}; s=$?; [ -f out/npz_compare.csv ] && exit 0; exit $s`;
    return {
      uploads: { npz: [target, reference] },
      chooseTool: () => Promise.resolve({ tool: 'npz_tool', goldenPresent: false, line }),
      resultCsv: /^npz_compare\.csv$/,
    };
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
  return undefined;
}

/**
 * A bmodel on the device (runOnDevice: bmrt_test --context_dir with BMRT_SAVE_IO_TENSORS=1), its
 * verdict per output as a CompareResult, in a result folder like the other tools'.
 */
export async function compareOnDevice(request: VendorCompareRequest, model: string, started: number): Promise<VendorCompareOutcome> {
  const config = request.host;
  let log = '';
  let run: DeviceRunResult | undefined;
  let result: CompareResult | undefined;
  const base = { host: config.name, tool: 'bmrt_test' as const };
  const seconds = () => Math.round((performance.now() - started) / 10) / 100;
  try {
    const folder = await writeFolderAtomic(
      request.outDir ?? path.dirname(model),
      (n) => resultFolderName(model, new Date(), n),
      async (temporary) => {
        run = await runOnDevice({
          file: model,
          host: config,
          outDir: temporary,
          signal: request.signal,
          openHost: request.openHost,
          onOutput: (text) => {
            log = keepLogEnd(log, text);
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
        const compared = bmrtCompareResult(run!.bmrt!, { npu: path.join(target, 'output_ref_data.dat.bmrt'), golden: path.join(path.dirname(model), 'output_ref_data.dat') });
        if (!compared) throw new ArgumentsRejected(t('bmrt_test compared nothing (no "cmp success" or "cmp failed" line)'));
        await writeResultJson(temporary, compared);
        result = compared;
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
