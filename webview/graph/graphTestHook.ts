// What the webview tests and the bench read of the graph view (the worker's layout, the
// transform, the frames drawn) and drive (zoom, a direct draw), put on the window as
// `__npuGraph` once a layout is installed. Nothing else in the viewer reads it.

import type { CompactGraphReader } from '../../src/core/graph/compactGraph';
import type { GraphLayout } from '../../src/core/layout/graphLayout';
import type { DrawStats, ViewTransform } from './drawGraph';
import type { GraphGroups } from './graphGroups';
import type { GraphScene } from './graphScene';

export interface GraphTestHook {
  layout: GraphLayout;
  nodeIndex(id: string): number | undefined;
  transform(): ViewTransform;
  ratio(): number;
  frames(): number;
  lastDraw(): DrawStats | undefined;
  zoomTo(t: ViewTransform): void;
  /** Node ids by the colour the range gives them in the last drawing's input (rangeChoice.ts). */
  rangeRoles(): { inside: string[]; starts: string[]; ends: string[] };
  /** A group's box or frame as laid out now (NaN when not shown), whether it shows expanded, and its range colour (RangeRole). */
  groupBox(path: string): { x: number; y: number; width: number; height: number; expanded: boolean; role: number } | undefined;
  expanded(): string[];
  /** Layouts installed so far: the first, and one per change of the groups. */
  layouts(): number;
  /** The selected group's path, if a group is selected. */
  selectedGroup(): string | undefined;
  /** The selected node's id, if a node is selected (the keyboard's cursor included). */
  selectedNode(): string | undefined;
  /** Draws the view afresh now, past the bitmap cache: what a cached frame is compared with. */
  drawDirect(): void;
  /** Milliseconds on the page's clock from the model message to each stage of the first frame (graphTimings.ts). */
  timings(): Record<string, number>;
}

/** What the hook reads of the view, all through functions: the view's state changes under it. */
export interface HookedView {
  reader: CompactGraphReader;
  groups: GraphGroups;
  scene(): GraphScene | undefined;
  roles(): Uint8Array | undefined;
  transform(): ViewTransform;
  ratio(): number;
  frames(): number;
  layouts(): number;
  lastDraw(): DrawStats | undefined;
  selected(): number | undefined;
  zoomTo(t: ViewTransform): void;
  drawDirect(): void;
  timings(): Record<string, number>;
}

export function graphTestHook(v: HookedView): GraphTestHook {
  const { reader, groups } = v;
  return {
    layout: undefined as unknown as GraphLayout,
    nodeIndex: (id) => reader.nodeIndex(id),
    transform: () => ({ ...v.transform() }),
    ratio: v.ratio,
    frames: v.frames,
    lastDraw: v.lastDraw,
    zoomTo: v.zoomTo,
    rangeRoles: () => {
      const out = { inside: [] as string[], starts: [] as string[], ends: [] as string[] };
      const roles = v.roles() ?? new Uint8Array(0);
      const lists = [undefined, out.inside, out.starts, out.ends];
      roles.forEach((role, i) => lists[role]?.push(reader.nodeId(i)));
      return out;
    },
    groupBox: (path) => {
      const scene = v.scene();
      const g = groups.grouping?.groupPath.indexOf(path) ?? -1;
      if (g < 0 || !scene?.groups) return undefined;
      return { ...scene.groupBox(g), expanded: scene.groups.layout.groupExpanded[g] === 1, role: groups.roles()?.[g] ?? 0 };
    },
    expanded: () => [...groups.expanded],
    layouts: v.layouts,
    selectedGroup: () => (groups.selected === undefined ? undefined : groups.grouping?.groupPath[groups.selected]),
    selectedNode: () => {
      const i = v.selected();
      return i === undefined ? undefined : reader.nodeId(i);
    },
    drawDirect: v.drawDirect,
    timings: v.timings,
  };
}

/** Puts the hook on the window for the layout now installed. */
export function publishTestHook(hook: GraphTestHook, layout: GraphLayout): void {
  hook.layout = layout;
  (window as unknown as { __npuGraph?: GraphTestHook }).__npuGraph = hook;
}

/** Takes the hook off the window if it is still this view's. */
export function withdrawTestHook(hook: GraphTestHook): void {
  const w = window as unknown as { __npuGraph?: GraphTestHook };
  if (w.__npuGraph === hook) delete w.__npuGraph;
}
