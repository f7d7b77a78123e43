// dump_data/ from NPU dump files written here as ../shared/toolchains.md §7.4–7.5 describes them
// (a uint64 header length, a toolkit.dump.DumpData protobuf with the sizes, then all inputs' and
// outputs' bytes; version 1 with the bytes inline): the entering layer's input tensor is decoded,
// rearranged from the chip's layout to NCHW and written as float32 and float16 .npy and .bin
// holding the dump's numbers; a cut-short or foreign file fails the export with one line naming
// it, and leaves nothing behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cutModel } from '../../../src/core/cut/cutModel';
import type { CutResult } from '../../../src/core/cut/cutResult';
import type { RangeRefusal } from '../../../src/core/graph/rangeSelection';
import { float16ToNumber, float32ToFloat16Bits, npyAsFloat32, readNpy } from '../../../src/core/cut/npy';
import { openModel } from '../../../src/core/openModel';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';
import { bytes, DT_FLOAT, DT_FLOAT16, FORMAT_NC1HWC0, FORMAT_NCHW, npuDump, num, shapeOf, type DumpTensor } from '../../support/npuDumpFiles';
import { tempDir } from '../../support/tempDir';

function done(result: CutResult | RangeRefusal): CutResult {
  if ('refused' in result) assert.fail(`refused: ${result.message}`);
  return result;
}

/** Deterministic numbers exact in float16: value(i) for i = 0 … count-1. */
const value = (i: number) => ((i * 37) % 101) / 8 - 6;

test('--dump-data with an NPU dump: the entering layer’s NC1HWC0 float16 input decoded into NCHW float32 and float16 .npy and .bin', async (t) => {
  const dir = tempDir(t, 'npu-cut-npu-');
  const { prototxt } = await writeCaffeSample(dir);
  const original = await openModel(prototxt);
  const dump = path.join(dir, 'npu');
  mkdirSync(dump);
  // pool1 enters conv2 as [1, 20, 12, 12]; on the chip it is NC1HWC0 [1, 2, 12, 12, 16], channels 20–31 padding.
  const [n, c, h, w, c0] = [1, 20, 12, 12, 16];
  const c1 = Math.ceil(c / c0);
  const expected = new Float32Array(n * c * h * w);
  for (let i = 0; i < expected.length; i++) expected[i] = value(i);
  const blocked = new Float32Array(n * c1 * h * w * c0).fill(99);
  for (let k = 0; k < c; k++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) blocked[((Math.floor(k / c0) * h + y) * w + x) * c0 + (k % c0)] = expected[(k * h + y) * w + x];
  const half = float32ToFloat16Bits(blocked);
  const input: DumpTensor = { dataType: DT_FLOAT16, format: FORMAT_NC1HWC0, shape: [n, c1, h, w, c0], data: Buffer.from(half.buffer) };
  const filter: DumpTensor = { dataType: DT_FLOAT16, format: 4, shape: [50, 20, 5, 5], data: Buffer.alloc(50 * 20 * 25 * 2, 1) };
  const output: DumpTensor = { dataType: DT_FLOAT16, format: FORMAT_NC1HWC0, shape: [1, 4, 8, 8, 16], data: Buffer.alloc(4 * 64 * 16 * 2, 2) };
  const conv2 = 'Conv2D.conv2.151.1585884515795667';
  writeFileSync(path.join(dump, conv2), npuDump('conv2', [input, filter], [output]));
  writeFileSync(path.join(dump, 'Pooling.pool2.152.1585884515795700'), npuDump('pool2', [output], [output]));
  writeFileSync(path.join(dump, 'Conv2D.conv1.150.1585884515795600'), Buffer.from('not read: conv1 is outside the cut'));

  const result = done(await cutModel(original, ['conv2'], ['pool2'], path.join(dir, 'out'), { dumpData: dump }));
  assert.deepEqual(result.warnings, []);
  const converted = ['input_0_pool1.float16.bin', 'input_0_pool1.float16.npy', 'input_0_pool1.float32.bin', 'input_0_pool1.float32.npy'];
  assert.deepEqual(readdirSync(path.join(result.folder, 'dump_data')).sort(), [conv2, 'Pooling.pool2.152.1585884515795700', 'input'].sort());
  assert.deepEqual(readdirSync(path.join(result.folder, 'dump_data', 'input')).sort(), converted);
  assert.ok(readFileSync(path.join(result.folder, 'dump_data', conv2)).equals(readFileSync(path.join(dump, conv2))), 'the dump file is copied as it is');

  const at = (f: string) => readFileSync(path.join(result.folder, 'dump_data', 'input', f));
  // float32: the numbers the dump holds, channels in NCHW order, the padding gone.
  assert.ok(at('input_0_pool1.float32.bin').equals(Buffer.from(expected.buffer)));
  const f32npy = readNpy(at('input_0_pool1.float32.npy'));
  assert.deepEqual(f32npy.shape, [1, 20, 12, 12]);
  assert.deepEqual(npyAsFloat32(f32npy), expected);
  // float16: the same numbers (exact in half precision), bit for bit what the chip stored.
  const f16bin = at('input_0_pool1.float16.bin');
  assert.equal(f16bin.length, expected.length * 2);
  for (let i = 0; i < expected.length; i++) assert.equal(float16ToNumber(f16bin.readUInt16LE(2 * i)), expected[i], `value ${i}`);
  const f16npy = readNpy(at('input_0_pool1.float16.npy'));
  assert.equal(f16npy.descr, '<f2');
  assert.deepEqual(f16npy.shape, [1, 20, 12, 12]);
  assert.ok(Buffer.from(f16npy.data).equals(f16bin));
  // Input File: the NPU dump holding the layer's input: conv2's own for pool1, which enters; conv2's for pool2.
  const log = readFileSync(path.join(result.folder, 'dump.log'), 'utf8');
  assert.match(log, /\nDump Layer: conv2, Output File: Conv2D\.conv2\.151\.1585884515795667, Input File: Conv2D\.conv2\.151\.1585884515795667\n/);
  assert.match(log, /\nDump Layer: pool2, Output File: Pooling\.pool2\.152\.1585884515795700, Input File: Conv2D\.conv2\.151\.1585884515795667\n/);
});

test('--dump-data with a version 1 NPU dump (bytes inline): an NCHW float32 input taken as it is', async (t) => {
  const dir = tempDir(t, 'npu-cut-npu-');
  const { prototxt } = await writeCaffeSample(dir);
  const original = await openModel(prototxt);
  const dump = path.join(dir, 'npu');
  mkdirSync(dump);
  const expected = new Float32Array(800).map((_, i) => value(i) / 3);
  const input: DumpTensor = { dataType: DT_FLOAT, format: FORMAT_NCHW, shape: [1, 50, 4, 4], data: Buffer.from(expected.buffer) };
  const output: DumpTensor = { dataType: DT_FLOAT, format: FORMAT_NCHW, shape: [1, 64], data: Buffer.alloc(256) };
  writeFileSync(path.join(dump, 'FullyConnection.ip1.20.3.1682067845380164'), npuDump('ip1', [input], [output], 1));
  const result = done(await cutModel(original, ['ip1'], ['ip2'], path.join(dir, 'out'), { dumpData: dump }));
  assert.deepEqual(result.warnings, []);
  const f32 = readFileSync(path.join(result.folder, 'dump_data', 'input', 'input_0_pool2.float32.bin'));
  assert.ok(f32.equals(Buffer.from(expected.buffer)));
  assert.deepEqual(readNpy(readFileSync(path.join(result.folder, 'dump_data', 'input', 'input_0_pool2.float16.npy'))).shape, [1, 50, 4, 4]);
});

/** A version 2 header whose one input claims 2^50 bytes: refused from the header, nothing allocated. */
function hugeSize(): Buffer {
  const header = bytes(4, Buffer.concat([num(1, DT_FLOAT), num(2, FORMAT_NCHW), bytes(3, shapeOf([1, 20, 12, 12])), num(5, 2 ** 50)]));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header]);
}

test('--dump-data with an NPU input in a layout that is not converted (FRACTAL_Z) or holding the wrong byte count: copied, not converted, with the reason', async (t) => {
  const dir = tempDir(t, 'npu-cut-npu-');
  const { prototxt } = await writeCaffeSample(dir);
  const original = await openModel(prototxt);
  const cases: [DumpTensor, string][] = [
    [{ dataType: DT_FLOAT16, format: 4, shape: [1, 20, 12, 12], data: Buffer.alloc(2880 * 2) }, 'layout 4 of the dump is not converted (NCHW, NHWC, ND and NC1HWC0 are)'],
    [{ dataType: DT_FLOAT, format: FORMAT_NCHW, shape: [1, 20, 12, 12], data: Buffer.alloc(100) }, 'the dump gives shape [1, 20, 12, 12] but holds 100 bytes'],
    [{ dataType: 27, format: FORMAT_NCHW, shape: [1, 20, 12, 12], data: Buffer.alloc(2880 * 2) }, 'data type 27 of the dump is not converted'],
  ];
  for (const [i, [input, reason]] of cases.entries()) {
    const dump = path.join(dir, `npu${i}`);
    mkdirSync(dump);
    const conv2 = 'Conv2D.conv2.151.1585884515795667';
    writeFileSync(path.join(dump, conv2), npuDump('conv2', [input], []));
    const result = done(await cutModel(original, ['conv2'], ['pool2'], path.join(dir, `out${i}`), { dumpData: dump }));
    assert.deepEqual(result.warnings, [`${conv2} is not converted: ${reason}`]);
    assert.deepEqual(readdirSync(path.join(result.folder, 'dump_data')), [conv2]);
  }
});

test('--dump-data with a cut-short or foreign NPU dump: one line naming the file, and nothing left behind', async (t) => {
  const dir = tempDir(t, 'npu-cut-npu-');
  const { prototxt } = await writeCaffeSample(dir);
  const original = await openModel(prototxt);
  const input: DumpTensor = { dataType: DT_FLOAT, format: FORMAT_NCHW, shape: [1, 20, 12, 12], data: Buffer.alloc(2880 * 4, 3) };
  const whole = npuDump('conv2', [input], [input]);
  const cases: [string, Buffer, RegExp][] = [
    ['data cut short', whole.subarray(0, whole.length - 100), /: byte \d+: the dump's tensors take 23040 bytes after the header but the file ends after 22940: it is cut short$/],
    ['header cut short', whole.subarray(0, 20), /: byte 20: the dump header \(\d+ bytes\) runs past the end of the file: it is cut short$/],
    ['not a dump', Buffer.from('this is a text file, not a dump\n'), /: byte \d+: not an NPU dump file: /],
    ['a size of 2^50', hugeSize(), /: byte \d+: the dump's tensors take 1125899906842624 bytes after the header but the file ends after 0: it is cut short$/],
  ];
  for (const [what, content, message] of cases) {
    const dump = path.join(dir, what);
    mkdirSync(dump);
    const file = path.join(dump, 'Conv2D.conv2.151.1585884515795667');
    writeFileSync(file, content);
    const out = path.join(dir, `out ${what}`);
    await assert.rejects(cutModel(original, ['conv2'], ['pool2'], out, { dumpData: dump }), (e: Error) => {
      assert.ok(e.message.startsWith(`${file}: `), `${what}: ${e.message}`);
      assert.match(e.message, message, what);
      assert.ok(!e.message.includes('\n'), what);
      return true;
    });
    assert.deepEqual(readdirSync(out), [], what);
  }
});

test('--dump-data given the dump_path of acl.json: the files five folders down are found, the newest run’s first step taken with a warning', async (t) => {
  const dir = tempDir(t, 'npu-cut-npu-');
  const { prototxt } = await writeCaffeSample(dir);
  const original = await openModel(prototxt);
  const dumpPath = path.join(dir, 'dump');
  const conv2 = 'Conv2D.conv2.151.1585884515795667';
  const runs: [string, string, number][] = [
    ['20261202093000', '0', 1],
    ['20261202101500', '0', 2],
    ['20261202101500', '1', 3],
  ];
  for (const [time, step, fill] of runs) {
    const leaf = path.join(dumpPath, time, '0', 'LeNet', '1', step);
    mkdirSync(leaf, { recursive: true });
    const data = Buffer.from(new Float32Array(2880).fill(fill).buffer);
    writeFileSync(path.join(leaf, conv2), npuDump('conv2', [{ dataType: DT_FLOAT, format: FORMAT_NCHW, shape: [1, 20, 12, 12], data }], []));
  }
  const chosen = path.join(dumpPath, '20261202101500', '0', 'LeNet', '1', '0');
  const result = done(await cutModel(original, ['conv2'], ['pool2'], path.join(dir, 'out'), { dumpData: dumpPath }));
  assert.deepEqual(result.warnings, [`the dump folder holds dump files in 3 folders; those of ${chosen} are used`]);
  assert.ok(readFileSync(path.join(result.folder, 'dump_data', conv2)).equals(readFileSync(path.join(chosen, conv2))));
  const f32 = readFileSync(path.join(result.folder, 'dump_data', 'input', 'input_0_pool1.float32.bin'));
  assert.ok(f32.equals(Buffer.from(new Float32Array(2880).fill(2).buffer)));
});
