// Draws the visible part of the graph on a Canvas 2D, as `npu-deploy draw` draws it (boxes with
// the type in bold over the name, edges as polylines with arrowheads, the tensor's shape beside
// its first edge), in the theme's colours. Only what the grid finds in the viewport is drawn,
// batched into one path per colour, and the level of detail follows the zoom: no text once it
// would be too small to read, plain boxes and straight edges far out (rendering.md's thresholds).

import { BOX_PADDING, FONT_PX, NAME_BASELINE, TYPE_BASELINE } from '../../src/core/layout/nodeBoxes';
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

export interface DrawStats {
  nodes: number;
  edges: number;
  text: boolean;
  /** Where the frame came from: drawn afresh, copied from the far-zoom bitmap, or that bitmap scaled (bitmapCache.ts). */
  source?: 'direct' | 'cache' | 'scaled';
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
  if (roles) drawRangeBoxes(ctx, scene, theme, nodes, roles, detailed, px);

  const text = t.k >= TEXT_MIN_SCALE;
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
  }

  drawSelection(ctx, scene, theme, t, ratio, selected);
  return { nodes: nodes.length, edges: edges.length, text };
}

/** The selected node's outline over a drawing (bitmapCache.ts draws it over a cached bitmap). */
export function drawSelection(ctx: CanvasRenderingContext2D, scene: GraphScene, theme: GraphTheme, t: ViewTransform, ratio: number, selected: number | undefined): void {
  const { x, y, width, height } = scene.layout;
  if (selected === undefined || selected >= x.length) return;
  const px = 1 / t.k;
  ctx.setTransform(ratio * t.k, 0, 0, ratio * t.k, ratio * t.x, ratio * t.y);
  ctx.lineWidth = 2 * px;
  ctx.strokeStyle = theme.selection;
  ctx.beginPath();
  // At least a few pixels round, so the selection shows even where its box is a dot.
  const grow = Math.max(0, 3 * px - Math.min(width[selected], height[selected]) / 2);
  ctx.roundRect(x[selected] - grow, y[selected] - grow, width[selected] + 2 * grow, height[selected] + 2 * grow, RADIUS);
  ctx.stroke();
}

const ROLE_COLOUR: [number, keyof GraphTheme][] = [[RangeRole.Inside, 'rangeInside'], [RangeRole.Start, 'rangeStart'], [RangeRole.End, 'rangeEnd']];

/** The range's boxes over the plain ones: a tint and a 2-pixel outline, or a solid block far out. */
function drawRangeBoxes(ctx: CanvasRenderingContext2D, scene: GraphScene, theme: GraphTheme, nodes: number[], roles: Uint8Array, detailed: boolean, px: number): void {
  const { x, y, width, height } = scene.layout;
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
