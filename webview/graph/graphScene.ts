// The laid-out graph as the view draws and hit-tests it: the worker's layout, the labels, and one
// grid index over the boxes, one over the edges' bounding boxes and one over the groups shown
// (collapsed boxes and expanded frames). Nodes hidden in a collapsed group have no place (NaN)
// and so are in no grid: nothing finds, draws or clicks them.

import type { CompactGraphReader } from '../../src/core/graph/compactGraph';
import type { NodeGrouping } from '../../src/core/graph/nodeGroups';
import type { GraphLayout } from '../../src/core/layout/graphLayout';
import type { GroupedGraphLayout } from '../../src/core/layout/groupedLayout';
import { BOX_HEIGHT, GROUP_CHEVRON, GROUP_HEADER } from '../../src/core/layout/nodeBoxes';
import { GraphLabels } from './graphLabels';
import { GridIndex } from './gridIndex';

/** The groups of a grouped layout, what the scene needs to draw and hit them. */
export interface SceneGroups {
  grouping: NodeGrouping;
  layout: GroupedGraphLayout;
  index: GridIndex;
  /** `12 nodes`, in the page's language. */
  countLabel: (size: number) => string;
}

export class GraphScene {
  readonly labels: GraphLabels;
  readonly nodes: GridIndex;
  readonly edges: GridIndex;
  readonly groups: SceneGroups | undefined;

  constructor(
    readonly reader: CompactGraphReader,
    readonly layout: GraphLayout,
    grouping?: { grouping: NodeGrouping; countLabel: (size: number) => string },
  ) {
    const { x, y, width, height, edgePoints, edgeStart, totalWidth, totalHeight } = layout;
    this.labels = new GraphLabels(reader, (e) => edgeStart[e + 1] > edgeStart[e]);
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
    const grouped = layout as Partial<GroupedGraphLayout>;
    if (grouping && grouped.groupX && grouping.grouping.groupCount > 0) {
      const l = layout as GroupedGraphLayout;
      const index = new GridIndex(totalWidth, totalHeight, grouping.grouping.groupCount, (g, out) => {
        out[0] = l.groupX[g];
        out[1] = l.groupY[g];
        out[2] = l.groupX[g] + l.groupWidth[g];
        out[3] = l.groupY[g] + l.groupHeight[g];
      });
      this.groups = { grouping: grouping.grouping, layout: l, index, countLabel: grouping.countLabel };
    }
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

  /**
   * The group under a point: a collapsed group's box (within `slack`, as for nodes), or else the
   * innermost expanded frame that holds it; and whether the point is on its chevron.
   */
  groupAt(px: number, py: number, slack: number): { group: number; chevron: boolean } | undefined {
    const groups = this.groups;
    if (!groups) return undefined;
    const { groupX: x, groupY: y, groupWidth: w, groupHeight: h, groupExpanded } = groups.layout;
    let best: number | undefined;
    let bestDistance = Infinity;
    let frame: number | undefined;
    groups.index.visit(px - slack, py - slack, px + slack, py + slack, (g) => {
      const dx = Math.max(x[g] - px, 0, px - (x[g] + w[g]));
      const dy = Math.max(y[g] - py, 0, py - (y[g] + h[g]));
      if (groupExpanded[g]) {
        // Parents come before their children: the highest index holding the point is the innermost.
        if (dx === 0 && dy === 0 && (frame === undefined || g > frame)) frame = g;
        return;
      }
      const d = Math.hypot(dx, dy);
      if (d <= slack && d < bestDistance) {
        best = g;
        bestDistance = d;
      }
    });
    const g = best ?? frame;
    if (g === undefined) return undefined;
    const top = groupExpanded[g] ? GROUP_HEADER : BOX_HEIGHT;
    return { group: g, chevron: px >= x[g] + w[g] - GROUP_CHEVRON && py <= y[g] + top };
  }

  /** The box a node is drawn as: its own, or the collapsed group's it hides in. */
  shownBox(node: number): { x: number; y: number; width: number; height: number } {
    const { x, y, width, height } = this.layout;
    if (!Number.isNaN(x[node]) || !this.groups) return { x: x[node], y: y[node], width: width[node], height: height[node] };
    return this.groupBox(this.groups.layout.nodeShownAs[node] - this.nodeCount);
  }

  groupBox(g: number): { x: number; y: number; width: number; height: number } {
    const l = this.groups!.layout;
    return { x: l.groupX[g], y: l.groupY[g], width: l.groupWidth[g], height: l.groupHeight[g] };
  }
}
