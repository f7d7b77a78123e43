// Rows in the original model's order, and the first bad layer. Dump files sort by name or by
// time, neither of which is the graph's: a branch's layers interleave, and after a failure every
// layer downstream fails too. So the rows follow a topological order of the model's graph, and
// the first bad layer is the earliest failing row whose inputs all pass: the nearest compared
// layers upstream of it (through layers with no dump) all pass, so the error starts there.

import { dumpOpName } from '../cut/dumpFileNames';
import type { Graph } from '../graph/graph';
import { graphTopology } from '../graph/graphTopology';
import { nodeAdjacency } from '../graph/nodeRange';

export interface ModelOrder {
  /** The node a dump name stands for (a layer name or one of its output tensors' names, as dump files spell them). */
  nodeOf(dumpName: string): number | undefined;
  /** The node's name as the model gives it. */
  nodeName(node: number): string;
  /** The node's place in a topological order. */
  rank(node: number): number;
  /** The nodes whose outputs feed `node`. */
  producers(node: number): readonly number[];
}

export function modelOrder(graph: Graph): ModelOrder {
  const topology = graphTopology(graph);
  const { preds, succs } = adjacencyLists(topology.nodeCount, nodeAdjacency(topology));
  const byName = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    if (!byName.has(dumpOpName(node.name))) byName.set(dumpOpName(node.name), i);
  });
  // Output tensor names second: a Paddle dump names the variable, a Caffe dump the layer.
  graph.nodes.forEach((node, i) => {
    for (const p of node.outputs) {
      const name = dumpOpName(graph.tensors[p.tensor]?.name ?? '');
      if (name && !byName.has(name)) byName.set(name, i);
    }
  });
  const rank = kahnRank(topology.nodeCount, preds, succs);
  return {
    nodeOf: (name) => byName.get(dumpOpName(name)),
    nodeName: (node) => graph.nodes[node].name,
    rank: (node) => rank[node],
    producers: (node) => preds[node],
  };
}

function adjacencyLists(n: number, adjacency: ReturnType<typeof nodeAdjacency>): { preds: number[][]; succs: number[][] } {
  const preds: number[][] = Array.from({ length: n }, () => []);
  const succs: number[][] = Array.from({ length: n }, () => []);
  for (let v = 0; v < n; v++) {
    for (let k = adjacency.succStart[v]; k < adjacency.succStart[v + 1]; k++) {
      const w = adjacency.succ[k];
      if (w === v) continue;
      succs[v].push(w);
      preds[w].push(v);
    }
  }
  return { preds, succs };
}

/** Kahn's order, ready nodes taken in file order; nodes on a cycle (a broken model) follow in file order. */
function kahnRank(n: number, preds: number[][], succs: number[][]): Int32Array {
  const rank = new Int32Array(n).fill(-1);
  const waiting = preds.map((p) => new Set(p).size);
  const ready: number[] = [];
  for (let v = 0; v < n; v++) if (waiting[v] === 0) ready.push(v);
  let next = 0;
  for (let head = 0; head < ready.length; head++) {
    const v = ready[head];
    rank[v] = next++;
    for (const w of new Set(succs[v])) if (--waiting[w] === 0) ready.push(w);
  }
  for (let v = 0; v < n; v++) if (rank[v] < 0) rank[v] = next++;
  return rank;
}

export interface OrderedRow {
  node: number | undefined;
  pass: boolean;
}

/**
 * The index of the first bad row among `rows` (already in order), or -1: the first failing row
 * whose nearest compared ancestors all pass. Without a model (`order` undefined) the first failing row.
 */
export function firstBadRow(rows: readonly OrderedRow[], order: ModelOrder | undefined): number {
  if (!order) return rows.findIndex((r) => !r.pass);
  const passOfNode = new Map<number, boolean>();
  for (const r of rows) if (r.node !== undefined) passOfNode.set(r.node, (passOfNode.get(r.node) ?? true) && r.pass);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.pass || row.node === undefined) continue;
    if (nearestCompared(row.node, order, passOfNode).every((v) => passOfNode.get(v))) return i;
  }
  // Every failing row has a failing input (a cycle, or failures only where no model node is known).
  return rows.findIndex((r) => !r.pass);
}

function nearestCompared(node: number, order: ModelOrder, compared: Map<number, boolean>): number[] {
  const found = new Set<number>();
  const seen = new Set<number>([node]);
  const stack = [...order.producers(node)];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    if (compared.has(v)) found.add(v);
    else stack.push(...order.producers(v));
  }
  return [...found];
}
