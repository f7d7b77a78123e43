// The layered layout of a compact graph as flat typed arrays: what the viewer's layout worker
// sends back to the page, moving (not copying) a handful of buffers however big the net. Boxes
// are sized by nodeBoxes, as `npu-deploy draw` sizes them, so the canvas and the SVG agree.

import { CompactGraphReader, type CompactGraph } from '../graph/compactGraph';
import { layeredLayout } from './layeredLayout';
import { nodeBoxes } from './nodeBoxes';

export interface GraphLayout {
  /** Top-left corner and size of each node's box. */
  x: Float64Array;
  y: Float64Array;
  width: Float64Array;
  height: Float64Array;
  /** Edge e's polyline is x, y pairs edgePoints[edgeStart[e] .. edgeStart[e + 1]) (indices of numbers, not points). */
  edgePoints: Float64Array;
  edgeStart: Uint32Array;
  layerCount: number;
  /** The whole drawing's size, margins included. */
  totalWidth: number;
  totalHeight: number;
}

export function graphLayout(graph: CompactGraph): GraphLayout {
  const { width, height } = nodeBoxes(new CompactGraphReader(graph));
  const r = layeredLayout({ nodeCount: graph.nodeCount, edgeCount: graph.edgeCount, edgeFrom: graph.edgeFrom, edgeTo: graph.edgeTo, width, height });
  const edgeStart = new Uint32Array(graph.edgeCount + 1);
  for (let e = 0; e < graph.edgeCount; e++) edgeStart[e + 1] = edgeStart[e] + r.edgePoints[e].length;
  const edgePoints = new Float64Array(edgeStart[graph.edgeCount]);
  for (let e = 0; e < graph.edgeCount; e++) edgePoints.set(r.edgePoints[e], edgeStart[e]);
  return { x: r.x, y: r.y, width, height, edgePoints, edgeStart, layerCount: r.layerCount, totalWidth: r.width, totalHeight: r.height };
}

/** The buffers of a layout, for postMessage's transfer list. */
export function graphLayoutBuffers(l: GraphLayout): ArrayBuffer[] {
  return [l.x, l.y, l.width, l.height, l.edgePoints, l.edgeStart].map((a) => a.buffer as ArrayBuffer);
}
