// What the viewer asks the host for by node id: details from the graph, and a Paddle op's
// callstack from the program the model keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeById, nodeDetails } from '../../../src/core/graph/nodeDetails';
import { hasOpCallstack, opCallstack } from '../../../src/core/formats/paddle/opCallstack';
import { openModel } from '../../../src/core/openModel';
import { sharedModel, ifFullCorpus } from '../../support/corpus';

ifFullCorpus(test)('a Caffe layer\'s details: attributes, tensors with shapes, weights from the caffemodel', async () => {
  const model = await openModel(sharedModel('caffe', 'cifar10_quick_2014', 'cifar10_quick.prototxt'), {
    weights: sharedModel('caffe', 'cifar10_quick_2014', 'cifar10_quick_iter_5000.caffemodel'),
  });
  const d = nodeDetails(model, 'conv1', (n) => hasOpCallstack(model, n));
  assert.ok(d);
  assert.equal(d.type, 'Convolution');
  assert.equal((d.attributes.convolution_param as { num_output: number }).num_output, 32);
  assert.deepEqual(d.inputs.map((t) => [t.name, t.shape]), [['data', [1, 3, 32, 32]]]);
  assert.deepEqual(d.outputs.map((t) => [t.name, t.shape]), [['conv1', [1, 32, 32, 32]]]);
  assert.deepEqual(d.weights.map((w) => [w.slot, w.shape, w.stored]), [['blobs[0]', [32, 3, 5, 5], true], ['blobs[1]', [1, 1, 1, 32], true]]); // a 2014 V1 file: 4-D legacy blob dims, as stored
  assert.deepEqual(d.origin, { kind: 'layer', index: 0 });
  assert.ok(d.location && d.location.line > 0, 'a prototxt layer has its place');
  assert.equal(d.hasCallstack, false);
  assert.equal(nodeDetails(model, 'no-such-layer', () => false), undefined);
});

ifFullCorpus(test)('a Paddle op keeps the Python lines that made it, read only when asked for', async () => {
  const model = await openModel(sharedModel('paddle', 'simple_model', 'model.pdmodel'));
  const withStack = model.graph.nodes.find((n) => hasOpCallstack(model, n));
  assert.ok(withStack, 'simple_model keeps op_callstack');
  const lines = opCallstack(model, withStack)!;
  assert.ok(lines.length > 0);
  assert.ok(lines.some((l) => /File ".*\.py", line \d+/.test(l)), lines.join('\n'));
  assert.equal(nodeDetails(model, withStack.id, (n) => hasOpCallstack(model, n))?.hasCallstack, true);
  // The attribute is not among the node's attributes (it would weigh down every message).
  assert.equal('op_callstack' in nodeById(model.graph, withStack.id)!.attributes, false);
  const caffe = await openModel(sharedModel('caffe', 'lenet_bvlc', 'lenet.prototxt'));
  assert.equal(opCallstack(caffe, caffe.graph.nodes[0]), undefined);
});
