// dump_data/ of an export, with golden .npy files generated here for the LeNet sample (as msit's
// Caffe dump names them: the layer name with / and . as _, the top index, a timestamp) and an NPU
// dump file: the selected layers' files and those of the entering data are copied, nothing else;
// the entering data is converted to float32 and float16 .npy and .bin holding the same numbers;
// dump.log names each layer's output and input files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cutModel } from '../../../src/core/cut/cutModel';
import type { CutResult } from '../../../src/core/cut/cutResult';
import type { RangeRefusal } from '../../../src/core/graph/rangeSelection';
import { float16ToNumber, npyAsFloat32, readNpy } from '../../../src/core/cut/npy';
import { openModel } from '../../../src/core/openModel';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';
import { float32Bytes } from '../../../src/core/samples/sampleData';
import { tempDir } from '../../support/tempDir';

function done(result: CutResult | RangeRefusal): CutResult {
  if ('refused' in result) assert.fail(`refused: ${result.message}`);
  return result;
}

/** numpy.save of a float32 array, by hand. */
function npyFloat32(shape: number[], values: Uint8Array): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const prefix = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), values]);
}

test('--dump-data: the selected layers’ golden and NPU files, the entering data’s, and that data converted for an offline model', async (t) => {
  const dir = tempDir(t, 'npu-cut-dump-');
  const { prototxt } = await writeCaffeSample(dir);
  const original = await openModel(prototxt);
  const dump = path.join(dir, 'golden');
  mkdirSync(dump);
  const stamp = '1682148256368588';
  const golden = new Map<string, Buffer>();
  for (const [i, node] of original.graph.nodes.entries()) {
    for (const [k, port] of node.outputs.entries()) {
      const shape = original.graph.tensors[port.tensor].shape!;
      const file = `${node.name.replace(/[/.]/g, '_')}.${k}.${stamp}.npy`;
      golden.set(file, npyFloat32(shape, float32Bytes(shape.reduce((a, b) => a * b, 1), 100 + i, 3)));
      writeFileSync(path.join(dump, file), golden.get(file)!);
    }
  }
  // The golden pool1 stored flat, as some dumps do: converted into the input's shape.
  golden.set(`pool1.0.${stamp}.npy`, npyFloat32([2880], float32Bytes(2880, 7, 3)));
  writeFileSync(path.join(dump, `pool1.0.${stamp}.npy`), golden.get(`pool1.0.${stamp}.npy`)!);
  writeFileSync(path.join(dump, 'Conv2D.conv2.151.1585884515795667'), Buffer.from('npu dump of conv2'));
  writeFileSync(path.join(dump, 'Conv2D.conv1.150.1585884515795600'), Buffer.from('npu dump of conv1'));
  writeFileSync(path.join(dump, 'notes.txt'), 'not a dump file');

  const result = done(await cutModel(original, ['conv2'], ['ip1'], path.join(dir, 'out'), { dumpData: dump }));
  assert.deepEqual(result.warnings, []);
  const copied = [`Conv2D.conv2.151.1585884515795667`, `conv2.0.${stamp}.npy`, `ip1.0.${stamp}.npy`, `pool1.0.${stamp}.npy`, `pool2.0.${stamp}.npy`];
  const converted = ['input_0_pool1.float16.bin', 'input_0_pool1.float16.npy', 'input_0_pool1.float32.bin', 'input_0_pool1.float32.npy'];
  assert.deepEqual(readdirSync(path.join(result.folder, 'dump_data')).sort(), [...copied, 'input'].sort());
  assert.deepEqual(readdirSync(path.join(result.folder, 'dump_data', 'input')).sort(), converted);
  assert.deepEqual(result.files.filter((f) => f.startsWith('dump_data/')).sort(), [...copied.map((f) => `dump_data/${f}`), ...converted.map((f) => `dump_data/input/${f}`)].sort());
  for (const f of copied.filter((f) => f.endsWith('.npy'))) assert.ok(readFileSync(path.join(result.folder, 'dump_data', f)).equals(golden.get(f)!), f);

  // The .bin inputs hold the .npy's numbers: float32 exactly, float16 within half a unit in the last place.
  const expected = new Float32Array(float32Bytes(2880, 7, 3).buffer);
  const at = (f: string) => readFileSync(path.join(result.folder, 'dump_data', 'input', f));
  const f32bin = at('input_0_pool1.float32.bin');
  assert.ok(f32bin.equals(Buffer.from(expected.buffer)));
  const f32npy = readNpy(at('input_0_pool1.float32.npy'));
  assert.deepEqual(f32npy.shape, [1, 20, 12, 12]);
  assert.deepEqual(npyAsFloat32(f32npy), expected);
  const f16bin = at('input_0_pool1.float16.bin');
  assert.equal(f16bin.length, 2880 * 2);
  const f16npy = readNpy(at('input_0_pool1.float16.npy'));
  assert.equal(f16npy.descr, '<f2');
  assert.ok(Buffer.from(f16npy.data).equals(f16bin));
  for (let i = 0; i < expected.length; i++) {
    const half = float16ToNumber(f16bin.readUInt16LE(2 * i));
    assert.ok(Math.abs(half - expected[i]) <= Math.abs(expected[i]) * 2 ** -11, `value ${i}: ${half} for ${expected[i]}`);
  }

  const log = readFileSync(path.join(result.folder, 'dump.log'), 'utf8');
  assert.match(log, new RegExp(`\\nDump Layer: conv2, Output File: Conv2D\\.conv2\\.151\\.1585884515795667; conv2\\.0\\.${stamp}\\.npy, Input File: pool1\\.0\\.${stamp}\\.npy\\n`));
  assert.match(log, new RegExp(`\\nDump Layer: ip1, Output File: ip1\\.0\\.${stamp}\\.npy, Input File: pool2\\.0\\.${stamp}\\.npy\\n`));
});

test('--dump-data with nothing of the selection in it warns and writes no dump_data/; a missing folder fails and leaves nothing', async (t) => {
  const dir = tempDir(t, 'npu-cut-dump-');
  const { prototxt } = await writeCaffeSample(dir);
  const original = await openModel(prototxt);
  const empty = path.join(dir, 'empty');
  mkdirSync(empty);
  const result = done(await cutModel(original, ['conv2'], ['ip1'], path.join(dir, 'out'), { dumpData: empty }));
  assert.deepEqual(result.warnings, [`the dump folder ${empty} holds no dump files of the selected layers or of their inputs`]);
  assert.ok(!readdirSync(result.folder).includes('dump_data'));
  assert.match(readFileSync(path.join(result.folder, 'dump.log'), 'utf8'), /Dump Layer: conv2, Output File: none, Input File: none/);
  const out = path.join(dir, 'out2');
  await assert.rejects(cutModel(original, ['conv2'], ['ip1'], out, { dumpData: path.join(dir, 'missing') }), /cannot read the dump folder \(ENOENT\)/);
  assert.deepEqual(readdirSync(out), []);
});
