// Groups by name prefix, in-place layers and reader blocks: on a net the test writes (named as
// ResNet and GoogLeNet name their layers), and on the real GoogLeNet, ResNet-50 and a Paddle
// program with sub-blocks when the shared models are there. Expected members are found from the
// names with regular expressions here, not by the grouping code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompactGraphReader, toCompactGraph, type CompactGraph } from '../../../src/core/graph/compactGraph';
import { nodeGroups, type NodeGrouping } from '../../../src/core/graph/nodeGroups';
import { openModel } from '../../../src/core/openModel';
import { ifFullCorpus, sharedModel } from '../../support/corpus';
import { writeGroupedNet } from '../../support/groupedNets';
import { tempDir } from '../../support/tempDir';

/** Node names of each group, by path, sub-groups' nodes included. */
function membersByPath(graph: CompactGraph, grouping: NodeGrouping): Map<string, string[]> {
  const r = new CompactGraphReader(graph);
  const out = new Map<string, string[]>(grouping.groupPath.map((p) => [p, []]));
  for (let i = 0; i < graph.nodeCount; i++) {
    for (let g = grouping.nodeGroup[i]; g >= 0; g = grouping.groupParent[g]) out.get(grouping.groupPath[g])!.push(r.string(graph.nodeName[i]));
  }
  return out;
}

test('a ResNet- and GoogLeNet-named net: blocks by prefix, in-place layers with their producer, the rest at the top', async (t) => {
  const file = writeGroupedNet(tempDir(t));
  const graph = toCompactGraph((await openModel(file)).graph);
  const grouping = nodeGroups(graph);
  const members = membersByPath(graph, grouping);
  assert.deepEqual([...members.keys()], ['conv1', 'res2a', 'res2b', 'inception_3a', 'inception_3b']);
  assert.deepEqual(members.get('conv1'), ['conv1', 'bn_conv1', 'scale_conv1', 'conv1_relu']);
  assert.deepEqual(members.get('res2a'), [
    'res2a_branch2a', 'bn2a_branch2a', 'scale2a_branch2a', 'res2a_branch2a_relu', 'res2a_branch2b', 'bn2a_branch2b', 'scale2a_branch2b', 'res2a', 'res2a_relu',
  ]);
  assert.deepEqual(members.get('inception_3b'), ['1x1', 'relu_1x1', '3x3_reduce', '3x3', 'pool', 'pool_proj', 'output'].map((s) => `inception_3b/${s}`));
  assert.deepEqual(grouping.groupLabel, ['conv1', 'res2a', 'res2b', 'inception_3a', 'inception_3b']);
  assert.deepEqual([...grouping.groupSize], [4, 9, 9, 7, 7]);
  const r = new CompactGraphReader(graph);
  const top = [...Array(graph.nodeCount).keys()].filter((i) => grouping.nodeGroup[i] < 0).map((i) => r.nodeId(i));
  assert.deepEqual(top, ['data', 'pool5', 'fc', 'prob']);
  // The same graph, the same groups: nothing depends on iteration order of maps or sets.
  assert.deepEqual(nodeGroups(graph), grouping);
});

test('a prefix shared by nodes that do not connect (Paddle-style `conv2d_0`, `conv2d_1`) is no group', async (t) => {
  const dir = tempDir(t);
  const { writeFileSync } = await import('node:fs');
  const path = await import('node:path');
  const file = path.join(dir, 'apart.prototxt');
  // conv2d_0 and conv2d_1 each feed a pool; the two never meet, so `conv2d` is not a block.
  writeFileSync(
    file,
    [
      'input: "data"', 'input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }',
      'layer { name: "conv2d_0" type: "Convolution" bottom: "data" top: "a" convolution_param { num_output: 4 kernel_size: 1 } }',
      'layer { name: "pool_a" type: "Pooling" bottom: "a" top: "pa" pooling_param { pool: MAX kernel_size: 1 } }',
      'layer { name: "conv2d_1" type: "Convolution" bottom: "pa" top: "b" convolution_param { num_output: 4 kernel_size: 1 } }',
      'layer { name: "pool_b" type: "Pooling" bottom: "b" top: "pb" pooling_param { pool: MAX kernel_size: 1 } }',
    ].join('\n'),
  );
  const graph = toCompactGraph((await openModel(file)).graph);
  const grouping = nodeGroups(graph);
  assert.deepEqual(grouping.groupPath, []);
  assert.ok(grouping.nodeGroup.every((g) => g === -1));
});

ifFullCorpus(test)('GoogLeNet: each inception block is a group holding exactly its `inception_Xy/` layers', async () => {
  const graph = toCompactGraph((await openModel(sharedModel('caffe', 'bvlc_googlenet', 'deploy.prototxt'))).graph);
  const members = membersByPath(graph, nodeGroups(graph));
  const r = new CompactGraphReader(graph);
  const names = Array.from({ length: graph.nodeCount }, (_, i) => r.string(graph.nodeName[i]));
  const blocks = [...new Set(names.flatMap((n) => n.match(/^(inception_\d[a-z])\//)?.[1] ?? []))];
  assert.deepEqual(blocks, ['inception_3a', 'inception_3b', 'inception_4a', 'inception_4b', 'inception_4c', 'inception_4d', 'inception_4e', 'inception_5a', 'inception_5b']);
  for (const block of blocks) assert.deepEqual(members.get(block), names.filter((n) => n.startsWith(`${block}/`)), block);
});

ifFullCorpus(test)('ResNet-50: each residual block `res3a` holds its `res3a_*`, `bn3a_*` and `scale3a_*` layers', async () => {
  const graph = toCompactGraph((await openModel(sharedModel('caffe', 'resnet50_101', 'ResNet-50-deploy.prototxt'))).graph);
  const members = membersByPath(graph, nodeGroups(graph));
  const r = new CompactGraphReader(graph);
  const names = Array.from({ length: graph.nodeCount }, (_, i) => r.string(graph.nodeName[i]));
  const blocks = [...new Set(names.flatMap((n) => n.match(/^res(\d[a-z])$/)?.[1] ?? []))];
  assert.equal(blocks.length, 16);
  for (const block of blocks) {
    const expected = names.filter((n) => new RegExp(`^(res|bn|scale)${block}(_|$)`).test(n));
    assert.deepEqual(members.get(`res${block}`), expected, block);
  }
});

for (const [framework, model, file] of [['paddle', 'training_program_control_flow', 'best_model.pdmodel'], ['paddle-pir', 'p2o_ifelse', 'model.json']] as const) {
ifFullCorpus(test)(`${model}: the reader's block and region groups stay, name-prefix groups nest inside them`, async () => {
  const graph = toCompactGraph((await openModel(sharedModel(framework, model, file))).graph);
  const grouping = nodeGroups(graph);
  const r = new CompactGraphReader(graph);
  const readerPaths = Array.from({ length: graph.groupCount }, (_, g) => r.string(graph.groupPath[g]));
  assert.ok(readerPaths.length > 0);
  for (let i = 0; i < graph.nodeCount; i++) {
    const own = graph.nodeGroup[i];
    if (own < 0) continue;
    // The node's reader group is its group or an ancestor of it.
    const chain: string[] = [];
    for (let g = grouping.nodeGroup[i]; g >= 0; g = grouping.groupParent[g]) chain.push(grouping.groupPath[g]);
    assert.ok(chain.includes(readerPaths[own]), `${r.nodeId(i)} in ${readerPaths[own]}: ${chain.join(' < ')}`);
  }
});
}
