// What the details panel shows for one node, asked for by id when the user selects it: every
// attribute, the tensors in and out with shapes and dtypes, the weights, where the node is
// written. The drawing itself never carries these (see compactGraph.ts).

import type { OpenedModel } from '../model';
import type { AttrValue, Graph, GraphNode, NodeOrigin, Shape, SourceRange } from './graph';

export interface TensorRef {
  slot: string;
  /** The tensor's id in the graph (`name#k` for a rewrite) and the name the file gives. */
  tensor: string;
  name: string;
  shape: Shape | null;
  dtype: string | null;
}

export interface WeightDetails {
  slot: string;
  name: string;
  shape: Shape | null;
  dtype: string | null;
  /** Whether the loaded weights hold its bytes (statistics can be asked for). */
  stored: boolean;
}

export interface NodeDetails {
  id: string;
  name: string;
  type: string;
  group: string[];
  attributes: Record<string, AttrValue>;
  inputs: TensorRef[];
  outputs: TensorRef[];
  weights: WeightDetails[];
  location: SourceRange | null;
  origin: NodeOrigin;
  /** Whether the op keeps the Python lines that created it (Paddle's op_callstack), to ask for. */
  hasCallstack: boolean;
}

const byIdCache = new WeakMap<Graph, Map<string, GraphNode>>();

export function nodeById(graph: Graph, id: string): GraphNode | undefined {
  let byId = byIdCache.get(graph);
  if (!byId) {
    byId = new Map(graph.nodes.map((n) => [n.id, n]));
    byIdCache.set(graph, byId);
  }
  return byId.get(id);
}

export function nodeDetails(model: OpenedModel, id: string, hasCallstack: (node: GraphNode) => boolean): NodeDetails | undefined {
  const node = nodeById(model.graph, id);
  if (!node) return undefined;
  const ref = ({ slot, tensor }: { slot: string; tensor: string }): TensorRef => {
    const t = model.graph.tensors[tensor];
    return { slot, tensor, name: t?.name ?? tensor, shape: t?.shape ? [...t.shape] : null, dtype: t?.dtype ?? null };
  };
  return {
    id: node.id,
    name: node.name,
    type: node.type,
    group: node.group ?? [],
    attributes: node.attributes,
    inputs: node.inputs.map(ref),
    outputs: node.outputs.map(ref),
    weights: node.weights.map((w) => ({
      slot: w.slot,
      name: w.name,
      shape: w.shape ? [...w.shape] : null,
      dtype: w.dtype ?? null,
      stored: w.key !== undefined && model.weights?.get(w.key) !== undefined,
    })),
    location: node.location ?? null,
    origin: node.origin,
    hasCallstack: hasCallstack(node),
  };
}
