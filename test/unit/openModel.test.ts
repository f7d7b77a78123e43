// openModel as the one door: a folder opens the model a format finds in it (Paddle or Caffe), a
// folder of weights without a program is explained, and a failure inside a reader is an
// InternalError, never blamed on the user's file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { InternalError, ModelFormatError } from '../../src/core/errors';
import type { FileAccess } from '../../src/core/io/fileAccess';
import { nodeFileAccess } from '../../src/core/io/nodeFileAccess';
import { modelFormats } from '../../src/core/formats';
import { openModel } from '../../src/core/openModel';
import { sharedModel, ifFullCorpus } from '../support/corpus';
import { tempDir } from '../support/tempDir';


test('the registry lists Paddle, Paddle 3 PIR, Caffe and the folder-only Paddle checkpoint, asked in that order', () => {
  assert.deepEqual(modelFormats.map((f) => f.id), ['paddle', 'paddle-pir', 'caffe', 'paddle-persistables']);
});

ifFullCorpus(test)('a Caffe folder opens its net prototxt with the folder\'s caffemodel as weights', async () => {
  const folder = path.dirname(sharedModel('caffe', 'cifar10_quick_2014', 'cifar10_quick.prototxt'));
  const model = await openModel(folder);
  assert.equal(model.framework, 'caffe');
  assert.equal(model.format, 'prototxt');
  assert.equal(model.file, path.join(folder, 'cifar10_quick.prototxt'));
  assert.deepEqual(model.weights?.files, [path.join(folder, 'cifar10_quick_iter_5000.caffemodel')]);
  assert.ok(model.params.length > 0);
});

ifFullCorpus(test)('a folder of several Caffe nets opens one, pairs it by name, and names the others', async () => {
  const folder = path.dirname(sharedModel('caffe', 'mtcnn', 'det1.prototxt'));
  const model = await openModel(folder);
  assert.equal(model.file, path.join(folder, 'det1.prototxt'));
  assert.deepEqual(model.weights?.files, [path.join(folder, 'det1.caffemodel')]);
  const note = model.warnings.find((w) => w.code === 'folder.several-models');
  assert.ok(note, 'a warning names the other models');
  assert.match(note.message, /det2\.prototxt/);
});

ifFullCorpus(test)('a Paddle folder of one file per variable without its program is explained as a checkpoint', async (t) => {
  const dir = tempDir(t, 'npu-open-');
  for (const name of ['fc_0.b_0', 'fc_0.w_0']) copyFileSync(sharedModel('paddle', 'uci_housing_fit_a_line', name), path.join(dir, name));
  const checkpoint = await openModel(dir);
  assert.equal(checkpoint.format, 'persistables');
  assert.ok(checkpoint.warnings.some((w) => /one file per variable/.test(w.message) && /save_inference_model/.test(w.message)));
  writeFileSync(path.join(dir, 'notes.txt'), 'not a tensor');
  await assert.rejects(openModel(dir), (e: unknown) => e instanceof ModelFormatError && /the folder holds no model/.test(e.message));
});

test('an empty prototxt opens as an empty net with a "no layers" warning', async (t) => {
  const file = path.join(tempDir(t, 'npu-open-'), 'empty.prototxt');
  writeFileSync(file, '# nothing yet\n');
  const model = await openModel(file);
  assert.equal(model.graph.nodes.length, 0);
  assert.deepEqual(model.warnings.map((w) => w.code), ['caffe.no-layers']);
});

ifFullCorpus(test)('every node keeps its origin in the source the model keeps', async () => {
  const caffe = await openModel(sharedModel('caffe', 'lenet_bvlc', 'lenet.prototxt'));
  assert.equal(caffe.source.format, 'caffe');
  if (caffe.source.format !== 'caffe') return;
  const layers = caffe.source.layers;
  for (const node of caffe.graph.nodes) {
    assert.equal(node.origin.kind, 'layer');
    if (node.origin.kind === 'layer') assert.equal(layers[node.origin.index].name, node.name);
  }
  const paddle = await openModel(sharedModel('paddle', 'simple_model', 'model.pdmodel'));
  assert.equal(paddle.source.format, 'paddle');
  if (paddle.source.format !== 'paddle') return;
  const program = paddle.source.program;
  for (const node of paddle.graph.nodes) {
    assert.equal(node.origin.kind, 'op');
    if (node.origin.kind === 'op') assert.equal(program.blocks![node.origin.block].ops![node.origin.index].type, node.type);
  }
  assert.ok(paddle.source.params, 'the params index is kept');
});

ifFullCorpus(test)('a failure inside a reader is an InternalError naming the file, not bad input', async () => {
  const file = sharedModel('caffe', 'cifar10_quick_2014', 'cifar10_quick_iter_5000.caffemodel');
  // A file system implementation with a bug: its reads throw a TypeError.
  const broken: FileAccess = {
    stat: (p) => nodeFileAccess.stat(p),
    list: (p) => nodeFileAccess.list(p),
    readText: (p, m) => nodeFileAccess.readText(p, m),
    readBytes: (p, m) => nodeFileAccess.readBytes(p, m),
    open: async (p) => ({ path: p, size: 100, read: async () => { throw new TypeError('bytes is not iterable'); }, close: async () => undefined }),
  };
  await assert.rejects(openModel(file, { fs: broken }), (e: unknown) => {
    assert.ok(e instanceof InternalError, String(e));
    assert.ok(!(e instanceof ModelFormatError));
    assert.equal(e.message, `${file}: reading the model failed inside the reader: bytes is not iterable`);
    assert.ok(e.cause instanceof TypeError);
    return true;
  });
});
