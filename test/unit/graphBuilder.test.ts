import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphBuilder, type NodeSpec } from '../../src/core/graph/graphBuilder';

let layerIndex = 0;
const layer = (spec: Omit<NodeSpec, 'origin'>): NodeSpec => ({ ...spec, origin: { kind: 'layer', index: layerIndex++ } });

test('an in-place layer makes a new tensor version, so every edge has one producer', () => {
  const b = new GraphBuilder();
  b.addNode(layer({ id: 'ip1', name: 'ip1', type: 'InnerProduct', inputs: [{ slot: 'bottom[0]', name: 'pool2' }], outputs: [{ slot: 'top[0]', name: 'ip1' }] }));
  b.addNode(layer({ id: 'relu1', name: 'relu1', type: 'ReLU', inputs: [{ slot: 'bottom[0]', name: 'ip1' }], outputs: [{ slot: 'top[0]', name: 'ip1' }] }));
  b.addNode(layer({ id: 'ip2', name: 'ip2', type: 'InnerProduct', inputs: [{ slot: 'bottom[0]', name: 'ip1' }], outputs: [{ slot: 'top[0]', name: 'ip2' }] }));
  const g = b.build(['pool2'], ['ip2']);
  assert.deepEqual(g.nodes.map((n) => [n.inputs[0].tensor, n.outputs[0].tensor]), [
    ['pool2', 'ip1'],
    ['ip1', 'ip1#1'],
    ['ip1#1', 'ip2'],
  ]);
  assert.equal(g.tensors['ip1'].producer, 'ip1');
  assert.deepEqual(g.tensors['ip1'].consumers, ['relu1']);
  assert.equal(g.tensors['ip1#1'].producer, 'relu1');
  assert.equal(g.tensors['ip1#1'].name, 'ip1');
});

test('a repeated node id gets a #k suffix instead of colliding', () => {
  const b = new GraphBuilder();
  b.addNode(layer({ id: 'mnist', name: 'mnist', type: 'Data', inputs: [], outputs: [{ slot: 'top[0]', name: 'data' }] }));
  b.addNode(layer({ id: 'mnist', name: 'mnist', type: 'Data', inputs: [], outputs: [{ slot: 'top[0]', name: 'data' }] }));
  const g = b.build([], []);
  assert.deepEqual(g.nodes.map((n) => n.id), ['mnist', 'mnist#1']);
  assert.deepEqual(Object.keys(g.tensors), ['data', 'data#1']);
});

test('the first write of a name that was only declared (a net input with a shape, read by no one yet) takes that tensor', () => {
  const b = new GraphBuilder();
  // A Caffe net-level `input: "data"` is declared before any layer: the tensor exists, unread, unwritten.
  const declared = b.tensorFor('data');
  declared.shape = [1, 3, 224, 224];
  b.addNode(layer({ id: 'input', name: 'input', type: 'Input', inputs: [], outputs: [{ slot: 'top[0]', name: 'data' }] }));
  b.addNode(layer({ id: 'conv', name: 'conv', type: 'Convolution', inputs: [{ slot: 'bottom[0]', name: 'data' }], outputs: [{ slot: 'top[0]', name: 'conv' }] }));
  const g = b.build(['data'], ['conv']);
  // One tensor `data`, written by the Input layer, keeping its declared shape; no `data#1`.
  assert.deepEqual(Object.keys(g.tensors), ['data', 'conv']);
  assert.equal(g.tensors['data'].producer, 'input');
  assert.deepEqual(g.tensors['data'].shape, [1, 3, 224, 224]);
  assert.deepEqual(g.tensors['data'].consumers, ['conv']);
});

test('a write after a read makes a new version: the reader keeps the value it read', () => {
  const b = new GraphBuilder();
  b.addNode(layer({ id: 'a', name: 'a', type: 'ReLU', inputs: [{ slot: 'bottom[0]', name: 'x' }], outputs: [{ slot: 'top[0]', name: 'y' }] }));
  b.addNode(layer({ id: 'b', name: 'b', type: 'Scale', inputs: [], outputs: [{ slot: 'top[0]', name: 'x' }] }));
  const g = b.build([], []);
  assert.deepEqual(g.nodes.map((n) => n.outputs[0].tensor), ['y', 'x#1']);
  assert.equal(g.tensors['x'].producer, undefined);
  assert.deepEqual(g.tensors['x'].consumers, ['a']);
  assert.equal(g.tensors['x#1'].producer, 'b');
});

test('a name spelled like another name\'s version (`x#1`) stays its own tensor, before and after that version', () => {
  const b = new GraphBuilder();
  b.addNode(layer({ id: 'w', name: 'w', type: 'Input', inputs: [], outputs: [{ slot: 'top[0]', name: 'x' }] }));
  b.addNode(layer({ id: 'r', name: 'r', type: 'ReLU', inputs: [{ slot: 'bottom[0]', name: 'x' }], outputs: [{ slot: 'top[0]', name: 'x' }] }));
  // `x#1` is the id of x's second version; a tensor the file calls `x#1` is not that tensor.
  assert.equal(b.hasTensor('x#1'), false);
  b.addNode(layer({ id: 'u', name: 'u', type: 'ReLU', inputs: [{ slot: 'bottom[0]', name: 'x#1' }], outputs: [{ slot: 'top[0]', name: 'y' }] }));
  b.addNode(layer({ id: 'v', name: 'v', type: 'ReLU', inputs: [{ slot: 'bottom[0]', name: 'x' }, { slot: 'bottom[1]', name: 'x#1' }], outputs: [] }));
  const g = b.build([], []);
  assert.deepEqual(g.nodes.map((n) => n.inputs.map((p) => p.tensor)), [[], ['x'], ["x#1'"], ['x#1', "x#1'"]]);
  assert.equal(g.tensors["x#1'"].name, 'x#1');
  assert.deepEqual(g.tensors["x#1'"].consumers, ['u', 'v']);
  assert.deepEqual(g.tensors['x#1'].consumers, ['v']);
  assert.equal(b.tensorFor('x#1'), g.tensors["x#1'"]);
  assert.equal(b.tensorFor('x'), g.tensors['x#1']);
});

test('tensors named like Object\'s own properties are tensors like any other', () => {
  const b = new GraphBuilder();
  assert.equal(b.hasTensor('constructor'), false);
  assert.equal(b.hasTensor('__proto__'), false);
  b.addNode(layer({ id: 'a', name: 'a', type: 'Input', inputs: [], outputs: [{ slot: 'top[0]', name: '__proto__' }] }));
  b.addNode(layer({ id: 'b', name: 'b', type: 'ReLU', inputs: [{ slot: 'bottom[0]', name: '__proto__' }], outputs: [{ slot: 'top[0]', name: 'constructor' }] }));
  const g = b.build([], []);
  assert.deepEqual(Object.keys(g.tensors), ['__proto__', 'constructor']);
  assert.equal(g.tensors['__proto__'].producer, 'a');
  assert.deepEqual(g.tensors['__proto__'].consumers, ['b']);
});

test('ports given as name and slot lists make the same node as ports given one object each', () => {
  const specs = [
    { id: 'c', name: 'c', type: 'Concat', inputs: [{ slot: 'bottom[0]', name: 'p' }, { slot: 'bottom[1]', name: 'q' }], outputs: [{ slot: 'top[0]', name: 'p' }] },
    { id: 'c', name: 'c', type: 'Split', inputs: [{ slot: 'bottom[0]', name: 'p' }], outputs: [{ slot: 'top[0]', name: 'r' }, { slot: 'top[1]', name: 's' }] },
  ];
  const one = new GraphBuilder();
  const lists = new GraphBuilder();
  const slots = ['s0', 's1', 's2', 's3'];
  specs.forEach((spec, index) => {
    one.addNode({ ...spec, inputs: spec.inputs.map((p, i) => ({ slot: slots[i], name: p.name })), outputs: spec.outputs.map((p, i) => ({ slot: slots[i], name: p.name })), origin: { kind: 'layer', index } });
    lists.addNodeWithNamedPorts({ id: spec.id, name: spec.name, type: spec.type, inputNames: spec.inputs.map((p) => p.name), inputSlots: slots, outputNames: spec.outputs.map((p) => p.name), outputSlots: slots, origin: { kind: 'layer', index } });
  });
  const a = one.build(['p', 'q'], ['r', 's']);
  const b = lists.build(['p', 'q'], ['r', 's']);
  assert.deepEqual(b, a);
  assert.deepEqual(b.nodes.map((n) => n.id), ['c', 'c#1']);
  assert.deepEqual(b.nodes[1].inputs, [{ slot: 's0', tensor: 'p#1' }]);
});
