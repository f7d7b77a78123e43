// What every exported sub-model must satisfy, checked on the files as written: they read back
// with our readers without warnings about unused weights, every input a node reads is produced
// inside or declared as an input, the declared inputs and the delivered outputs are the cut's,
// and every kept node's outputs have the shapes the original gave them.
import assert from 'node:assert/strict';
import type { Graph } from '../../src/core/graph/graph';
import type { OpenedModel } from '../../src/core/model';
import type { CutResult } from '../../src/core/cut/cutResult';

export function assertSelfContained(graph: Graph): void {
  const inputs = new Set(graph.inputs);
  for (const node of graph.nodes) {
    for (const port of node.inputs) {
      const tensor = graph.tensors[port.tensor];
      assert.ok(tensor.producer !== undefined || inputs.has(port.tensor), `${node.id} reads ${tensor.name}, which nothing produces and no input declares`);
    }
  }
}

/** The cut model's nodes (added input declarations left out) have the original's ids, order and output shapes. */
export function assertSameNodesAndShapes(original: Graph, cut: OpenedModel, result: CutResult, addedNodeIds: readonly string[]): void {
  const added = new Set(addedNodeIds);
  const kept = cut.graph.nodes.filter((n) => !added.has(n.id));
  assert.deepEqual(kept.map((n) => n.id), result.nodes);
  const byId = new Map(original.nodes.map((n) => [n.id, n]));
  for (const node of kept) {
    const before = byId.get(node.id)!;
    assert.equal(node.type, before.type, node.id);
    const shapes = (g: Graph, ports: { tensor: string }[]) => ports.map((p) => g.tensors[p.tensor].shape ?? null);
    assert.deepEqual(shapes(cut.graph, node.outputs), shapes(original, before.outputs), `output shapes of ${node.id}`);
  }
  assert.equal(cut.warnings.filter((w) => w.code === 'caffe.weights-unused' || w.code === 'caffe.weight-shape').length, 0, cut.warnings.map((w) => w.message).join('; '));
}

/**
 * Read back, the cut model is fed exactly the cut's inputs, with their shapes, and writes every
 * output the cut promises (a promised output may also be read inside, so the model's own outputs
 * can be fewer).
 */
export function assertBoundary(cut: OpenedModel, result: CutResult): void {
  const named = (list: { name: string; shape: number[] | null }[]) => list.map((t) => ({ name: t.name, shape: t.shape }));
  assert.deepEqual(named(cut.inputs), named(result.inputs));
  const written = new Set(Object.values(cut.graph.tensors).filter((t) => t.producer !== undefined).map((t) => t.name));
  for (const output of result.outputs) assert.ok(written.has(output.name), `the cut promises ${output.name} but nothing in it writes it`);
}
