// Where the arrow keys go from what the keyboard's cursor is on: a box shown in the view, a node
// or a collapsed group (item nodeCount + g, as GroupedGraphLayout.nodeShownAs numbers them). Up
// goes to a producer above, Down to a consumer below, Left and Right to the next box in its row.
// A node hidden in a collapsed group is never a stop: an edge to it leads to the group's box, and
// a group's own edges are those of the nodes it hides. Among several, the one whose box is
// nearest in x; but the opposite key right after a move goes back to where it came from, so Up
// then Down returns along the same edge even into a branch that is not the nearest. The
// adjacency is the range rule's (nodeAdjacency, built once); a row is found through the grids
// that hit-test, so a key press costs the item's edges plus one row of boxes.

import { nodeAdjacency, type NodeAdjacency } from '../../src/core/graph/nodeRange';
import type { GraphScene } from './graphScene';

export type Direction = 'up' | 'down' | 'left' | 'right';

const OPPOSITE: Record<Direction, Direction> = { up: 'down', down: 'up', left: 'right', right: 'left' };

export class NodeNeighbours {
  private adjacency: NodeAdjacency | undefined;
  /** The last move: from `from` the key `direction` led to `to`. */
  private last: { from: number; to: number; direction: Direction } | undefined;

  constructor(private readonly scene: GraphScene) {}

  /** What a node is shown as: itself, or the collapsed group's item it hides in. */
  shownAs(node: number): number {
    return this.scene.groups ? this.scene.groups.layout.nodeShownAs[node] : node;
  }

  /** The item the arrow leads to from `item`, or undefined when there is none that way. */
  next(item: number, direction: Direction): number | undefined {
    const last = this.last;
    const to = last && last.to === item && OPPOSITE[last.direction] === direction ? last.from : this.nearest(item, direction);
    this.last = to === undefined ? undefined : { from: item, to, direction };
    return to;
  }

  private box(item: number): { x: number; y: number; width: number; height: number } {
    const n = this.scene.nodeCount;
    if (item < n) {
      const { x, y, width, height } = this.scene.layout;
      return { x: x[item], y: y[item], width: width[item], height: height[item] };
    }
    return this.scene.groupBox(item - n);
  }

  private nearest(item: number, direction: Direction): number | undefined {
    const n = this.scene.nodeCount;
    const centreX = (i: number) => {
      const b = this.box(i);
      return b.x + b.width / 2;
    };
    const here = this.box(item);
    const hereX = here.x + here.width / 2;
    let best: number | undefined;
    let bestDistance = Infinity;
    const consider = (i: number, distance: number) => {
      if (distance < bestDistance || (distance === bestDistance && best !== undefined && i < best)) {
        best = i;
        bestDistance = distance;
      }
    };
    if (direction === 'up' || direction === 'down') {
      this.adjacency ??= nodeAdjacency(this.scene.reader.graph);
      const { succStart, succ, predStart, pred } = this.adjacency;
      const [start, list] = direction === 'up' ? [predStart, pred] : [succStart, succ];
      const visitEdges = (node: number) => {
        for (let k = start[node]; k < start[node + 1]; k++) {
          const to = this.shownAs(list[k]);
          if (to !== item) consider(to, Math.abs(centreX(to) - hereX));
        }
      };
      if (item < n) visitEdges(item);
      else {
        // A group's edges are its hidden nodes': one pass over nodeShownAs finds them.
        const shownAs = this.scene.groups!.layout.nodeShownAs;
        for (let i = 0; i < n; i++) if (shownAs[i] === item) visitEdges(i);
      }
      return best;
    }
    // The row: boxes whose vertical middle lies within this box's height.
    const middle = here.y + here.height / 2;
    const half = here.height / 2;
    const inRow = (i: number) => {
      if (i === item) return;
      const b = this.box(i);
      if (Math.abs(b.y + b.height / 2 - middle) > half) return;
      const dx = b.x + b.width / 2 - hereX;
      if (direction === 'left' ? dx < 0 : dx > 0) consider(i, Math.abs(dx));
    };
    const { totalWidth } = this.scene.layout;
    this.scene.nodes.visit(0, middle - half, totalWidth, middle + half, inRow);
    const groups = this.scene.groups;
    if (groups) {
      // Collapsed boxes only: an expanded group's frame is not a stop, its nodes are.
      groups.index.visit(0, middle - half, totalWidth, middle + half, (g) => {
        if (!groups.layout.groupExpanded[g] && !Number.isNaN(groups.layout.groupX[g])) inRow(n + g);
      });
    }
    return best;
  }
}
