// `npu-deploy cut`: the contract scripts and acceptance checks read. --json prints exactly
// { folder, files, inputs, outputs, nodes } and the folder holds those files; a range with
// nothing between (an end above its start, no path, an unknown id) exits 1 with the reason on one
// line of stderr and writes nothing; a model without weights is cut with a warning; bad usage exits 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { openModel } from '../../../src/core/openModel';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';
import { writePaddleSample } from '../../../src/core/samples/paddleSample';
import { writePirModel } from '../../../src/core/formats/paddle/pirWriter';
import { smallPirModel } from '../../support/pirModels';
import { tempDir } from '../../support/tempDir';

const cli = path.resolve(__dirname, '../../../src/cli/main.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });

interface CutJson {
  folder: string;
  files: string[];
  inputs: { name: string; shape: number[] | null; dtype: string | null }[];
  outputs: { name: string; shape: number[] | null; dtype: string | null }[];
  nodes: string[];
}

test('cut --json: the folder, its files, the entering and delivered tensors, the selected node ids', async (t) => {
  const dir = tempDir(t, 'npu-cli-cut-');
  const { prototxt, caffemodel } = await writeCaffeSample(dir);
  const out = path.join(dir, 'out');
  const r = run(['cut', prototxt, '--weights', caffemodel, '--start', 'conv2', '--end', 'ip1,pool2', '--out', out, '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const json = JSON.parse(r.stdout) as CutJson;
  assert.deepEqual(Object.keys(json), ['folder', 'files', 'inputs', 'outputs', 'nodes']);
  assert.match(path.basename(json.folder), /^dump_result_\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}$/);
  assert.equal(path.dirname(json.folder), out);
  assert.deepEqual(json.files, ['dump.prototxt', 'dump.caffemodel', 'dump.log']);
  assert.deepEqual(readdirSync(json.folder).sort(), [...json.files].sort());
  assert.deepEqual(json.inputs, [{ name: 'pool1', shape: [1, 20, 12, 12], dtype: 'float32' }]);
  assert.deepEqual(json.outputs, [{ name: 'pool2', shape: [1, 50, 4, 4], dtype: 'float32' }, { name: 'ip1', shape: [1, 64], dtype: 'float32' }]);
  assert.deepEqual(json.nodes, ['conv2', 'pool2', 'ip1']);
  const cut = await openModel(path.join(json.folder, 'dump.prototxt'));
  assert.deepEqual(cut.graph.nodes.map((n) => n.id), ['pool1', 'conv2', 'pool2', 'ip1']);
  assert.ok(cut.weights, 'dump.caffemodel sits beside dump.prototxt under the same stem and pairs');

  // Without --json: the folder first, then its files, readable.
  const plain = run(['cut', prototxt, '--start', 'conv1', '--end', 'conv1', '--out', out]);
  assert.equal(plain.status, 0, plain.stderr);
  const lines = plain.stdout.split('\n');
  assert.match(lines[0], /dump_result_/);
  assert.ok(existsSync(lines[0].trim()));
  assert.deepEqual(lines.slice(1, 4), ['  dump.prototxt', '  dump.caffemodel', '  dump.log']);
});

test('cut --json on a Paddle model: dump.pdmodel and dump.pdiparams, fed and fetching the crossing vars', async (t) => {
  const dir = tempDir(t, 'npu-cli-cut-');
  const { model } = await writePaddleSample(dir);
  const r = run(['cut', model, '--start', 'relu_0.tmp_0', '--end', 'fc_0.tmp_1', '--out', path.join(dir, 'out'), '--json']);
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout) as CutJson;
  assert.deepEqual(json.files, ['dump.pdmodel', 'dump.pdiparams', 'dump.log']);
  assert.deepEqual(json.inputs, [{ name: 'batch_norm_0.tmp_2', shape: [-1, 8, 32, 32], dtype: 'float32' }]);
  assert.deepEqual(json.outputs, [{ name: 'fc_0.tmp_1', shape: [-1, 10], dtype: 'float32' }]);
  assert.deepEqual(json.nodes, ['relu_0.tmp_0', 'pool2d_0.tmp_0', 'flatten_0.tmp_0', 'matmul_v2_0.tmp_0', 'fc_0.tmp_1']);
  const cut = await openModel(path.join(json.folder, 'dump.pdmodel'));
  assert.deepEqual([cut.inputs, cut.outputs], [json.inputs, json.outputs]);
  assert.deepEqual(cut.params, ['fc_bias', 'fc_weights']);
});

test('cut --json on a PIR program: dump.json and dump.pdiparams with a data op for the entering value and only the parameter it reads', async (t) => {
  const dir = tempDir(t, 'npu-cli-cut-');
  const { builder, tensors } = smallPirModel();
  await writePirModel(path.join(dir, 'inference'), builder, tensors);
  const original = await openModel(path.join(dir, 'inference.json'));
  const id = (type: string) => original.graph.nodes.find((n) => n.type === type)!.id;
  const r = run(['cut', path.join(dir, 'inference.json'), '--start', id('pd_op.add'), '--end', id('pd_op.leaky_relu'), '--out', path.join(dir, 'out'), '--json']);
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout) as CutJson;
  assert.deepEqual(json.files, ['dump.json', 'dump.pdiparams', 'dump.log']);
  assert.deepEqual(json.nodes, [id('pd_op.add'), id('pd_op.leaky_relu')]);
  const cut = await openModel(path.join(json.folder, 'dump.json'));
  assert.deepEqual(cut.warnings, []);
  assert.deepEqual(cut.inputs.map((i) => [i.shape, i.dtype]), [[[-1, 2, 4, 4], 'float32']]);
  assert.deepEqual(cut.outputs.map((o) => o.name), json.outputs.map((o) => o.name));
  assert.deepEqual(cut.params, ['conv2d_0.b_0']);
});

test('cut: a range with nothing between exits 1 with its reason on one line, and writes nothing', async (t) => {
  const dir = tempDir(t, 'npu-cli-cut-');
  const { prototxt } = await writeCaffeSample(dir);
  // Two branches off one input: no path from one to the other.
  const forked = path.join(dir, 'forked.prototxt');
  writeFileSync(
    forked,
    'name: "forked"\nlayer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 3 dim: 8 dim: 8 } } }\n' +
      'layer { name: "a" type: "ReLU" bottom: "data" top: "a" }\nlayer { name: "b" type: "Sigmoid" bottom: "data" top: "b" }\n',
  );
  const out = path.join(dir, 'out');
  for (const [args, reason] of [
    [[prototxt, '--start', 'ip2', '--end', 'conv1'], 'npu-deploy cut: the end conv1 is above the start ip2: an end must come after its start'],
    [[prototxt, '--start', 'conv1', '--end', 'nope'], 'npu-deploy cut: there is no node nope in the model'],
    [[forked, '--start', 'a', '--end', 'b'], 'npu-deploy cut: no path leads from a to b: they are on different branches'],
  ] as const) {
    const r = run(['cut', ...args, '--out', out]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, `${reason}\n`);
    assert.equal(r.stdout, '');
  }
  assert.equal(existsSync(out) ? readdirSync(out).length : 0, 0);
});

test('cut: a model without weights is cut without them, with a warning on stderr', async (t) => {
  const dir = tempDir(t, 'npu-cli-cut-');
  const { prototxt } = await writeCaffeSample(dir, 'alone');
  const bare = path.join(dir, 'bare.prototxt');
  writeFileSync(bare, readFileSync(prototxt));
  const r = run(['cut', bare, '--start', 'conv1', '--end', 'ip2', '--out', path.join(dir, 'out'), '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, 'npu-deploy cut: warning: the model has no weights: the sub-model is written without them\n');
  assert.deepEqual((JSON.parse(r.stdout) as CutJson).files, ['dump.prototxt', 'dump.log']);
});

test('cut --dump-data: dump_data/ among the files; an output path that cannot be a folder exits 1 and writes nothing', async (t) => {
  const dir = tempDir(t, 'npu-cli-cut-');
  const { prototxt } = await writeCaffeSample(dir);
  const dump = path.join(dir, 'golden');
  mkdirSync(dump);
  writeFileSync(path.join(dump, 'conv1.0.1682148256368588.npy'), Buffer.from('copied as it is'));
  writeFileSync(path.join(dump, 'relu1.0.1682148256368588.npy'), Buffer.from('not selected'));
  const r = run(['cut', prototxt, '--start', 'conv1', '--end', 'pool1', '--out', path.join(dir, 'out'), '--dump-data', dump, '--json']);
  assert.equal(r.status, 0, r.stderr);
  // No golden file holds `data`, the entering tensor: copied files only, and a warning.
  assert.equal(r.stderr, 'npu-deploy cut: warning: no golden .npy holds the input data: it is not converted\n');
  assert.deepEqual((JSON.parse(r.stdout) as CutJson).files, ['dump.prototxt', 'dump.caffemodel', 'dump_data/conv1.0.1682148256368588.npy', 'dump.log']);

  const blocked = path.join(dir, 'a-file');
  writeFileSync(blocked, '');
  const bad = run(['cut', prototxt, '--start', 'conv1', '--end', 'pool1', '--out', path.join(blocked, 'out')]);
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr, `npu-deploy cut: cannot write the export under ${path.join(blocked, 'out')} (ENOTDIR)\n`);
  const missing = run(['cut', prototxt, '--start', 'conv1', '--end', 'pool1', '--out', path.join(dir, 'out3'), '--dump-data', path.join(dir, 'nowhere')]);
  assert.equal(missing.status, 1);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  assert.match(missing.stderr, /cannot read the dump folder \(ENOENT\)/);
  assert.deepEqual(readdirSync(path.join(dir, 'out3')), []);
});

test('cut --dump-data with a cut-short NPU dump of the start layer exits 1 with one line naming the file, and writes nothing', async (t) => {
  const dir = tempDir(t, 'npu-cli-cut-');
  const { prototxt } = await writeCaffeSample(dir);
  const dump = path.join(dir, 'npu');
  mkdirSync(dump);
  // A version 2 header (one input of 100 bytes), and only 4 bytes after it.
  const file = path.join(dump, 'Conv2D.conv1.150.1585884515795600');
  writeFileSync(file, Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([0x22, 0x02, 0x28, 100]), Buffer.alloc(4)]));
  const r = run(['cut', prototxt, '--start', 'conv1', '--end', 'pool1', '--out', path.join(dir, 'out'), '--dump-data', dump]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `${file}: byte 16: the dump's tensors take 100 bytes after the header but the file ends after 4: it is cut short\n`);
  assert.deepEqual(readdirSync(path.join(dir, 'out')), []);
});

test('cut: bad usage exits 2', async (t) => {
  const dir = tempDir(t, 'npu-cli-cut-');
  const { prototxt } = await writeCaffeSample(dir);
  for (const [args, message] of [
    [['cut', prototxt, '--start', 'conv1', '--end', 'ip1'], /--out DIR is required/],
    [['cut', prototxt, '--end', 'ip1', '--out', dir], /--start ID\[,ID…\] is required/],
    [['cut', prototxt, '--start', ',', '--end', 'ip1', '--out', dir], /--start ID\[,ID…\] is required/],
    [['cut', prototxt, '--start', 'conv1', '--out', dir], /--end ID\[,ID…\] is required/],
    [['cut', '--start', 'conv1', '--end', 'ip1', '--out', dir], /missing argument/],
    [['cut', prototxt, '--start', 'conv1', '--end', 'ip1', '--out', dir, '--bogus'], /Unknown option '--bogus'/],
  ] as const) {
    const r = run(args as unknown as string[]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  assert.match(run(['--help']).stdout, /cut MODEL \[--weights FILE\] --start ID\[,ID…\] --end ID\[,ID…\] --out DIR \[--dump-data DIR\] \[--json\]/);
});
