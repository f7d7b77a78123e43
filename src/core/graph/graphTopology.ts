// A Graph's nodes, tensors and edges as indices, in the same numbering and edge rule as
// toCompactGraph (nodes in graph order, tensors in key order, one edge per producer → consumer of a
// tensor) but without its string tables: what nodeRange needs on the extension host and in the CLI,
// built in one pass over nodes and tensors.

import type { Graph } from './graph';
import type { RangeTopology } from './nodeRange';

export interface GraphTopology extends RangeTopology {
  nodeIndex: Map<string, number>;
  tensorIds: string[];
}

export function graphTopology(graph: Graph): GraphTopology {
  const tensorIds = Object.keys(graph.tensors);
  const tensorIndex = new Map<string, number>();
  tensorIds.forEach((id, i) => tensorIndex.set(id, i));
  const nodeIndex = new Map<string, number>();
  graph.nodes.forEach((node, i) => nodeIndex.set(node.id, i));

  const n = graph.nodes.length;
  const nodeInputStart = new Uint32Array(n + 1);
  const nodeOutputStart = new Uint32Array(n + 1);
  const inputs: number[] = [];
  const outputs: number[] = [];
  graph.nodes.forEach((node, i) => {
    for (const p of node.inputs) {
      const t = tensorIndex.get(p.tensor);
      if (t !== undefined) inputs.push(t);
    }
    for (const p of node.outputs) {
      const t = tensorIndex.get(p.tensor);
      if (t !== undefined) outputs.push(t);
    }
    nodeInputStart[i + 1] = inputs.length;
    nodeOutputStart[i + 1] = outputs.length;
  });

  const tensorProducer = new Int32Array(tensorIds.length);
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  const edgeTensor: number[] = [];
  tensorIds.forEach((id, t) => {
    const tensor = graph.tensors[id];
    const producer = tensor.producer === undefined ? -1 : (nodeIndex.get(tensor.producer) ?? -1);
    tensorProducer[t] = producer;
    if (producer < 0) return;
    for (const consumer of tensor.consumers) {
      const to = nodeIndex.get(consumer);
      if (to !== undefined) {
        edgeFrom.push(producer);
        edgeTo.push(to);
        edgeTensor.push(t);
      }
    }
  });

  const indices = (ids: string[]) => Uint32Array.from(ids.flatMap((id) => tensorIndex.get(id) ?? []));
  return {
    nodeCount: n,
    tensorCount: tensorIds.length,
    nodeInputStart,
    nodeInputs: Uint32Array.from(inputs),
    nodeOutputStart,
    nodeOutputs: Uint32Array.from(outputs),
    tensorProducer,
    edgeCount: edgeFrom.length,
    edgeFrom: Uint32Array.from(edgeFrom),
    edgeTo: Uint32Array.from(edgeTo),
    edgeTensor: Uint32Array.from(edgeTensor),
    inputs: indices(graph.inputs),
    outputs: indices(graph.outputs),
    nodeIndex,
    tensorIds,
  };
}
