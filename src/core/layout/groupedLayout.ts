// The graph laid out with its groups (nodeGroups.ts) collapsed or expanded, as Model Explorer lays
// them out: each level (the top, or one group) on its own, by the one layered layout
// (layeredLayout.ts), over its items: its own nodes and its sub-groups, each sub-group one box (a
// collapsed group's box, or an expanded group's frame as big as its own layout plus a header).
// A level's layout is computed when it is first shown and kept; expanding or collapsing a group
// changes only the sizes its ancestors see, so only they are laid out again. A graph without
// groups is one level of all its nodes: exactly graphLayout's layout, what `npu-deploy draw` draws.
//
// Edges are routed at the level where their two ends meet; an end hidden in a collapsed group
// attaches to that group's box, keeping its tensor's shape (one edge per box pair and tensor); an
// end deep inside an expanded frame leaves it straight down (or enters straight up) to the frame's
// border and joins the route there.

import { CompactGraphReader, type CompactGraph } from '../graph/compactGraph';
import type { NodeGrouping } from '../graph/nodeGroups';
import type { GraphLayout } from './graphLayout';
import { layeredLayout, type LayoutResult } from './layeredLayout';
import { BOX_HEIGHT, GROUP_HEADER, groupBoxWidth, nodeBoxes } from './nodeBoxes';

export interface GroupedGraphLayout extends GraphLayout {
  /** Node boxes as in GraphLayout; x and y are NaN for a node hidden in a collapsed group. */
  /** Each group's box (collapsed) or frame (expanded); NaN for a group not shown. */
  groupX: Float64Array;
  groupY: Float64Array;
  groupWidth: Float64Array;
  groupHeight: Float64Array;
  /** 1 for a group shown expanded (a frame), 0 for one shown collapsed or not shown. */
  groupExpanded: Uint8Array;
  /** What each node is drawn as: itself (its index), or nodeCount + g for the collapsed group g it hides in. */
  nodeShownAs: Int32Array;
}

/** One level's items (node i, or nodeCount + g for group g) and its layout, kept until a child's size changes. */
interface Level {
  items: Int32Array;
  /** The graph edges routed at this level, and their ends as indices into items. */
  edges: Uint32Array;
  from: Uint32Array;
  to: Uint32Array;
  result?: LayoutResult;
}

export class GroupedLayout {
  private readonly n: number;
  private readonly levels: Level[];
  /** The level (group, or groupCount for the top) each edge is routed at, and its index among that level's edges. */
  private readonly edgeLevel: Int32Array;
  private readonly edgeLocal: Uint32Array;
  private readonly width: Float64Array;
  private readonly height: Float64Array;
  private readonly collapsedWidth: Float64Array;
  private expanded: Uint8Array;
  /** How many level layouts have been computed: what tests read to see the laziness. */
  laidOut = 0;

  /** `reader`, when given, reads the same graph (its decoded names are shared with the caller's). */
  constructor(readonly graph: CompactGraph, readonly grouping: NodeGrouping, reader?: CompactGraphReader) {
    const n = (this.n = graph.nodeCount);
    const G = grouping.groupCount;
    const { width, height } = nodeBoxes(reader ?? new CompactGraphReader(graph));
    this.width = width;
    this.height = height;
    this.collapsedWidth = Float64Array.from(grouping.groupLabel, (label) => groupBoxWidth(label));
    this.expanded = new Uint8Array(G);
    const parent = grouping.groupParent;
    const depth = new Int32Array(G);
    for (let g = 0; g < G; g++) depth[g] = parent[g] >= 0 ? depth[parent[g]] + 1 : 1;
    const levelOf = (g: number) => (g < 0 ? G : g);

    // Items per level, in the order of their first node in the file (layeredLayout's first order).
    const first = new Int32Array(G).fill(n);
    for (let i = n - 1; i >= 0; i--) for (let g = grouping.nodeGroup[i]; g >= 0 && first[g] > i; g = parent[g]) first[g] = i;
    const lists: number[][] = Array.from({ length: G + 1 }, () => []);
    for (let i = 0; i < n; i++) lists[levelOf(grouping.nodeGroup[i])].push(i);
    for (let g = 0; g < G; g++) lists[levelOf(parent[g])].push(n + g);
    const firstOf = (item: number) => (item < n ? item : first[item - n]);
    const local = new Uint32Array(n + G);
    const items = lists.map((list) => {
      list.sort((a, b) => firstOf(a) - firstOf(b));
      list.forEach((item, k) => (local[item] = k));
      return Int32Array.from(list);
    });

    // Each edge at the level where its ends meet, between the items there that hold them.
    const lift = (node: number, level: number) => {
      let g = grouping.nodeGroup[node];
      if (levelOf(g) === level) return node;
      while (levelOf(parent[g]) !== level) g = parent[g];
      return n + g;
    };
    const edgeLists = Array.from({ length: G + 1 }, () => ({ edges: [] as number[], from: [] as number[], to: [] as number[] }));
    this.edgeLevel = new Int32Array(graph.edgeCount);
    this.edgeLocal = new Uint32Array(graph.edgeCount);
    for (let e = 0; e < graph.edgeCount; e++) {
      const u = graph.edgeFrom[e];
      const v = graph.edgeTo[e];
      let a = grouping.nodeGroup[u];
      let b = grouping.nodeGroup[v];
      while (a !== b) {
        const da = a < 0 ? 0 : depth[a];
        const db = b < 0 ? 0 : depth[b];
        if (da >= db) a = parent[a];
        else b = parent[b];
      }
      const level = levelOf(a);
      const list = edgeLists[level];
      this.edgeLevel[e] = level;
      this.edgeLocal[e] = list.edges.length;
      list.edges.push(e);
      list.from.push(local[lift(u, level)]);
      list.to.push(local[lift(v, level)]);
    }
    this.levels = items.map((list, l) => ({
      items: list,
      edges: Uint32Array.from(edgeLists[l].edges),
      from: Uint32Array.from(edgeLists[l].from),
      to: Uint32Array.from(edgeLists[l].to),
    }));
  }

  /** Group indices of these paths, as a flag per group. */
  expandedFlags(paths: Iterable<string>): Uint8Array {
    const wanted = new Set(paths);
    return Uint8Array.from(this.grouping.groupPath, (p) => (wanted.has(p) ? 1 : 0));
  }

  /**
   * The layout with these groups expanded (a flag per group; a group inside a collapsed one is
   * not shown, whatever its flag). Levels laid out before and not affected are reused.
   */
  layout(expanded: Uint8Array): GroupedGraphLayout {
    const G = this.grouping.groupCount;
    const parent = this.grouping.groupParent;
    // A group whose flag changed has a new size: its ancestors' layouts are stale, its own is not.
    for (let g = 0; g < G; g++) {
      if (!!expanded[g] === !!this.expanded[g]) continue;
      for (let p = parent[g]; ; p = parent[p]) {
        this.levels[p < 0 ? G : p].result = undefined;
        if (p < 0) break;
      }
    }
    this.expanded = Uint8Array.from({ length: G }, (_, g) => (expanded[g] ? 1 : 0));
    const root = this.levelLayout(G);
    return this.compose(root);
  }

  /** A level's layout, laying out first the expanded sub-groups it needs the size of. */
  private levelLayout(level: number): LayoutResult {
    const cached = this.levels[level].result;
    if (cached) return cached;
    // Depth-first without recursion: a level waits on the stack until its expanded children are done.
    const stack = [level];
    while (stack.length > 0) {
      const l = stack[stack.length - 1];
      const lv = this.levels[l];
      if (lv.result) {
        stack.pop();
        continue;
      }
      let waiting = false;
      for (const item of lv.items) {
        const g = item - this.n;
        if (g >= 0 && this.expanded[g] && !this.levels[g].result) {
          stack.push(g);
          waiting = true;
        }
      }
      if (waiting) continue;
      stack.pop();
      const count = lv.items.length;
      const width = new Float64Array(count);
      const height = new Float64Array(count);
      lv.items.forEach((item, k) => {
        const size = this.itemSize(item);
        width[k] = size.width;
        height[k] = size.height;
      });
      lv.result = layeredLayout({ nodeCount: count, edgeCount: lv.edges.length, edgeFrom: lv.from, edgeTo: lv.to, width, height });
      this.laidOut++;
    }
    return this.levels[level].result!;
  }

  private itemSize(item: number): { width: number; height: number } {
    if (item < this.n) return { width: this.width[item], height: this.height[item] };
    const g = item - this.n;
    if (!this.expanded[g]) return { width: this.collapsedWidth[g], height: BOX_HEIGHT };
    const inner = this.levels[g].result!;
    return { width: Math.max(inner.width, this.collapsedWidth[g]), height: inner.height + GROUP_HEADER };
  }

  /** Every level's layout placed at its frame's origin, and the edges routed and attached. */
  private compose(root: LayoutResult): GroupedGraphLayout {
    const { n, graph, grouping } = this;
    const G = grouping.groupCount;
    const x = new Float64Array(n).fill(NaN);
    const y = new Float64Array(n).fill(NaN);
    const groupX = new Float64Array(G).fill(NaN);
    const groupY = new Float64Array(G).fill(NaN);
    const groupWidth = new Float64Array(G).fill(NaN);
    const groupHeight = new Float64Array(G).fill(NaN);
    const groupExpanded = new Uint8Array(G);
    const originX = new Float64Array(G + 1);
    const originY = new Float64Array(G + 1);
    const stack = [G];
    while (stack.length > 0) {
      const l = stack.pop()!;
      const lv = this.levels[l];
      const r = lv.result!;
      lv.items.forEach((item, k) => {
        const X = originX[l] + r.x[k];
        const Y = originY[l] + r.y[k];
        if (item < n) {
          x[item] = X;
          y[item] = Y;
          return;
        }
        const g = item - n;
        const size = this.itemSize(item);
        groupX[g] = X;
        groupY[g] = Y;
        groupWidth[g] = size.width;
        groupHeight[g] = size.height;
        if (!this.expanded[g]) return;
        groupExpanded[g] = 1;
        originX[g] = X;
        originY[g] = Y + GROUP_HEADER;
        stack.push(g);
      });
    }

    const nodeShownAs = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let shown = i;
      for (let g = grouping.nodeGroup[i]; g >= 0; g = grouping.groupParent[g]) if (!this.expanded[g]) shown = n + g;
      nodeShownAs[i] = shown;
    }
    const box = (shown: number) =>
      shown < n ? { x: x[shown], y: y[shown], w: this.width[shown], h: this.height[shown] } : { x: groupX[shown - n], y: groupY[shown - n], w: groupWidth[shown - n], h: groupHeight[shown - n] };

    const polylines: (Float64Array | undefined)[] = new Array(graph.edgeCount);
    const drawn = new Set<string>();
    let total = 0;
    for (let e = 0; e < graph.edgeCount; e++) {
      const level = this.edgeLevel[e];
      const a = nodeShownAs[graph.edgeFrom[e]];
      const b = nodeShownAs[graph.edgeTo[e]];
      // Hidden inside one box; but a node's edge to itself (a damaged file's cycle) is drawn, as graphLayout draws it.
      if (a === b && (a >= n || graph.edgeFrom[e] !== graph.edgeTo[e])) continue;
      // Several edges into or out of a collapsed group from one tensor are one drawn edge.
      if (a >= n || b >= n) {
        const key = `${a},${b},${graph.edgeTensor[e]}`;
        if (drawn.has(key)) continue;
        drawn.add(key);
      }
      const route = this.levels[level].result!.edgePoints[this.edgeLocal[e]];
      const lv = this.levels[level];
      const A = lv.items[lv.from[this.edgeLocal[e]]];
      const B = lv.items[lv.to[this.edgeLocal[e]]];
      const points: number[] = [];
      const from = box(a);
      const to = box(b);
      if (a !== A) points.push(from.x + from.w / 2, from.y + from.h, from.x + from.w / 2, box(A).y + box(A).h);
      else points.push(originX[level] + route[0], originY[level] + route[1]);
      for (let k = 2; k < route.length - 2; k += 2) points.push(originX[level] + route[k], originY[level] + route[k + 1]);
      if (b !== B) points.push(to.x + to.w / 2, box(B).y, to.x + to.w / 2, to.y);
      else points.push(originX[level] + route[route.length - 2], originY[level] + route[route.length - 1]);
      polylines[e] = Float64Array.from(points);
      total += points.length;
    }
    const edgeStart = new Uint32Array(graph.edgeCount + 1);
    const edgePoints = new Float64Array(total);
    for (let e = 0; e < graph.edgeCount; e++) {
      const p = polylines[e];
      if (p) edgePoints.set(p, edgeStart[e]);
      edgeStart[e + 1] = edgeStart[e] + (p ? p.length : 0);
    }
    return {
      x,
      y,
      width: this.width.slice(),
      height: this.height.slice(),
      edgePoints,
      edgeStart,
      layerCount: root.layerCount,
      totalWidth: root.width,
      totalHeight: root.height,
      groupX,
      groupY,
      groupWidth,
      groupHeight,
      groupExpanded,
      nodeShownAs,
    };
  }
}

/** The buffers of a grouped layout, for postMessage's transfer list. */
export function groupedLayoutBuffers(l: GroupedGraphLayout): ArrayBuffer[] {
  return [l.x, l.y, l.width, l.height, l.edgePoints, l.edgeStart, l.groupX, l.groupY, l.groupWidth, l.groupHeight, l.groupExpanded, l.nodeShownAs].map((a) => a.buffer as ArrayBuffer);
}
