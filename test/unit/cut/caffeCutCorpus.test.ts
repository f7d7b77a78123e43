// The Caffe sub-model export on the collection's nets: a residual block whose shortcut crosses
// the cut (two inputs), GoogLeNet's inception_3a (one input), and the real caffemodels cut whole
// (the same layers and weight bytes back) and in the middle (self-contained, shapes kept).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cutModel } from '../../../src/core/cut/cutModel';
import type { CutResult } from '../../../src/core/cut/cutResult';
import type { Graph } from '../../../src/core/graph/graph';
import type { RangeRefusal } from '../../../src/core/graph/rangeSelection';
import { openModel } from '../../../src/core/openModel';
import type { OpenedModel } from '../../../src/core/model';
import { ifFullCorpus, sharedModel } from '../../support/corpus';
import { assertBoundary, assertSameNodesAndShapes, assertSelfContained } from '../../support/cutChecks';
import { tempDir } from '../../support/tempDir';

function done(result: CutResult | RangeRefusal): CutResult {
  if ('refused' in result) assert.fail(`refused: ${result.message}`);
  return result;
}

async function reopen(result: CutResult): Promise<OpenedModel> {
  const weights = result.files.includes('dump.caffemodel') ? path.join(result.folder, 'dump.caffemodel') : undefined;
  return openModel(path.join(result.folder, 'dump.prototxt'), { weights, noWeights: weights === undefined });
}

/** Starts: nodes reading nothing another node writes; ends: the writers of the net's outputs. */
export function wholeGraph(graph: Graph): { starts: string[]; ends: string[] } {
  const starts = graph.nodes.filter((n) => n.inputs.every((p) => graph.tensors[p.tensor].producer === undefined)).map((n) => n.id);
  const ends = [...new Set(graph.outputs.map((t) => graph.tensors[t].producer).filter((p): p is string => p !== undefined))];
  return { starts, ends };
}

describe('Caffe cuts of the collection’s nets', () => {
  ifFullCorpus(it)('ResNet-50: inside res2b, from its second conv: the branch and the crossing shortcut enter as two inputs', async (t) => {
    const original = await openModel(sharedModel('caffe', 'resnet50_101', 'ResNet-50-deploy.prototxt'));
    const result = done(await cutModel(original, ['res2b_branch2b'], ['res2b'], tempDir(t, 'npu-cut-')));
    assert.deepEqual(result.inputs, [
      { name: 'res2b_branch2a', shape: [1, 64, 56, 56], dtype: 'float32' },
      { name: 'res2a', shape: [1, 256, 56, 56], dtype: 'float32' },
    ]);
    assert.deepEqual(result.added.map((a) => a.declaredBy), ['res2b_branch2a', 'res2a']);
    assert.deepEqual(result.files, ['dump.prototxt', 'dump.log']);
    const cut = await reopen(result);
    assert.deepEqual(cut.inputs.map((i) => [i.name, i.shape]), [['res2b_branch2a', [1, 64, 56, 56]], ['res2a', [1, 256, 56, 56]]]);
    // Nothing upstream is dragged in: res2a's own layers stay out.
    assert.ok(!cut.graph.nodes.some((n) => n.id.startsWith('res2a') && n.type !== 'Input'));
    assertSelfContained(cut.graph);
    assertSameNodesAndShapes(original.graph, cut, result, ['res2b_branch2a', 'res2a']);
    assertBoundary(cut, result);
  });

  ifFullCorpus(it)('GoogLeNet: the four branch heads of inception_3a to its output take exactly one input', async (t) => {
    const original = await openModel(sharedModel('caffe', 'bvlc_googlenet', 'deploy.prototxt'));
    const heads = ['inception_3a/1x1', 'inception_3a/3x3_reduce', 'inception_3a/5x5_reduce', 'inception_3a/pool'];
    const result = done(await cutModel(original, heads, ['inception_3a/output'], tempDir(t, 'npu-cut-')));
    // The collection's deploy prototxt declares a batch of 10: the inferred shape carries it.
    assert.deepEqual(result.inputs, [{ name: 'pool2/3x3_s2', shape: [10, 192, 28, 28], dtype: 'float32' }]);
    assert.deepEqual(result.outputs, [{ name: 'inception_3a/output', shape: [10, 256, 28, 28], dtype: 'float32' }]);
    const cut = await reopen(result);
    assert.equal(cut.graph.nodes.length, 15);
    assertSelfContained(cut.graph);
    assertSameNodesAndShapes(original.graph, cut, result, ['pool2/3x3_s2']);
    assertBoundary(cut, result);
  });

  for (const [label, folder, file, weights] of [
    ['MTCNN P-Net', 'mtcnn', 'det1.prototxt', 'det1.caffemodel'],
    ['MTCNN R-Net', 'mtcnn', 'det2.prototxt', 'det2.caffemodel'],
    ['MTCNN O-Net', 'mtcnn', 'det3.prototxt', 'det3.caffemodel'],
    ['UltraFace RFB-320', 'ultraface_rfb320', 'RFB-320.prototxt', 'RFB-320.caffemodel'],
    ['CIFAR-10 quick', 'cifar10_quick_2014', 'cifar10_quick.prototxt', 'cifar10_quick_iter_5000.caffemodel'],
    ['LeNet (MNIST deploy)', 'lenet_mnist_deploy', 'mnist_deploy.prototxt', 'lenet_iter_10000.caffemodel'],
    ['LeNet of 2014 (V1 layers)', 'lenet_v1_2014', 'lenet.prototxt', 'lenet_iter_10000.caffemodel'],
  ] as const) {
    ifFullCorpus(it)(`${label}: the whole net cut gives its layers and weight bytes back; the middle third stands alone`, async (t) => {
      const original = await openModel(sharedModel('caffe', folder, file), { weights: sharedModel('caffe', folder, weights) });
      assert.ok(original.weights, 'the caffemodel is paired');
      const { starts, ends } = wholeGraph(original.graph);
      const whole = done(await cutModel(original, starts, ends, tempDir(t, 'npu-cut-')));
      assert.deepEqual(whole.nodes, original.graph.nodes.map((n) => n.id));
      const cut = await reopen(whole);
      const added = whole.added.map((a) => a.declaredBy);
      assert.deepEqual(cut.graph.nodes.filter((n) => !added.includes(n.id)).map((n) => [n.id, n.type, n.attributes]), original.graph.nodes.map((n) => [n.id, n.type, n.attributes]));
      assertSameNodesAndShapes(original.graph, cut, whole, added);
      for (const node of original.graph.nodes) {
        const after = cut.graph.nodes.find((n) => n.id === node.id)!;
        for (let i = 0; i < node.weights.length; i++) assert.deepEqual(await cut.weights!.read(after.weights[i].key!), await original.weights!.read(node.weights[i].key!));
      }

      // The middle third: from the first node after a third to the last before two thirds that it reaches.
      const ids = original.graph.nodes.map((n) => n.id);
      const from = ids[Math.floor(ids.length / 3)];
      let middle: CutResult | undefined;
      for (let k = Math.floor((2 * ids.length) / 3); k > ids.indexOf(from) && !middle; k--) {
        const r = await cutModel(original, [from], [ids[k]], tempDir(t, 'npu-cut-'));
        if (!('refused' in r)) middle = r;
      }
      assert.ok(middle, 'some end in the middle third is reached');
      const part = await reopen(middle);
      assert.ok(middle.inputs.length >= 1);
      assertSelfContained(part.graph);
      assertSameNodesAndShapes(original.graph, part, middle, middle.added.map((a) => a.declaredBy));
      assertBoundary(part, middle);
    });
  }

  ifFullCorpus(it)('a V1 net (layers, enum types) declares its entering tensors at net level, as V1 deploy nets did', async (t) => {
    const original = await openModel(sharedModel('caffe', 'lenet_v1_2014', 'lenet.prototxt'), { weights: sharedModel('caffe', 'lenet_v1_2014', 'lenet_iter_10000.caffemodel') });
    const result = done(await cutModel(original, ['conv2'], ['ip1'], tempDir(t, 'npu-cut-')));
    const text = readFileSync(path.join(result.folder, 'dump.prototxt'), 'utf8');
    assert.match(text, /^name: "LeNet"\ninput: "pool1"\ninput_shape \{\n {2}dim: 64\n {2}dim: 20\n {2}dim: 12\n {2}dim: 12\n\}\nlayers \{\n {2}name: "conv2"\n {2}type: CONVOLUTION\n/);
    assert.doesNotMatch(text, /\blayer \{/);
    const cut = await reopen(result);
    assert.deepEqual(cut.inputs, [{ name: 'pool1', shape: [64, 20, 12, 12], dtype: 'float32' }]);
    assert.deepEqual(cut.graph.nodes.map((n) => n.id), ['conv2', 'pool2', 'ip1']);
  });
});
