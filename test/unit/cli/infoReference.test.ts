// `npu-deploy info --json` on every Caffe and Paddle model of the corpus equals the summary decoded
// independently with protoc (*.reference.json). Tests as data: one loop over the references.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { corpus, sharedModel, ifFullCorpus } from '../../support/corpus';

const cli = path.resolve(__dirname, '../../../src/cli/main.js');

function runCli(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Caffe's own UpgradeV1LayerType names, for the V1 types the references hold.
const v1Upgrade: Record<string, string> = {
  CONVOLUTION: 'Convolution',
  INNER_PRODUCT: 'InnerProduct',
  POOLING: 'Pooling',
  RELU: 'ReLU',
  SOFTMAX: 'Softmax',
  SOFTMAX_LOSS: 'SoftmaxWithLoss',
  DATA: 'Data',
  DROPOUT: 'Dropout',
  ACCURACY: 'Accuracy',
};
const upgraded = (type: string) => v1Upgrade[type] ?? type;
const paddleDtype: Record<string, string> = { FP32: 'float32', FP64: 'float64', FP16: 'float16', INT64: 'int64', INT32: 'int32', BOOL: 'bool', INT8: 'int8', UINT8: 'uint8' };

interface Info {
  framework: string;
  format: string;
  name: string;
  inputs: { name: string; shape: number[] | null; dtype: string | null }[];
  outputs: { name: string; shape: number[] | null; dtype: string | null }[];
  nodeCount: number;
  opTypes: Record<string, number>;
  params: string[];
  nodes: { id: string; type: string; inputs: string[]; outputs: string[] }[];
  warnings: string[];
}

function infoOf(file: string): Info {
  const r = runCli(['info', file, '--json']);
  assert.equal(r.status, 0, `info ${file} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Info;
}

function upgradedHistogram(h: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(h)) out[upgraded(k)] = (out[upgraded(k)] ?? 0) + v;
  return out;
}

function sameHistogram(actual: Record<string, number>, expected: Record<string, number>, label: string) {
  const sorted = (h: Record<string, number>) => Object.fromEntries(Object.entries(h).sort(([a], [b]) => (a < b ? -1 : 1)));
  assert.deepEqual(sorted(actual), sorted(expected), label);
}

// Paddle 3 PIR programs have references of their own layout: pirInfoReference.test.ts checks them.
const references = corpus.models.filter((m) => m.framework !== 'paddle-pir');

ifFullCorpus(test)('the corpus and its references are there', () => {
  assert.ok(references.length >= (corpus.kind === 'full' ? 29 : 14), `found ${references.length} references in ${corpus.root}`);
});

for (const model of references) {
  const ref = model.reference as { framework: string; model: string; entries: any[] };
  const folder = model.folder;
  // The reference lists files the collection could not hold (weights over 4 MiB).
  const present = (entry: any) => [entry.file, entry.pickle_file, entry.program?.file].some((f) => f !== undefined && model.has(f));
  test(`info: ${ref.framework}/${ref.model}`, () => {
    for (const entry of ref.entries.filter(present)) {
      if (entry.pickle_file) {
        const r = runCli(['info', path.join(folder, entry.pickle_file), '--json']);
        assert.equal(r.status, 1, `${entry.pickle_file}: ${r.stderr}`);
        assert.match(r.stderr, /training checkpoint/i);
        assert.match(r.stderr, /pdmodel/);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        continue;
      }
      if (entry.program) {
        checkPaddle(folder, entry);
        continue;
      }
      if (entry.message === 'caffe.SolverParameter') {
        checkSolver(folder, entry, ref);
        continue;
      }
      checkCaffeNet(folder, entry);
    }
  });
}

function checkPaddle(folder: string, entry: any) {
  const p = entry.program;
  const file = path.join(folder, p.file);
  if (!p.protoc_ok) {
    const r = runCli(['info', file, '--json']);
    assert.equal(r.status, 1, `${p.file} should be refused`);
    assert.ok(r.stderr.startsWith(file), `stderr names the file: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    return;
  }
  const info = infoOf(file);
  assert.equal(info.framework, 'paddle');
  assert.equal(info.nodeCount, p.op_count_total, `${p.file} nodeCount`);
  sameHistogram(info.opTypes, p.op_type_histogram, `${p.file} opTypes`);
  const byCol = (a: any, b: any) => a.col - b.col;
  assert.deepEqual(
    info.inputs.map((t) => [t.name, t.shape, t.dtype]),
    [...p.feed].sort(byCol).map((f: any) => [f.name, f.shape, paddleDtype[f.dtype] ?? f.dtype]),
    `${p.file} inputs`,
  );
  assert.deepEqual(
    info.outputs.map((t) => [t.name, t.shape, t.dtype]),
    [...p.fetch].sort(byCol).map((f: any) => [f.name, f.shape, paddleDtype[f.dtype] ?? f.dtype]),
    `${p.file} outputs`,
  );
  assert.deepEqual(info.params, p.persistable_vars, `${p.file} params`);
  assert.equal(new Set(info.nodes.map((n) => n.id)).size, info.nodeCount, 'node ids are unique');
}

function checkCaffeNet(folder: string, entry: any) {
  const file = path.join(folder, entry.file);
  const info = infoOf(file);
  assert.equal(info.framework, 'caffe');
  // A net without a name (or an empty one) is called after its file.
  assert.equal(info.name, entry.net_name || path.parse(entry.file).name, `${entry.file} name`);
  assert.equal(info.nodeCount, entry.layer_count, `${entry.file} nodeCount`);
  sameHistogram(info.opTypes, upgradedHistogram(entry.layer_type_histogram), `${entry.file} opTypes`);
  assert.deepEqual(info.inputs.map((t) => t.name), entry.inputs, `${entry.file} inputs`);
  assert.deepEqual(info.outputs.map((t) => t.name), entry.outputs, `${entry.file} outputs`);
  assert.deepEqual(
    info.nodes.map((n) => [n.type, n.inputs, n.outputs]),
    entry.layers.map((l: any) => [upgraded(l.type), l.bottom, l.top]),
    `${entry.file} layers in order`,
  );
  assert.deepEqual(
    info.nodes.map((n) => n.id.replace(/#\d+$/, '')),
    entry.layers.map((l: any) => l.name),
    `${entry.file} node ids are the layer names`,
  );
  assert.equal(new Set(info.nodes.map((n) => n.id)).size, info.nodeCount, 'node ids are unique');
  if (entry.file.endsWith('.caffemodel')) {
    assert.deepEqual(
      info.params,
      entry.layers.filter((l: any) => l.blobs.length > 0).map((l: any) => l.name),
      `${entry.file} params are the layers with blobs`,
    );
  }
  if (!entry.protoc_ok) {
    // protoc refused it for a field BVLC's schema lacks; we keep the field and say so.
    const field = /no field named "([^"]+)"/.exec(entry.protoc_error)?.[1];
    assert.ok(field && info.warnings.some((w) => w.includes(field)), `${entry.file}: a warning names ${field}: ${info.warnings.join(' | ')}`);
  }
}

function checkSolver(folder: string, entry: any, ref: any) {
  const file = path.join(folder, entry.file);
  if (entry.embedded_net_param) {
    const info = infoOf(file);
    const net = entry.embedded_net_param;
    assert.equal(info.name, net.net_name);
    assert.equal(info.nodeCount, net.layer_count);
    sameHistogram(info.opTypes, upgradedHistogram(net.layer_type_histogram), `${entry.file} opTypes`);
    assert.deepEqual(info.inputs.map((t) => t.name), net.inputs);
    assert.deepEqual(info.outputs.map((t) => t.name), net.outputs);
    return;
  }
  // A solver names its net by a path from Caffe's root; beside the solver we find it by its base name.
  const netFile = path.basename(entry.solver.net);
  const netEntry = ref.entries.find((e: any) => e.file === netFile);
  assert.ok(netEntry, `reference has ${netFile}`);
  const info = infoOf(file);
  assert.equal(info.nodeCount, netEntry.layer_count, `${entry.file} opens its net ${netFile}`);
  assert.deepEqual(info.outputs.map((t) => t.name), netEntry.outputs);
}

test('info on a missing file exits 1 with one line naming it', () => {
  const file = path.join(corpus.root, 'no-such-model.pdmodel');
  const r = runCli(['info', file, '--json']);
  assert.equal(r.status, 1);
  assert.ok(r.stderr.startsWith(file), r.stderr);
  assert.equal(r.stdout, '');
});

test('info with a bad option exits 2 (usage), not 1 (bad model)', () => {
  const r = runCli(['info', '--frobnicate', 'x']);
  assert.equal(r.status, 2, r.stderr);
});

ifFullCorpus(test)('info without --json prints a readable summary of the same figures', () => {
  const file = sharedModel('caffe', 'lenet_bvlc', 'lenet.prototxt');
  const r = runCli(['info', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^LeNet {2}\(caffe, prototxt\)$/m);
  assert.match(r.stdout, /^nodes: 9$/m);
  assert.match(r.stdout, /^ {2}data {2}\[64, 1, 28, 28\] {2}float32$/m);
});

test('samples writes models that info then reads', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-cli-samples-'));
  try {
    const r = runCli(['samples', dir]);
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.trim().split('\n');
    assert.deepEqual(files.map((f) => path.relative(dir, f)), [
      path.join('caffe-lenet', 'lenet.prototxt'),
      path.join('caffe-lenet', 'lenet.caffemodel'),
      path.join('paddle-classifier', 'tiny_classifier.pdmodel'),
      path.join('paddle-classifier', 'tiny_classifier.pdiparams'),
    ]);
    assert.equal(infoOf(files[0]).params.length, 4);
    assert.equal(infoOf(files[2]).nodeCount, 10);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

ifFullCorpus(test)('info on a Paddle model folder reads the program inside it', () => {
  const folder = sharedModel('paddle', 'uci_housing_fit_a_line');
  const viaFolder = infoOf(folder);
  const viaFile = infoOf(path.join(folder, '__model__'));
  assert.deepEqual(viaFolder, viaFile);
  assert.deepEqual(viaFolder.params, ['fc_0.b_0', 'fc_0.w_0']);
});

ifFullCorpus(test)('info --weights pairs a prototxt with a caffemodel of another name', () => {
  const folder = sharedModel('caffe', 'cifar10_quick_2014');
  const alone = infoOf(path.join(folder, 'cifar10_quick.prototxt'));
  assert.deepEqual(alone.params, [], 'the stems differ, so nothing is paired by itself');
  const r = runCli(['info', path.join(folder, 'cifar10_quick.prototxt'), '--weights', path.join(folder, 'cifar10_quick_iter_5000.caffemodel'), '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as Info).params, ['conv1', 'conv2', 'conv3', 'ip1', 'ip2']);
});
