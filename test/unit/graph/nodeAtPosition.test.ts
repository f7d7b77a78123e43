// The layer under a cursor in a prototxt, on the Caffe sample our writer produces and on a model
// of the collection.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { nodeAtPosition } from '../../../src/core/graph/nodeAtPosition';
import { openModel } from '../../../src/core/openModel';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';
import { ifFullCorpus, sharedModel } from '../../support/corpus';

/** 1-based line and column of the first `needle` after the line holding `after`. */
function find(text: string, needle: string, after = ''): { line: number; column: number } {
  const lines = text.split('\n');
  const from = after ? lines.findIndex((l) => l.includes(after)) : 0;
  for (let i = from; i < lines.length; i++) {
    const c = lines[i].indexOf(needle);
    if (c >= 0) return { line: i + 1, column: c + 1 };
  }
  throw new Error(`${needle} not found`);
}

describe('node at a place in the prototxt', () => {
  it('finds the layer whose block holds the place, and none between layers or in the header', async (t) => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-nodeat-'));
    t.after(() => fsp.rm(dir, { recursive: true, force: true }));
    const { prototxt } = await writeCaffeSample(dir);
    const text = await fsp.readFile(prototxt, 'utf8');
    const model = await openModel(prototxt);
    const at = (p: { line: number; column: number }) => nodeAtPosition(model.graph, p.line, p.column)?.id;
    // Inside conv2's nested convolution_param, and on its name line.
    assert.equal(at(find(text, 'kernel_size', 'name: "conv2"')), 'conv2');
    assert.equal(at(find(text, 'name: "conv2"')), 'conv2');
    assert.equal(at(find(text, 'name: "ip1"')), 'ip1');
    // Every layer with a location is found at its first and last character.
    for (const node of model.graph.nodes) {
      const r = node.location!;
      assert.equal(nodeAtPosition(model.graph, r.line, r.column)?.id, node.id);
      assert.equal(nodeAtPosition(model.graph, r.endLine, r.endColumn)?.id, node.id);
    }
    // The net's name line comes before any layer.
    assert.equal(at(find(text, 'name:')), undefined);
    assert.equal(nodeAtPosition(model.graph, text.split('\n').length + 5, 1), undefined);
  });

  ifFullCorpus(it)('finds every layer of a collection prototxt at its name', async () => {
    const file = sharedModel('caffe', 'lenet_bvlc', 'lenet.prototxt');
    const text = await fsp.readFile(file, 'utf8');
    const model = await openModel(file);
    assert.ok(model.graph.nodes.length > 5);
    for (const node of model.graph.nodes) {
      const p = find(text, `name: "${node.name}"`, 'layer');
      assert.equal(nodeAtPosition(model.graph, p.line, p.column + 2)?.id, node.id, node.name);
    }
  });
});
