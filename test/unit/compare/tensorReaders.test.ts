// The tensor files a comparison reads, written here byte by byte: NPU dumps (version 1 and 2,
// float16/float32/int8/int32/int64, NCHW/NHWC/ND/NC1HWC0) come out as the NCHW values that were
// laid out into them; .npy, .npz (stored and deflated) and raw .bin files give their arrays;
// a cut-short file is one line naming the file and the byte; streamed or held, the same figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { encodeNpy, float32ToFloat16Bits } from '../../../src/core/cut/npy';
import { compareSources } from '../../../src/core/compare/compareSources';
import { npuDumpOutputs } from '../../../src/core/compare/npuDumpTensors';
import { npyTensor } from '../../../src/core/compare/npyTensors';
import { readWholeTensor } from '../../../src/core/compare/readTensor';
import type { TensorSource } from '../../../src/core/compare/tensorSource';
import { rawTensors } from '../../../src/core/compare/rawTensors';
import { ModelFormatError } from '../../../src/core/errors';
import { nodeFileAccess } from '../../../src/core/io/nodeFileAccess';
import { DT_FLOAT, DT_FLOAT16, DT_INT32, DT_INT64, DT_INT8, FORMAT_NC1HWC0, FORMAT_NCHW, FORMAT_ND, FORMAT_NHWC, npuDump, toNc1hwc0, toNhwc } from '../../support/npuDumpFiles';
import { tempDir } from '../../support/tempDir';
import { zipBytes } from '../../support/zipWriter';

const fs = nodeFileAccess;
/** Numbers exact in float16. */
const values = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 37) % 101) / 8 - 6);
const f32 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const f16 = (a: Float32Array) => Buffer.from(float32ToFloat16Bits(a).buffer);

test('an NC1HWC0 float16 dump (version 2) reads as the NCHW values laid into it, the padded lanes dropped by the channel count', async (t) => {
  const dir = tempDir(t);
  const shape = [2, 20, 3, 5];
  const expected = values(2 * 20 * 15);
  const laid = toNc1hwc0(expected, shape);
  const file = path.join(dir, 'Conv2D.conv1.151.1585884515795667');
  writeFileSync(file, npuDump('conv1', [], [{ dataType: DT_FLOAT16, format: FORMAT_NC1HWC0, shape: laid.shape, data: f16(laid.data) }]));
  const read = await readWholeTensor(fs, file, { channels: 20 });
  assert.deepEqual(read.shape, shape);
  assert.equal(read.dtype, 'float16');
  assert.deepEqual([...read.data], [...expected]);
  // Without a channel count every lane of the blocks is a channel: 32, the padding zeros.
  const all = await readWholeTensor(fs, file);
  assert.deepEqual(all.shape, [2, 32, 3, 5]);
  assert.deepEqual([...all.data.subarray(20 * 15, 32 * 15)], new Array(12 * 15).fill(0));
});

test('an NHWC float32 dump of version 1 (bytes inline) and its second output', async (t) => {
  const dir = tempDir(t);
  const shape = [1, 3, 4, 2];
  const expected = values(24);
  const laid = toNhwc(expected, shape);
  const file = path.join(dir, 'Add.add_1.7.2.1682067845380164');
  const first = { dataType: DT_FLOAT, format: FORMAT_ND, shape: [4], data: f32(new Float32Array([1, 2, 3, 4])) };
  writeFileSync(file, npuDump('add_1', [first], [first, { dataType: DT_FLOAT, format: FORMAT_NHWC, shape: laid.shape, data: f32(laid.data) }], 1));
  const read = await readWholeTensor(fs, file, { outputIndex: 1 });
  assert.deepEqual(read.shape, shape);
  // A version 2 dump renamed by hand is still known by its first bytes.
  const renamed = path.join(dir, 'add_1_output');
  writeFileSync(renamed, npuDump('add_1', [], [{ dataType: DT_FLOAT, format: FORMAT_NHWC, shape: laid.shape, data: f32(laid.data) }]));
  assert.deepEqual([...(await readWholeTensor(fs, renamed)).data], [...expected]);
  assert.deepEqual([...read.data], [...expected]);
  assert.deepEqual([...(await readWholeTensor(fs, file)).data], [1, 2, 3, 4]);
});

test('int8, int32 and int64 dumps become their numbers', async (t) => {
  const dir = tempDir(t);
  const i8 = Buffer.from(Int8Array.from([-128, -1, 0, 5, 127]).buffer);
  const i32 = Buffer.from(Int32Array.from([-70000, 3, 2 ** 30]).buffer);
  const i64 = Buffer.from(BigInt64Array.from([-5n, 2n ** 40n]).buffer);
  const cases: [number, Buffer, number[], string][] = [
    [DT_INT8, i8, [-128, -1, 0, 5, 127], 'int8'],
    [DT_INT32, i32, [-70000, 3, 2 ** 30], 'int32'],
    [DT_INT64, i64, [-5, 2 ** 40], 'int64'],
  ];
  for (const [dataType, data, expected, dtype] of cases) {
    const file = path.join(dir, `Cast.cast_${dtype}.1.1682067845380164`);
    writeFileSync(file, npuDump('c', [], [{ dataType, format: FORMAT_NCHW, shape: [expected.length], data }]));
    const read = await readWholeTensor(fs, file);
    assert.equal(read.dtype, dtype);
    assert.deepEqual([...read.data], expected);
  }
});

test('.npy, .npz (stored and deflated) and a raw .bin split by shapes', async (t) => {
  const dir = tempDir(t);
  const a = values(12);
  const b = values(40).map((v) => v * 2);
  const npyA = encodeNpy('<f4', [3, 4], f32(a));
  const npyB = encodeNpy('<f2', [2, 20], f16(b));
  writeFileSync(path.join(dir, 'conv1.0.1682148256368588.npy'), npyA);
  const read = await readWholeTensor(fs, path.join(dir, 'conv1.0.1682148256368588.npy'));
  assert.deepEqual(read.shape, [3, 4]);
  assert.deepEqual([...read.data], [...a]);
  writeFileSync(path.join(dir, 'ref.npz'), zipBytes([{ name: 'a.npy', data: npyA }, { name: 'b.npy', data: npyB, deflate: true }]));
  const second = await readWholeTensor(fs, path.join(dir, 'ref.npz'), { outputIndex: 1 });
  assert.deepEqual(second.shape, [2, 20]);
  assert.equal(second.dtype, 'float16');
  assert.deepEqual([...second.data], [...b]);
  writeFileSync(path.join(dir, 'output_ref_data.dat'), Buffer.concat([f32(a), f16(b)]));
  const parts = await rawTensors(fs, path.join(dir, 'output_ref_data.dat'), [{ name: 'x', shape: [3, 4], dtype: 'float32' }, { name: 'y', shape: [2, 20], dtype: 'fp16' }]);
  assert.deepEqual(parts.map((p) => [p.name, p.tensor.dtype, p.tensor.shape]), [['x', 'float32', [3, 4]], ['y', 'float16', [2, 20]]]);
  await assert.rejects(rawTensors(fs, path.join(dir, 'output_ref_data.dat'), [{ name: 'x', shape: [3, 5], dtype: 'float32' }]), (e: Error) => e instanceof ModelFormatError && /output_ref_data\.dat: byte 60: the file holds 128 bytes but its tensors take 60/.test(e.message));
});

test('a cut-short dump is one line naming the file and the byte where it stops', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'Conv2D.conv1.151.1585884515795667');
  const whole = npuDump('conv1', [], [{ dataType: DT_FLOAT, format: FORMAT_NCHW, shape: [1, 4, 8, 8], data: f32(values(256)) }]);
  writeFileSync(file, whole.subarray(0, whole.length - 100));
  await assert.rejects(readWholeTensor(fs, file), (e: Error) => {
    assert.ok(e instanceof ModelFormatError);
    assert.equal(e.message.split('\n').length, 1);
    assert.match(e.message, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: byte ${whole.length - 100}: .*cut short`));
    return true;
  });
});

test('streamed twice in pieces (file buffers and layout blocks taking turns), a pair gives the figures it gives held whole', async (t) => {
  const dir = tempDir(t);
  const cases: { shape: number[]; layout: 'NCHW' | 'NC1HWC0' }[] = [
    { shape: [1, 3, 1024, 1024], layout: 'NCHW' },
    { shape: [2, 20, 3, 5], layout: 'NC1HWC0' },
  ];
  for (const [k, { shape, layout }] of cases.entries()) {
    const count = shape.reduce((a, b) => a * b, 1);
    const golden = values(count);
    const npu = golden.map((x, i) => x + ((i * 13) % 7) / 64);
    const laid = layout === 'NC1HWC0' ? toNc1hwc0(npu, shape) : { data: npu, shape };
    const dump = path.join(dir, `Conv2D.layer${k}.1.1700000000000000`);
    const tensor = layout === 'NC1HWC0' ? { dataType: DT_FLOAT16, format: FORMAT_NC1HWC0, shape: laid.shape, data: f16(laid.data) } : { dataType: DT_FLOAT, format: FORMAT_NCHW, shape, data: f32(npu) };
    writeFileSync(dump, npuDump(`layer${k}`, [], [tensor]));
    const npy = path.join(dir, `layer${k}.0.1700000000000000.npy`);
    writeFileSync(npy, encodeNpy('<f4', shape, f32(golden)));
    const source = async () => (await npuDumpOutputs(fs, dump, () => shape[1])).outputs[0] as TensorSource;
    const held = await compareSources(await source(), await npyTensor(fs, npy));
    const streamed = await compareSources(await source(), await npyTensor(fs, npy), { heldElements: 10 });
    for (const key of ['cosine', 'maxAbsError', 'meanAbsError', 'rmse', 'relativeEuclidean', 'maxRelativeError', 'meanRelativeError', 'kl', 'euclideanSimilarity'] as const) {
      const a = held[key]!;
      const b = streamed[key]!;
      assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)), `${layout} ${key}: ${a} held, ${b} streamed`);
    }
    assert.ok(held.maxAbsError! > 0.09 && held.maxAbsError! < 0.1, `${layout}: the error written is 6/64 at most (${held.maxAbsError})`);
  }
});
