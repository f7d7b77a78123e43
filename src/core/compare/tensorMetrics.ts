// The metrics of one NPU tensor against its golden tensor, with the vendors' definitions, summed
// over pieces so a tensor of any size streams through:
// - msaccucmp's (CANN operator_cmp builtin algorithms): cosine similarity (1 when both norms are
//   zero, undefined when one is), max and mean absolute error, RMSE, relative Euclidean distance
//   ‖a−b‖/‖b‖ (0 for a zero golden), max and mean relative error |a/b−1| counted as 0 where
//   |b| ≤ float64 eps, and KL divergence of the min–max normalised tensors floored at float32 eps;
// - npz_tool's (TPU-MLIR tensor_compare.py): EQUAL, CLOSE (np.allclose with rtol 10^-order,
//   atol 1e-8, order 5…3), else cosine, euclidean similarity 1−‖a−b‖/(‖(a+b)/2‖+1e-7) and SQNR
//   on the tensors with NaN as 0 and ±inf as ±10000, SIMILAR above the tolerances.
// All sums are float64. KL needs each tensor's min and max first: a second pass (addSecondPass).

import type { CompareMetric, CompareRow } from './compareResult';

/** The eight metrics of a row (CompareRow's own fields), and npz_tool's. */
export interface TensorMetricValues extends Pick<CompareRow, CompareMetric> {
  euclideanSimilarity: number | null;
  sqnr: number | null;
  verdict: 'EQUAL' | 'CLOSE' | 'SIMILAR' | 'NOT_SIMILAR' | 'NOT_EQUAL';
  /** npz_tool's close order when CLOSE. */
  closeOrder?: number;
  /** How many elements were NaN or infinite on either side (msaccucmp's metrics are then undefined). */
  nonFinite: number;
}

/** numpy's float64 eps (msaccucmp's ConstManager.FLOAT_EPSILON) and float32 eps (its KL floor). */
const EPS64 = 2.220446049250313e-16;
const EPS32 = 1.1920928955078125e-7;
const NPZ_INF = 10000;

export interface NpzTolerances {
  cosine: number;
  euclidean: number;
  sqnr: number;
}

/** npz_tool.py compare's defaults: `--tolerance 0.99,0.99`, no SQNR bound. */
export const NPZ_TOLERANCES: NpzTolerances = { cosine: 0.99, euclidean: 0.99, sqnr: -Infinity };

// The running sums live in one Float64Array (indices below) and the loop works on plain double
// locals: V8 keeps such a loop in machine doubles, where object fields that start as small
// integers deoptimise it several times over.
const N = 0;
const NON_FINITE = 1;
const DOT = 2;
const AA = 3;
const BB = 4;
const DD = 5;
const SUM_ABS = 6;
const MAX_ABS = 7;
const SUM_REL = 8;
const MAX_REL = 9;
const UNEQUAL = 10;
const MAX_NEED = 11;
const ANY_A = 12;
const ANY_B = 13;
const MIN_A = 14;
const MAX_A = 15;
const MIN_B = 16;
const MAX_B = 17;
const SHIFT_A = 18;
const SHIFT_D = 19;
const SA = 20;
const SAA = 21;
const SD = 22;
const SDD = 23;
const SP = 24;
const SQ = 25;
const SPL = 26;
const SLOTS = 27;

export class TensorMetrics {
  private readonly s = new Float64Array(SLOTS);

  constructor(
    private readonly npuDtype: string,
    private readonly scalar = false,
  ) {
    this.s[MIN_A] = Infinity;
    this.s[MAX_A] = -Infinity;
    this.s[MIN_B] = Infinity;
    this.s[MAX_B] = -Infinity;
    this.s[SHIFT_A] = NaN;
  }

  /** The next values of both tensors, as many on each side. */
  add(a: Float32Array, b: Float32Array): void {
    if (a.length === 0) return;
    const s = this.s;
    if (Number.isNaN(s[SHIFT_A])) {
      s[SHIFT_A] = finite(a[0]);
      s[SHIFT_D] = finite(a[0]) - finite(b[0]);
    }
    accumulate(s, a, b);
  }

  /** The same values again, after every add: KL's sums over the normalised tensors. */
  addSecondPass(a: Float32Array, b: Float32Array): void {
    const st = this.s;
    const minA = st[MIN_A];
    const minB = st[MIN_B];
    const rangeA = st[MAX_A] - minA;
    const rangeB = st[MAX_B] - minB;
    const scaleA = rangeA !== 0 ? 1 / rangeA : 1;
    const scaleB = rangeB !== 0 ? 1 / rangeB : 1;
    const offA = rangeA !== 0 ? minA : 0;
    const offB = rangeB !== 0 ? minB : 0;
    let sp = st[SP];
    let sq = st[SQ];
    let spl = st[SPL];
    for (let i = 0; i < a.length; i++) {
      let p = (finite(a[i]) - offA) * scaleA;
      let q = (finite(b[i]) - offB) * scaleB;
      if (!(p > EPS32)) p = EPS32;
      if (!(q > EPS32)) q = EPS32;
      sp += p;
      sq += q;
      spl += p * Math.log(p / q);
    }
    st[SP] = sp;
    st[SQ] = sq;
    st[SPL] = spl;
  }

  result(tolerances: NpzTolerances = NPZ_TOLERANCES): TensorMetricValues {
    const s = this.s;
    const n = s[N];
    const nonFinite = s[NON_FINITE];
    const undefinedHere = nonFinite > 0 || n === 0;
    const normA = Math.sqrt(s[AA]);
    const normB = Math.sqrt(s[BB]);
    const dot = s[DOT];
    const maxNeed = s[MAX_NEED];
    let cosine: number | null;
    if (this.scalar) cosine = 1;
    else if (normA <= EPS64 && normB < EPS64) cosine = 1;
    else if (Math.sqrt(normA) <= EPS64 || Math.sqrt(normB) <= EPS64) cosine = null;
    else cosine = Math.min(dot / (normA * normB), 1);
    let kl: number | null = s[SP] > 0 ? s[SPL] / s[SP] + Math.log(s[SQ] / s[SP]) : null;
    if (kl !== null && Math.abs(kl) < EPS64) kl = 0;
    const msaccucmp = {
      cosine,
      maxAbsError: s[MAX_ABS],
      meanAbsError: s[SUM_ABS] / n,
      rmse: Math.sqrt(s[DD] / n),
      relativeEuclidean: normB <= EPS64 ? 0 : Math.sqrt(s[DD] / s[BB]),
      maxRelativeError: s[MAX_REL],
      meanRelativeError: s[SUM_REL] / n,
      kl,
    };
    const metrics = undefinedHere ? { cosine: null, maxAbsError: null, meanAbsError: null, rmse: null, relativeEuclidean: null, maxRelativeError: null, meanRelativeError: null, kl: null } : msaccucmp;
    const npzCosine = s[ANY_A] > 0 && s[ANY_B] > 0 ? dot / (normA * normB) : 0;
    const ed = Math.sqrt(s[DD]);
    const sr = Math.sqrt(Math.max(0, (s[AA] + 2 * dot + s[BB]) / 4)) + 1e-7;
    const euclideanSimilarity = Number.isFinite(ed) && Number.isFinite(sr) ? 1 - ed / sr : 0;
    const varA = s[SAA] - (s[SA] * s[SA]) / n;
    const varD = s[SDD] - (s[SD] * s[SD]) / n;
    const sqnr = varA <= 0 || varD <= 0 ? Infinity : 10 * Math.log10(varA / varD);
    const base = { ...metrics, nonFinite: nonFinite, euclideanSimilarity: null, sqnr: null };
    if (s[UNEQUAL] === 0) return { ...base, verdict: 'EQUAL' };
    if (this.npuDtype === 'int8') return { ...base, verdict: 'NOT_EQUAL' };
    if (maxNeed <= 1e-3) return { ...base, verdict: 'CLOSE', closeOrder: maxNeed <= 1e-5 ? 5 : maxNeed <= 1e-4 ? 4 : 3 };
    const similar = npzCosine > tolerances.cosine && euclideanSimilarity > tolerances.euclidean && sqnr > tolerances.sqnr;
    return { ...base, euclideanSimilarity, sqnr: Number.isFinite(sqnr) ? sqnr : null, verdict: similar ? 'SIMILAR' : 'NOT_SIMILAR' };
  }
}

/** One run of values into the sums (see the slot names above). */
function accumulate(s: Float64Array, a: Float32Array, b: Float32Array): void {
  const len = a.length;
  const ka = s[SHIFT_A];
  const kd = s[SHIFT_D];
  let nonFinite = s[NON_FINITE];
  let dot = s[DOT];
  let aa = s[AA];
  let bb = s[BB];
  let dd = s[DD];
  let sumAbs = s[SUM_ABS];
  let maxAbs = s[MAX_ABS];
  let sumRel = s[SUM_REL];
  let maxRel = s[MAX_REL];
  let unequal = s[UNEQUAL];
  let maxNeed = s[MAX_NEED];
  let anyA = s[ANY_A];
  let anyB = s[ANY_B];
  let minA = s[MIN_A];
  let maxA = s[MAX_A];
  let minB = s[MIN_B];
  let maxB = s[MAX_B];
  let sa = s[SA];
  let saa = s[SAA];
  let sd = s[SD];
  let sdd = s[SDD];
  for (let i = 0; i < len; i++) {
    let x = a[i];
    let y = b[i];
    if (x - x !== 0 || y - y !== 0) {
      // NaN or infinite: counted, judged for EQUAL/CLOSE as numpy does, then replaced as npz_tool does.
      nonFinite += 1;
      const same = x === y || (x !== x && y !== y);
      if (x !== y) unequal = 1;
      if (!same) maxNeed = Infinity;
      x = finite(x);
      y = finite(y);
    }
    const d = x - y;
    const ad = d < 0 ? -d : d;
    const ay = y < 0 ? -y : y;
    if (ad !== 0) {
      unequal = 1;
      // np.allclose(rtol, atol=1e-8) holds for this element while (|a-b| - atol) / |b| <= rtol.
      // (Compared by a product first: the division is only for a new maximum.)
      if (ad > 1e-8 && ad - 1e-8 > maxNeed * ay) maxNeed = ay > 0 ? (ad - 1e-8) / ay : Infinity;
    }
    dot += x * y;
    aa += x * x;
    bb += y * y;
    dd += d * d;
    sumAbs += ad;
    if (ad > maxAbs) maxAbs = ad;
    if (ay > EPS64) {
      const q = x / y - 1;
      const r = q < 0 ? -q : q;
      sumRel += r;
      if (r > maxRel) maxRel = r;
    }
    if (x !== 0) anyA = 1;
    if (y !== 0) anyB = 1;
    if (x < minA) minA = x;
    if (x > maxA) maxA = x;
    if (y < minB) minB = y;
    if (y > maxB) maxB = y;
    const xa = x - ka;
    sa += xa;
    saa += xa * xa;
    const dk = d - kd;
    sd += dk;
    sdd += dk * dk;
  }
  s[N] += len;
  s[NON_FINITE] = nonFinite;
  s[DOT] = dot;
  s[AA] = aa;
  s[BB] = bb;
  s[DD] = dd;
  s[SUM_ABS] = sumAbs;
  s[MAX_ABS] = maxAbs;
  s[SUM_REL] = sumRel;
  s[MAX_REL] = maxRel;
  s[UNEQUAL] = unequal;
  s[MAX_NEED] = maxNeed;
  s[ANY_A] = anyA;
  s[ANY_B] = anyB;
  s[MIN_A] = minA;
  s[MAX_A] = maxA;
  s[MIN_B] = minB;
  s[MAX_B] = maxB;
  s[SA] = sa;
  s[SAA] = saa;
  s[SD] = sd;
  s[SDD] = sdd;
}

// A few small runs through every path at load, so the type feedback of the code after the loops
// exists when V8 compiles a loop in the middle of its first big run (on-stack replacement):
// without it that compiled loop is thrown away at its end on every call and the loops run in the
// baseline tier, ten times slower. A few, because V8 only keeps feedback for a function after
// it has been called several times.
for (let k = 0; k < 16; k++) {
  const warm = new TensorMetrics('float32');
  const a = new Float32Array([NaN, 1, 2, 0]);
  const b = new Float32Array([1, 1, 0, -3]);
  warm.add(a, b);
  warm.addSecondPass(a, b);
  warm.result();
}

/** npz_tool's replacement of values it cannot sum: NaN → 0, ±inf → ±10000. */
function finite(v: number): number {
  if (v - v === 0) return v;
  return v !== v ? 0 : v > 0 ? NPZ_INF : -NPZ_INF;
}
