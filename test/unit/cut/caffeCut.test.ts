// The Caffe sub-model export on real bytes: the files read back with our readers and decode with
// caffe.proto, each kept layer's weights are the original's bytes, an Input layer declares each
// entering tensor with its inferred shape, the whole graph cut gives the same net back, the
// result folder is new every time, and a failed export leaves nothing behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, truncateSync } from 'node:fs';
import * as path from 'node:path';
import { cutModel } from '../../../src/core/cut/cutModel';
import type { CutResult } from '../../../src/core/cut/cutResult';
import type { RangeRefusal } from '../../../src/core/graph/rangeSelection';
import { indexCaffemodel } from '../../../src/core/formats/caffe/caffemodelIndex';
import { protobufType } from '../../../src/core/formats/caffe/binarySettings';
import { openModel } from '../../../src/core/openModel';
import type { OpenedModel } from '../../../src/core/model';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';
import { assertBoundary, assertSameNodesAndShapes, assertSelfContained } from '../../support/cutChecks';
import { tempDir } from '../../support/tempDir';

const AT = new Date(2026, 11, 2, 9, 5, 7);

function done(result: CutResult | RangeRefusal): CutResult {
  if ('refused' in result) assert.fail(`refused: ${result.message}`);
  return result;
}

async function reopen(result: CutResult): Promise<OpenedModel> {
  const weights = result.files.includes('dump.caffemodel') ? path.join(result.folder, 'dump.caffemodel') : undefined;
  return openModel(path.join(result.folder, 'dump.prototxt'), { weights, noWeights: weights === undefined });
}

/** Every weight the cut model holds is the original's, byte for byte, under the same key. */
async function assertSameWeightBytes(original: OpenedModel, cut: OpenedModel, layers: readonly string[]): Promise<number> {
  let compared = 0;
  for (const id of layers) {
    const before = original.graph.nodes.find((n) => n.id === id)!;
    const after = cut.graph.nodes.find((n) => n.id === id)!;
    assert.deepEqual(after.weights.map((w) => w.shape), before.weights.map((w) => w.shape), `weights of ${id}`);
    for (let i = 0; i < before.weights.length; i++) {
      assert.deepEqual(await cut.weights!.read(after.weights[i].key!), await original.weights!.read(before.weights[i].key!), `${id} blob ${i}`);
      compared++;
    }
  }
  return compared;
}

test('the LeNet sample cut in the middle: one Input layer for pool1, the kept layers’ weights byte for byte', async (t) => {
  const dir = tempDir(t, 'npu-cut-');
  const { prototxt } = await writeCaffeSample(dir);
  const original = await openModel(prototxt);
  const out = path.join(dir, 'out');
  const result = done(await cutModel(original, ['conv2'], ['ip1'], out, { at: AT }));
  assert.equal(result.folder, path.join(out, 'dump_result_2026_12_02_09_05_07'));
  assert.deepEqual(result.files, ['dump.prototxt', 'dump.caffemodel', 'dump.log']);
  assert.deepEqual(readdirSync(result.folder).sort(), ['dump.caffemodel', 'dump.log', 'dump.prototxt']);
  assert.deepEqual(readdirSync(out), ['dump_result_2026_12_02_09_05_07']);
  assert.deepEqual(result.nodes, ['conv2', 'pool2', 'ip1']);
  assert.deepEqual(result.inputs, [{ name: 'pool1', shape: [1, 20, 12, 12], dtype: 'float32' }]);
  assert.deepEqual(result.outputs, [{ name: 'ip1', shape: [1, 64], dtype: 'float32' }]);
  assert.deepEqual(result.added.map((a) => a.declaredBy), ['pool1']);

  const cut = await reopen(result);
  assert.deepEqual(cut.graph.nodes.map((n) => `${n.id}:${n.type}`), ['pool1:Input', 'conv2:Convolution', 'pool2:Pooling', 'ip1:InnerProduct']);
  assertSelfContained(cut.graph);
  assertSameNodesAndShapes(original.graph, cut, result, ['pool1']);
  assertBoundary(cut, result);
  assert.equal(await assertSameWeightBytes(original, cut, result.nodes), 4);

  // caffe.proto decodes the caffemodel: exactly the two weighted layers, no net-level leftovers.
  const net = protobufType('NetParameter').toObject(protobufType('NetParameter').decode(readFileSync(path.join(result.folder, 'dump.caffemodel')))) as { name?: string; layer: { name: string; blobs: unknown[] }[] };
  assert.deepEqual(net.layer.map((l) => [l.name, l.blobs.length]), [['conv2', 2], ['ip1', 2]]);
  assert.equal(net.name, undefined);

  assert.equal(result.log, readFileSync(path.join(result.folder, 'dump.log'), 'utf8'));
  const log = result.log.split('\n');
  assert.deepEqual(log.slice(0, 2), ['Add Layer Into Prototxt: pool1 (top: pool1, shape: 1,20,12,12, dtype: float32)', `Output Dump Path: ${result.folder}`]);
  assert.deepEqual(log.filter((l) => l.startsWith('Dump Layer: ')).map((l) => l.split(',')[0]), ['Dump Layer: conv2', 'Dump Layer: pool2', 'Dump Layer: ip1']);
  assert.ok(log.includes('Export Layer: conv2, pool2, ip1'));
});

test('the whole LeNet sample cut gives the same layers, the same settings and the same caffemodel layer bytes', async (t) => {
  const dir = tempDir(t, 'npu-cut-');
  const { prototxt, caffemodel } = await writeCaffeSample(dir);
  const original = await openModel(prototxt);
  const result = done(await cutModel(original, ['data'], ['prob'], path.join(dir, 'out'), { at: AT }));
  assert.deepEqual(result.nodes, original.graph.nodes.map((n) => n.id));
  // The Input layer is inside: it declares `data` itself, nothing is added.
  assert.deepEqual(result.added, []);
  const cut = await reopen(result);
  assert.deepEqual(cut.graph.nodes.map((n) => [n.id, n.type, n.attributes, n.inputs, n.outputs]), original.graph.nodes.map((n) => [n.id, n.type, n.attributes, n.inputs, n.outputs]));
  assertSameNodesAndShapes(original.graph, cut, result, []);
  assert.equal(await assertSameWeightBytes(original, cut, result.nodes), 8);
  // The original's records of the weighted layers, in order, byte for byte (a prototxt's layers
  // take only weights from the caffemodel; its net-level name and blob-less layers stay behind).
  const index = await indexCaffemodel(caffemodel);
  const bytes = readFileSync(caffemodel);
  const weighted = index.records.filter((r) => r.layer !== undefined && index.layers[r.layer].blobs.length > 0);
  assert.equal(weighted.length, 4);
  const layerBytes = Buffer.concat(weighted.map((r) => bytes.subarray(r.start, r.end)));
  assert.ok(layerBytes.length < bytes.length);
  assert.ok(readFileSync(path.join(result.folder, 'dump.caffemodel')).equals(layerBytes));
});

test('an in-place layer at the start reads the version that enters; a second export gets a new folder', async (t) => {
  const dir = tempDir(t, 'npu-cut-');
  const { prototxt } = await writeCaffeSample(dir);
  const original = await openModel(prototxt);
  const out = path.join(dir, 'out');
  const first = done(await cutModel(original, ['relu1'], ['prob'], out, { at: AT }));
  assert.deepEqual(first.inputs, [{ name: 'ip1', shape: [1, 64], dtype: 'float32' }]);
  const text = readFileSync(path.join(first.folder, 'dump.prototxt'), 'utf8');
  assert.match(text, /layer \{\n {2}name: "ip1"\n {2}type: "Input"\n {2}top: "ip1"\n {2}input_param \{\n {4}shape \{\n {6}dim: 1\n {6}dim: 64\n/);
  assert.match(text, /name: "relu1"\n {2}type: "ReLU"\n {2}bottom: "ip1"\n {2}top: "ip1"\n/);
  const second = done(await cutModel(original, ['relu1'], ['prob'], out, { at: AT }));
  assert.equal(second.folder, `${first.folder}_1`);
  assert.deepEqual(readdirSync(out).sort(), ['dump_result_2026_12_02_09_05_07', 'dump_result_2026_12_02_09_05_07_1']);
  const cut = await reopen(second);
  assertSelfContained(cut.graph);
  assertSameNodesAndShapes(original.graph, cut, second, ['ip1']);
});

test('a model without weights is cut without them, with a warning; a refused range writes nothing', async (t) => {
  const dir = tempDir(t, 'npu-cut-');
  const { prototxt } = await writeCaffeSample(dir);
  const original = await openModel(prototxt, { noWeights: true });
  const out = path.join(dir, 'out');
  const result = done(await cutModel(original, ['conv1'], ['pool2'], out, { at: AT }));
  assert.deepEqual(result.files, ['dump.prototxt', 'dump.log']);
  assert.deepEqual(result.warnings, ['the model has no weights: the sub-model is written without them']);
  assert.match(readFileSync(path.join(result.folder, 'dump.log'), 'utf8'), /\nWarning: the model has no weights/);
  const refused = await cutModel(original, ['ip2'], ['conv1'], path.join(dir, 'none'), { at: AT });
  assert.ok('refused' in refused && refused.code === 'end-above-start');
  assert.throws(() => readdirSync(path.join(dir, 'none')));
});

test('an export that fails half way (the weights cut short under it) leaves no folder, not even a temporary one', async (t) => {
  const dir = tempDir(t, 'npu-cut-');
  const { prototxt, caffemodel } = await writeCaffeSample(dir);
  const original = await openModel(prototxt);
  truncateSync(caffemodel, 1000);
  const out = path.join(dir, 'out');
  await assert.rejects(cutModel(original, ['conv1'], ['ip2'], out, { at: AT }), /changed since it was opened/);
  assert.deepEqual(readdirSync(out), []);
});

test('a caffemodel opened on its own is cut from its own records', async (t) => {
  const dir = tempDir(t, 'npu-cut-');
  const { caffemodel } = await writeCaffeSample(dir);
  const original = await openModel(caffemodel);
  const result = done(await cutModel(original, ['conv2'], ['ip2'], path.join(dir, 'out'), { at: AT }));
  const cut = await reopen(result);
  assert.deepEqual(cut.graph.nodes.map((n) => n.id), ['pool1', 'conv2', 'pool2', 'ip1', 'relu1', 'ip2']);
  assert.equal(await assertSameWeightBytes(original, cut, result.nodes), 6);
  // Blob-less layers come along too: the records are the layers, as Caffe saved them.
  const index = await indexCaffemodel(path.join(result.folder, 'dump.caffemodel'));
  assert.deepEqual(index.layers.map((l) => l.name), ['conv2', 'pool2', 'ip1', 'relu1', 'ip2']);
});
