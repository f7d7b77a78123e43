// The graph as SVG, laid out by layeredLayout and drawn as the viewer draws it in the light theme:
// a box per node with its type and name, an edge per producer → consumer with the tensor's shape
// in Dump Network's style (`1,3,224,224`). `npu-deploy draw` writes it; the viewer will export it.
// Scripts read it: each node a `<g class="node" data-id>` holding a `<rect>`, each edge a
// `<g class="edge" data-from data-to>` holding its path; positions only as translate(x,y) and x/y.
// With a view (the viewer's "export the current view"), the picture is that rectangle of the
// drawing and holds only the boxes and edges that reach into it; with a range, its boxes and the
// edges between them are coloured as the viewer colours them in the light theme, each such box's
// group marked `data-range="start|inside|end"`.
// Groups (nodeGroups.ts) are laid out as the viewer lays them out (groupedLayout.ts): every one
// expanded, or those the viewer has expanded; an expanded group is a frame `<g class="group"
// data-group="PATH">` under its nodes, a collapsed one a box `<g class="group" data-group="PATH"
// data-collapsed="true">` that the edges of its hidden nodes attach to.

import { CompactGraphReader, type CompactGraph } from '../graph/compactGraph';
import { groupRoles } from '../graph/groupRoles';
import { nodeGroups } from '../graph/nodeGroups';
import { t } from '../l10n';
import { GroupedLayout } from './groupedLayout';
import { BOX_HEIGHT, BOX_PADDING, fitLabel as fit, FONT_PX, GROUP_HEADER, NAME_BASELINE, TYPE_BASELINE } from './nodeBoxes';

const COLOURS = {
  background: '#ffffff',
  box: '#f3f3f3',
  border: '#8a8a8a',
  type: '#1f1f1f',
  name: '#616161',
  edge: '#8a8a8a',
  shape: '#005fb8',
  frame: '#fafafa',
  frameBorder: '#b8b8b8',
};

/** A rectangle of the drawing, in its own coordinates (the layout's). */
export interface SvgView {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A range selection (nodeRange.ts) by node index: every selected node, and which are starts and ends. */
export interface SvgRange {
  inside: Uint8Array;
  starts: readonly number[];
  ends: readonly number[];
}

/** The viewer's light-theme range colours: its chart colours as outlines, laid at 30% over the box shade as fills. */
const RANGE_COLOURS = {
  inside: { stroke: '#1a85ff', fill: '#b2d2f7' },
  start: { stroke: '#388a34', fill: '#bbd3ba' },
  end: { stroke: '#d18616', fill: '#e9d2b1' },
};

/** Where the drawing put things: node boxes' corners (NaN for a node hidden in a collapsed group), each edge's polyline (empty when not drawn), the whole size. */
export interface DrawnLayout {
  x: Float64Array;
  y: Float64Array;
  edgePoints: Float64Array[];
  width: number;
  height: number;
}

export interface DrawnGraph {
  svg: string;
  layout: DrawnLayout;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

export function drawGraphSvg(graph: CompactGraph, options: { view?: SvgView; range?: SvgRange; expandedGroups?: readonly string[] } = {}): DrawnGraph {
  const r = new CompactGraphReader(graph);
  const n = graph.nodeCount;
  const grouping = nodeGroups(graph);
  const engine = new GroupedLayout(graph, grouping);
  const l = engine.layout(options.expandedGroups ? engine.expandedFlags(options.expandedGroups) : new Uint8Array(grouping.groupCount).fill(1));
  const { width } = l;
  const layout: DrawnLayout = {
    x: l.x,
    y: l.y,
    edgePoints: Array.from({ length: graph.edgeCount }, (_, e) => l.edgePoints.subarray(l.edgeStart[e], l.edgeStart[e + 1])),
    width: l.totalWidth,
    height: l.totalHeight,
  };
  const out: string[] = [];
  const view = options.view;
  const range = options.range;
  const role = new Uint8Array(n);
  if (range) {
    for (let i = 0; i < n; i++) if (range.inside[i]) role[i] = 1;
    for (const i of range.starts) role[i] = 2;
    for (const i of range.ends) role[i] = 3;
  }
  const ROLE = [undefined, 'inside', 'start', 'end'] as const;
  const X = view ? num(view.x) : '0';
  const Y = view ? num(view.y) : '0';
  const W = view ? num(view.width) : String(Math.ceil(layout.width));
  const H = view ? num(view.height) : String(Math.ceil(layout.height));
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="${X} ${Y} ${W} ${H}" font-family="monospace" font-size="${FONT_PX}">`);
  out.push(`<rect class="background" x="${X}" y="${Y}" width="${W}" height="${H}" fill="${COLOURS.background}"/>`);
  // Whether a box (x0, y0)–(x1, y1) reaches into the view; everything does without one.
  const seen = (x0: number, y0: number, x1: number, y1: number) => !view || (x1 >= view.x && x0 <= view.x + view.width && y1 >= view.y && y0 <= view.y + view.height);
  out.push(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${COLOURS.edge}"/></marker></defs>`);
  if (grouping.groupCount > 0) {
    // Frames first (outer before inner: parents come first), so the nodes and edges lie over them.
    const groupRole = groupRoles(grouping, role);
    out.push('<g class="groups">');
    for (let g = 0; g < grouping.groupCount; g++) {
      const gx = l.groupX[g];
      const gy = l.groupY[g];
      if (Number.isNaN(gx) || !seen(gx, gy, gx + l.groupWidth[g], gy + l.groupHeight[g])) continue;
      const path = escapeXml(grouping.groupPath[g]);
      const label = escapeXml(fit(grouping.groupLabel[g]));
      const place = `transform="translate(${num(gx)},${num(gy)})"`;
      if (l.groupExpanded[g]) {
        out.push(
          `<g class="group" data-group="${path}" ${place}><rect x="0" y="0" width="${num(l.groupWidth[g])}" height="${num(l.groupHeight[g])}" rx="6" fill="${COLOURS.frame}" stroke="${COLOURS.frameBorder}" stroke-dasharray="4 3"/>` +
            `<text x="${BOX_PADDING}" y="${GROUP_HEADER - 8}" font-weight="bold" fill="${COLOURS.name}">${label}</text></g>`,
        );
        continue;
      }
      const marked = ROLE[groupRole[g]];
      const box = marked ? `fill="${RANGE_COLOURS[marked].fill}" stroke="${RANGE_COLOURS[marked].stroke}" stroke-width="2"` : `fill="${COLOURS.box}" stroke="${COLOURS.border}" stroke-width="2"`;
      out.push(
        `<g class="group" data-group="${path}" data-collapsed="true"${marked ? ` data-range="${marked}"` : ''} ${place}>` +
          `<rect x="0" y="0" width="${num(l.groupWidth[g])}" height="${BOX_HEIGHT}" rx="4" ${box}/>` +
          `<text x="${BOX_PADDING}" y="${TYPE_BASELINE}" font-weight="bold" fill="${COLOURS.type}">${label}</text>` +
          `<text x="${BOX_PADDING}" y="${NAME_BASELINE}" fill="${COLOURS.name}">${escapeXml(t('{0} nodes', grouping.groupSize[g]))}</text></g>`,
      );
    }
    out.push('</g>');
  }
  out.push('<g class="edges">');
  const labelled = new Set<number>();
  for (let e = 0; e < graph.edgeCount; e++) {
    const p = layout.edgePoints[e];
    // Not drawn: inside a collapsed group, or the same tensor into the same box as an edge drawn.
    if (p.length === 0 || (view && !edgeSeen(p, seen))) continue;
    let d = `M${num(p[0])},${num(p[1])}`;
    for (let k = 2; k < p.length; k += 2) d += `L${num(p[k])},${num(p[k + 1])}`;
    const from = escapeXml(r.nodeId(graph.edgeFrom[e]));
    const to = escapeXml(r.nodeId(graph.edgeTo[e]));
    // One label per tensor, on its first edge: a tensor read by four branches is one shape.
    const tensor = graph.edgeTensor[e];
    const shape = labelled.has(tensor) ? undefined : r.tensorShape(tensor);
    labelled.add(tensor);
    const label = shape ? `<text x="${num(p[0] + 4)}" y="${num(p[1] + FONT_PX + 2)}" fill="${COLOURS.shape}">${shape.join(',')}</text>` : '';
    const between = role[graph.edgeFrom[e]] && role[graph.edgeTo[e]];
    const stroke = between ? `stroke="${RANGE_COLOURS.inside.stroke}" stroke-width="2"` : `stroke="${COLOURS.edge}"`;
    out.push(`<g class="edge" data-from="${from}" data-to="${to}"><path d="${d}" fill="none" ${stroke} marker-end="url(#arrow)"/>${label}</g>`);
  }
  out.push('</g><g class="nodes">');
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(layout.x[i]) || !seen(layout.x[i], layout.y[i], layout.x[i] + width[i], layout.y[i] + l.height[i])) continue;
    const id = escapeXml(r.nodeId(i));
    const marked = ROLE[role[i]];
    const box = marked ? `fill="${RANGE_COLOURS[marked].fill}" stroke="${RANGE_COLOURS[marked].stroke}" stroke-width="2"` : `fill="${COLOURS.box}" stroke="${COLOURS.border}"`;
    out.push(
      `<g class="node" data-id="${id}"${marked ? ` data-range="${marked}"` : ''} transform="translate(${num(layout.x[i])},${num(layout.y[i])})">` +
        `<rect x="0" y="0" width="${num(width[i])}" height="${BOX_HEIGHT}" rx="4" ${box}/>` +
        `<text x="${BOX_PADDING}" y="${TYPE_BASELINE}" font-weight="bold" fill="${COLOURS.type}">${escapeXml(fit(r.nodeType(i)))}</text>` +
        `<text x="${BOX_PADDING}" y="${NAME_BASELINE}" fill="${COLOURS.name}">${escapeXml(fit(r.string(graph.nodeName[i])))}</text>` +
        '</g>',
    );
  }
  out.push('</g></svg>');
  return { svg: `${out.join('\n')}\n`, layout };
}

/** Whether a polyline's bounding box reaches into the view. */
function edgeSeen(p: ArrayLike<number>, seen: (x0: number, y0: number, x1: number, y1: number) => boolean): boolean {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let k = 0; k < p.length; k += 2) {
    x0 = Math.min(x0, p[k]);
    x1 = Math.max(x1, p[k]);
    y0 = Math.min(y0, p[k + 1]);
    y1 = Math.max(y1, p[k + 1]);
  }
  return seen(x0, y0, x1, y1);
}

function num(v: number): string {
  return String(Math.round(v * 10) / 10);
}
