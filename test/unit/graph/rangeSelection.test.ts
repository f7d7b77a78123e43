// The range-selection rule on real models: the nodes on some path from a start to an end, the
// tensors the sub-model is fed with (a crossing shortcut included, nothing upstream dragged in,
// in-place versions as the graph model numbers them, weights never) and delivers; a refusal with
// a reason for every choice that leaves nothing between; the webview's compact variant agrees.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toCompactGraph } from '../../../src/core/graph/compactGraph';
import type { Graph, GraphNode } from '../../../src/core/graph/graph';
import { nodeAdjacency, selectCompactRange } from '../../../src/core/graph/nodeRange';
import { selectRange, type RangeRefusal, type RangeSelection } from '../../../src/core/graph/rangeSelection';
import { configureCoreL10n } from '../../../src/core/l10n';
import { openModel } from '../../../src/core/openModel';
import { sharedModel, ifFullCorpus } from '../../support/corpus';
import { repoRoot } from '../../support/paths';

const googlenet = () => openModel(sharedModel('caffe', 'bvlc_googlenet', 'deploy.prototxt')).then((m) => m.graph);
const resnet50 = () => openModel(sharedModel('caffe', 'resnet50_101', 'ResNet-50-deploy.prototxt')).then((m) => m.graph);

function selected(result: RangeSelection | RangeRefusal): RangeSelection {
  if (result.refused) assert.fail(`refused: ${result.code}: ${result.message}`);
  return result;
}

function refused(result: RangeSelection | RangeRefusal): RangeRefusal {
  if (!result.refused) assert.fail(`selected ${result.nodes.join(', ')}`);
  return result;
}

const tensorIds = (refs: { tensor: string }[]) => refs.map((r) => r.tensor);

describe('range selection on GoogLeNet', () => {
  const heads = ['inception_3a/1x1', 'inception_3a/3x3_reduce', 'inception_3a/5x5_reduce', 'inception_3a/pool'];

  ifFullCorpus(it)('the four branch heads of inception_3a to its output: the whole block, fed by one tensor', async () => {
    const graph = await googlenet();
    // The in-repo deploy prototxt declares a batch of 10.
    assert.deepEqual(graph.tensors.data.shape, [10, 3, 224, 224]);
    const range = selected(selectRange(graph, heads, ['inception_3a/output']));
    const block = graph.nodes.filter((n) => n.id.startsWith('inception_3a/')).map((n) => n.id);
    assert.equal(block.length, 14);
    assert.deepEqual(range.nodes, block);
    assert.deepEqual(range.inputs, [{ tensor: 'pool2/3x3_s2', name: 'pool2/3x3_s2', shape: [10, 192, 28, 28], dtype: 'float32' }]);
    assert.deepEqual(range.outputs, [{ tensor: 'inception_3a/output', name: 'inception_3a/output', shape: [10, 256, 28, 28], dtype: 'float32' }]);
  });

  ifFullCorpus(it)('two of the four branches: the other two branches’ results enter as inputs, by their ReLU’d versions', async () => {
    const graph = await googlenet();
    const range = selected(selectRange(graph, ['inception_3a/1x1', 'inception_3a/3x3_reduce'], ['inception_3a/output']));
    assert.deepEqual(range.nodes, [
      'inception_3a/1x1',
      'inception_3a/relu_1x1',
      'inception_3a/3x3_reduce',
      'inception_3a/relu_3x3_reduce',
      'inception_3a/3x3',
      'inception_3a/relu_3x3',
      'inception_3a/output',
    ]);
    assert.deepEqual(tensorIds(range.inputs), ['pool2/3x3_s2', 'inception_3a/5x5#1', 'inception_3a/pool_proj#1']);
    assert.deepEqual(range.inputs.map((r) => r.name), ['pool2/3x3_s2', 'inception_3a/5x5', 'inception_3a/pool_proj']);
    assert.deepEqual(range.inputs.map((r) => r.shape), [[10, 192, 28, 28], [10, 32, 28, 28], [10, 32, 28, 28]]);
    assert.deepEqual(tensorIds(range.outputs), ['inception_3a/output']);
  });

  ifFullCorpus(it)('several ends: every end’s result is delivered, even one read inside the range', async () => {
    const graph = await googlenet();
    const range = selected(selectRange(graph, ['inception_3a/3x3_reduce'], ['inception_3a/relu_3x3_reduce', 'inception_3a/3x3']));
    assert.deepEqual(range.nodes, ['inception_3a/3x3_reduce', 'inception_3a/relu_3x3_reduce', 'inception_3a/3x3']);
    assert.deepEqual(tensorIds(range.inputs), ['pool2/3x3_s2']);
    assert.deepEqual(tensorIds(range.outputs), ['inception_3a/3x3_reduce#1', 'inception_3a/3x3']);
  });

  ifFullCorpus(it)('one node as both start and end is a range of one', async () => {
    const graph = await googlenet();
    const range = selected(selectRange(graph, ['inception_3a/output'], ['inception_3a/output']));
    assert.deepEqual(range.nodes, ['inception_3a/output']);
    assert.deepEqual(tensorIds(range.inputs), ['inception_3a/1x1#1', 'inception_3a/3x3#1', 'inception_3a/5x5#1', 'inception_3a/pool_proj#1']);
    assert.deepEqual(tensorIds(range.outputs), ['inception_3a/output']);
  });

  ifFullCorpus(it)('from the Input layer or the first convolution to prob: data is the one input either way, prob the output', async () => {
    const graph = await googlenet();
    assert.equal(graph.nodes[0].type, 'Input');
    const withInput = selected(selectRange(graph, ['data'], ['prob']));
    assert.deepEqual(withInput.nodes, graph.nodes.map((n) => n.id));
    // The Input layer writes data, yet a sub-model holding it is still fed data from outside.
    assert.deepEqual(tensorIds(withInput.inputs), ['data']);
    assert.deepEqual(tensorIds(withInput.outputs), ['prob']);
    const fromConv = selected(selectRange(graph, ['conv1/7x7_s2'], ['prob']));
    assert.deepEqual(fromConv.nodes, graph.nodes.slice(1).map((n) => n.id));
    assert.deepEqual(tensorIds(fromConv.inputs), ['data']);
    assert.deepEqual(tensorIds(fromConv.outputs), ['prob']);
  });
});

describe('range selection on ResNet-50', () => {
  ifFullCorpus(it)('inside one residual block, the shortcut crossing the cut: two inputs with their shapes', async () => {
    const graph = await resnet50();
    const range = selected(selectRange(graph, ['res2b_branch2b'], ['res2b']));
    assert.deepEqual(range.nodes, [
      'res2b_branch2b',
      'bn2b_branch2b',
      'scale2b_branch2b',
      'res2b_branch2b_relu',
      'res2b_branch2c',
      'bn2b_branch2c',
      'scale2b_branch2c',
      'res2b',
    ]);
    assert.deepEqual(range.inputs, [
      { tensor: 'res2b_branch2a#3', name: 'res2b_branch2a', shape: [1, 64, 56, 56], dtype: 'float32' },
      { tensor: 'res2a#1', name: 'res2a', shape: [1, 256, 56, 56], dtype: 'float32' },
    ]);
    assert.deepEqual(range.outputs, [{ tensor: 'res2b', name: 'res2b', shape: [1, 256, 56, 56], dtype: 'float32' }]);
  });

  ifFullCorpus(it)('the whole block from its first convolution: the shortcut and the branch read one tensor, nothing upstream is dragged in', async () => {
    const graph = await resnet50();
    const range = selected(selectRange(graph, ['res2b_branch2a'], ['res2b_relu']));
    const ids = graph.nodes.map((n) => n.id);
    assert.deepEqual(range.nodes, ids.slice(ids.indexOf('res2b_branch2a'), ids.indexOf('res2b_relu') + 1));
    assert.equal(range.nodes.length, 13);
    assert.ok(!range.nodes.includes('res2a_relu'));
    assert.deepEqual(tensorIds(range.inputs), ['res2a#1']);
    assert.deepEqual(tensorIds(range.outputs), ['res2b#1']);
  });

  ifFullCorpus(it)('an in-place BatchNorm/Scale/ReLU chain: the version read from outside in, the last version written out', async () => {
    const graph = await resnet50();
    const whole = selected(selectRange(graph, ['conv1'], ['conv1_relu']));
    assert.deepEqual(whole.nodes, ['conv1', 'bn_conv1', 'scale_conv1', 'conv1_relu']);
    assert.deepEqual(tensorIds(whole.inputs), ['data']);
    assert.deepEqual(whole.outputs, [{ tensor: 'conv1#3', name: 'conv1', shape: [1, 64, 112, 112], dtype: 'float32' }]);

    const tail = selected(selectRange(graph, ['scale_conv1'], ['pool1']));
    assert.deepEqual(tail.nodes, ['scale_conv1', 'conv1_relu', 'pool1']);
    assert.deepEqual(tail.inputs, [{ tensor: 'conv1#1', name: 'conv1', shape: [1, 64, 112, 112], dtype: 'float32' }]);
    assert.deepEqual(tensorIds(tail.outputs), ['pool1']);

    // Ending inside the chain delivers the version that end writes, which the rest reads outside.
    const middle = selected(selectRange(graph, ['bn_conv1'], ['scale_conv1']));
    assert.deepEqual(tensorIds(middle.inputs), ['conv1']);
    assert.deepEqual(tensorIds(middle.outputs), ['conv1#2']);
  });

  ifFullCorpus(it)('a branch output read outside the range is delivered too', async () => {
    const graph = await resnet50();
    // res2a's projection shortcut ends at scale2a_branch1; the Eltwise after it is outside.
    const range = selected(selectRange(graph, ['pool1'], ['scale2a_branch1', 'res2a_branch2a']));
    assert.deepEqual(range.nodes, ['pool1', 'res2a_branch1', 'bn2a_branch1', 'scale2a_branch1', 'res2a_branch2a']);
    assert.deepEqual(tensorIds(range.inputs), ['conv1#3']);
    assert.deepEqual(tensorIds(range.outputs), ['res2a_branch1#2', 'res2a_branch2a']);
    // pool1 is no end, but the projection shortcut left outside reads it: it is delivered first.
    const fork = selected(selectRange(graph, ['pool1'], ['res2a_branch2a']));
    assert.deepEqual(fork.nodes, ['pool1', 'res2a_branch2a']);
    assert.deepEqual(tensorIds(fork.outputs), ['pool1', 'res2a_branch2a']);
  });
});

describe('the cut is closed', () => {
  ifFullCorpus(it)('on 300 start/end pairs across GoogLeNet: every tensor read inside is made inside or an input, every one read outside an output', async () => {
    const graph = await googlenet();
    let seed = 1;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let ranges = 0;
    for (let k = 0; k < 300; k++) {
      const start = graph.nodes[next(graph.nodes.length)];
      const end = graph.nodes[next(graph.nodes.length)];
      const result = selectRange(graph, [start.id], [end.id]);
      if (result.refused) {
        assert.ok(result.code === 'no-path' || result.code === 'end-above-start', result.code);
        continue;
      }
      ranges++;
      const inside = new Set(result.nodes);
      assert.ok(inside.has(start.id) && inside.has(end.id));
      const inputs = new Set(tensorIds(result.inputs));
      const outputs = new Set(tensorIds(result.outputs));
      assert.equal(inputs.size, result.inputs.length);
      assert.equal(outputs.size, result.outputs.length);
      for (const node of graph.nodes.filter((n) => inside.has(n.id))) {
        for (const { tensor } of node.inputs) {
          const producer = graph.tensors[tensor].producer;
          assert.ok((producer !== undefined && inside.has(producer)) || inputs.has(tensor), `${node.id} reads ${tensor}`);
        }
        for (const { tensor } of node.outputs) {
          if (graph.tensors[tensor].consumers.some((c) => !inside.has(c))) assert.ok(outputs.has(tensor), `${tensor} is read outside`);
        }
      }
      for (const tensor of outputs) assert.ok(inside.has(graph.tensors[tensor].producer ?? ''), `${tensor} is made inside`);
    }
    // The pairs must exercise both answers.
    assert.ok(ranges > 50 && ranges < 300, `${ranges} ranges`);
  });
});

describe('range selection refusals', () => {
  ifFullCorpus(it)('an unknown id', async () => {
    const graph = await googlenet();
    const r = refused(selectRange(graph, ['inception_3a/1x1'], ['no-such-layer']));
    assert.equal(r.code, 'unknown-node');
    assert.equal(r.message, 'there is no node no-such-layer in the model');
  });

  ifFullCorpus(it)('no start or no end', async () => {
    const graph = await googlenet();
    assert.equal(refused(selectRange(graph, [], ['prob'])).code, 'empty');
    assert.equal(refused(selectRange(graph, ['prob'], [])).code, 'empty');
  });

  ifFullCorpus(it)('an end above its start, named both ways round', async () => {
    const graph = await resnet50();
    const r = refused(selectRange(graph, ['res2b'], ['res2a']));
    assert.equal(r.code, 'end-above-start');
    assert.equal(r.message, 'the end res2a is above the start res2b: an end must come after its start');
    // A second end below the start does not make the first one right.
    assert.equal(refused(selectRange(graph, ['res2b'], ['res2c', 'res2a'])).code, 'end-above-start');
    // Nor does a second start above the end rescue a start put below it.
    const second = refused(selectRange(graph, ['res2a_branch2a', 'res2c'], ['res2b']));
    assert.equal(second.code, 'end-above-start');
    assert.match(second.message, /res2b .* res2c/);
  });

  ifFullCorpus(it)('no path: an end on another branch', async () => {
    const graph = await googlenet();
    const r = refused(selectRange(graph, ['inception_3a/1x1'], ['inception_3a/relu_3x3']));
    assert.equal(r.code, 'no-path');
    assert.equal(r.message, 'no path leads from inception_3a/1x1 to inception_3a/relu_3x3: they are on different branches');
    // With several ends, the start that reaches none of them is named.
    const start = refused(selectRange(graph, ['inception_3a/1x1', 'inception_3a/5x5_reduce'], ['inception_3a/relu_1x1', 'inception_3a/relu_3x3']));
    assert.equal(start.code, 'no-path');
    assert.equal(start.message, 'no path leads from the start inception_3a/5x5_reduce to any end');
    // With several starts, the end none of them reaches is named.
    const end = refused(selectRange(graph, ['inception_3a/1x1', 'inception_3a/3x3_reduce'], ['inception_3a/relu_1x1', 'inception_3a/relu_3x3', 'inception_3a/relu_5x5']));
    assert.equal(end.code, 'no-path');
    assert.equal(end.message, 'no path leads from any start to the end inception_3a/relu_5x5');
  });

  describe('in Chinese', () => {
    before(() => configureCoreL10n(JSON.parse(readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>));
    after(() => configureCoreL10n({}));

    ifFullCorpus(it)('the reason is translated, the ids kept as written', async () => {
      const graph = await resnet50();
      assert.equal(refused(selectRange(graph, ['res2b'], ['res2a'])).message, '终点 res2a 位于起点 res2b 之上：终点必须在起点之后');
    });
  });
});

describe('range selection on Paddle', () => {
  ifFullCorpus(it)('ops carrying weights: the weights are not inputs, batch_norm’s statistics outputs are not outputs', async () => {
    const { graph } = await openModel(sharedModel('paddle', 'simple_model', 'model.pdmodel'));
    const range = selected(selectRange(graph, ['conv2d_0.tmp_0'], ['batch_norm_0.tmp_3']));
    assert.deepEqual(range.nodes, ['conv2d_0.tmp_0', 'batch_norm_0.tmp_0', 'batch_norm_0.tmp_3']);
    assert.ok(graph.nodes.some((n) => n.weights.some((w) => w.name === 'conv1_weights')));
    assert.deepEqual(range.inputs, [{ tensor: 'image', name: 'image', shape: [-1, 3, 224, 224], dtype: 'float32' }]);
    assert.deepEqual(tensorIds(range.outputs), ['batch_norm_0.tmp_3']);
  });

  ifFullCorpus(it)('from feed to fetch: the feed target is the input and the fetch target the output', async () => {
    const { graph } = await openModel(sharedModel('paddle', 'uci_housing_fit_a_line', '__model__'));
    const range = selected(selectRange(graph, ['x'], ['fetch#3']));
    assert.deepEqual(range.nodes, graph.nodes.map((n) => n.id));
    assert.deepEqual(tensorIds(range.inputs), ['x']);
    assert.deepEqual(range.inputs[0].shape, [-1, 13]);
    assert.deepEqual(tensorIds(range.outputs), ['fc_0.tmp_1']);
    // Between the feed and the fetch, the weighted mul and add: fed x, delivering fc_0.tmp_1.
    const inner = selected(selectRange(graph, ['fc_0.tmp_0'], ['fc_0.tmp_1']));
    assert.deepEqual(tensorIds(inner.inputs), ['x']);
    assert.deepEqual(tensorIds(inner.outputs), ['fc_0.tmp_1']);
  });
});

describe('the compact variant', () => {
  ifFullCorpus(it)('gives the same nodes and tensors on the compact graph, by index', async () => {
    const { graph } = await openModel(sharedModel('caffe', 'resnet50_101', 'ResNet-101-deploy.prototxt'));
    const compact = toCompactGraph(graph);
    const ids = Object.keys(graph.tensors);
    const index = (id: string) => graph.nodes.findIndex((n) => n.id === id);
    const adjacency = nodeAdjacency(compact);
    for (const [starts, ends] of [
      [['res3b1_branch2b'], ['res3b1']],
      [['res4a_branch1', 'res4a_branch2a'], ['res4b5', 'res4b7_branch2a']],
      [['conv1'], ['prob']],
    ]) {
      const byId = selected(selectRange(graph, starts, ends));
      const byIndex = selectCompactRange(compact, starts.map(index), ends.map(index), adjacency);
      if (byIndex.refused) assert.fail(byIndex.code);
      assert.deepEqual(Array.from(byIndex.nodes, (v) => graph.nodes[v].id), byId.nodes);
      assert.equal(byIndex.inside.reduce((a, b) => a + b, 0), byId.nodes.length);
      assert.deepEqual(Array.from(byIndex.inputs, (t) => ids[t]), tensorIds(byId.inputs));
      assert.deepEqual(Array.from(byIndex.outputs, (t) => ids[t]), tensorIds(byId.outputs));
    }
  });

  ifFullCorpus(it)('refuses by index with the nodes concerned', async () => {
    const compact = toCompactGraph(await resnet50());
    assert.deepEqual(selectCompactRange(compact, [compact.nodeCount], [0]), { refused: true, code: 'unknown-node', start: compact.nodeCount });
    assert.deepEqual(selectCompactRange(compact, [5], [2]), { refused: true, code: 'end-above-start', start: 5, end: 2 });
  });
});

describe('range selection at scale', () => {
  it('walks a 200,000-node chain without recursion', () => {
    const n = 200_000;
    const nodes: GraphNode[] = [];
    const tensors: Graph['tensors'] = { t0: { id: 't0', name: 't0', shape: [1], consumers: ['n0'] } };
    for (let i = 0; i < n; i++) {
      nodes.push({ id: `n${i}`, name: `n${i}`, type: 'ReLU', attributes: {}, inputs: [{ slot: 'bottom[0]', tensor: `t${i}` }], outputs: [{ slot: 'top[0]', tensor: `t${i + 1}` }], weights: [], origin: { kind: 'layer', index: i } });
      tensors[`t${i + 1}`] = { id: `t${i + 1}`, name: `t${i + 1}`, shape: [1], producer: `n${i}`, consumers: i + 1 < n ? [`n${i + 1}`] : [] };
    }
    const graph: Graph = { nodes, tensors, inputs: ['t0'], outputs: [`t${n}`] };
    const range = selected(selectRange(graph, ['n10'], [`n${n - 10}`]));
    assert.equal(range.nodes.length, n - 19);
    assert.deepEqual(tensorIds(range.inputs), ['t10']);
    assert.deepEqual(tensorIds(range.outputs), [`t${n - 9}`]);
    assert.equal(refused(selectRange(graph, [`n${n - 10}`], ['n10'])).code, 'end-above-start');
  });
});
