// The one-tensor figures of the results view, checked against the same figures computed here a
// different way: the worst elements by sorting every element, the bins by counting each bin's
// interval, the sample by its stride. Float32 data from a seeded generator, with NaN and Inf in it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tensorDetail, unravelIndex } from '../../../src/core/compare/tensorDetail';
import { seededRandom } from '../../support/random';

function pair(n: number, seed: number): { npu: Float32Array; golden: Float32Array } {
  const random = seededRandom(seed);
  const golden = new Float32Array(n);
  const npu = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    golden[i] = (random() - 0.5) * 8;
    // Mostly small noise, a few large errors.
    npu[i] = golden[i] + (random() < 0.02 ? (random() - 0.5) * 3 : (random() - 0.5) * 0.01);
  }
  return { npu, golden };
}

describe('tensorDetail', () => {
  it('finds the worst elements that sorting every element finds, largest first', () => {
    const { npu, golden } = pair(5000, 7);
    const detail = tensorDetail(npu, golden, { worst: 15 });
    const all = Array.from(npu, (a, i) => ({ index: i, e: Math.abs(a - golden[i]) })).sort((x, y) => y.e - x.e || x.index - y.index);
    assert.deepEqual(detail.worst.map((w) => w.index), all.slice(0, 15).map((w) => w.index));
    for (const w of detail.worst) {
      assert.equal(w.npu, npu[w.index]);
      assert.equal(w.golden, golden[w.index]);
      assert.equal(w.absError, Math.abs(npu[w.index] - golden[w.index]));
    }
    assert.equal(detail.count, 5000);
    assert.equal(detail.nonFinite, 0);
  });

  it('bins the absolute error from 0 to its maximum, each element once', () => {
    const { npu, golden } = pair(3000, 11);
    const bins = 10;
    const detail = tensorDetail(npu, golden, { bins });
    const errors = Array.from(npu, (a, i) => Math.abs(a - golden[i]));
    const max = errors.reduce((m, e) => (e > m ? e : m), 0);
    assert.equal(detail.histogram.max, max);
    const width = max / bins;
    const expected = Array.from({ length: bins }, (_, b) => errors.filter((e) => (b === bins - 1 ? e >= b * width : e >= b * width && e < (b + 1) * width)).length);
    // Edges computed as b * width may differ from e / max * bins in the last bit: allow one element to move across an edge.
    expected.forEach((n, b) => assert.ok(Math.abs(n - detail.histogram.bins[b]) <= 1, `bin ${b}: ${detail.histogram.bins[b]} vs ${n}`));
    assert.equal(detail.histogram.bins.reduce((a, b) => a + b, 0), 3000);
  });

  it('samples large tensors evenly and keeps small ones whole', () => {
    const big = pair(100_000, 3);
    const sampled = tensorDetail(big.npu, big.golden, { maxSamples: 1000 });
    assert.equal(sampled.scatter.length, 1000);
    assert.deepEqual(sampled.scatter.slice(0, 3).map((s) => s.index), [0, 100, 200]);
    assert.equal(sampled.scatter[999].index, 99_900);
    assert.equal(sampled.scatter[500].golden, big.golden[50_000]);
    const small = pair(50, 4);
    assert.deepEqual(tensorDetail(small.npu, small.golden, { maxSamples: 1000 }).scatter.map((s) => s.index), Array.from({ length: 50 }, (_, i) => i));
  });

  it('leaves NaN and Inf out of the bins and the worst list, and counts them', () => {
    const golden = new Float32Array([0, 1, 2, 3, 4]);
    const npu = new Float32Array([0, Number.NaN, 2.5, Number.POSITIVE_INFINITY, 1]);
    const detail = tensorDetail(npu, golden, { bins: 3, worst: 2 });
    assert.equal(detail.nonFinite, 2);
    assert.deepEqual(detail.worst.map((w) => [w.index, w.absError]), [[4, 3], [2, 0.5]]);
    assert.equal(detail.histogram.max, 3);
    // Errors 0, 0.5, 3 over [0,1), [1,2), [2,3].
    assert.deepEqual(detail.histogram.bins, [2, 0, 1]);
    assert.deepEqual(detail.goldenRange, { min: 0, max: 4 });
    assert.deepEqual(detail.npuRange, { min: 0, max: 2.5 });
  });

  it('puts everything in the first bin when the tensors are equal', () => {
    const golden = new Float32Array([1, 2, 3]);
    const detail = tensorDetail(golden, golden.slice(), { bins: 4 });
    assert.deepEqual(detail.histogram, { max: 0, bins: [3, 0, 0, 0] });
  });

  it('turns a flat index into row-major coordinates', () => {
    assert.deepEqual(unravelIndex(0, [1, 3, 4, 5]), [0, 0, 0, 0]);
    assert.deepEqual(unravelIndex(59, [1, 3, 4, 5]), [0, 2, 3, 4]);
    assert.deepEqual(unravelIndex(1 * 20 + 2 * 5 + 3, [1, 3, 4, 5]), [0, 1, 2, 3]);
    assert.deepEqual(unravelIndex(7, []), [7]);
  });
});
