import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphBuilder } from '../../src/core/graph/graphBuilder';

test('an in-place layer makes a new tensor version, so every edge has one producer', () => {
  const b = new GraphBuilder();
  b.addNode({ id: 'ip1', name: 'ip1', type: 'InnerProduct', inputs: [{ slot: 'bottom[0]', name: 'pool2' }], outputs: [{ slot: 'top[0]', name: 'ip1' }] });
  b.addNode({ id: 'relu1', name: 'relu1', type: 'ReLU', inputs: [{ slot: 'bottom[0]', name: 'ip1' }], outputs: [{ slot: 'top[0]', name: 'ip1' }] });
  b.addNode({ id: 'ip2', name: 'ip2', type: 'InnerProduct', inputs: [{ slot: 'bottom[0]', name: 'ip1' }], outputs: [{ slot: 'top[0]', name: 'ip2' }] });
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
  b.addNode({ id: 'mnist', name: 'mnist', type: 'Data', inputs: [], outputs: [{ slot: 'top[0]', name: 'data' }] });
  b.addNode({ id: 'mnist', name: 'mnist', type: 'Data', inputs: [], outputs: [{ slot: 'top[0]', name: 'data' }] });
  const g = b.build([], []);
  assert.deepEqual(g.nodes.map((n) => n.id), ['mnist', 'mnist#1']);
  assert.deepEqual(Object.keys(g.tensors), ['data', 'data#1']);
});
