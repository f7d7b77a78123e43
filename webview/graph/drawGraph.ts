// Draws the visible part of the graph on a Canvas 2D, as `npu-deploy draw` draws it (boxes with
// the type in bold over the name, edges as polylines with arrowheads, the tensor's shape beside
// its first edge), in the theme's colours. Only what the grid finds in the viewport is drawn,
// batched into one path per colour, and the level of detail follows the zoom: no text once it
// would be too small to read, plain boxes and straight edges far out (rendering.md's thresholds).
// Groups: an expanded one is a dashed frame under its nodes with its name and a chevron in its
// header; a collapsed one a box with a second outline behind it (a stack of nodes), its name,
// its node count and a chevron, coloured by the range when it lies in one.

import { BOX_PADDING, FONT_PX, GROUP_CHEVRON, GROUP_HEADER, NAME_BASELINE, TYPE_BASELINE } from '../../src/core/layout/nodeBoxes';
import { RangeRole } from '../range/rangeChoice';
import type { GraphScene } from './graphScene';
import type { GraphTheme } from './graphTheme';

export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

/** Text below about 6 screen pixels cannot be read and costs as much as any other. */
export const TEXT_MIN_SCALE = 0.5;
/** Rounded, outlined boxes and arrowheads from here; below it, filled blocks. */
const DETAIL_MIN_SCALE = 0.25;
/** Below this, an edge is one straight segment from its producer to its consumer. */
const POLYLINE_MIN_SCALE = 0.1;
const ARROW = 6;
const RADIUS = 4;
/** A range's colour over a box's own shade: strong enough to see far out, light enough to read the text on. */
const RANGE_FILL_ALPHA = 0.3;

/**
 * Colours laid over the boxes by a caller (the comparison overlay): a colour class per node and
 * one node outlined. The caller changes it in place and redraws.
 */
export interface GraphOverlay {
  /** Colour by node index: 0 leaves the box as it is, i ≥ 1 fills it with colours[i]. */
  classes: Uint8Array;
  colours: string[];
  /** The node drawn with a thick outline (the first bad layer), -1 for none. */
  outlined: number;
  outlineColour: string;
}

/** An overlay's colour over a box: strong enough to read the metric far out, the text still legible on it. */
const OVERLAY_FILL_ALPHA = 0.6;

/** Frames are the box shade at this strength: the nodes on them stay the strongest thing. */
const FRAME_ALPHA = 0.35;
/** How far behind a collapsed group's box its second outline sits. */
const STACK_OFFSET = 4;

export interface DrawStats {
  nodes: number;
  edges: number;
  text: boolean;
  /** Groups drawn: collapsed boxes and expanded frames. */
  groups: number;
  /** Where the frame came from: drawn afresh, copied from the far-zoom bitmap, or that bitmap scaled (bitmapCache.ts). */
  source?: 'direct' | 'cache' | 'scaled';
}

/** What the drawing shows of groups besides the scene: the range's colour per group, the selected group. */
export interface GroupDrawing {
  groupRoles?: Uint8Array;
  selectedGroup?: number;
}

export function drawGraph(
  ctx: CanvasRenderingContext2D,
  scene: GraphScene,
  theme: GraphTheme,
  t: ViewTransform,
  size: { width: number; height: number; ratio: number },
  selected: number | undefined,
  /** RangeRole by node index (rangeChoice.ts), when a range is being chosen. */
  roles?: Uint8Array,
  overlay?: GraphOverlay,
  groupDrawing: GroupDrawing = {},
): DrawStats {
  const { ratio } = size;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(ratio * t.k, 0, 0, ratio * t.k, ratio * t.x, ratio * t.y);

  // The viewport in drawing coordinates, one arrowhead wider so edges ending at its border show.
  const x0 = -t.x / t.k - ARROW;
  const y0 = -t.y / t.k - ARROW;
  const x1 = (size.width - t.x) / t.k + ARROW;
  const y1 = (size.height - t.y) / t.k + ARROW;
  const nodes: number[] = [];
  const edges: number[] = [];
  scene.nodes.visit(x0, y0, x1, y1, (i) => nodes.push(i));
  scene.edges.visit(x0, y0, x1, y1, (e) => edges.push(e));

  const { x, y, width, height, edgePoints: p, edgeStart } = scene.layout;
  const px = 1 / t.k; // one screen pixel in drawing units
  const detailed = t.k >= DETAIL_MIN_SCALE;
  const text = t.k >= TEXT_MIN_SCALE;

  // Groups in the viewport, parents first: frames go under everything, outer under inner.
  const groups = scene.groups;
  const frames: number[] = [];
  const collapsed: number[] = [];
  if (groups) {
    const shown: number[] = [];
    groups.index.visit(x0, y0, x1, y1, (g) => shown.push(g));
    shown.sort((a, b) => a - b);
    for (const g of shown) (groups.layout.groupExpanded[g] ? frames : collapsed).push(g);
    drawFrames(ctx, scene, theme, frames, detailed, px);
  }

  ctx.lineWidth = px;
  ctx.strokeStyle = theme.edge;
  ctx.beginPath();
  const straight = t.k < POLYLINE_MIN_SCALE;
  for (const e of edges) {
    const s = edgeStart[e];
    const end = edgeStart[e + 1];
    ctx.moveTo(p[s], p[s + 1]);
    if (straight) ctx.lineTo(p[end - 2], p[end - 1]);
    else for (let k = s + 2; k < end; k += 2) ctx.lineTo(p[k], p[k + 1]);
  }
  ctx.stroke();
  if (roles) drawRangeEdges(ctx, scene, theme, edges, roles, straight, px);

  if (detailed) {
    ctx.fillStyle = theme.edge;
    ctx.beginPath();
    for (const e of edges) {
      const end = edgeStart[e + 1];
      arrowhead(ctx, p[end - 4], p[end - 3], p[end - 2], p[end - 1]);
    }
    ctx.fill();
  }

  if (detailed) {
    ctx.beginPath();
    for (const i of nodes) ctx.roundRect(x[i], y[i], width[i], height[i], RADIUS);
    ctx.fillStyle = theme.box;
    ctx.fill();
    ctx.strokeStyle = theme.border;
    ctx.stroke();
  } else {
    // Far out a box is a block in the outline colour, never thinner than one pixel.
    ctx.fillStyle = theme.border;
    for (const i of nodes) ctx.fillRect(x[i], y[i], Math.max(width[i], px), Math.max(height[i], px));
  }
  if (overlay) drawOverlayBoxes(ctx, scene, overlay, nodes, detailed, px);
  if (roles) drawRangeBoxes(ctx, scene.layout, theme, nodes, roles, detailed, px);
  if (groups && collapsed.length > 0) {
    const boxes = { x: groups.layout.groupX, y: groups.layout.groupY, width: groups.layout.groupWidth, height: groups.layout.groupHeight };
    drawCollapsed(ctx, boxes, theme, collapsed, detailed, px);
    if (groupDrawing.groupRoles) drawRangeBoxes(ctx, boxes, theme, collapsed, groupDrawing.groupRoles, detailed, px);
  }

  if (text) {
    const maxWidth = (i: number) => Math.max(width[i] - 2 * BOX_PADDING, 1);
    ctx.textBaseline = 'alphabetic';
    ctx.font = `bold ${FONT_PX}px ${theme.fontFamily}`;
    ctx.fillStyle = theme.type;
    for (const i of nodes) ctx.fillText(scene.labels.type(i), x[i] + BOX_PADDING, y[i] + TYPE_BASELINE, maxWidth(i));
    ctx.font = `${FONT_PX}px ${theme.fontFamily}`;
    ctx.fillStyle = theme.name;
    for (const i of nodes) ctx.fillText(scene.labels.name(i), x[i] + BOX_PADDING, y[i] + NAME_BASELINE, maxWidth(i));
    ctx.fillStyle = theme.shape;
    for (const e of edges) {
      const label = scene.labels.shape(e);
      if (label) ctx.fillText(label, p[edgeStart[e]] + 4, p[edgeStart[e] + 1] + FONT_PX + 2);
    }
    if (groups) drawGroupText(ctx, scene, theme, frames, collapsed);
  }

  if (overlay && overlay.outlined >= 0 && overlay.outlined < x.length) {
    // The node's own box, or the collapsed group's it hides in.
    const o = scene.shownBox(overlay.outlined);
    if (!Number.isNaN(o.x)) {
      const grow = 3 * px;
      ctx.lineWidth = 3 * px;
      ctx.strokeStyle = overlay.outlineColour;
      ctx.beginPath();
      ctx.roundRect(o.x - grow, o.y - grow, o.width + 2 * grow, o.height + 2 * grow, RADIUS + grow);
      ctx.stroke();
    }
  }

  drawSelection(ctx, scene, theme, t, ratio, selected, groupDrawing.selectedGroup);
  return { nodes: nodes.length, edges: edges.length, text, groups: frames.length + collapsed.length };
}

interface Boxes {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  width: ArrayLike<number>;
  height: ArrayLike<number>;
}

/** Expanded groups' frames: the box shade, faint, with a dashed outline; just the outline far out. */
function drawFrames(ctx: CanvasRenderingContext2D, scene: GraphScene, theme: GraphTheme, frames: number[], detailed: boolean, px: number): void {
  if (frames.length === 0) return;
  const l = scene.groups!.layout;
  for (const g of frames) {
    ctx.beginPath();
    ctx.roundRect(l.groupX[g], l.groupY[g], l.groupWidth[g], l.groupHeight[g], RADIUS * 1.5);
    if (detailed) {
      ctx.globalAlpha = FRAME_ALPHA;
      ctx.fillStyle = theme.box;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
    ctx.setLineDash([4 * px, 3 * px]);
    ctx.lineWidth = px;
    ctx.strokeStyle = theme.border;
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

/** Collapsed groups' boxes: a second outline behind each, so a group reads as more than one node. */
function drawCollapsed(ctx: CanvasRenderingContext2D, b: Boxes, theme: GraphTheme, groups: number[], detailed: boolean, px: number): void {
  if (!detailed) {
    ctx.fillStyle = theme.border;
    for (const g of groups) ctx.fillRect(b.x[g], b.y[g], Math.max(b.width[g], px), Math.max(b.height[g], px));
    return;
  }
  ctx.lineWidth = px;
  ctx.strokeStyle = theme.border;
  ctx.beginPath();
  for (const g of groups) ctx.roundRect(b.x[g] + STACK_OFFSET, b.y[g] + STACK_OFFSET, b.width[g], b.height[g], RADIUS);
  ctx.fillStyle = theme.box;
  ctx.fill();
  ctx.stroke();
  ctx.beginPath();
  for (const g of groups) ctx.roundRect(b.x[g], b.y[g], b.width[g], b.height[g], RADIUS);
  ctx.fill();
  ctx.lineWidth = 2 * px;
  ctx.stroke();
  ctx.lineWidth = px;
}

/** Group names, collapsed groups' counts, and every group's chevron (▸ collapsed, ▾ expanded). */
function drawGroupText(ctx: CanvasRenderingContext2D, scene: GraphScene, theme: GraphTheme, frames: number[], collapsed: number[]): void {
  const { grouping, layout: l, countLabel } = scene.groups!;
  const maxWidth = (g: number) => Math.max(l.groupWidth[g] - 2 * BOX_PADDING - GROUP_CHEVRON, 1);
  ctx.font = `bold ${FONT_PX}px ${theme.fontFamily}`;
  ctx.fillStyle = theme.type;
  for (const g of collapsed) ctx.fillText(grouping.groupLabel[g], l.groupX[g] + BOX_PADDING, l.groupY[g] + TYPE_BASELINE, maxWidth(g));
  ctx.fillStyle = theme.name;
  for (const g of frames) ctx.fillText(grouping.groupLabel[g], l.groupX[g] + BOX_PADDING, l.groupY[g] + GROUP_HEADER - 8, maxWidth(g));
  ctx.font = `${FONT_PX}px ${theme.fontFamily}`;
  for (const g of collapsed) ctx.fillText(countLabel(grouping.groupSize[g]), l.groupX[g] + BOX_PADDING, l.groupY[g] + NAME_BASELINE, maxWidth(g));
  ctx.fillStyle = theme.type;
  ctx.beginPath();
  const half = 4;
  for (const g of collapsed) {
    // ▸: pointing right, in the middle of the chevron's column.
    const cx = l.groupX[g] + l.groupWidth[g] - GROUP_CHEVRON / 2;
    const cy = l.groupY[g] + l.groupHeight[g] / 2;
    ctx.moveTo(cx - half / 2, cy - half);
    ctx.lineTo(cx + half, cy);
    ctx.lineTo(cx - half / 2, cy + half);
    ctx.closePath();
  }
  for (const g of frames) {
    // ▾: pointing down, in the header.
    const cx = l.groupX[g] + l.groupWidth[g] - GROUP_CHEVRON / 2;
    const cy = l.groupY[g] + GROUP_HEADER / 2;
    ctx.moveTo(cx - half, cy - half / 2);
    ctx.lineTo(cx + half, cy - half / 2);
    ctx.lineTo(cx, cy + half);
    ctx.closePath();
  }
  ctx.fill();
}

/** The selection's outline over a drawing (bitmapCache.ts draws it over a cached bitmap): a node's box, or the collapsed group's it hides in; or a selected group's. */
export function drawSelection(ctx: CanvasRenderingContext2D, scene: GraphScene, theme: GraphTheme, t: ViewTransform, ratio: number, selected: number | undefined, selectedGroup?: number): void {
  const outlined = selected !== undefined && selected < scene.layout.x.length ? scene.shownBox(selected) : selectedGroup !== undefined && scene.groups ? scene.groupBox(selectedGroup) : undefined;
  if (!outlined || Number.isNaN(outlined.x)) return;
  const px = 1 / t.k;
  ctx.setTransform(ratio * t.k, 0, 0, ratio * t.k, ratio * t.x, ratio * t.y);
  ctx.lineWidth = 2 * px;
  ctx.strokeStyle = theme.selection;
  ctx.beginPath();
  // At least a few pixels round, so the selection shows even where its box is a dot.
  const grow = Math.max(0, 3 * px - Math.min(outlined.width, outlined.height) / 2);
  ctx.roundRect(outlined.x - grow, outlined.y - grow, outlined.width + 2 * grow, outlined.height + 2 * grow, RADIUS);
  ctx.stroke();
}

const ROLE_COLOUR: [number, keyof GraphTheme][] = [[RangeRole.Inside, 'rangeInside'], [RangeRole.Start, 'rangeStart'], [RangeRole.End, 'rangeEnd']];

/** The range's boxes (nodes, or collapsed groups) over the plain ones: a tint and a 2-pixel outline, or a solid block far out. */
function drawRangeBoxes(ctx: CanvasRenderingContext2D, boxes: Boxes, theme: GraphTheme, nodes: number[], roles: Uint8Array, detailed: boolean, px: number): void {
  const { x, y, width, height } = boxes;
  for (const [role, key] of ROLE_COLOUR) {
    const colour = theme[key];
    ctx.fillStyle = colour;
    if (!detailed) {
      for (const i of nodes) if (roles[i] === role) ctx.fillRect(x[i], y[i], Math.max(width[i], px), Math.max(height[i], px));
      continue;
    }
    ctx.beginPath();
    let any = false;
    for (const i of nodes) {
      if (roles[i] !== role) continue;
      ctx.roundRect(x[i], y[i], width[i], height[i], RADIUS);
      any = true;
    }
    if (!any) continue;
    ctx.globalAlpha = RANGE_FILL_ALPHA;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.lineWidth = 2 * px;
    ctx.strokeStyle = colour;
    ctx.stroke();
    ctx.lineWidth = px;
  }
}

/** The overlay's classes, one path per colour: translucent over the box near, solid far out. */
function drawOverlayBoxes(ctx: CanvasRenderingContext2D, scene: GraphScene, overlay: GraphOverlay, nodes: number[], detailed: boolean, px: number): void {
  const { x, y, width, height } = scene.layout;
  for (let c = 1; c < overlay.colours.length; c++) {
    ctx.fillStyle = overlay.colours[c];
    ctx.beginPath();
    for (const i of nodes) {
      if (overlay.classes[i] !== c) continue;
      if (detailed) ctx.roundRect(x[i], y[i], width[i], height[i], RADIUS);
      else ctx.rect(x[i], y[i], Math.max(width[i], px), Math.max(height[i], px));
    }
    ctx.globalAlpha = detailed ? OVERLAY_FILL_ALPHA : 1;
    ctx.fill();
    ctx.globalAlpha = 1;
  }
}

/** Edges between two nodes of the range, in the range's colour and twice as thick. */
function drawRangeEdges(ctx: CanvasRenderingContext2D, scene: GraphScene, theme: GraphTheme, edges: number[], roles: Uint8Array, straight: boolean, px: number): void {
  const { edgeFrom, edgeTo } = scene.reader.graph;
  const { edgePoints: p, edgeStart } = scene.layout;
  ctx.beginPath();
  for (const e of edges) {
    if (!roles[edgeFrom[e]] || !roles[edgeTo[e]]) continue;
    const s = edgeStart[e];
    const end = edgeStart[e + 1];
    ctx.moveTo(p[s], p[s + 1]);
    if (straight) ctx.lineTo(p[end - 2], p[end - 1]);
    else for (let k = s + 2; k < end; k += 2) ctx.lineTo(p[k], p[k + 1]);
  }
  ctx.lineWidth = 2 * px;
  ctx.strokeStyle = theme.rangeInside;
  ctx.stroke();
  ctx.lineWidth = px;
}

/** A filled triangle whose tip is (tx, ty), pointing along the segment from (fx, fy). */
function arrowhead(ctx: CanvasRenderingContext2D, fx: number, fy: number, tx: number, ty: number): void {
  const len = Math.hypot(tx - fx, ty - fy) || 1;
  const ux = (tx - fx) / len;
  const uy = (ty - fy) / len;
  const bx = tx - ux * ARROW;
  const by = ty - uy * ARROW;
  ctx.moveTo(tx, ty);
  ctx.lineTo(bx - (uy * ARROW) / 2, by + (ux * ARROW) / 2);
  ctx.lineTo(bx + (uy * ARROW) / 2, by - (ux * ARROW) / 2);
  ctx.closePath();
}
