// bmrt_test's compare against the compile's reference data as a CompareResult: one row per net
// output, passed or failed as bmrt_test said (it stops at the first failing output, so outputs
// after that one were not compared and are listed as unmatched rather than passed). bmrt_test
// prints no metrics, so they are null; the first mismatch's index and values go in the log.
import type { BmrtTestRun } from '../run/bmrtTestOutput';
import type { CompareResult, CompareRow } from './compareResult';

const DTYPES: Record<string, string> = { FLOAT32: 'float32', FLOAT16: 'float16', BFLOAT16: 'bfloat16', INT8: 'int8', UINT8: 'uint8', INT16: 'int16', UINT16: 'uint16', INT32: 'int32', UINT32: 'uint32' };

/** Undefined when the run compared nothing (no `cmp success` / `cmp failed` verdict). */
export function bmrtCompareResult(run: BmrtTestRun, files: { npu: string; golden: string }): CompareResult | undefined {
  if (run.compares.length === 0) return undefined;
  const passed = run.compares.every((c) => c.passed);
  const firstFailed = passed ? Infinity : (run.failedOutputs[0] ?? run.mismatches[0]?.output ?? 0);
  // Without the net-info block (older builds) the outputs are known by index up to the failing one.
  const outputs = run.outputs.length > 0 ? run.outputs : Array.from({ length: passed ? 1 : firstFailed + 1 }, (_, i) => ({ name: run.mismatches.find((m) => m.output === i)?.label ?? `output #${i}`, shape: [], dtype: 'FLOAT32' }));
  const rows: CompareRow[] = [];
  const notCompared: string[] = [];
  outputs.forEach((o, i) => {
    if (i > firstFailed) {
      notCompared.push(o.name);
      return;
    }
    rows.push({
      name: o.name,
      tensor: `${o.name}:output:${i}`,
      shape: o.shape,
      dtype: DTYPES[o.dtype] ?? o.dtype.toLowerCase(),
      npuFile: files.npu,
      goldenFile: files.golden,
      cosine: null,
      maxAbsError: null,
      meanAbsError: null,
      rmse: null,
      relativeEuclidean: null,
      maxRelativeError: null,
      meanRelativeError: null,
      kl: null,
      pass: i !== firstFailed,
    });
  });
  const failed = rows.filter((r) => !r.pass).length;
  return { rows, unmatched: { npu: notCompared, golden: [] }, firstBad: rows.find((r) => !r.pass)?.name ?? null, summary: { compared: rows.length, passed: rows.length - failed, failed } };
}
