// The range a sub-model export takes around a layer (the results view's "Dump around the first
// bad layer"): from the nodes that feed it to the nodes it feeds, so the exported piece holds the
// layer with real producers for its inputs and real consumers of its outputs. The Dump dialog
// checks the range again with the cut's own rule before it dumps.

import type { CompactGraphReader } from '../graph/compactGraph';

export interface NodeRange {
  starts: string[];
  ends: string[];
}

/** Starts: the producers of the node's inputs (the node itself when the model's inputs feed it); ends: its outputs' consumers (itself at the model's end). */
export function rangeAround(reader: CompactGraphReader, node: number): NodeRange {
  const g = reader.graph;
  const starts = new Set<number>();
  for (const tensor of reader.nodeInputs(node)) {
    const producer = g.tensorProducer[tensor];
    if (producer >= 0 && producer !== node) starts.add(producer);
  }
  const outputs = new Set(reader.nodeOutputs(node));
  const ends = new Set<number>();
  for (let e = 0; e < g.edgeCount; e++) if (g.edgeFrom[e] === node && outputs.has(g.edgeTensor[e]) && g.edgeTo[e] !== node) ends.add(g.edgeTo[e]);
  const ids = (nodes: Set<number>) => (nodes.size > 0 ? [...nodes].sort((a, b) => a - b).map((i) => reader.nodeId(i)) : [reader.nodeId(node)]);
  return { starts: ids(starts), ends: ids(ends) };
}
