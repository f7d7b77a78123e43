// The metrics against the vendors' formulas written out again here the plain way (whole arrays,
// float64, one formula per metric as msaccucmp's builtin algorithms and npz_tool's
// tensor_compare.py state them), on hand-made and seeded data, whole and in uneven pieces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSources } from '../../../src/core/compare/compareSources';
import { TensorMetrics, type TensorMetricValues } from '../../../src/core/compare/tensorMetrics';
import type { TensorSource } from '../../../src/core/compare/tensorSource';
import { seededRandom } from '../../support/random';

const EPS64 = 2 ** -52;
const EPS32 = 2 ** -23;

interface Reference {
  cosine: number;
  maxAbsError: number;
  meanAbsError: number;
  rmse: number;
  relativeEuclidean: number;
  maxRelativeError: number;
  meanRelativeError: number;
  kl: number;
  euclideanSimilarity: number;
  sqnr: number;
}

const sum = (v: number[]) => v.reduce((s, x) => s + x, 0);
const norm = (v: number[]) => Math.sqrt(sum(v.map((x) => x * x)));

function reference(a: number[], b: number[]): Reference {
  const n = a.length;
  const diff = a.map((x, i) => x - b[i]);
  const rel = a.map((x, i) => (Math.abs(b[i]) > EPS64 ? Math.abs(x / b[i] - 1) : 0));
  const normalise = (v: number[]) => {
    const lo = Math.min(...v);
    const range = Math.max(...v) - lo;
    const p = v.map((x) => Math.max(range !== 0 ? (x - lo) / range : x, EPS32));
    const total = sum(p);
    return p.map((x) => x / total);
  };
  const P = normalise(a);
  const Q = normalise(b);
  const meanA = sum(a) / n;
  const meanD = sum(diff) / n;
  return {
    cosine: Math.min(sum(a.map((x, i) => x * b[i])) / (norm(a) * norm(b)), 1),
    maxAbsError: Math.max(...diff.map(Math.abs)),
    meanAbsError: sum(diff.map(Math.abs)) / n,
    rmse: Math.sqrt(sum(diff.map((d) => d * d)) / n),
    relativeEuclidean: norm(diff) / norm(b),
    maxRelativeError: Math.max(...rel),
    meanRelativeError: sum(rel) / n,
    kl: sum(P.map((p, i) => p * Math.log(p / Q[i]))),
    euclideanSimilarity: 1 - norm(diff) / (norm(a.map((x, i) => (x + b[i]) / 2)) + 1e-7),
    sqnr: 10 * Math.log10(sum(a.map((x) => (x - meanA) ** 2)) / sum(diff.map((d) => (d - meanD) ** 2))),
  };
}

function close(actual: number | null, expected: number, what: string, rel = 1e-9): void {
  assert.ok(actual !== null, `${what} is null`);
  const scale = Math.max(Math.abs(expected), 1e-12);
  assert.ok(Math.abs(actual - expected) <= rel * scale, `${what}: ${actual} against ${expected}`);
}

function checkAgainst(values: TensorMetricValues, ref: Reference, rel = 1e-9): void {
  for (const key of ['cosine', 'maxAbsError', 'meanAbsError', 'rmse', 'relativeEuclidean', 'maxRelativeError', 'meanRelativeError', 'kl'] as const) close(values[key], ref[key], key, rel);
}

/** A tensor source handing out `values` in pieces of the given sizes, over and over. */
function source(values: Float32Array, pieces: number[], dtype = 'float32'): TensorSource {
  return {
    file: 'memory',
    shape: [values.length],
    dtype,
    count: values.length,
    async *chunks() {
      for (let at = 0, k = 0; at < values.length; k++) {
        const size = pieces[k % pieces.length];
        yield values.slice(at, at + size);
        at += size;
      }
    },
  };
}

function metricsOf(a: Float32Array, b: Float32Array, dtype = 'float32'): TensorMetricValues {
  const m = new TensorMetrics(dtype);
  m.add(a, b);
  m.addSecondPass(a, b);
  return m.result();
}

test('a hand-made case: every metric as worked out on paper', () => {
  const v = metricsOf(new Float32Array([1, 2, 3, 4]), new Float32Array([1, 2, 3, 5]));
  close(v.cosine, 34 / Math.sqrt(30 * 39), 'cosine');
  close(v.maxAbsError, 1, 'maxAbsError');
  close(v.meanAbsError, 0.25, 'meanAbsError');
  close(v.rmse, 0.5, 'rmse');
  close(v.relativeEuclidean, Math.sqrt(1 / 39), 'relativeEuclidean');
  close(v.maxRelativeError, 0.2, 'maxRelativeError');
  close(v.meanRelativeError, 0.05, 'meanRelativeError');
  // P ∝ [eps, 1/3, 2/3, 1], Q ∝ [eps, 1/4, 1/2, 1].
  const p = [EPS32, 1 / 3, 2 / 3, 1];
  const q = [EPS32, 1 / 4, 1 / 2, 1];
  const sp = sum(p);
  const sq = sum(q);
  close(v.kl, sum(p.map((x, i) => (x / sp) * Math.log(x / sp / (q[i] / sq)))), 'kl');
  assert.equal(v.verdict, 'NOT_SIMILAR');
});

test('seeded float32 data with zeros in the golden tensor: the streamed metrics match the plain formulas', async () => {
  const random = seededRandom(18);
  const n = 20_000;
  const golden = new Float32Array(n).map((_, i) => (i % 97 === 0 ? 0 : (random() - 0.4) * 8));
  const npu = golden.map((x) => x + (random() - 0.5) * 0.05);
  const ref = reference([...npu], [...golden]);
  const whole = metricsOf(npu, golden);
  checkAgainst(whole, ref);
  close(whole.euclideanSimilarity, ref.euclideanSimilarity, 'euclideanSimilarity');
  close(whole.sqnr, ref.sqnr, 'sqnr', 1e-7);
  // Streamed in pieces that never line up, two passes over the values: the same figures.
  const streamed = await compareSources(source(npu, [777, 1024, 5]), source(golden, [4096, 3]), { heldElements: 1000 });
  checkAgainst(streamed, ref);
  assert.equal(streamed.verdict, whole.verdict);
  const held = await compareSources(source(npu, [777, 1024, 5]), source(golden, [4096, 3]));
  checkAgainst(held, ref);
});

test('npz_tool verdicts: EQUAL, CLOSE with its order, SIMILAR, NOT_SIMILAR, and NOT_EQUAL for int8', () => {
  const random = seededRandom(7);
  const a = new Float32Array(1000).map(() => random() * 4 + 1);
  assert.equal(metricsOf(a, a.slice()).verdict, 'EQUAL');
  const tiny = metricsOf(a.map((x) => x * (1 + 2e-6)), a);
  assert.deepEqual([tiny.verdict, tiny.closeOrder], ['CLOSE', 5]);
  const order3 = metricsOf(a.map((x) => x * (1 + 5e-4)), a);
  assert.deepEqual([order3.verdict, order3.closeOrder], ['CLOSE', 3]);
  const noisy = a.map((x) => x + (random() - 0.5) * 0.02);
  const similar = metricsOf(noisy, a);
  const ref = reference([...noisy], [...a]);
  assert.equal(similar.verdict, ref.cosine > 0.99 && ref.euclideanSimilarity > 0.99 ? 'SIMILAR' : 'NOT_SIMILAR');
  assert.equal(similar.verdict, 'SIMILAR');
  close(similar.euclideanSimilarity, ref.euclideanSimilarity, 'euclideanSimilarity');
  const far = metricsOf(a.map((x) => x + (random() - 0.5) * 2), a);
  assert.equal(far.verdict, 'NOT_SIMILAR');
  const ints = new Float32Array([1, 2, 3, -4]);
  assert.equal(metricsOf(ints, new Float32Array([1, 2, 3, -5]), 'int8').verdict, 'NOT_EQUAL');
});

test('msaccucmp edge cases: both zero is cosine 1, one side zero is no cosine, a zero golden has relative Euclidean 0; NaN makes the metrics undefined', () => {
  const zeros = new Float32Array(8);
  const ones = new Float32Array(8).fill(1);
  assert.equal(metricsOf(zeros, zeros).cosine, 1);
  assert.equal(metricsOf(zeros, ones).cosine, null);
  const zeroGolden = metricsOf(ones, zeros);
  assert.equal(zeroGolden.cosine, null);
  assert.equal(zeroGolden.relativeEuclidean, 0);
  assert.equal(zeroGolden.maxRelativeError, 0);
  const nan = metricsOf(new Float32Array([1, NaN, 3]), new Float32Array([1, 2, 3]));
  assert.equal(nan.nonFinite, 1);
  assert.equal(nan.cosine, null);
  assert.equal(nan.rmse, null);
});
