// The metrics of one NPU tensor against its golden tensor, with the vendors' definitions, summed
// over pieces so a tensor of any size streams through:
// - msaccucmp's (CANN operator_cmp builtin algorithms): cosine similarity (1 when both norms are
//   zero, undefined when one is), max and mean absolute error, RMSE, relative Euclidean distance
//   ‖a−b‖/‖b‖ (0 for a zero golden), max and mean relative error |a/b−1| counted as 0 where
//   |b| ≤ float64 eps, and KL divergence of the min–max normalised tensors floored at float32 eps;
// - npz_tool's (TPU-MLIR tensor_compare.py): EQUAL, CLOSE (np.allclose with rtol 10^-order,
//   atol 1e-8, order 5…3), else cosine, euclidean similarity 1−‖a−b‖/(‖(a+b)/2‖+1e-7) and SQNR
//   on the tensors with NaN as 0 and ±inf as ±10000, SIMILAR above the tolerances.
// All sums are float64. KL needs each tensor's min and max first: a second pass (secondPass).

export interface TensorMetricValues {
  cosine: number | null;
  maxAbsError: number | null;
  meanAbsError: number | null;
  rmse: number | null;
  relativeEuclidean: number | null;
  maxRelativeError: number | null;
  meanRelativeError: number | null;
  kl: number | null;
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

export class TensorMetrics {
  private n = 0;
  private nonFinite = 0;
  private dot = 0;
  private aa = 0;
  private bb = 0;
  private dd = 0;
  private sumAbs = 0;
  private maxAbs = 0;
  private sumRel = 0;
  private maxRel = 0;
  private equal = true;
  private maxNeed = 0;
  private anyA = false;
  private anyB = false;
  private minA = Infinity;
  private maxA = -Infinity;
  private minB = Infinity;
  private maxB = -Infinity;
  // SQNR's sums, shifted by the first value for precision.
  private shiftA = NaN;
  private shiftD = NaN;
  private sa = 0;
  private saa = 0;
  private sd = 0;
  private sdd = 0;
  // KL's second pass.
  private sp = 0;
  private sq = 0;
  private spl = 0;

  constructor(
    private readonly npuDtype: string,
    private readonly scalar = false,
  ) {}

  /** The next values of both tensors, as many on each side. */
  add(a: Float32Array, b: Float32Array): void {
    const len = a.length;
    if (len === 0) return;
    if (Number.isNaN(this.shiftA)) {
      this.shiftA = finite(a[0]);
      this.shiftD = finite(a[0]) - finite(b[0]);
    }
    const ka = this.shiftA;
    const kd = this.shiftD;
    let { nonFinite, dot, aa, bb, dd, sumAbs, maxAbs, sumRel, maxRel, equal, maxNeed, anyA, anyB, minA, maxA, minB, maxB, sa, saa, sd, sdd } = this;
    for (let i = 0; i < len; i++) {
      let x = a[i];
      let y = b[i];
      if (x - x !== 0 || y - y !== 0) {
        // NaN or infinite: counted, judged for EQUAL/CLOSE as numpy does, then replaced as npz_tool does.
        nonFinite++;
        const same = x === y || (x !== x && y !== y);
        if (x !== y) equal = false;
        if (!same) maxNeed = Infinity;
        x = finite(x);
        y = finite(y);
      } else {
        const ad0 = x > y ? x - y : y - x;
        if (ad0 !== 0) {
          equal = false;
          if (ad0 > 1e-8) {
            const ay0 = y < 0 ? -y : y;
            const need = ay0 > 0 ? (ad0 - 1e-8) / ay0 : Infinity;
            if (need > maxNeed) maxNeed = need;
          }
        }
      }
      const d = x - y;
      const ad = d < 0 ? -d : d;
      const ay = y < 0 ? -y : y;
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
      if (x !== 0) anyA = true;
      if (y !== 0) anyB = true;
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
    this.n += len;
    Object.assign(this, { nonFinite, dot, aa, bb, dd, sumAbs, maxAbs, sumRel, maxRel, equal, maxNeed, anyA, anyB, minA, maxA, minB, maxB, sa, saa, sd, sdd });
  }

  /** The same values again, after every add: KL's sums over the normalised tensors. */
  addSecondPass(a: Float32Array, b: Float32Array): void {
    const { minA, minB } = this;
    const rangeA = this.maxA - minA;
    const rangeB = this.maxB - minB;
    const scaleA = rangeA !== 0 ? 1 / rangeA : 1;
    const scaleB = rangeB !== 0 ? 1 / rangeB : 1;
    const offA = rangeA !== 0 ? minA : 0;
    const offB = rangeB !== 0 ? minB : 0;
    let { sp, sq, spl } = this;
    for (let i = 0; i < a.length; i++) {
      let p = (finite(a[i]) - offA) * scaleA;
      let q = (finite(b[i]) - offB) * scaleB;
      if (!(p > EPS32)) p = EPS32;
      if (!(q > EPS32)) q = EPS32;
      sp += p;
      sq += q;
      spl += p * Math.log(p / q);
    }
    this.sp = sp;
    this.sq = sq;
    this.spl = spl;
  }

  result(tolerances: NpzTolerances = NPZ_TOLERANCES): TensorMetricValues {
    const n = this.n;
    const undefinedHere = this.nonFinite > 0 || n === 0;
    const normA = Math.sqrt(this.aa);
    const normB = Math.sqrt(this.bb);
    let cosine: number | null;
    if (this.scalar) cosine = 1;
    else if (normA <= EPS64 && normB < EPS64) cosine = 1;
    else if (Math.sqrt(normA) <= EPS64 || Math.sqrt(normB) <= EPS64) cosine = null;
    else cosine = Math.min(this.dot / (normA * normB), 1);
    let kl: number | null = this.sp > 0 ? this.spl / this.sp + Math.log(this.sq / this.sp) : null;
    if (kl !== null && Math.abs(kl) < EPS64) kl = 0;
    const msaccucmp = {
      cosine,
      maxAbsError: this.maxAbs,
      meanAbsError: this.sumAbs / n,
      rmse: Math.sqrt(this.dd / n),
      relativeEuclidean: normB <= EPS64 ? 0 : Math.sqrt(this.dd / this.bb),
      maxRelativeError: this.maxRel,
      meanRelativeError: this.sumRel / n,
      kl,
    };
    const metrics = undefinedHere ? { cosine: null, maxAbsError: null, meanAbsError: null, rmse: null, relativeEuclidean: null, maxRelativeError: null, meanRelativeError: null, kl: null } : msaccucmp;
    const npzCosine = this.anyA && this.anyB ? this.dot / (normA * normB) : 0;
    const ed = Math.sqrt(this.dd);
    const sr = Math.sqrt(Math.max(0, (this.aa + 2 * this.dot + this.bb) / 4)) + 1e-7;
    const euclideanSimilarity = Number.isFinite(ed) && Number.isFinite(sr) ? 1 - ed / sr : 0;
    const varA = this.saa - (this.sa * this.sa) / n;
    const varD = this.sdd - (this.sd * this.sd) / n;
    const sqnr = varA <= 0 || varD <= 0 ? Infinity : 10 * Math.log10(varA / varD);
    const base = { ...metrics, nonFinite: this.nonFinite, euclideanSimilarity: null, sqnr: null };
    if (this.equal) return { ...base, verdict: 'EQUAL' };
    if (this.npuDtype === 'int8') return { ...base, verdict: 'NOT_EQUAL' };
    if (this.maxNeed <= 1e-3) return { ...base, verdict: 'CLOSE', closeOrder: this.maxNeed <= 1e-5 ? 5 : this.maxNeed <= 1e-4 ? 4 : 3 };
    const similar = npzCosine > tolerances.cosine && euclideanSimilarity > tolerances.euclidean && sqnr > tolerances.sqnr;
    return { ...base, euclideanSimilarity, sqnr: Number.isFinite(sqnr) ? sqnr : null, verdict: similar ? 'SIMILAR' : 'NOT_SIMILAR' };
  }
}

/** npz_tool's replacement of values it cannot sum: NaN → 0, ±inf → ±10000. */
function finite(v: number): number {
  if (v - v === 0) return v;
  return v !== v ? 0 : v > 0 ? NPZ_INF : -NPZ_INF;
}
