// What the results view shows about one compared tensor, computed in one pass over the NPU and
// golden values: a histogram of the absolute error, a sample of (golden, NPU) pairs for the
// scatter plot, and the elements that differ most, with their indices. Pure (no DOM, no Node):
// the extension host runs it on the tensors readWholeTensor gives and posts the figures, so the
// webview never receives a whole tensor.

export interface TensorDetail {
  /** Elements compared (the shorter side's length when the two differ). */
  count: number;
  /** Elements where either side is NaN or ±Inf: left out of the histogram and the worst list. */
  nonFinite: number;
  /** Absolute error |npu − golden| in `bins.length` equal bins from 0 to `maxAbsError` (the last bin closed). */
  histogram: { max: number; bins: number[] };
  /** Up to `maxSamples` pairs, evenly spaced over the tensor (every element when it is small enough). */
  scatter: { index: number; golden: number; npu: number }[];
  /** The `worst` largest absolute errors, largest first; equal errors keep the lower index first. */
  worst: { index: number; npu: number; golden: number; absError: number }[];
  /** The sampled golden values' range, for the scatter's axes. */
  goldenRange: { min: number; max: number } | null;
  npuRange: { min: number; max: number } | null;
}

export interface TensorDetailOptions {
  bins?: number;
  maxSamples?: number;
  worst?: number;
}

export const DEFAULT_DETAIL_OPTIONS: Required<TensorDetailOptions> = { bins: 40, maxSamples: 4000, worst: 20 };

export function tensorDetail(npu: Float32Array, golden: Float32Array, options: TensorDetailOptions = {}): TensorDetail {
  const { bins, maxSamples, worst } = { ...DEFAULT_DETAIL_OPTIONS, ...options };
  const count = Math.min(npu.length, golden.length);
  // Views of one length: the passes loop to the array's own length, which lets the engine drop its bounds checks.
  const n = npu.subarray(0, count);
  const g = golden.subarray(0, count);
  const { nonFinite, maxAbs } = errorRange(n, g);
  const counts = new Float64Array(bins);
  const top = binAndRank(n, g, counts, maxAbs, worst);

  // The scatter's sample, and the axes' ranges from it: the axes frame the points drawn.
  const scatter: TensorDetail['scatter'] = [];
  const range = (v: number, r: { min: number; max: number } | null) => (r ? { min: Math.min(r.min, v), max: Math.max(r.max, v) } : { min: v, max: v });
  let goldenRange: TensorDetail['goldenRange'] = null;
  let npuRange: TensorDetail['npuRange'] = null;
  const step = count > maxSamples ? count / maxSamples : 1;
  for (let s = 0; s < Math.min(count, maxSamples); s++) {
    const i = Math.floor(s * step);
    if (!Number.isFinite(npu[i]) || !Number.isFinite(golden[i])) continue;
    scatter.push({ index: i, golden: golden[i], npu: npu[i] });
    goldenRange = range(golden[i], goldenRange);
    npuRange = range(npu[i], npuRange);
  }
  return { count, nonFinite, histogram: { max: maxAbs, bins: Array.from(counts) }, scatter, worst: top, goldenRange, npuRange };
}

// The two passes over the whole tensor are the whole cost on a large one, so each is its own
// small function of plain comparisons and no calls (x - x is 0 exactly when x is finite).

/** The largest absolute error over the finite pairs, and how many pairs are not finite. */
function errorRange(npu: Float32Array, golden: Float32Array): { nonFinite: number; maxAbs: number } {
  let nonFinite = 0;
  let maxAbs = 0;
  for (let i = 0; i < npu.length; i++) {
    const a = npu[i];
    const b = golden[i];
    if (a - a !== 0 || b - b !== 0) {
      nonFinite++;
      continue;
    }
    const e = a > b ? a - b : b - a;
    if (e > maxAbs) maxAbs = e;
  }
  return { nonFinite, maxAbs };
}

/**
 * Counts each finite pair's error into its bin and keeps the `worst` largest errors in a small
 * array kept sorted (tiny beside the tensor: no element array is ever built). `floor` is the
 * smallest error kept once the list is full, so most elements cost one comparison.
 */
function binAndRank(npu: Float32Array, golden: Float32Array, counts: Float64Array, maxAbs: number, worst: number): TensorDetail['worst'] {
  const scale = maxAbs > 0 ? counts.length / maxAbs : 0;
  const last = counts.length - 1;
  const top: TensorDetail['worst'] = [];
  let floor = worst > 0 ? -1 : Infinity;
  for (let i = 0; i < npu.length; i++) {
    const a = npu[i];
    const b = golden[i];
    if (a - a !== 0 || b - b !== 0) continue;
    const e = a > b ? a - b : b - a;
    const bin = (e * scale) | 0;
    counts[bin > last ? last : bin]++;
    if (e > floor) {
      let at = top.length;
      while (at > 0 && top[at - 1].absError < e) at--;
      top.splice(at, 0, { index: i, npu: a, golden: b, absError: e });
      if (top.length > worst) top.pop();
      if (top.length === worst) floor = top[worst - 1].absError;
    }
  }
  return top;
}

/** A flat element index as the tensor's coordinates (row-major), for the worst-elements table. */
export function unravelIndex(index: number, shape: readonly number[]): number[] {
  if (shape.length === 0 || shape.some((d) => !(d > 0))) return [index];
  const out = new Array<number>(shape.length);
  let rest = index;
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = rest % shape[d];
    rest = Math.floor(rest / shape[d]);
  }
  return out;
}
