// The laid-out graph as the view draws and hit-tests it: the worker's layout, the labels, and one
// grid index over the boxes and one over the edges' bounding boxes.

import type { CompactGraphReader } from '../../src/core/graph/compactGraph';
import type { GraphLayout } from '../../src/core/layout/graphLayout';
import { GraphLabels } from './graphLabels';
import { GridIndex } from './gridIndex';

export class GraphScene {
  readonly labels: GraphLabels;
  readonly nodes: GridIndex;
  readonly edges: GridIndex;

  constructor(readonly reader: CompactGraphReader, readonly layout: GraphLayout) {
    const { x, y, width, height, edgePoints, edgeStart, totalWidth, totalHeight } = layout;
    this.labels = new GraphLabels(reader);
    this.nodes = new GridIndex(totalWidth, totalHeight, x.length, (i, out) => {
      out[0] = x[i];
      out[1] = y[i];
      out[2] = x[i] + width[i];
      out[3] = y[i] + height[i];
    });
    this.edges = new GridIndex(totalWidth, totalHeight, edgeStart.length - 1, (e, out) => {
      out[0] = out[1] = Infinity;
      out[2] = out[3] = -Infinity;
      for (let k = edgeStart[e]; k < edgeStart[e + 1]; k += 2) {
        out[0] = Math.min(out[0], edgePoints[k]);
        out[2] = Math.max(out[2], edgePoints[k]);
        out[1] = Math.min(out[1], edgePoints[k + 1]);
        out[3] = Math.max(out[3], edgePoints[k + 1]);
      }
    });
  }

  get nodeCount(): number {
    return this.layout.x.length;
  }

  /**
   * The node under a point of the drawing: the box that holds it, or else the nearest box within
   * `slack` (world units), so a box drawn at its 1-pixel minimum far out can still be clicked.
   */
  nodeAt(px: number, py: number, slack: number): number | undefined {
    const { x, y, width, height } = this.layout;
    let best: number | undefined;
    let bestDistance = Infinity;
    this.nodes.visit(px - slack, py - slack, px + slack, py + slack, (i) => {
      const dx = Math.max(x[i] - px, 0, px - (x[i] + width[i]));
      const dy = Math.max(y[i] - py, 0, py - (y[i] + height[i]));
      const d = Math.hypot(dx, dy);
      if (d <= slack && d < bestDistance) {
        best = i;
        bestDistance = d;
      }
    });
    return best;
  }
}
