// The shape of one comparison, whoever made it: our own engine (`npu-deploy compare`), a vendor
// tool's CSV (msaccucmp's result_*.csv, npz_tool's --save CSV) read back, or a compare job run on
// a host. `npu-deploy compare --json` prints exactly this object, so its field names are a
// contract (issue 18 §5): scripts read them. The results view and the graph overlay take it as is.

/** One compared tensor: an NPU tensor and its golden counterpart. */
export interface CompareRow {
  /** The original model's layer or op name (after fusion-rule mapping), what the graph shows. */
  name: string;
  /** Which tensor of that layer: `name:output:0`, the NPU op's own name, or the golden file's stem. */
  tensor: string;
  shape: number[];
  /** numpy-style dtype name of the NPU side: `float32`, `float16`, `int8`, … */
  dtype: string;
  npuFile: string | null;
  goldenFile: string | null;
  /** A metric is null where it is undefined (a zero-norm tensor's cosine) or was not computed (a vendor CSV without that column). */
  cosine: number | null;
  maxAbsError: number | null;
  meanAbsError: number | null;
  rmse: number | null;
  relativeEuclidean: number | null;
  maxRelativeError: number | null;
  meanRelativeError: number | null;
  kl: number | null;
  pass: boolean;
  /** Optional extras (not in the contract, so consumers must not need them). */
  extra?: CompareRowExtra;
}

export interface CompareRowExtra {
  /** npz_tool's similarities and verdict. */
  euclideanSimilarity?: number | null;
  sqnr?: number | null;
  verdict?: 'EQUAL' | 'CLOSE' | 'SIMILAR' | 'NOT_SIMILAR' | 'NOT_EQUAL' | 'NOT_MATCH';
  /** The NPU op names a fused row stands for (msaccucmp's GroundTruth column), or the other way round. */
  groundTruth?: string[];
  /** Position in the original model's topological order (0-based), when a model was given. */
  order?: number;
  /** Why the row failed: the metric names over their thresholds. */
  failedMetrics?: string[];
  /** Why the metrics are missing: a tensor that could not be read, sizes that differ (one line). */
  problem?: string;
}

export interface CompareResult {
  /** Rows in the original model's topological order (file order when no model was given). */
  rows: CompareRow[];
  /** Tensors found on one side only: never silently dropped. */
  unmatched: { npu: string[]; golden: string[] };
  /** The earliest failing layer whose inputs all pass, or null when nothing fails. */
  firstBad: string | null;
  summary: { compared: number; passed: number; failed: number };
}

/** The metric names a results view can colour by, in the order the issue lists them. */
export const COMPARE_METRICS = ['cosine', 'maxAbsError', 'meanAbsError', 'rmse', 'relativeEuclidean', 'maxRelativeError', 'meanRelativeError', 'kl'] as const;
export type CompareMetric = (typeof COMPARE_METRICS)[number];
