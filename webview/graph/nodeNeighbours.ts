// Where the arrow keys go from a node: up to the producer above it, down to the consumer below,
// left and right to the next box in its row. Among several producers or consumers, the one whose
// box is nearest in x; but the opposite key right after a move goes back to where it came from,
// so Up then Down returns along the same edge even into a branch that is not the nearest. The
// adjacency is the range rule's (nodeAdjacency, built once); a row is found through the grid
// that hit-tests, so a key press costs the node's edges plus one row of boxes, never the graph.

import { nodeAdjacency, type NodeAdjacency } from '../../src/core/graph/nodeRange';
import type { GraphScene } from './graphScene';

export type Direction = 'up' | 'down' | 'left' | 'right';

const OPPOSITE: Record<Direction, Direction> = { up: 'down', down: 'up', left: 'right', right: 'left' };

export class NodeNeighbours {
  private adjacency: NodeAdjacency | undefined;
  /** The last move: from `from` the key `direction` led to `to`. */
  private last: { from: number; to: number; direction: Direction } | undefined;

  constructor(private readonly scene: GraphScene) {}

  /** The node the arrow leads to from `node`, or undefined when there is none that way. */
  next(node: number, direction: Direction): number | undefined {
    const last = this.last;
    const to = last && last.to === node && OPPOSITE[last.direction] === direction ? last.from : this.nearest(node, direction);
    this.last = to === undefined ? undefined : { from: node, to, direction };
    return to;
  }

  private nearest(node: number, direction: Direction): number | undefined {
    const { x, y, width, height, totalWidth } = this.scene.layout;
    const cx = (i: number) => x[i] + width[i] / 2;
    const cy = (i: number) => y[i] + height[i] / 2;
    const here = cx(node);
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
      for (let k = start[node]; k < start[node + 1]; k++) consider(list[k], Math.abs(cx(list[k]) - here));
      return best;
    }
    // The row: boxes whose vertical middle lies within this box's height.
    const middle = cy(node);
    const half = height[node] / 2;
    this.scene.nodes.visit(0, middle - half, totalWidth, middle + half, (i) => {
      if (i === node || Math.abs(cy(i) - middle) > half) return;
      const dx = cx(i) - here;
      if (direction === 'left' ? dx < 0 : dx > 0) consider(i, Math.abs(dx));
    });
    return best;
  }
}
