// openCaffe: recognising Caffe files, and the graph it builds (ids, ports, in-place versions,
// attributes, locations, net-level inputs, solvers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fsp, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openCaffeModel, sniffCaffe } from '../../../src/core/formats/caffe/openCaffe';
import { openModel } from '../../../src/core/openModel';
import { ModelFormatError } from '../../../src/core/errors';
import { sharedModel, ifFullCorpus } from '../../support/corpus';

const head = (file: string) => new Uint8Array(readFileSync(file).subarray(0, 4096));

ifFullCorpus(test)('sniffCaffe: by name, and by content when the name says nothing', () => {
  const none = new Uint8Array(0);
  assert.equal(sniffCaffe('x/deploy.prototxt', none), true);
  assert.equal(sniffCaffe('x/net.PBTXT', none), true);
  assert.equal(sniffCaffe('x/w.caffemodel', none), true);
  assert.equal(sniffCaffe('x/model.bin', head(sharedModel('caffe', 'mtcnn', 'det1.caffemodel'))), true);
  assert.equal(sniffCaffe('x/model.bin', head(sharedModel('caffe', 'cifar10_quick_2014', 'cifar10_quick_iter_5000.caffemodel'))), true);
  assert.equal(sniffCaffe('x/net.txt', head(sharedModel('caffe', 'resnet50_101', 'ResNet-50-deploy.prototxt'))), true);
  assert.equal(sniffCaffe('x/solver.txt', head(sharedModel('caffe', 'lenet_bvlc', 'lenet_solver.prototxt'))), true);
  assert.equal(sniffCaffe('x/readme.txt', new TextEncoder().encode('Hello, this is not a net.\n')), false);
  assert.equal(sniffCaffe('x/data.bin', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])), false);
  assert.equal(sniffCaffe('x/model.pdmodel', Uint8Array.from([0xde, 0xde, 0xde])), false);
});

ifFullCorpus(test)('a content-sniffed file opens by what it holds, not by its name', async (t) => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-caffe-open-'));
  t.after(() => fsp.rm(dir, { recursive: true, force: true }));
  const binary = path.join(dir, 'weights.bin');
  await fsp.copyFile(sharedModel('caffe', 'mtcnn', 'det1.caffemodel'), binary);
  assert.equal((await openCaffeModel(binary, {})).format, 'caffemodel');
  const text = path.join(dir, 'net.txt');
  await fsp.copyFile(sharedModel('caffe', 'mtcnn', 'det1.prototxt'), text);
  assert.equal((await openCaffeModel(text, {})).format, 'prototxt');
});

ifFullCorpus(test)('graph: layer ids, bottom/top ports, in-place versions, attributes and source ranges', async () => {
  const model = await openCaffeModel(sharedModel('caffe', 'lenet_bvlc', 'lenet.prototxt'), {});
  const { graph } = model;
  assert.equal(model.framework, 'caffe');
  assert.equal(model.name, 'LeNet');
  const ip1 = graph.nodes.find((n) => n.id === 'ip1')!;
  const relu = graph.nodes.find((n) => n.id === 'relu1')!;
  const ip2 = graph.nodes.find((n) => n.id === 'ip2')!;
  // relu1 works in place: it reads ip1's output and writes a new version that ip2 reads.
  assert.deepEqual(relu.inputs, [{ slot: 'bottom[0]', tensor: 'ip1' }]);
  assert.deepEqual(relu.outputs, [{ slot: 'top[0]', tensor: 'ip1#1' }]);
  assert.deepEqual(ip2.inputs, [{ slot: 'bottom[0]', tensor: 'ip1#1' }]);
  assert.deepEqual(ip1.attributes.inner_product_param, { num_output: 500, weight_filler: { type: 'xavier' }, bias_filler: { type: 'constant' } });
  assert.deepEqual(Object.keys(ip1.attributes).sort(), ['inner_product_param', 'param']);
  const text = readFileSync(sharedModel('caffe', 'lenet_bvlc', 'lenet.prototxt'), 'utf8').split('\n');
  const loc = ip1.location!;
  assert.equal(text[loc.line - 1].slice(loc.column - 1), 'layer {');
  assert.equal(text[loc.endLine - 1].slice(0, loc.endColumn - 1), '}');
  assert.ok(text.slice(loc.line - 1, loc.endLine).join('\n').includes('name: "ip1"'));
  assert.deepEqual(graph.inputs, ['data']);
  assert.deepEqual(graph.outputs, ['prob']);
  assert.equal(graph.tensors.prob.producer, 'prob');
  assert.deepEqual(graph.tensors.prob.shape, [64, 10]);
  assert.equal(graph.tensors.prob.dtype, 'float32');
  // Plain data: survives JSON, which is how the webview receives it. Nodes declare their optional
  // fields as undefined (one object layout), which JSON leaves out; nothing else may be lost.
  const json = JSON.stringify(graph);
  assert.equal(JSON.stringify(JSON.parse(json)), json);
  const definedFields = (node: object) => Object.fromEntries(Object.entries(node).filter(([, v]) => v !== undefined));
  assert.deepEqual(JSON.parse(json).nodes, graph.nodes.map(definedFields));
});

ifFullCorpus(test)('net-level input/input_dim become graph inputs with no producer', async () => {
  const model = await openCaffeModel(sharedModel('caffe', 'vgg16_v1format', 'vgg16.prototxt'), {});
  assert.deepEqual(model.inputs, [{ name: 'data', shape: [10, 3, 224, 224], dtype: 'float32' }]);
  assert.equal(model.graph.tensors.data.producer, undefined);
  assert.deepEqual(model.graph.tensors.data.consumers, ['conv1_1']);
  assert.equal(model.graph.nodes[0].type, 'Convolution', 'V1 CONVOLUTION reads as Convolution');
});

ifFullCorpus(test)('TRAIN and TEST copies of a layer are both nodes, with unique ids', async () => {
  const model = await openCaffeModel(sharedModel('caffe', 'lenet_bvlc', 'lenet_train_test.prototxt'), {});
  assert.deepEqual(model.graph.nodes.slice(0, 2).map((n) => [n.id, n.name]), [['mnist', 'mnist'], ['mnist#1', 'mnist']]);
  assert.deepEqual(model.graph.nodes[0].attributes.include, [{ phase: 'TRAIN' }]);
  assert.deepEqual(model.inputs.map((i) => i.name), ['data', 'label']);
});

ifFullCorpus(test)('a solver with an embedded net opens as that net; one naming a missing net warns', async (t) => {
  const embedded = await openCaffeModel(sharedModel('caffe', 'lenet_v1_2014', 'lenet_consolidated_solver.prototxt'), {});
  assert.equal(embedded.format, 'solver');
  assert.equal(embedded.name, 'LeNet');
  assert.equal(embedded.graph.nodes.length, 12);
  assert.ok(embedded.graph.nodes.every((n) => n.location && n.location.line > 1), 'embedded layers have their places in the solver file');
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-caffe-solver-'));
  t.after(() => fsp.rm(dir, { recursive: true, force: true }));
  const lonely = path.join(dir, 'solver.prototxt');
  await fsp.writeFile(lonely, 'net: "models/nowhere/train_val.prototxt"\nbase_lr: 0.01\nlr_policy: "step"\n');
  const model = await openCaffeModel(lonely, {});
  assert.equal(model.format, 'solver');
  assert.equal(model.graph.nodes.length, 0);
  assert.deepEqual(model.warnings.map((w) => w.code), ['caffe.solver-net-missing']);
});

test('a prototxt with a syntax error fails with file:line:column', async (t) => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-caffe-err-'));
  t.after(() => fsp.rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'bad.prototxt');
  await fsp.writeFile(file, 'name: "x"\nlayer {\n  name: "a"\n  type: "ReLU"\n  bottom: "x"\n  top: "x"\n');
  await assert.rejects(openCaffeModel(file, {}), (e: Error) => {
    assert.equal(e.message, `${file}:2:7: '{' is never closed`);
    return true;
  });
});

ifFullCorpus(test)('a weights file that is not there is named in the error', async () => {
  const prototxt = sharedModel('caffe', 'lenet_bvlc', 'lenet.prototxt');
  const missing = path.join(os.tmpdir(), 'no-such-weights.caffemodel');
  await assert.rejects(openCaffeModel(prototxt, { weights: missing }), (e: Error) => {
    assert.equal(e.message, `${missing}: cannot read the weights for lenet.prototxt (ENOENT)`);
    return true;
  });
});

ifFullCorpus(test)('unsaved prototxt text is read as it stands, with the weights still found beside the file', async () => {
  const file = sharedModel('caffe', 'mtcnn', 'det1.prototxt');
  const saved = await openModel(file);
  const edited = readFileSync(file, 'utf8').replace(/^name: "PNet"/m, 'name: "PNetEdited"');
  assert.notEqual(edited, readFileSync(file, 'utf8'), 'the edit applies');
  const unsaved = await openModel(file, { text: edited });
  assert.equal(unsaved.name, 'PNetEdited');
  assert.deepEqual(unsaved.params, saved.params);
  assert.ok(unsaved.params.length > 0);
  await assert.rejects(openModel(file, { text: 'layer {\n' }), (e: unknown) => e instanceof ModelFormatError && e.message.startsWith(`${file}:1:7: `));
});
