// The layered, top-to-bottom layout both the viewer's worker and `npu-deploy draw` use, so the two
// always agree. Sugiyama's steps, each kept near-linear and iterative (no recursion that grows
// with the graph; dagre-family layouts overflow the stack near 3,000 nodes):
//   1. layers by longest path (layering.ts);
//   2. an edge spanning several layers becomes a chain through dummy points, one per layer, so it
//      is routed between the boxes and takes part in ordering;
//   3. order within each layer: file order, then a few barycenter sweeps down and up;
//   4. coordinates: layers stacked by their tallest box; in each layer, boxes pulled toward the
//      mean of their neighbours and pushed apart so none overlap.

import { longestPathLayers } from './layering';

export interface LayoutInput {
  nodeCount: number;
  edgeCount: number;
  edgeFrom: ArrayLike<number>;
  edgeTo: ArrayLike<number>;
  width: ArrayLike<number>;
  height: ArrayLike<number>;
}

export interface LayoutResult {
  /** Top-left corner of each node's box. */
  x: Float64Array;
  y: Float64Array;
  layer: Int32Array;
  layerCount: number;
  /** Per edge, its polyline: x0, y0, x1, y1 … from the producer's bottom to the consumer's top. */
  edgePoints: Float64Array[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  /** Space between boxes in a layer, and between layers. */
  nodeGap?: number;
  layerGap?: number;
  margin?: number;
  /** Barycenter sweeps (each one down and one up). */
  sweeps?: number;
  /** More dummy points than this many per node and long edges are drawn straight instead. */
  maxDummiesPerNode?: number;
}

const DUMMY_WIDTH = 8;

export function layeredLayout(input: LayoutInput, options: LayoutOptions = {}): LayoutResult {
  const nodeGap = options.nodeGap ?? 24;
  const layerGap = options.layerGap ?? 36;
  const margin = options.margin ?? 20;
  const sweeps = options.sweeps ?? 4;
  const n = input.nodeCount;
  const { layer, layerCount } = longestPathLayers(input);

  // 2. Dummy points for long edges (only where a consumer sits below its producer: a cycle's
  // back edge stays a straight line).
  let dummyCount = 0;
  for (let e = 0; e < input.edgeCount; e++) {
    const span = layer[input.edgeTo[e]] - layer[input.edgeFrom[e]];
    if (span > 1) dummyCount += span - 1;
  }
  const withDummies = dummyCount <= (options.maxDummiesPerNode ?? 8) * Math.max(n, 1);
  const total = n + (withDummies ? dummyCount : 0);
  const vLayer = new Int32Array(total);
  vLayer.set(layer);
  const w = new Float64Array(total);
  const h = new Float64Array(total);
  for (let i = 0; i < n; i++) {
    w[i] = input.width[i];
    h[i] = input.height[i];
  }
  // Segments of the virtual graph: every real edge, or its chain through dummies.
  const segFrom: number[] = [];
  const segTo: number[] = [];
  /** Per edge, the virtual nodes it passes through, producer and consumer included. */
  const chains: Int32Array[] = new Array(input.edgeCount);
  let next = n;
  for (let e = 0; e < input.edgeCount; e++) {
    const from = input.edgeFrom[e];
    const to = input.edgeTo[e];
    const span = layer[to] - layer[from];
    if (!withDummies || span <= 1) {
      segFrom.push(from);
      segTo.push(to);
      chains[e] = Int32Array.of(from, to);
      continue;
    }
    const chain = new Int32Array(span + 1);
    chain[0] = from;
    let prev = from;
    for (let k = 1; k < span; k++) {
      const d = next++;
      vLayer[d] = layer[from] + k;
      w[d] = DUMMY_WIDTH;
      h[d] = 0;
      segFrom.push(prev);
      segTo.push(d);
      chain[k] = d;
      prev = d;
    }
    segFrom.push(prev);
    segTo.push(to);
    chain[span] = to;
    chains[e] = chain;
  }

  // Neighbours above and below each virtual node, as CSR arrays.
  const up = csr(total, segTo, segFrom);
  const down = csr(total, segFrom, segTo);

  // 3. Order within layers: file order first (nets are written in a sensible order), dummies
  // after the real nodes of their layer, then barycenter sweeps.
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  for (let v = 0; v < total; v++) if (vLayer[v] >= 0 && vLayer[v] < layerCount) layers[vLayer[v]].push(v);
  const pos = new Float64Array(total);
  const setPositions = (list: number[]) => list.forEach((v, i) => (pos[v] = i));
  layers.forEach(setPositions);
  const key = new Float64Array(total);
  const sweep = (l: number, neighbours: Csr) => {
    const list = layers[l];
    for (const v of list) key[v] = meanOver(neighbours, v, pos) ?? pos[v];
    list.sort((a, b) => key[a] - key[b] || pos[a] - pos[b]);
    setPositions(list);
  };
  for (let s = 0; s < sweeps; s++) {
    for (let l = 1; l < layerCount; l++) sweep(l, up);
    for (let l = layerCount - 2; l >= 0; l--) sweep(l, down);
  }

  // 4. Coordinates. Rows: each layer as tall as its tallest box.
  const x = new Float64Array(total);
  const y = new Float64Array(total);
  let top = margin;
  for (let l = 0; l < layerCount; l++) {
    let tallest = 0;
    for (const v of layers[l]) tallest = Math.max(tallest, h[v]);
    for (const v of layers[l]) y[v] = top + (tallest - h[v]) / 2;
    top += tallest + layerGap;
  }
  // Columns: packed left to right, then pulled toward the neighbours' centres a few times.
  for (const list of layers) {
    let left = 0;
    for (const v of list) {
      x[v] = left;
      left += w[v] + nodeGap;
    }
  }
  // Kept up to date as each row moves: the next row reads its neighbours' centres from here.
  const centres = new Float64Array(total);
  for (let v = 0; v < total; v++) centres[v] = x[v] + w[v] / 2;
  const want = new Float64Array(total);
  const place = (l: number, neighbours: Csr) => {
    const list = layers[l];
    for (const v of list) {
      const mean = meanOver(neighbours, v, centres);
      want[v] = mean === undefined ? x[v] : mean - w[v] / 2;
    }
    // Left to right, in order: each box at its wanted place, or just right of the box before it;
    // then the whole row moved back by its mean push, so a row of branches centres under its
    // parent instead of drifting to one side.
    let pushed = 0;
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      x[v] = i === 0 ? want[v] : Math.max(want[v], x[list[i - 1]] + w[list[i - 1]] + nodeGap);
      pushed += x[v] - want[v];
    }
    const back = list.length > 0 ? pushed / list.length : 0;
    for (const v of list) {
      x[v] -= back;
      centres[v] = x[v] + w[v] / 2;
    }
  };
  for (let s = 0; s < sweeps; s++) {
    for (let l = 1; l < layerCount; l++) place(l, up);
    for (let l = layerCount - 2; l >= 0; l--) place(l, down);
  }
  let minX = Infinity;
  let maxX = -Infinity;
  for (let v = 0; v < total; v++) {
    minX = Math.min(minX, x[v]);
    maxX = Math.max(maxX, x[v] + w[v]);
  }
  if (total === 0) minX = maxX = 0;
  for (let v = 0; v < total; v++) x[v] += margin - minX;

  const edgePoints = chains.map((chain) => {
    const points = new Float64Array(chain.length * 2);
    chain.forEach((v, k) => {
      points[2 * k] = x[v] + w[v] / 2;
      // Leave the producer at its bottom, enter the consumer at its top, pass dummies at their row.
      points[2 * k + 1] = k === 0 ? y[v] + h[v] : y[v];
    });
    return points;
  });

  return {
    x: x.slice(0, n),
    y: y.slice(0, n),
    layer,
    layerCount,
    edgePoints,
    width: maxX - minX + 2 * margin,
    height: Math.max(top - layerGap + margin, 2 * margin),
  };
}

interface Csr {
  start: Int32Array;
  to: Int32Array;
}

/** The mean of `value` over v's neighbours, or undefined when it has none. */
function meanOver(neighbours: Csr, v: number, value: Float64Array): number | undefined {
  const first = neighbours.start[v];
  const end = neighbours.start[v + 1];
  if (end === first) return undefined;
  let sum = 0;
  for (let k = first; k < end; k++) sum += value[neighbours.to[k]];
  return sum / (end - first);
}

function csr(count: number, from: number[], to: number[]): Csr {
  const start = new Int32Array(count + 1);
  for (const f of from) start[f + 1]++;
  for (let i = 0; i < count; i++) start[i + 1] += start[i];
  const fill = start.slice(0, count);
  const out = new Int32Array(from.length);
  for (let k = 0; k < from.length; k++) out[fill[from[k]]++] = to[k];
  return { start, to: out };
}
