// The engine end to end on dump folders written here: a ResNet-style net with one layer's NPU
// output perturbed. The rows follow the net's topology, the first bad layer is the perturbed one
// though every layer after it fails too and though its dump file sorts last by name and by time;
// the metrics of NC1HWC0 float16 and NCHW float32 rows, from version 1 and 2 dumps, are the
// plain formulas over the numbers written; the unmatched tensors are listed. A fusion rule maps
// a fused NPU op to its original layers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { compareDumps } from '../../../src/core/compare/compareDumps';
import { readFusionRule } from '../../../src/core/compare/fusionRule';
import { nodeFileAccess } from '../../../src/core/io/nodeFileAccess';
import { openModel } from '../../../src/core/openModel';
import { encodeNpy } from '../../../src/core/cut/npy';
import { DT_FLOAT, FORMAT_NCHW, npuDump } from '../../support/npuDumpFiles';
import { RESNET_DOWNSTREAM, writeResnetDumps } from '../../support/resnetDumps';
import { tempDir } from '../../support/tempDir';
import { zipBytes } from '../../support/zipWriter';

const fs = nodeFileAccess;

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return dot / Math.sqrt(aa * bb);
}

function rmse(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s / a.length);
}

test('a ResNet-style net with one layer perturbed: topological rows, that layer as the first bad one, the metrics of every row', async (t) => {
  const dir = tempDir(t, 'npu-compare-');
  const dumps = writeResnetDumps(dir);
  const model = await openModel(dumps.prototxt);
  const { result } = await compareDumps(fs, { npu: dumps.npuDir, golden: dumps.goldenDir, graph: model.graph });

  assert.equal(result.firstBad, 'res2a_branch2a');
  const names = result.rows.map((r) => r.name);
  assert.deepEqual(names.slice(0, 2), ['conv1', 'relu1']);
  const before = (x: string, y: string) => assert.ok(names.indexOf(x) < names.indexOf(y), `${x} before ${y}: ${names.join(' ')}`);
  before('res2a_branch2a', 'res2a_branch2b');
  before('res2a_branch2b', 'res2a');
  before('res2a_branch1', 'res2a');
  before('res2a', 'res2a/relu');
  before('res2a/relu', 'pool');
  before('pool', 'fc');
  assert.deepEqual(result.rows.map((r) => r.extra?.order), [...result.rows.keys()].map((i) => result.rows[i].extra?.order).sort((a, b) => a! - b!));
  const failing = result.rows.filter((r) => !r.pass).map((r) => r.name).sort();
  assert.deepEqual(failing, ['res2a_branch2a', ...RESNET_DOWNSTREAM].sort());
  assert.deepEqual(result.summary, { compared: 9, passed: 3, failed: 6 });
  assert.deepEqual(result.unmatched, { npu: ['trans_TransData_3:output:0'], golden: ['data.0.1699999999999999.npy'] });

  for (const row of result.rows) {
    const v = dumps.values.get(row.name)!;
    assert.deepEqual(row.shape, v.shape, row.name);
    assert.equal(row.npuFile, v.npuFile);
    assert.equal(row.goldenFile, v.goldenFile);
    assert.ok(Math.abs(row.cosine! - Math.min(1, cosine(v.npu, v.golden))) < 1e-9, `${row.name} cosine ${row.cosine}`);
    assert.ok(Math.abs(row.rmse! - rmse(v.npu, v.golden)) < 1e-9, `${row.name} rmse ${row.rmse}`);
  }
  const nc1hwc0 = result.rows.find((r) => r.name === 'conv1')!;
  assert.equal(nc1hwc0.dtype, 'float16');
  assert.equal(result.rows.find((r) => r.name === 'res2a_branch1')!.dtype, 'float32');
});

test('without a model the rows follow the NPU run (dump timestamps) and the first bad row is the first failing one', async (t) => {
  const dir = tempDir(t, 'npu-compare-');
  const dumps = writeResnetDumps(dir, 'pool');
  const { result } = await compareDumps(fs, { npu: dumps.npuDir, golden: dumps.goldenDir });
  assert.equal(result.rows[0].name, 'conv1');
  // Without the model the names are the dump files' (`/` as `_`).
  assert.ok(result.rows.some((r) => r.name === 'res2a_relu'));
  assert.equal(result.firstBad, 'pool');
  assert.deepEqual(result.rows.filter((r) => !r.pass).map((r) => r.name), ['pool']);
});

test('a fusion rule maps a fused NPU op to the original layer of its output, with every fused layer as ground truth', async (t) => {
  const dir = tempDir(t, 'npu-compare-');
  const golden = Float32Array.from({ length: 16 }, (_, i) => i / 4 - 1);
  writeFileSync(path.join(dir, 'relu1.0.1700000000000001.npy'), encodeNpy('<f4', [1, 16], new Uint8Array(golden.buffer)));
  writeFileSync(path.join(dir, 'conv1.0.1700000000000000.npy'), encodeNpy('<f4', [1, 16], new Uint8Array(golden.buffer)));
  const npuDir = path.join(dir, 'npu');
  mkdirSync(npuDir);
  writeFileSync(path.join(npuDir, 'Relu.conv1conv1_relu.3.1700000000000009'), npuDump('conv1conv1_relu', [], [{ dataType: DT_FLOAT, format: FORMAT_NCHW, shape: [1, 16], data: Buffer.from(golden.buffer) }]));
  const rule = path.join(dir, 'rule.json');
  writeFileSync(
    rule,
    JSON.stringify({
      name: 'net',
      graph: [
        {
          name: 'g',
          op: [
            {
              name: 'conv1conv1_relu',
              type: 'Relu',
              attr: [{ key: '_datadump_original_op_names', value: { list: { val_type: 1, s: ['conv1', 'relu1'] } } }],
              output_desc: [{ attr: [{ key: '_datadump_origin_name', value: { s: 'relu1' } }, { key: '_datadump_origin_output_index', value: { i: 0 } }] }],
            },
          ],
        },
      ],
    }),
  );
  const { result } = await compareDumps(fs, { npu: npuDir, golden: dir, fusionRule: await readFusionRule(fs, rule) });
  assert.equal(result.rows.length, 1);
  assert.equal(result.rows[0].name, 'relu1');
  assert.equal(result.rows[0].tensor, 'conv1conv1_relu:output:0');
  assert.deepEqual(result.rows[0].extra?.groundTruth, ['conv1', 'relu1']);
  assert.equal(result.rows[0].extra?.verdict, 'EQUAL');
  assert.deepEqual(result.unmatched, { npu: [], golden: ['conv1.0.1700000000000000.npy'] });
});

test('an NC1HWC0 dump whose golden tensor is flat takes its channel count from the model', async (t) => {
  const dir = tempDir(t, 'npu-compare-');
  const dumps = writeResnetDumps(dir);
  const conv1 = dumps.values.get('conv1')!;
  writeFileSync(conv1.goldenFile, encodeNpy('<f4', [conv1.golden.length], new Uint8Array(conv1.golden.buffer)));
  const model = await openModel(dumps.prototxt);
  const withModel = (await compareDumps(fs, { npu: dumps.npuDir, golden: dumps.goldenDir, graph: model.graph })).result.rows.find((r) => r.name === 'conv1')!;
  assert.deepEqual(withModel.shape, [1, 4, 8, 8]);
  assert.equal(withModel.pass, true);
  // Without the model every lane of the 16-wide block is a channel, and the sizes differ.
  const alone = (await compareDumps(fs, { npu: dumps.npuDir, golden: dumps.goldenDir })).result.rows.find((r) => r.name === 'conv1')!;
  assert.deepEqual(alone.shape, [1, 16, 8, 8]);
  assert.deepEqual([alone.pass, alone.extra?.verdict, alone.extra?.failedMetrics], [false, 'NOT_MATCH', ['shape']]);
  assert.equal(alone.extra?.problem, 'the NPU tensor holds 1024 values ([1, 16, 8, 8]) and the golden one 256 ([256])');
});

test('two .npz files as TPU-MLIR writes them (npz_tool compare\'s inputs): arrays matched by name, shown by their own names', async (t) => {
  const dir = tempDir(t, 'npu-compare-');
  const ref = Float32Array.from({ length: 300 }, (_, i) => Math.sin(i) * 2);
  const close = ref.map((x) => x + 1e-6 * x);
  const off = ref.map((x, i) => (i % 2 ? x : -x));
  const npy = (a: Float32Array) => encodeNpy('<f4', [3, 100], new Uint8Array(a.buffer));
  writeFileSync(path.join(dir, 'ref.npz'), zipBytes([{ name: '/conv/Conv_output_0.npy', data: npy(ref) }, { name: 'relu.out.npy', data: npy(ref), deflate: true }, { name: 'only_ref.npy', data: npy(ref) }]));
  writeFileSync(path.join(dir, 'target.npz'), zipBytes([{ name: '/conv/Conv_output_0.npy', data: npy(close), deflate: true }, { name: 'relu.out.npy', data: npy(off) }]));
  const { result } = await compareDumps(fs, { npu: path.join(dir, 'target.npz'), golden: path.join(dir, 'ref.npz') });
  assert.deepEqual(result.rows.map((r) => [r.name, r.extra?.verdict, r.pass]), [['/conv/Conv_output_0', 'CLOSE', true], ['relu.out', 'NOT_SIMILAR', false]]);
  assert.deepEqual(result.unmatched, { npu: [], golden: ['ref.npz:only_ref'] });
  assert.equal(result.firstBad, 'relu.out');
});
