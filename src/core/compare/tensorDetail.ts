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
  /** The golden values' range, for the scatter's axes. */
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
  let nonFinite = 0;
  let maxAbs = 0;
  let gMin = Infinity;
  let gMax = -Infinity;
  let nMin = Infinity;
  let nMax = -Infinity;
  // First pass: the range of the error (the histogram's bins need it) and of each side.
  for (let i = 0; i < count; i++) {
    const a = npu[i];
    const b = golden[i];
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      nonFinite++;
      continue;
    }
    const e = Math.abs(a - b);
    if (e > maxAbs) maxAbs = e;
    if (b < gMin) gMin = b;
    if (b > gMax) gMax = b;
    if (a < nMin) nMin = a;
    if (a > nMax) nMax = a;
  }

  // Second pass: the bins, and the worst elements in a small array kept sorted (worst is tiny
  // beside the tensor, so an insertion costs little and no element array is ever built).
  const counts = new Array<number>(bins).fill(0);
  const top: { index: number; npu: number; golden: number; absError: number }[] = [];
  for (let i = 0; i < count; i++) {
    const a = npu[i];
    const b = golden[i];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    const e = Math.abs(a - b);
    const bin = maxAbs > 0 ? Math.min(bins - 1, Math.floor((e / maxAbs) * bins)) : 0;
    counts[bin]++;
    if (worst > 0 && (top.length < worst || e > top[top.length - 1].absError)) {
      let at = top.length;
      while (at > 0 && top[at - 1].absError < e) at--;
      top.splice(at, 0, { index: i, npu: a, golden: b, absError: e });
      if (top.length > worst) top.pop();
    }
  }

  const scatter: TensorDetail['scatter'] = [];
  const step = count > maxSamples ? count / maxSamples : 1;
  for (let s = 0; s < Math.min(count, maxSamples); s++) {
    const i = Math.floor(s * step);
    if (Number.isFinite(npu[i]) && Number.isFinite(golden[i])) scatter.push({ index: i, golden: golden[i], npu: npu[i] });
  }

  const finite = count - nonFinite > 0;
  return {
    count,
    nonFinite,
    histogram: { max: maxAbs, bins: counts },
    scatter,
    worst: top,
    goldenRange: finite ? { min: gMin, max: gMax } : null,
    npuRange: finite ? { min: nMin, max: nMax } : null,
  };
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
