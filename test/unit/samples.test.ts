// The sample models `npm start` shows are written by our own writers; reading them back with
// our readers must give exactly what was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openModel } from '../../src/core/openModel';
import { modelInfo } from '../../src/core/modelInfo';
import { writePaddleSample } from '../../src/core/samples/paddleSample';
import { CAFFE_SAMPLE_NAME, writeCaffeSample } from '../../src/core/samples/caffeSample';
import { float32Bytes } from '../../src/core/samples/sampleData';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-samples-'));
  t.after(() => fsp.rm(dir, { recursive: true, force: true }));
  return dir;
}

test('the Paddle sample reads back as the program and weights that were written', async (t) => {
  const dir = await tempDir(t);
  const { model: file } = await writePaddleSample(dir);
  const model = await openModel(file);
  const info = modelInfo(model);
  assert.equal(info.framework, 'paddle');
  assert.equal(info.format, 'pdmodel');
  assert.equal(info.nodeCount, 10);
  assert.deepEqual(info.inputs, [{ name: 'x', shape: [-1, 3, 32, 32], dtype: 'float32' }]);
  assert.deepEqual(info.outputs, [{ name: 'softmax_0.tmp_0', shape: [-1, 10], dtype: 'float32' }]);
  assert.deepEqual(info.params, ['bn1_mean', 'bn1_offset', 'bn1_scale', 'bn1_variance', 'conv1_weights', 'fc_bias', 'fc_weights']);
  assert.deepEqual(info.warnings, []);
  const conv = model.graph.nodes.find((n) => n.type === 'conv2d');
  assert.deepEqual(conv?.weights.map((w) => [w.slot, w.name, w.shape, w.key]), [['Filter', 'conv1_weights', [8, 3, 3, 3], 'conv1_weights']]);
  assert.deepEqual(await model.weights!.read('conv1_weights'), float32Bytes(8 * 27, 1));
  assert.deepEqual(await model.weights!.read('fc_bias'), float32Bytes(10, 7));
});

test('the Caffe sample: its prototxt finds its caffemodel, shapes follow, weights read back', async (t) => {
  const dir = await tempDir(t);
  const { prototxt, caffemodel } = await writeCaffeSample(dir);
  const model = await openModel(prototxt);
  const info = modelInfo(model);
  assert.equal(info.name, CAFFE_SAMPLE_NAME);
  assert.equal(info.format, 'prototxt');
  assert.equal(info.nodeCount, 9);
  assert.deepEqual(info.inputs, [{ name: 'data', shape: [1, 1, 28, 28], dtype: 'float32' }]);
  assert.deepEqual(info.outputs, [{ name: 'prob', shape: [1, 10], dtype: 'float32' }]);
  assert.deepEqual(info.params, ['conv1', 'conv2', 'ip1', 'ip2']);
  assert.deepEqual(info.warnings, []);
  const shapeOf = (id: string) => model.graph.tensors[id]?.shape;
  assert.deepEqual(shapeOf('conv1'), [1, 20, 24, 24]);
  assert.deepEqual(shapeOf('pool2'), [1, 50, 4, 4]);
  assert.deepEqual(shapeOf('ip1#1'), [1, 64]);
  const ip1 = model.graph.nodes.find((n) => n.id === 'ip1');
  assert.deepEqual(ip1?.weights.map((w) => [w.name, w.shape]), [['ip1/blobs[0]', [64, 800]], ['ip1/blobs[1]', [64]]]);
  const key = ip1!.weights[0].key!;
  assert.deepEqual(await model.weights!.read(key), float32Bytes(64 * 800, 15));

  const binary = modelInfo(await openModel(caffemodel));
  assert.equal(binary.format, 'caffemodel');
  assert.deepEqual(binary.nodes.map((n) => n.id), info.nodes.map((n) => n.id));
});
