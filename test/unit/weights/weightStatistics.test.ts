// Weight statistics on real weight files: the samples our writers produce (Paddle combined
// params, a caffemodel), a params file with every element type and NaN/Inf in it, and models of
// the collection. Each figure is checked against a plain computation over the tensor's bytes.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { openModel } from '../../../src/core/openModel';
import type { WeightStore } from '../../../src/core/model';
import { indexCombinedParams } from '../../../src/core/formats/paddle/paramsIndex';
import { VarKind } from '../../../src/core/formats/paddle/programTypes';
import { writeCombinedParamsFromData, type TensorData } from '../../../src/core/formats/paddle/tensorRecordWriter';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';
import { writePaddleSample } from '../../../src/core/samples/paddleSample';
import { float32Bytes } from '../../../src/core/samples/sampleData';
import { halfToNumber, weightStatistics, type WeightStatistics } from '../../../src/core/weights/weightStatistics';
import { ifFullCorpus, sharedModel } from '../../support/corpus';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-weightstats-'));
  t.after(() => fsp.rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The figures computed the plain way, all values in one array. */
function plain(values: number[], bins = 32): Omit<WeightStatistics, 'dtype'> {
  const finite = values.filter(Number.isFinite);
  const min = finite.length ? finite.reduce((a, b) => Math.min(a, b)) : null;
  const max = finite.length ? finite.reduce((a, b) => Math.max(a, b)) : null;
  const mean = finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null;
  const std = mean === null ? null : Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length);
  const histogram = finite.length ? new Array<number>(bins).fill(0) : [];
  for (const x of finite) {
    const w = (max! - min!) / bins;
    histogram[w > 0 ? Math.min(bins - 1, Math.floor((x - min!) / w)) : 0]++;
  }
  return { count: values.length, nan: values.filter(Number.isNaN).length, posInf: values.filter((x) => x === Infinity).length, negInf: values.filter((x) => x === -Infinity).length, min, max, mean, std, histogram };
}

function assertMatches(actual: WeightStatistics, expected: Omit<WeightStatistics, 'dtype'>, dtype: string): void {
  assert.equal(actual.dtype, dtype);
  const { mean, std, ...exact } = expected;
  const { mean: aMean, std: aStd, ...aExact } = actual;
  assert.deepEqual({ ...aExact, dtype: undefined }, { ...exact, dtype: undefined });
  for (const [a, e] of [[aMean, mean], [aStd, std]] as const) {
    if (e === null) assert.equal(a, null);
    // Rounding in a running mean grows with the size of the values, not of the mean.
    else assert.ok(Math.abs(a! - e) <= 1e-9 * Math.max(1, Math.abs(expected.min!), Math.abs(expected.max!)), `${a} vs ${e}`);
  }
}

const float32Values = (bytes: Uint8Array) => [...new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))];

describe('weight statistics', () => {
  it('of the Paddle sample\'s conv filter match the values written', async (t) => {
    const { model } = await writePaddleSample(await tempDir(t));
    const opened = await openModel(model);
    const stats = await weightStatistics(opened.weights!, 'conv1_weights');
    assertMatches(stats, plain(float32Values(float32Bytes(8 * 27, 1))), 'float32');
    assert.equal(stats.histogram.length, 32);
    assert.equal(stats.histogram.reduce((a, b) => a + b, 0), 216);
    assert.ok(stats.min! >= -0.1 && stats.max! <= 0.1 && stats.min! < stats.max!);
  });

  it('of the Caffe sample\'s blobs stream from the caffemodel and match its values', async (t) => {
    const { prototxt } = await writeCaffeSample(await tempDir(t));
    const opened = await openModel(prototxt);
    const store = opened.weights!;
    // 64×800 floats read in pieces of 4 KiB: the figures do not depend on where the pieces end.
    const whole = await weightStatistics(store, 'ip1/blobs[0]');
    const pieces = await weightStatistics(store, 'ip1/blobs[0]', { chunkBytes: 4096 });
    assert.deepEqual(pieces, whole);
    assertMatches(whole, plain(float32Values(await store.read('ip1/blobs[0]'))), 'float32');
    assert.equal(whole.count, 64 * 800);
  });

  it('reads every element type, counts NaN and ±Inf apart, and walks a tensor larger than one piece', async (t) => {
    const dir = await tempDir(t);
    const file = path.join(dir, 'params');
    const half = new Uint16Array([0x3c00, 0xc000, 0x7e00, 0x7c00, 0xfc00, 0x0001, 0x3555, 0x0000]); // 1, -2, NaN, +Inf, -Inf, 2^-24, ~1/3, 0
    const f32 = new Float32Array([1.5, NaN, -Infinity, 2.5, -0.5, Infinity, NaN]);
    const big = new Float32Array(300_000).map((_, i) => Math.sin(i) * 3);
    const tensors: TensorData[] = [
      { name: 'f16', dataType: VarKind.FP16, dims: [8], data: new Uint8Array(half.buffer) },
      { name: 'f32', dataType: VarKind.FP32, dims: [7], data: new Uint8Array(f32.buffer) },
      { name: 'i8', dataType: VarKind.INT8, dims: [5], data: new Uint8Array(new Int8Array([-128, 127, 0, -1, 5]).buffer) },
      { name: 'u8', dataType: VarKind.UINT8, dims: [4], data: new Uint8Array([0, 255, 7, 7]) },
      { name: 'i32', dataType: VarKind.INT32, dims: [3], data: new Uint8Array(new Int32Array([-2_000_000_000, 3, 2_000_000_000]).buffer) },
      { name: 'i64', dataType: VarKind.INT64, dims: [3], data: new Uint8Array(new BigInt64Array([-(2n ** 40n), 0n, 2n ** 40n + 2n]).buffer) },
      { name: 'same', dataType: VarKind.FP32, dims: [4], data: new Uint8Array(new Float32Array([0.25, 0.25, 0.25, 0.25]).buffer) },
      { name: 'allNan', dataType: VarKind.FP32, dims: [2], data: new Uint8Array(new Float32Array([NaN, NaN]).buffer) },
      { name: 'big', dataType: VarKind.FP32, dims: [300_000], data: new Uint8Array(big.buffer) },
    ];
    await writeCombinedParamsFromData(file, tensors);
    const { store } = await indexCombinedParams(file, tensors.map((x) => x.name).sort());
    const stats = (key: string) => weightStatistics(store, key);

    assertMatches(await stats('f16'), plain([...half].map(halfToNumber)), 'float16');
    const f16 = await stats('f16');
    assert.deepEqual([f16.nan, f16.posInf, f16.negInf, f16.min, f16.max], [1, 1, 1, -2, 1]);
    assert.equal(halfToNumber(0x3555), 0.333251953125);
    const f32s = await stats('f32');
    assertMatches(f32s, plain([...f32]), 'float32');
    assert.deepEqual([f32s.count, f32s.nan, f32s.posInf, f32s.negInf, f32s.min, f32s.max], [7, 2, 1, 1, -0.5, 2.5]);
    assert.ok(Math.abs(f32s.mean! - 7 / 6) < 1e-12);
    assertMatches(await stats('i8'), plain([-128, 127, 0, -1, 5]), 'int8');
    assertMatches(await stats('u8'), plain([0, 255, 7, 7]), 'uint8');
    assertMatches(await stats('i32'), plain([-2_000_000_000, 3, 2_000_000_000]), 'int32');
    assertMatches(await stats('i64'), plain([-(2 ** 40), 0, 2 ** 40 + 2]), 'int64');
    const same = await stats('same');
    assert.deepEqual([same.min, same.max, same.std, same.histogram[0], same.histogram.slice(1).every((c) => c === 0)], [0.25, 0.25, 0, 4, true]);
    assert.deepEqual(await stats('allNan'), { dtype: 'float32', count: 2, nan: 2, posInf: 0, negInf: 0, min: null, max: null, mean: null, std: null, histogram: [] });

    // 1.2 MB: more than one default piece (1 MiB), so the walk crosses a piece boundary.
    let pieces = 0;
    for await (const piece of store.readChunks('big', 1 << 20)) pieces += piece.length > 0 ? 1 : 0;
    assert.equal(pieces, 2);
    assertMatches(await stats('big'), plain([...big]), 'float32');
  });

  it('says which element types it cannot read', async (t) => {
    const file = path.join(await tempDir(t), 'params');
    await writeCombinedParamsFromData(file, [{ name: 'c', dataType: VarKind.BF16, dims: [2], data: new Uint8Array(4) }]);
    const { store } = await indexCombinedParams(file, ['c']);
    const dtype = store.get('c')?.dtype;
    await assert.rejects(weightStatistics(store, 'c'), (e: Error) => e.message.includes(`${dtype}`) && /cannot be computed/.test(e.message));
    await assert.rejects(weightStatistics(store, 'nope' as string), /no tensor nope/);
  });

  ifFullCorpus(it)('of a Paddle model of the collection (one file per var) match its bytes', async () => {
    const opened = await openModel(sharedModel('paddle', 'uci_housing_fit_a_line', '__model__'));
    const store: WeightStore = opened.weights!;
    const entry = store.get('fc_0.w_0')!;
    assertMatches(await weightStatistics(store, 'fc_0.w_0'), plain(float32Values(await store.read('fc_0.w_0'))), entry.dtype);
  });

  ifFullCorpus(it)('of the largest blob of a Caffe model of the collection match its bytes', async () => {
    const opened = await openModel(sharedModel('caffe', 'cifar10_quick_2014', 'cifar10_quick.prototxt'), { weights: sharedModel('caffe', 'cifar10_quick_2014', 'cifar10_quick_iter_5000.caffemodel') });
    const store = opened.weights!;
    const largest = [...store.entries].sort((a, b) => b.byteLength - a.byteLength)[0];
    const stats = await weightStatistics(store, largest.key, { chunkBytes: 8192 });
    assertMatches(stats, plain(float32Values(await store.read(largest.key))), 'float32');
    assert.ok(stats.count > 10_000);
  });
});
