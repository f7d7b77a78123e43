// The range-selection rule on node and tensor indices, the one algorithm behind both the graph
// model's selectRange (rangeSelection.ts) and the webview's colouring of a CompactGraph: the
// selection is every node reachable forward from some start and backward from some end (starts
// and ends included), i.e. every node on some path from a start to an end. Pure: no strings, no
// l10n, no Node or DOM, so the webview can import it; a refusal carries a code and node indices and
// each side words it in its own strings.
//
// Linear in nodes + edges per call: the adjacency is two counting-sorted arrays built from the
// edge list (or passed in, built once), every walk is an iterative breadth-first search over them
// (a 275,000-layer chain would overflow a recursive one), and a refusal's explanation costs one
// more walk.

import type { CompactGraph } from './compactGraph';
import { rangeBoundary } from './rangeBoundary';

/** The parts of a CompactGraph the rule reads; selectRange builds the same from a Graph. */
export type RangeTopology = Pick<
  CompactGraph,
  'nodeCount' | 'tensorCount' | 'nodeInputStart' | 'nodeInputs' | 'nodeOutputStart' | 'nodeOutputs' | 'tensorProducer' | 'edgeCount' | 'edgeFrom' | 'edgeTo' | 'edgeTensor' | 'inputs' | 'outputs'
>;

/** Successors and predecessors of every node: node i's are succ[succStart[i] .. succStart[i + 1]), likewise pred. */
export interface NodeAdjacency {
  succStart: Uint32Array;
  succ: Uint32Array;
  predStart: Uint32Array;
  pred: Uint32Array;
}

export interface NodeRange {
  refused: false;
  /** 1 for a selected node, by node index: what the drawing colours. */
  inside: Uint8Array;
  /** The selected node indices, ascending (graph order). */
  nodes: Uint32Array;
  /** Tensor indices the sub-model is fed with, in the order selected nodes first read them. */
  inputs: Uint32Array;
  /** Tensor indices the sub-model delivers, in the order selected nodes write them. */
  outputs: Uint32Array;
}

export type RangeRefusalCode = 'unknown-node' | 'end-above-start' | 'no-path' | 'empty';

export interface NodeRangeRefusal {
  refused: true;
  code: RangeRefusalCode;
  /** The start the refusal is about (for unknown-node: the index given), when there is one. */
  start?: number;
  /** The end the refusal is about, when there is one. */
  end?: number;
}

export function nodeAdjacency(topology: Pick<RangeTopology, 'nodeCount' | 'edgeCount' | 'edgeFrom' | 'edgeTo'>): NodeAdjacency {
  const { nodeCount: n, edgeCount: m, edgeFrom, edgeTo } = topology;
  const succStart = new Uint32Array(n + 1);
  const predStart = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) {
    succStart[edgeFrom[e] + 1]++;
    predStart[edgeTo[e] + 1]++;
  }
  for (let i = 0; i < n; i++) {
    succStart[i + 1] += succStart[i];
    predStart[i + 1] += predStart[i];
  }
  const succ = new Uint32Array(m);
  const pred = new Uint32Array(m);
  const succNext = succStart.slice(0, n);
  const predNext = predStart.slice(0, n);
  for (let e = 0; e < m; e++) {
    succ[succNext[edgeFrom[e]]++] = edgeTo[e];
    pred[predNext[edgeTo[e]]++] = edgeFrom[e];
  }
  return { succStart, succ, predStart, pred };
}

/** Marks every node reachable from `from` (themselves included) along `next`. */
function reach(nodeCount: number, from: readonly number[], start: Uint32Array, next: Uint32Array): Uint8Array {
  const seen = new Uint8Array(nodeCount);
  const queue = new Uint32Array(nodeCount);
  let tail = 0;
  for (const v of from) {
    if (seen[v]) continue;
    seen[v] = 1;
    queue[tail++] = v;
  }
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    for (let k = start[v]; k < start[v + 1]; k++) {
      const w = next[k];
      if (seen[w]) continue;
      seen[w] = 1;
      queue[tail++] = w;
    }
  }
  return seen;
}

/** The first of `candidates` (in their order) that `seen` marks. */
function firstMarked(candidates: readonly number[], seen: Uint8Array): number | undefined {
  return candidates.find((c) => seen[c] === 1);
}

/**
 * The range between `starts` and `ends` (node indices), or why there is none. Every start must
 * reach some end and every end be reached from some start: a start left out of its own selection
 * would be coloured as a start with nothing after it.
 */
export function nodeRange(topology: RangeTopology, starts: readonly number[], ends: readonly number[], adjacency: NodeAdjacency = nodeAdjacency(topology)): NodeRange | NodeRangeRefusal {
  const n = topology.nodeCount;
  const outside = (v: number) => !Number.isInteger(v) || v < 0 || v >= n;
  const unknownStart = starts.find(outside);
  if (unknownStart !== undefined) return { refused: true, code: 'unknown-node', start: unknownStart };
  const unknownEnd = ends.find(outside);
  if (unknownEnd !== undefined) return { refused: true, code: 'unknown-node', end: unknownEnd };
  if (starts.length === 0 || ends.length === 0) return { refused: true, code: 'empty' };

  const { succStart, succ, predStart, pred } = adjacency;
  const forward = reach(n, starts, succStart, succ);
  const backward = reach(n, ends, predStart, pred);

  const strandedStart = starts.find((s) => !backward[s]);
  if (strandedStart !== undefined) {
    // Is some end among its ancestors? Then it was put below that end.
    const endAbove = firstMarked(ends, reach(n, [strandedStart], predStart, pred));
    if (endAbove !== undefined) return { refused: true, code: 'end-above-start', start: strandedStart, end: endAbove };
    return { refused: true, code: 'no-path', start: strandedStart, end: ends.length === 1 ? ends[0] : undefined };
  }
  const strandedEnd = ends.find((e) => !forward[e]);
  if (strandedEnd !== undefined) {
    const startBelow = firstMarked(starts, reach(n, [strandedEnd], succStart, succ));
    if (startBelow !== undefined) return { refused: true, code: 'end-above-start', start: startBelow, end: strandedEnd };
    return { refused: true, code: 'no-path', start: starts.length === 1 ? starts[0] : undefined, end: strandedEnd };
  }

  const inside = new Uint8Array(n);
  let count = 0;
  for (let v = 0; v < n; v++) {
    if (forward[v] && backward[v]) {
      inside[v] = 1;
      count++;
    }
  }
  const nodes = new Uint32Array(count);
  for (let v = 0, k = 0; v < n; v++) if (inside[v]) nodes[k++] = v;
  const isEnd = new Uint8Array(n);
  for (const e of ends) isEnd[e] = 1;
  return { refused: false, inside, nodes, ...rangeBoundary(topology, inside, nodes, isEnd) };
}

/** The rule over the webview's CompactGraph as it is (it carries every array the rule reads); build the adjacency once with nodeAdjacency to answer each click in two walks. */
export function selectCompactRange(graph: CompactGraph, starts: readonly number[], ends: readonly number[], adjacency?: NodeAdjacency): NodeRange | NodeRangeRefusal {
  return nodeRange(graph, starts, ends, adjacency);
}
