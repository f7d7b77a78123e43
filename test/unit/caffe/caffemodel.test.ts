// The caffemodel index and writer: blobs found without reading their data, read back on demand,
// and written out again byte for byte (whole, or a subset of layers for the sub-model cut).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fsp, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { indexCaffemodel } from '../../../src/core/formats/caffe/caffemodelIndex';
import { ReaderCaches } from '../../../src/core/formats/readerCaches';
import { CaffemodelWeights } from '../../../src/core/formats/caffe/caffemodelWeights';
import { writeCaffemodel } from '../../../src/core/formats/caffe/caffemodelWriter';
import { openCaffeModel } from '../../../src/core/formats/caffe/openCaffe';
import { nodeFileAccess } from '../../../src/core/io/nodeFileAccess';
import { ifSharedTools, sharedTools } from '../../support/paths';
import { corpus, sharedModel, ifFullCorpus } from '../../support/corpus';
import { countingFileAccess } from '../../support/countingFileAccess';
import { bytesField, floats32, floats64, stringField, unpackedFloats, varintField } from './wireBuilder';
import { manyLayersCaffemodel } from '../../support/hostileModels';

const samples = [
  'lenet_v1_2014/lenet_iter_10000.caffemodel',
  'cifar10_quick_2014/cifar10_quick_iter_5000.caffemodel',
  'lenet_mnist_deploy/lenet_iter_10000.caffemodel',
  'mtcnn/det1.caffemodel',
  'mtcnn/det2.caffemodel',
  'mtcnn/det3.caffemodel',
  'ultraface_rfb320/RFB-320.caffemodel',
];

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-caffe-'));
  t.after(() => fsp.rm(dir, { recursive: true, force: true }));
  return dir;
}

function generateNet(dir: string, blocks: number, width: number): { prototxt: string; caffemodel: string } {
  const prototxt = path.join(dir, 'synth.prototxt');
  const caffemodel = path.join(dir, 'synth.caffemodel');
  execFileSync(process.execPath, [path.join(sharedTools, 'gen-caffe-net.mjs'), '--blocks', String(blocks), '--width', String(width), '--out', prototxt, '--weights', caffemodel], { stdio: 'pipe' });
  return { prototxt, caffemodel };
}

// Four of the seven are in the full corpus only.
const present = samples.filter((sample) => corpus.has('caffe', sample));

for (const sample of present) {
  test(`${sample}: written back from its index, byte-identical`, async (t) => {
    const dir = await tempDir(t);
    const source = corpus.path('caffe', sample);
    const index = await indexCaffemodel(source);
    const target = path.join(dir, 'copy.caffemodel');
    await writeCaffemodel(index, target);
    assert.ok(Buffer.compare(readFileSync(source), readFileSync(target)) === 0, 'output differs from the input');
  });
}

test('every sample blob reads back as exactly the bytes at its recorded offset', async () => {
  for (const sample of present) {
    const file = corpus.path('caffe', sample);
    const raw = readFileSync(file);
    const store = new CaffemodelWeights(await indexCaffemodel(file));
    for (const entry of store.entries) {
      const bytes = await store.read(entry.key);
      assert.equal(bytes.length, entry.shape.reduce((a, b) => a * b, 1) * 4, `${sample} ${entry.key} size`);
      assert.ok(Buffer.compare(Buffer.from(bytes), raw.subarray(entry.offset, entry.offset + entry.byteLength)) === 0, `${sample} ${entry.key}`);
    }
  }
});

ifSharedTools(test)('a synthetic net: blob shapes follow the layer settings, and the file is rewritten byte-identical', async (t) => {
  const dir = await tempDir(t);
  const { prototxt, caffemodel } = generateNet(dir, 4, 16);
  const index = await indexCaffemodel(caffemodel);
  const conv1 = index.layers.find((l) => l.name === 'conv1')!;
  // conv1 is 7x7 over the 3-channel input with `width` outputs and no bias.
  assert.deepEqual(conv1.blobs.map((b) => b.shape), [[16, 3, 7, 7]]);
  const fc = index.layers.find((l) => l.name === 'fc1000')!;
  assert.equal(fc.blobs[1].shape.join(), '1000');
  await writeCaffemodel(index, path.join(dir, 'copy.caffemodel'));
  assert.ok(Buffer.compare(readFileSync(caffemodel), readFileSync(path.join(dir, 'copy.caffemodel'))) === 0);

  // The prototxt beside it finds these weights by name, and their shapes agree with the net.
  const model = await openCaffeModel(prototxt, {});
  assert.equal(model.weights?.files[0], caffemodel);
  assert.deepEqual(model.params, index.layers.filter((l) => l.blobs.length > 0).map((l) => l.name));
  assert.deepEqual(model.warnings, []);
  const node = model.graph.nodes.find((n) => n.id === 'conv1')!;
  assert.deepEqual(node.weights.map((w) => [w.name, w.key, w.shape, w.dtype]), [['conv1/blobs[0]', 'conv1/blobs[0]', [16, 3, 7, 7], 'float32']]);
  const bytes = await model.weights!.read('conv1/blobs[0]');
  assert.equal(bytes.length, 16 * 3 * 7 * 7 * 4);
});

ifSharedTools(test)('a subset of layers is written with their blobs copied unchanged', async (t) => {
  const dir = await tempDir(t);
  const { caffemodel } = generateNet(dir, 2, 16);
  const index = await indexCaffemodel(caffemodel);
  const keep = new Set(['conv1', 'bn_conv1', 'fc1000']);
  const target = path.join(dir, 'cut.caffemodel');
  await writeCaffemodel(index, target, { keepLayer: (l) => keep.has(l.name) });
  const cut = await indexCaffemodel(target);
  assert.deepEqual(cut.layers.map((l) => l.name), ['conv1', 'bn_conv1', 'fc1000']);
  assert.equal(cut.net.name, index.net.name);
  const before = new CaffemodelWeights(index);
  const after = new CaffemodelWeights(cut);
  for (const entry of after.entries) {
    assert.deepEqual(entry.shape, before.get(entry.key)!.shape);
    assert.ok(Buffer.compare(Buffer.from(await after.read(entry.key)), Buffer.from(await before.read(entry.key))) === 0, entry.key);
  }
  assert.equal(after.entries.length, 1 + 3 + 2);
});

test('old layouts: unpacked floats, double_data, legacy num/channels/height/width, repeated names', async (t) => {
  const dir = await tempDir(t);
  const legacyBlob = [...varintField(1, 1), ...varintField(2, 1), ...varintField(3, 2), ...varintField(4, 3), ...unpackedFloats([1, 2, 3, 4, 5, 6])];
  const doubleBlob = [...bytesField(7, bytesField(1, [2])), ...bytesField(8, floats64([0.5, -0.25]))];
  const packedBlob = [...bytesField(7, bytesField(1, [3])), ...bytesField(5, floats32([7, 8, 9]))];
  // V1 layer: name = 4, type = 5 (enum), blobs = 6.
  const v1 = [...stringField(4, 'ip'), ...varintField(5, 14), ...stringField(2, 'data'), ...stringField(3, 'ip'), ...bytesField(6, legacyBlob)];
  // V2 layers: name = 1, type = 2, blobs = 7; the same name twice.
  const v2a = [...stringField(1, 'scale'), ...stringField(2, 'Scale'), ...bytesField(7, doubleBlob)];
  const v2b = [...stringField(1, 'scale'), ...stringField(2, 'Scale'), ...bytesField(7, packedBlob)];
  const file = path.join(dir, 'old.caffemodel');
  await fsp.writeFile(file, Uint8Array.from([...stringField(1, 'Old'), ...bytesField(2, v1), ...bytesField(100, v2a), ...bytesField(100, v2b)]));

  const index = await indexCaffemodel(file);
  assert.deepEqual(index.layers.map((l) => [l.key, l.type, l.version]), [['ip', 'InnerProduct', 1], ['scale', 'Scale', 2], ['scale#1', 'Scale', 2]]);
  const store = new CaffemodelWeights(index);
  assert.deepEqual(store.entries.map((e) => [e.key, e.shape, e.dtype]), [
    ['ip/blobs[0]', [1, 1, 2, 3], 'float32'],
    ['scale/blobs[0]', [2], 'float64'],
    ['scale#1/blobs[0]', [3], 'float32'],
  ]);
  const values = async (key: string) => {
    const b = Buffer.from(await store.read(key));
    const size = store.get(key)!.dtype === 'float64' ? 8 : 4;
    return Array.from({ length: b.length / size }, (_, i) => (size === 8 ? b.readDoubleLE(i * 8) : b.readFloatLE(i * 4)));
  };
  assert.deepEqual(await values('ip/blobs[0]'), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(await values('scale/blobs[0]'), [0.5, -0.25]);
  assert.deepEqual(await values('scale#1/blobs[0]'), [7, 8, 9]);
  await writeCaffemodel(index, path.join(dir, 'copy.caffemodel'));
  assert.ok(Buffer.compare(readFileSync(file), readFileSync(path.join(dir, 'copy.caffemodel'))) === 0);

  const model = await openCaffeModel(file, {});
  assert.deepEqual(model.graph.nodes.map((n) => n.id), ['ip', 'scale', 'scale#1']);
  assert.deepEqual(model.graph.nodes.map((n) => n.weights.map((w) => w.key)), [['ip/blobs[0]'], ['scale/blobs[0]'], ['scale#1/blobs[0]']]);
  assert.deepEqual(model.params, ['ip', 'scale']);
});

ifSharedTools(test)('a prototxt with weights that do not fit: warnings, not failures', async (t) => {
  const dir = await tempDir(t);
  const { prototxt, caffemodel } = generateNet(dir, 1, 16);
  const text = readFileSync(prototxt, 'utf8').replace('name: "fc1000"', 'name: "fc_renamed"').replace('num_output: 16\n', 'num_output: 17\n');
  const changed = path.join(dir, 'changed.prototxt');
  await fsp.writeFile(changed, text);
  const model = await openCaffeModel(changed, { weights: caffemodel });
  const codes = model.warnings.map((w) => `${w.code} ${w.message}`);
  assert.ok(codes.some((c) => c.startsWith('caffe.weights-unused') && c.includes("'fc1000'")), codes.join('\n'));
  assert.ok(codes.some((c) => c.startsWith('caffe.weight-shape') && c.includes("'conv1'")), codes.join('\n'));
  assert.ok(!model.params.includes('fc_renamed'));
});

ifFullCorpus(test)('mtcnn det1.prototxt finds det1.caffemodel beside it and attaches blobs by layer name', async () => {
  const model = await openCaffeModel(sharedModel('caffe', 'mtcnn', 'det1.prototxt'), {});
  assert.equal(model.weights?.files[0], sharedModel('caffe', 'mtcnn', 'det1.caffemodel'));
  assert.deepEqual(model.params, ['conv1', 'PReLU1', 'conv2', 'PReLU2', 'conv3', 'PReLU3', 'conv4-1', 'conv4-2']);
  const conv41 = model.graph.nodes.find((n) => n.id === 'conv4-1')!;
  assert.deepEqual(conv41.weights.map((w) => w.shape), [[2, 32, 1, 1], [2]]);
  assert.deepEqual(model.warnings, []);
  const none = await openCaffeModel(sharedModel('caffe', 'mtcnn', 'det1.prototxt'), { noWeights: true });
  assert.equal(none.weights, undefined);
  assert.deepEqual(none.params, []);
});

ifSharedTools(test)('indexing reads the headers, not the weights: a small fraction of the file', async (t) => {
  const dir = await tempDir(t);
  const { caffemodel } = generateNet(dir, 4, 128);
  const size = (await fsp.stat(caffemodel)).size;
  const counting = countingFileAccess();
  const index = await indexCaffemodel(caffemodel, counting.fs);
  assert.equal(index.layers.length, 64);
  // One 64 KiB window per layer at most, against megabytes of weights.
  const bytesRead = counting.bytesRead();
  assert.ok(bytesRead < size / 4, `read ${bytesRead} of ${size} bytes`);
  assert.ok(bytesRead <= 64 * 65536, `read ${bytesRead} bytes`);
});

ifFullCorpus(test)('an unchanged caffemodel is indexed once across reads; a rewritten one again', async () => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-index-cache-'));
  try {
    const file = path.join(dir, 'det1.caffemodel');
    await fsp.copyFile(sharedModel('caffe', 'mtcnn', 'det1.caffemodel'), file);
    const caches = new ReaderCaches();
    const first = await caches.caffemodelIndex(nodeFileAccess, file);
    assert.equal(await caches.caffemodelIndex(nodeFileAccess, file), first);
    // Another model under the same name: a new size and time, so a new index.
    await fsp.copyFile(sharedModel('caffe', 'mtcnn', 'det2.caffemodel'), file);
    await fsp.utimes(file, new Date(), new Date(Date.now() + 5000));
    const second = await caches.caffemodelIndex(nodeFileAccess, file);
    assert.notEqual(second, first);
    assert.equal(second.layers.length, 22);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
});

test('the weight store finds a blob by key before its entry list is ever asked for, and lists every blob in file order', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'blobs.caffemodel');
  manyLayersCaffemodel(file, 3, 'with-blob');
  const store = new CaffemodelWeights(await indexCaffemodel(file));
  // The lookup tables are made on first use, whichever use comes first.
  assert.deepEqual(store.get('l1/blobs[0]')?.shape, [4]);
  assert.equal(store.get('l9/blobs[0]'), undefined);
  assert.deepEqual(store.entries.map((e) => e.key), ['l0/blobs[0]', 'l1/blobs[0]', 'l2/blobs[0]']);
  assert.equal(store.entries[1], store.get('l1/blobs[0]'));
  assert.deepEqual([...new Float32Array((await store.read('l2/blobs[0]')).slice().buffer)], [1, 2, 3, 4]);
  await assert.rejects(store.read('nothing/blobs[0]'), /no weight nothing\/blobs\[0\]/);
});
