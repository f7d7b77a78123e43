// The compact graph the webview and the worker get carries exactly the graph's nodes, tensors,
// shapes and edges, with each string stored once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompactGraphReader, compactGraphBuffers, toCompactGraph } from '../../../src/core/graph/compactGraph';
import { longestPathLayers } from '../../../src/core/layout/layering';
import { openModel } from '../../../src/core/openModel';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { sharedModel, ifFullCorpus } from '../../support/corpus';
import { tempDir } from '../../support/tempDir';

ifFullCorpus(test)('GoogLeNet round-trips through the compact graph: ids, types, ports, shapes, edges', async () => {
  const { graph } = await openModel(sharedModel('caffe', 'bvlc_googlenet', 'deploy.prototxt'));
  const compact = toCompactGraph(graph);
  const r = new CompactGraphReader(compact);
  assert.equal(compact.nodeCount, graph.nodes.length);
  graph.nodes.forEach((node, i) => {
    assert.equal(r.nodeId(i), node.id);
    assert.equal(r.nodeType(i), node.type);
    assert.deepEqual(Array.from(r.nodeInputs(i), (t) => r.string(compact.tensorId[t])), node.inputs.map((p) => p.tensor));
    assert.deepEqual(Array.from(r.nodeOutputs(i), (t) => r.string(compact.tensorId[t])), node.outputs.map((p) => p.tensor));
  });
  const ids = Object.keys(graph.tensors);
  ids.forEach((id, t) => {
    assert.deepEqual(r.tensorShape(t), graph.tensors[id].shape);
    assert.equal(r.tensorDtype(t), graph.tensors[id].dtype);
  });
  // One edge per producer → consumer of a tensor.
  const expectedEdges = ids.reduce((n, id) => n + (graph.tensors[id].producer ? new Set(graph.tensors[id].consumers).size : 0), 0);
  assert.equal(compact.edgeCount, expectedEdges);
  for (let e = 0; e < compact.edgeCount; e++) {
    const tensor = graph.tensors[ids[compact.edgeTensor[e]]];
    assert.equal(r.nodeId(compact.edgeFrom[e]), tensor.producer);
    assert.ok(tensor.consumers.includes(r.nodeId(compact.edgeTo[e])));
  }
  assert.deepEqual(Array.from(compact.inputs, (t) => ids[t]), graph.inputs);
  // Strings are interned: far fewer than one per name written.
  assert.ok(compact.stringStarts.length - 1 < graph.nodes.length * 3);
  assert.equal(r.nodeIndex('inception_3a/output'), graph.nodes.findIndex((n) => n.id === 'inception_3a/output'));
  // Every typed array owns its buffer, so it can be moved to a worker alone.
  assert.equal(new Set(compactGraphBuffers(compact)).size, compactGraphBuffers(compact).length);
});

ifFullCorpus(test)('Paddle sub-blocks become groups with their parents', async () => {
  const { graph } = await openModel(sharedModel('paddle', 'lac_graph_only', '__model__'));
  const compact = toCompactGraph(graph);
  const r = new CompactGraphReader(compact);
  graph.nodes.forEach((node, i) => {
    const g = compact.nodeGroup[i];
    assert.equal(g < 0 ? '' : r.string(compact.groupPath[g]), (node.group ?? []).join('/'));
  });
});

ifFullCorpus(test)('longest-path layering puts every consumer below its producers, iteratively', async () => {
  const { graph } = await openModel(sharedModel('caffe', 'resnet50_101', 'ResNet-101-deploy.prototxt'));
  const compact = toCompactGraph(graph);
  const { layer, layerCount } = longestPathLayers(compact);
  for (let e = 0; e < compact.edgeCount; e++) assert.ok(layer[compact.edgeTo[e]] > layer[compact.edgeFrom[e]]);
  assert.equal(layerCount, Math.max(...layer) + 1);
  // A chain of 100,000 nodes: no recursion to overflow.
  const n = 100_000;
  const chain = { nodeCount: n, edgeCount: n - 1, edgeFrom: Uint32Array.from({ length: n - 1 }, (_, i) => i), edgeTo: Uint32Array.from({ length: n - 1 }, (_, i) => i + 1) };
  assert.equal(longestPathLayers(chain).layerCount, n);
  // A cycle (a damaged file) still places every node.
  const cycle = longestPathLayers({ nodeCount: 3, edgeCount: 3, edgeFrom: Uint32Array.of(0, 1, 2), edgeTo: Uint32Array.of(1, 2, 1) });
  assert.deepEqual(Array.from(cycle.layer).sort(), [0, 1, 2]);
});

test('names in any script, emoji and a lone surrogate decode back exactly', async (t) => {
  const file = path.join(tempDir(t, 'npu-compact-'), 'names.prototxt');
  const names = ['卷积_1', 'relu/激活', 'ÿ-é', 'cat🐱', 'plain'];
  const lines = ['name: "名字"', 'input: "数据"', 'input_shape { dim: 1 dim: 3 }'];
  let bottom = '数据';
  for (const n of names) {
    lines.push(`layer { name: "${n}" type: "ReLU" bottom: "${bottom}" top: "${n}" }`);
    bottom = n;
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  const { graph } = await openModel(file);
  const r = new CompactGraphReader(toCompactGraph(graph));
  assert.deepEqual(graph.nodes.map((_, i) => r.nodeId(i)), names);
  assert.equal(r.tensorName(0), '数据');
  // A lone surrogate is written as U+FFFD, three bytes, and the strings after it still line up.
  const g = { nodes: [{ id: 'a\ud800b', name: 'a\ud800b', type: 'T', attributes: {}, inputs: [], outputs: [], weights: [], origin: { kind: 'layer' as const, index: 0 } }, { id: 'next', name: 'next', type: 'T', attributes: {}, inputs: [], outputs: [], weights: [], origin: { kind: 'layer' as const, index: 1 } }], tensors: {}, inputs: [], outputs: [] };
  const lone = new CompactGraphReader(toCompactGraph(g));
  assert.equal(lone.nodeId(0), 'a\ufffdb');
  assert.equal(lone.nodeId(1), 'next');
});
