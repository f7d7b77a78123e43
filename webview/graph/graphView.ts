// The graph on a canvas: d3-zoom pans and zooms it, a redraw per animation frame draws what the
// grid finds in the viewport (drawGraph), and a click selects the node under the pointer. While a
// gesture runs the backing store is 1 pixel per CSS pixel, and devicePixelRatio once it ends: on a
// hi-DPI screen that keeps panning about 5× cheaper (rendering.md). The transform the user leaves
// is saved in the store, so the tab shown again (or the window reloaded) looks where it looked.
// Groups (nodeGroups.ts) collapse and expand by their chevron, a double-click, E and C, or all at
// once; each change asks the worker for the layout again (it lays out only what changed) and keeps
// the group under the pointer where it was on the screen. A node found, picked in the table or
// highlighted from the text while hidden in a collapsed group opens the groups around it first.
// Far out, where the whole drawing covers about two viewports, a frame is a copy of one bitmap of
// it, scaled while a zoom gesture runs and drawn again when it ends (bitmapCache.ts).

import { select } from 'd3-selection';
import { zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior } from 'd3-zoom';
import type { CompactGraphReader } from '../../src/core/graph/compactGraph';
import { groupRoles } from '../../src/core/graph/groupRoles';
import type { NodeGrouping } from '../../src/core/graph/nodeGroups';
import type { GraphLayout } from '../../src/core/layout/graphLayout';
import { format } from '../../src/protocol/strings';
import { h } from '../dom';
import { progressRing } from '../ui';
import type { ViewerStore } from '../state/viewerStore';
import type { View } from '../view';
import { BitmapCache } from './bitmapCache';
import { drawGraph, TEXT_MIN_SCALE, type DrawStats, type GraphOverlay, type ViewTransform } from './drawGraph';
import { GraphScene } from './graphScene';
import { Minimap } from './minimap';
import { NodeNeighbours, type Direction } from './nodeNeighbours';
import { onThemeChange, readGraphTheme } from './graphTheme';
import { centreTransform, fitTransform } from './viewTransforms';

export interface GraphView extends View {
  /** Marks a node as selected (from the table); undefined clears it. */
  select(nodeId: string | undefined): void;
  /** Moves the view so the node is in the middle; done when the view next has a size if it has none now. */
  centreOn(nodeId: string): void;
  fit(): void;
  /** Draws again: the range's colours changed. */
  redraw(): void;
  /** The canvas, to give focus back to once a menu over it closes. */
  focus(): void;
  /** The rectangle of the drawing the view shows (layout coordinates); undefined before the layout. */
  viewRect(): { x: number; y: number; width: number; height: number } | undefined;
  /** The view as it looks now, as PNG bytes (at the canvas's backing-store resolution). */
  png(): Promise<Uint8Array>;
  /** Every group expanded, or every group collapsed; then the whole graph fitted to the view. */
  expandAll(): void;
  collapseAll(): void;
  /** Paths of the groups the user has expanded (the layout shows those whose parents are expanded too). */
  expandedGroups(): string[];
}

/** What the webview tests read (the worker's layout, the transform) and drive; nothing else uses it. */
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
  /** Draws the view afresh now, past the bitmap cache: what a cached frame is compared with. */
  drawDirect(): void;
}

let viewCount = 0;

/** Clicks this close (screen pixels) to a box still hit it, for boxes drawn at their 1-pixel minimum. */
const HIT_SLACK_PX = 4;

export function graphView(options: {
  reader: CompactGraphReader;
  layout: Promise<GraphLayout>;
  store: ViewerStore;
  strings: { graphLabel: string; graphKeys: string; layingOut: string; layoutFailed: string; groupNodes: string; groupKeys: string; groupCollapsed: string };
  onSelect: (nodeId: string) => void;
  /** RangeRole by node index, read on every frame; the caller changes it and calls redraw(). */
  roles?: Uint8Array;
  /**
   * A right-click on a node (or Shift+F10 / the menu key on the selected one): where to show a
   * menu, in CSS pixels from the view element's top-left corner, and whether Shift was held.
   */
  onContextMenu?: (node: number, at: { x: number; y: number }, shift: boolean) => void;
  /** Colours over the boxes (the comparison overlay), read on every frame; the caller changes it and calls redraw(). */
  overlay?: GraphOverlay;
  /** The model's groups, those to show expanded first, and how to lay the graph out again with others. */
  groups?: { grouping: NodeGrouping; expanded: readonly string[]; relayout: (expanded: string[]) => Promise<GraphLayout> };
}): GraphView {
  const { reader, store } = options;
  const s = options.strings;
  const keysId = `graph-keys-${++viewCount}`;
  const canvas = h('canvas', { 'data-testid': 'graph-canvas', tabindex: 0, role: 'img', 'aria-label': s.graphLabel, 'aria-describedby': keysId });
  const status = h('div', { class: 'graph-status', 'data-testid': 'graph-status' }, progressRing(s.layingOut), h('span', {}, s.layingOut));
  // What the keyboard's node cursor is on, read out by screen readers (the canvas itself is an image).
  const announce = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'data-testid': 'graph-announce' });
  const grouping = options.groups && options.groups.grouping.groupCount > 0 ? options.groups.grouping : undefined;
  const element = h('div', { class: 'graph-canvas' }, canvas, status, announce, h('div', { class: 'visually-hidden', id: keysId }, grouping ? `${s.graphKeys} ${s.groupKeys}` : s.graphKeys));
  const ctx = canvas.getContext('2d', { alpha: false })!;
  let theme = readGraphTheme();
  let scene: GraphScene | undefined;
  let neighbours: NodeNeighbours | undefined;
  let minimap: Minimap | undefined;
  let transform: ViewTransform = { x: 0, y: 0, k: 1 };
  let placed = false;
  let gesture = false;
  let quiet = false;
  let pendingCentre: string | undefined;
  let selected: number | undefined;
  let frame = 0;
  let frames = 0;
  let lastDraw: DrawStats | undefined;
  let disposed = false;
  // Far out, frames are copies of one bitmap of the whole drawing (bitmapCache.ts).
  const cache = new BitmapCache();
  const size = { width: 0, height: 0 };
  const expanded = new Set(options.groups?.expanded ?? []);
  let selectedGroup: number | undefined;
  /** The range's colour per group, made again when the range or the layout changes. */
  let groupRoleCache: Uint8Array | undefined;
  let layoutVersion = 0;
  let layouts = 0;
  const countLabel = (n: number) => format(s.groupNodes, n);
  const currentGroupRoles = () => (grouping && options.roles ? (groupRoleCache ??= groupRoles(grouping, options.roles)) : undefined);

  const behaviour: ZoomBehavior<HTMLCanvasElement, unknown> = zoom<HTMLCanvasElement, unknown>()
    .scaleExtent([0.001, 8])
    // d3-zoom's own filter, and a double-click on a group is the group's (it expands or collapses), not a zoom.
    .filter((e: MouseEvent) => (!e.ctrlKey || e.type === 'wheel') && !e.button && !(e.type === 'dblclick' && nodeUnder(e.clientX, e.clientY) === undefined && groupUnder(e.clientX, e.clientY)))
    .on('start', (e: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
      if (e.sourceEvent) gesture = true;
    })
    .on('zoom', (e: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
      transform = { x: e.transform.x, y: e.transform.y, k: e.transform.k };
      schedule();
    })
    .on('end', () => {
      gesture = false;
      schedule();
      if (!quiet) store.update({ zoom: { ...transform } });
    });
  const selection = select(canvas);
  selection.call(behaviour);

  const apply = (t: ViewTransform, save: boolean) => {
    quiet = !save;
    behaviour.transform(selection, zoomIdentity.translate(t.x, t.y).scale(t.k));
    quiet = false;
  };

  const ratio = () => (gesture ? 1 : window.devicePixelRatio || 1);

  function schedule(): void {
    if (frame || disposed) return;
    frame = requestAnimationFrame(draw);
  }

  function draw(): void {
    frame = 0;
    if (!scene || size.width === 0 || size.height === 0) return;
    const r = ratio();
    const w = Math.round(size.width * r);
    const hgt = Math.round(size.height * r);
    if (canvas.width !== w || canvas.height !== hgt) {
      canvas.width = w;
      canvas.height = hgt;
    }
    const groupDrawing = { groupRoles: currentGroupRoles(), selectedGroup };
    lastDraw = cache.paint(ctx, scene, theme, transform, { ...size, ratio: r }, gesture, selected, options.roles, options.overlay, groupDrawing) ?? { ...drawGraph(ctx, scene, theme, transform, { ...size, ratio: r }, selected, options.roles, options.overlay, groupDrawing), source: 'direct' };
    // The minimap keeps the device's resolution through gestures: its bitmap is painted once.
    minimap?.draw(transform, size, window.devicePixelRatio || 1);
    frames++;
  }

  const box = (i: number) => ({ x: scene!.layout.x[i], y: scene!.layout.y[i], width: scene!.layout.width[i], height: scene!.layout.height[i] });

  function centre(nodeId: string): boolean {
    // The canvas's size now, not as the last resize reported it: selecting a node may have just
    // opened the details panel beside the canvas, and the observer reports that only later.
    if (canvas.clientWidth > 0) {
      size.width = canvas.clientWidth;
      size.height = canvas.clientHeight;
    }
    const i = scene ? reader.nodeIndex(nodeId) : undefined;
    if (i === undefined || size.width === 0) return false;
    // Hidden in a collapsed group: the groups around it open, and the new layout centres it.
    if (Number.isNaN(scene!.layout.x[i])) {
      reveal(i);
      return false;
    }
    apply(centreTransform(box(i), size, transform.k, TEXT_MIN_SCALE), true);
    return true;
  }

  function fit(save: boolean): void {
    if (!scene || size.width === 0) return;
    apply(fitTransform({ width: scene.layout.totalWidth, height: scene.layout.totalHeight }, size), save);
  }

  /** The first time the view has both a layout and a size: the saved transform, or fit to view. */
  function place(): void {
    if (placed || !scene || size.width === 0 || size.height === 0) return;
    placed = true;
    const fitted = fitTransform({ width: scene.layout.totalWidth, height: scene.layout.totalHeight }, size);
    behaviour.scaleExtent([Math.min(fitted.k, 1) / 4, 8]);
    const saved = store.state.zoom;
    if (saved) apply(saved, false);
    else apply(fitted, false);
    if (pendingCentre !== undefined && centre(pendingCentre)) pendingCentre = undefined;
  }

  const resize = new ResizeObserver(() => {
    size.width = canvas.clientWidth;
    size.height = canvas.clientHeight;
    place();
    if (pendingCentre !== undefined && placed && centre(pendingCentre)) pendingCentre = undefined;
    schedule();
  });
  resize.observe(canvas);

  const stopTheme = onThemeChange(() => {
    theme = readGraphTheme();
    cache.invalidate();
    minimap?.invalidate(theme);
    schedule();
  });

  /** The node under a point of the page, by the same grid at every zoom. */
  function nodeUnder(clientX: number, clientY: number): number | undefined {
    if (!scene) return undefined;
    const rect = canvas.getBoundingClientRect();
    const wx = (clientX - rect.left - transform.x) / transform.k;
    const wy = (clientY - rect.top - transform.y) / transform.k;
    return scene.nodeAt(wx, wy, HIT_SLACK_PX / transform.k);
  }

  /** The group under a point of the page (a collapsed box, or the innermost frame), and whether on its chevron. */
  function groupUnder(clientX: number, clientY: number): { group: number; chevron: boolean } | undefined {
    if (!scene) return undefined;
    const rect = canvas.getBoundingClientRect();
    return scene.groupAt((clientX - rect.left - transform.x) / transform.k, (clientY - rect.top - transform.y) / transform.k, HIT_SLACK_PX / transform.k);
  }

  /** The laid-out graph to draw from now on: a new scene (grids, labels), minimap and test hook. */
  function install(layout: GraphLayout): void {
    scene = new GraphScene(reader, layout, grouping && { grouping, countLabel });
    neighbours = undefined;
    groupRoleCache = undefined;
    layouts++;
    status.remove();
    minimap?.dispose();
    // A point the minimap was clicked at goes to the middle of the view, at the same zoom.
    minimap = new Minimap(scene, theme, options.roles, (x, y) => apply({ k: transform.k, x: size.width / 2 - x * transform.k, y: size.height / 2 - y * transform.k }, true), currentGroupRoles);
    element.append(minimap.element);
    hook.layout = layout;
    (window as unknown as { __npuGraph?: GraphTestHook }).__npuGraph = hook;
  }

  /**
   * Asks for the layout with the groups now expanded; once it comes, `keep` (a box looked up in the
   * old scene and again in the new) stays where it was on the screen, or `then` runs.
   */
  function relayout(keep?: () => { x: number; y: number } | undefined, then?: () => void): void {
    const again = options.groups?.relayout;
    if (!again) return;
    store.update({ expandedGroups: [...expanded], groupsChosen: true });
    const before = keep?.();
    const version = ++layoutVersion;
    if (!status.isConnected) element.append(status);
    again([...expanded]).then(
      (layout) => {
        if (disposed || version !== layoutVersion) return;
        install(layout);
        const after = keep?.();
        if (before && after && !Number.isNaN(before.x) && !Number.isNaN(after.x)) {
          apply({ k: transform.k, x: transform.x - (after.x - before.x) * transform.k, y: transform.y - (after.y - before.y) * transform.k }, true);
        }
        then?.();
        if (pendingCentre !== undefined && placed && centre(pendingCentre)) pendingCentre = undefined;
        schedule();
      },
      (e: unknown) => {
        if (!disposed && version === layoutVersion) status.replaceChildren(h('span', { class: 'error' }, format(s.layoutFailed, e instanceof Error ? e.message : String(e))));
      },
    );
  }

  /** Expands or collapses a group, keeping its box where it is on the screen; the group becomes the selection. */
  function toggle(g: number): void {
    const path = grouping!.groupPath[g];
    if (expanded.has(path)) expanded.delete(path);
    else expanded.add(path);
    selectGroup(g);
    relayout(() => scene?.groups && scene.groupBox(g));
  }

  /** Opens every collapsed group around a node; false when none was closed. */
  function reveal(node: number): boolean {
    if (!grouping) return false;
    let changed = false;
    for (let g = grouping.nodeGroup[node]; g >= 0; g = grouping.groupParent[g]) {
      if (expanded.has(grouping.groupPath[g])) continue;
      expanded.add(grouping.groupPath[g]);
      changed = true;
    }
    if (changed) relayout();
    return changed;
  }

  function selectGroup(g: number | undefined): void {
    selectedGroup = g;
    if (g !== undefined) {
      selected = undefined;
      const collapsed = !expanded.has(grouping!.groupPath[g]);
      announce.textContent = collapsed ? format(s.groupCollapsed, grouping!.groupLabel[g], grouping!.groupSize[g]) : grouping!.groupLabel[g];
    }
    schedule();
  }

  /** What C collapses: the selected group if it is open, else the group around the selection. */
  function collapseTarget(): number | undefined {
    if (!grouping || !scene?.groups) return undefined;
    const l = scene.groups.layout;
    if (selectedGroup !== undefined) return l.groupExpanded[selectedGroup] ? selectedGroup : nonNegative(grouping.groupParent[selectedGroup]);
    if (selected === undefined) return undefined;
    const shown = l.nodeShownAs[selected];
    return nonNegative(shown === selected ? grouping.nodeGroup[selected] : grouping.groupParent[shown - reader.graph.nodeCount]);
  }

  const pick = (hit: number) => {
    selected = hit;
    selectedGroup = undefined;
    schedule();
    options.onSelect(reader.nodeId(hit));
  };

  const onClick = (e: MouseEvent) => {
    const hit = nodeUnder(e.clientX, e.clientY);
    if (hit !== undefined) {
      pick(hit);
      return;
    }
    const group = groupUnder(e.clientX, e.clientY);
    if (!group) return;
    if (group.chevron) toggle(group.group);
    else selectGroup(group.group);
  };
  canvas.addEventListener('click', onClick);

  // A double-click on a group (not its chevron: two clicks there have toggled it already) expands or collapses it.
  const onDoubleClick = (e: MouseEvent) => {
    if (nodeUnder(e.clientX, e.clientY) !== undefined) return;
    const group = groupUnder(e.clientX, e.clientY);
    if (group && !group.chevron) toggle(group.group);
  };
  canvas.addEventListener('dblclick', onDoubleClick);

  // Shift+F10 fires keydown and then, in some browsers, contextmenu too: that second one is the
  // same request and is dropped.
  let keyboardMenuAt = -Infinity;
  const onContextMenu = (e: MouseEvent) => {
    if (!options.onContextMenu) return;
    e.preventDefault();
    if (performance.now() - keyboardMenuAt < 500) return;
    const hit = nodeUnder(e.clientX, e.clientY);
    if (hit === undefined) return;
    pick(hit);
    const rect = element.getBoundingClientRect();
    options.onContextMenu(hit, { x: e.clientX - rect.left, y: e.clientY - rect.top }, e.shiftKey);
  };
  canvas.addEventListener('contextmenu', onContextMenu);

  /** The menu for the selected node from the keyboard, at its box (brought into view first). */
  const keyboardMenu = (shift: boolean) => {
    if (!scene || selected === undefined || !options.onContextMenu) return;
    const b = box(selected);
    const screen = (t: ViewTransform) => ({ x: (b.x + b.width / 2) * t.k + t.x, y: (b.y + b.height / 2) * t.k + t.y });
    let at = screen(transform);
    if (at.x < 0 || at.y < 0 || at.x > size.width || at.y > size.height) {
      centre(reader.nodeId(selected));
      at = screen(transform);
    }
    keyboardMenuAt = performance.now();
    options.onContextMenu(selected, at, shift);
  };

  /** The keyboard's cursor moved to a node: drawn as selected, brought into view, read out; Enter selects it. */
  const moveCursor = (i: number) => {
    selected = i;
    const b = box(i);
    const left = b.x * transform.k + transform.x;
    const top = b.y * transform.k + transform.y;
    if (left < 0 || top < 0 || left + b.width * transform.k > size.width || top + b.height * transform.k > size.height) centre(reader.nodeId(i));
    announce.textContent = `${reader.nodeType(i)} ${reader.nodeId(i)}`;
    schedule();
  };
  const ARROWS: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

  // From the keyboard too, once the canvas has focus: + and − zoom about the centre, 0 fits the
  // whole graph. With a node selected the arrows move along the edges and rows (Enter shows its
  // details, Escape lets go); without one, or with Shift, they pan by a tenth of the view.
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      keyboardMenu(e.key === 'ContextMenu' && e.shiftKey);
      return;
    }
    const plain = !e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey;
    if (plain && grouping && scene) {
      const key = e.key.toLowerCase();
      if (selectedGroup !== undefined && !expanded.has(grouping.groupPath[selectedGroup]) && (key === 'e' || e.key === 'Enter')) {
        e.preventDefault();
        toggle(selectedGroup);
        return;
      }
      if (key === 'c') {
        const target = collapseTarget();
        if (target !== undefined) {
          e.preventDefault();
          toggle(target);
        }
        return;
      }
      if (e.key === 'Escape' && selectedGroup !== undefined) {
        selectGroup(undefined);
        return;
      }
    }
    if (plain && scene && selected !== undefined) {
      const direction = ARROWS[e.key];
      if (direction) {
        e.preventDefault();
        neighbours ??= new NodeNeighbours(scene);
        const next = neighbours.next(selected, direction);
        if (next !== undefined) moveCursor(next);
        return;
      }
      if (e.key === 'Enter') {
        e.preventDefault();
        options.onSelect(reader.nodeId(selected));
        return;
      }
      if (e.key === 'Escape') {
        selected = undefined;
        schedule();
        return;
      }
    }
    const step = () => Math.max(size.width, size.height) / 10 / transform.k;
    const keys: Record<string, () => void> = {
      '+': () => behaviour.scaleBy(selection, 1.25),
      '=': () => behaviour.scaleBy(selection, 1.25),
      '-': () => behaviour.scaleBy(selection, 0.8),
      ArrowLeft: () => behaviour.translateBy(selection, step(), 0),
      ArrowRight: () => behaviour.translateBy(selection, -step(), 0),
      ArrowUp: () => behaviour.translateBy(selection, 0, step()),
      ArrowDown: () => behaviour.translateBy(selection, 0, -step()),
      '0': () => fit(true),
    };
    const action = keys[e.key];
    if (!action || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    action();
  };
  canvas.addEventListener('keydown', onKey);

  const initial = store.state.selection[0];
  const hook: GraphTestHook = {
    layout: undefined as unknown as GraphLayout,
    nodeIndex: (id) => reader.nodeIndex(id),
    transform: () => ({ ...transform }),
    ratio,
    frames: () => frames,
    lastDraw: () => lastDraw,
    zoomTo: (t) => apply(t, true),
    rangeRoles: () => {
      const out = { inside: [] as string[], starts: [] as string[], ends: [] as string[] };
      const roles = options.roles ?? new Uint8Array(0);
      const lists = [undefined, out.inside, out.starts, out.ends];
      roles.forEach((role, i) => lists[role]?.push(reader.nodeId(i)));
      return out;
    },
    groupBox: (path) => {
      const g = grouping?.groupPath.indexOf(path) ?? -1;
      if (g < 0 || !scene?.groups) return undefined;
      return { ...scene.groupBox(g), expanded: scene.groups.layout.groupExpanded[g] === 1, role: currentGroupRoles()?.[g] ?? 0 };
    },
    expanded: () => [...expanded],
    layouts: () => layouts,
    selectedGroup: () => (selectedGroup === undefined ? undefined : grouping?.groupPath[selectedGroup]),
    drawDirect: () => {
      if (!scene) return;
      lastDraw = { ...drawGraph(ctx, scene, theme, transform, { ...size, ratio: ratio() }, selected, options.roles, options.overlay, { groupRoles: currentGroupRoles(), selectedGroup }), source: 'direct' };
    },
  };
  options.layout.then(
    (layout) => {
      if (disposed) return;
      install(layout);
      selected = initial === undefined ? undefined : reader.nodeIndex(initial);
      place();
      schedule();
    },
    (e: unknown) => {
      if (!disposed) status.replaceChildren(h('span', { class: 'error' }, format(s.layoutFailed, e instanceof Error ? e.message : String(e))));
    },
  );

  return {
    element,
    select(nodeId) {
      selected = nodeId === undefined ? undefined : reader.nodeIndex(nodeId);
      if (nodeId !== undefined) selectedGroup = undefined;
      schedule();
    },
    centreOn(nodeId) {
      if (!placed || !centre(nodeId)) pendingCentre = nodeId;
    },
    fit: () => fit(true),
    redraw: () => {
      groupRoleCache = undefined;
      cache.invalidate();
      minimap?.invalidate();
      schedule();
    },
    focus: () => canvas.focus(),
    viewRect: () => (scene && size.width > 0 ? { x: -transform.x / transform.k, y: -transform.y / transform.k, width: size.width / transform.k, height: size.height / transform.k } : undefined),
    png: () => {
      // Drawn now, not at the next frame: toBlob reads whatever the canvas holds.
      cancelAnimationFrame(frame);
      draw();
      return new Promise<Uint8Array>((resolve, reject) =>
        canvas.toBlob((blob) => (blob ? blob.arrayBuffer().then((b) => resolve(new Uint8Array(b)), reject) : reject(new Error('the canvas gave no image'))), 'image/png'),
      );
    },
    expandAll() {
      if (!grouping) return;
      for (const path of grouping.groupPath) expanded.add(path);
      relayout(undefined, () => fit(true));
    },
    collapseAll() {
      if (!grouping) return;
      expanded.clear();
      selectGroup(undefined);
      relayout(undefined, () => fit(true));
    },
    expandedGroups: () => [...expanded],
    dispose() {
      disposed = true;
      cancelAnimationFrame(frame);
      cache.invalidate();
      resize.disconnect();
      stopTheme();
      minimap?.dispose();
      canvas.removeEventListener('click', onClick);
      canvas.removeEventListener('dblclick', onDoubleClick);
      canvas.removeEventListener('contextmenu', onContextMenu);
      canvas.removeEventListener('keydown', onKey);
      selection.on('.zoom', null);
      const w = window as unknown as { __npuGraph?: GraphTestHook };
      if (w.__npuGraph?.layout === scene?.layout) delete w.__npuGraph;
    },
  };
}

function nonNegative(g: number): number | undefined {
  return g >= 0 ? g : undefined;
}
