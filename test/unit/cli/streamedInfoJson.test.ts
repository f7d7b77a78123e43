// The `info --json` writer makes its text from the graph without the node list modelInfo builds;
// whatever the graph holds, the text must be JSON.stringify(modelInfo(model), null, 2) exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeJsonInfo } from '../../../src/cli/streamedInfoJson';
import { GraphBuilder } from '../../../src/core/graph/graphBuilder';
import { modelInfo } from '../../../src/core/modelInfo';
import type { OpenedModel } from '../../../src/core/model';
import { openModel } from '../../../src/core/openModel';
import { corpus, ifFullCorpus } from '../../support/corpus';

async function written(model: OpenedModel): Promise<{ text: string; pieces: number }> {
  const pieces: string[] = [];
  await writeJsonInfo(model, async (piece) => {
    pieces.push(piece);
  });
  return { text: pieces.join(''), pieces: pieces.length };
}

const expected = (model: OpenedModel) => `${JSON.stringify(modelInfo(model), null, 2)}\n`;

function modelOf(build: (b: GraphBuilder) => void, extra: Partial<OpenedModel> = {}): OpenedModel {
  const b = new GraphBuilder();
  build(b);
  const graph = b.build([], []);
  return { framework: 'caffe', format: 'prototxt', name: 'n', file: 'n.prototxt', graph, inputs: [], outputs: [], params: [], warnings: [], source: { format: 'caffe', kind: 'prototxt', file: 'n.prototxt', net: {}, layout: undefined as never, layers: [] }, ...extra };
}

test('names that need escaping, empty port lists, repeated tensors and variables come out as JSON.stringify writes them', async () => {
  const model = modelOf(
    (b) => {
      b.addNode({ id: 'in"put\n', name: 'in"put\n', type: 'Input', inputs: [], outputs: [{ slot: 'top[0]', name: 'x\u2028y' }], origin: { kind: 'layer', index: 0 } });
      b.addNode({ id: 'relu', name: 'relu', type: 'ReLU', inputs: [{ slot: 'bottom[0]', name: 'x\u2028y' }], outputs: [{ slot: 'top[0]', name: 'x\u2028y' }], origin: { kind: 'layer', index: 1 } });
      b.addNode({ id: '\ud800 lone', name: '', type: 'constructor', inputs: [{ slot: 'bottom[0]', name: 'x\u2028y' }, { slot: 'bottom[1]', name: 'never written' }], outputs: [], origin: { kind: 'layer', index: 2 } });
    },
    { variables: [{ name: 'v', shape: [2], dtype: 'float32' }], warnings: [{ file: 'n.prototxt', place: { kind: 'text', line: 1, column: 2 }, code: 'x', message: 'careful' }] },
  );
  const { text } = await written(model);
  assert.equal(text, expected(model));
  // The in-place layer's output is a new version of the name, printed by its name, not its id.
  assert.deepEqual(JSON.parse(text).nodes[1], { id: 'relu', type: 'ReLU', inputs: ['x\u2028y'], outputs: ['x\u2028y'] });
});

test('a graph without nodes prints an empty node list', async () => {
  const model = modelOf(() => {});
  assert.equal((await written(model)).text, expected(model));
});

test('a big graph is handed on in several pieces that together are the whole text', async () => {
  const model = modelOf((b) => {
    for (let i = 0; i < 30_000; i++) {
      b.addNode({ id: `layer_${i}`, name: `layer_${i}`, type: 'ReLU', inputs: [{ slot: 'bottom[0]', name: `t${i}` }], outputs: [{ slot: 'top[0]', name: `t${i + 1}` }], origin: { kind: 'layer', index: i } });
    }
  });
  const { text, pieces } = await written(model);
  assert.ok(pieces > 1, `${pieces} piece(s)`);
  assert.equal(text, expected(model));
});

ifFullCorpus(test)('every model of the collection: the same bytes as JSON.stringify(modelInfo)', async () => {
  let opened = 0;
  for (const m of corpus.models) {
    let model: OpenedModel;
    try {
      model = await openModel(m.folder);
    } catch {
      continue; // a folder the reader refuses has no info to print (infoReference checks the refusal)
    }
    assert.equal((await written(model)).text, expected(model), m.name);
    opened++;
  }
  // Only the odd folder (an encrypted model, weights without a program) is refused.
  assert.ok(opened > corpus.models.length / 2, `${opened} of ${corpus.models.length} opened`);
});
