// The graph on a canvas: d3-zoom pans and zooms it, a redraw per animation frame draws what the
// grid finds in the viewport (drawGraph), and a click selects the node under the pointer. While a
// gesture runs the backing store is 1 pixel per CSS pixel, and devicePixelRatio once it ends: on a
// hi-DPI screen that keeps panning about 5× cheaper (rendering.md). The transform the user leaves
// is saved in the store, so the tab shown again (or the window reloaded) looks where it looked.
// Groups collapse and expand (graphGroups.ts); the keys are graphKeyboard.ts's. Far out, where the
// whole drawing covers about two viewports, a frame is a copy of one bitmap of it, scaled while a
// zoom gesture runs and drawn again when it ends (bitmapCache.ts). While the worker lays out, the
// view says so with a Cancel button (when its owner can stop the worker); a cancelled change of
// the groups leaves the drawing as it was, a cancelled first layout offers to lay out again.

import { select } from 'd3-selection';
import { zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior } from 'd3-zoom';
import type { CompactGraphReader } from '../../src/core/graph/compactGraph';
import type { NodeGrouping } from '../../src/core/graph/nodeGroups';
import type { GraphLayout } from '../../src/core/layout/graphLayout';
import { format } from '../../src/protocol/strings';
import { h } from '../dom';
import { LAYOUT_CANCELLED } from '../layout/layoutClient';
import { button, progressRing } from '../ui';
import type { ViewerStore } from '../state/viewerStore';
import type { View } from '../view';
import { BitmapCache } from './bitmapCache';
import { drawGraph, TEXT_MIN_SCALE, type DrawStats, type GraphOverlay, type ViewTransform } from './drawGraph';
import { GraphGroups } from './graphGroups';
import { GraphKeyboard } from './graphKeyboard';
import { GraphScene } from './graphScene';
import { graphTestHook, publishTestHook, withdrawTestHook } from './graphTestHook';
import { stage, stageTimes } from './graphTimings';
import { Minimap } from './minimap';
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

let viewCount = 0;

/** Clicks this close (screen pixels) to a box still hit it, for boxes drawn at their 1-pixel minimum. */
const HIT_SLACK_PX = 4;

export function graphView(options: {
  reader: CompactGraphReader;
  layout: Promise<GraphLayout>;
  store: ViewerStore;
  strings: { graphLabel: string; graphKeys: string; layingOut: string; layoutFailed: string; groupNodes: string; groupKeys: string; groupCollapsed: string; cancel?: string; layoutCancelled?: string; layOutAgain?: string };
  /** Stops the layout being waited for (the worker's); its promise then fails with LAYOUT_CANCELLED. */
  onCancel?: () => void;
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
  const status = h('div', { class: 'graph-status', 'data-testid': 'graph-status' });
  /** The status while a layout is coming: a progress ring, what it is, and Cancel where the owner can stop it. */
  const showProgress = () => {
    status.replaceChildren(progressRing(s.layingOut), h('span', {}, s.layingOut));
    if (options.onCancel && s.cancel) status.append(testId(button({ label: s.cancel, secondary: true, onClick: options.onCancel }), 'layout-cancel'));
  };
  showProgress();
  // What the keyboard's node cursor is on, read out by screen readers (the canvas itself is an image).
  const announce = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'data-testid': 'graph-announce' });
  const grouping = options.groups && options.groups.grouping.groupCount > 0 ? options.groups.grouping : undefined;
  const element = h('div', { class: 'graph-canvas' }, canvas, status, announce, h('div', { class: 'visually-hidden', id: keysId }, grouping ? `${s.graphKeys} ${s.groupKeys}` : s.graphKeys));
  const ctx = canvas.getContext('2d', { alpha: false })!;
  let theme = readGraphTheme();
  let scene: GraphScene | undefined;
  let minimap: Minimap | undefined;
  let transform: ViewTransform = { x: 0, y: 0, k: 1 };
  let placed = false;
  let gesture = false;
  let quiet = false;
  let pendingCentre: string | undefined;
  let selected: number | undefined;
  let frame = 0;
  let frames = 0;
  let layouts = 0;
  let lastDraw: DrawStats | undefined;
  let disposed = false;
  // Far out, frames are copies of one bitmap of the whole drawing (bitmapCache.ts).
  const cache = new BitmapCache();
  const size = { width: 0, height: 0 };
  const countLabel = (n: number) => format(s.groupNodes, n);

  const groups = new GraphGroups(grouping, options.groups?.expanded ?? [], options.groups?.relayout, store, s, {
    scene: () => scene,
    roles: () => options.roles,
    layingOut: () => {
      showProgress();
      if (!status.isConnected) element.append(status);
    },
    laidOut: (layout, installed) => {
      if (disposed) return;
      install(layout);
      installed();
      if (pendingCentre !== undefined && placed && centre(pendingCentre)) pendingCentre = undefined;
      schedule();
    },
    move: (dx, dy) => apply({ k: transform.k, x: transform.x - dx * transform.k, y: transform.y - dy * transform.k }, true),
    failed: (e) => showFailure(e),
    changed: () => schedule(),
    groupSelected: () => (selected = undefined),
    announce: (text) => (announce.textContent = text),
  });

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
    const groupDrawing = { groupRoles: groups.roles(), selectedGroup: groups.selected };
    lastDraw = cache.paint(ctx, scene, theme, transform, { ...size, ratio: r }, gesture, selected, options.roles, options.overlay, groupDrawing) ?? { ...drawGraph(ctx, scene, theme, transform, { ...size, ratio: r }, selected, options.roles, options.overlay, groupDrawing), source: 'direct' };
    if (frames === 0) stage('graphDrawn');
    // The minimap keeps the device's resolution through gestures: its bitmap is painted once.
    minimap?.draw(transform, size, window.devicePixelRatio || 1);
    frames++;
  }

  /** Where a shown item (a node, or nodeCount + g for a collapsed group) is drawn. */
  const itemBox = (item: number) => (item < scene!.nodeCount ? { x: scene!.layout.x[item], y: scene!.layout.y[item], width: scene!.layout.width[item], height: scene!.layout.height[item] } : scene!.groupBox(item - scene!.nodeCount));

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
      groups.reveal(i);
      return false;
    }
    apply(centreTransform(itemBox(i), size, transform.k, TEXT_MIN_SCALE), true);
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

  function showFailure(e: unknown): void {
    if (disposed) return;
    const message = e instanceof Error ? e.message : String(e);
    if (message !== LAYOUT_CANCELLED) {
      status.replaceChildren(h('span', { class: 'error' }, format(s.layoutFailed, message)));
      return;
    }
    // Cancelled while a drawing shows: it stays, with the groups it was laid out with.
    if (scene) {
      groups.revert();
      status.remove();
      return;
    }
    // Cancelled before the first drawing: say so, and offer to lay out again.
    const again = options.groups?.relayout;
    status.replaceChildren(h('span', { 'data-testid': 'layout-cancelled' }, s.layoutCancelled ?? message));
    if (again && s.layOutAgain) status.append(testId(button({ label: s.layOutAgain, onClick: () => layOutFirst(again([...groups.expanded])) }), 'layout-again'));
  }

  /** The laid-out graph to draw from now on: a new scene (grids, labels), minimap and test hook. */
  function install(layout: GraphLayout): void {
    scene = new GraphScene(reader, layout, grouping && { grouping, countLabel });
    keyboard.reset();
    groups.invalidate();
    layouts++;
    status.remove();
    minimap?.dispose();
    // A point the minimap was clicked at goes to the middle of the view, at the same zoom.
    minimap = new Minimap(scene, theme, options.roles, (x, y) => apply({ k: transform.k, x: size.width / 2 - x * transform.k, y: size.height / 2 - y * transform.k }, true), () => groups.roles());
    element.append(minimap.element);
    publishTestHook(hook, layout);
  }

  const pick = (hit: number) => {
    selected = hit;
    groups.selected = undefined;
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
    if (group.chevron) groups.toggle(group.group);
    else groups.select(group.group);
  };
  canvas.addEventListener('click', onClick);

  // A double-click on a group (not its chevron: two clicks there have toggled it already) expands or collapses it.
  const onDoubleClick = (e: MouseEvent) => {
    if (nodeUnder(e.clientX, e.clientY) !== undefined) return;
    const group = groupUnder(e.clientX, e.clientY);
    if (group && !group.chevron) groups.toggle(group.group);
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
    const b = itemBox(selected);
    const screen = (t: ViewTransform) => ({ x: (b.x + b.width / 2) * t.k + t.x, y: (b.y + b.height / 2) * t.k + t.y });
    let at = screen(transform);
    if (at.x < 0 || at.y < 0 || at.x > size.width || at.y > size.height) {
      centre(reader.nodeId(selected));
      at = screen(transform);
    }
    keyboardMenuAt = performance.now();
    options.onContextMenu(selected, at, shift);
  };

  const keyboard = new GraphKeyboard({
    reader,
    groups,
    scene: () => scene,
    selected: () => selected,
    setSelected: (node) => {
      selected = node;
      schedule();
    },
    itemBox,
    bringIntoView: (b) => {
      const left = b.x * transform.k + transform.x;
      const top = b.y * transform.k + transform.y;
      if (left < 0 || top < 0 || left + b.width * transform.k > size.width || top + b.height * transform.k > size.height) apply(centreTransform(b, size, transform.k, TEXT_MIN_SCALE), true);
    },
    announce: (text) => (announce.textContent = text),
    openMenu: keyboardMenu,
    showDetails: (node) => options.onSelect(reader.nodeId(node)),
    zoomBy: (factor) => behaviour.scaleBy(selection, factor),
    panBy: (dx, dy) => {
      const step = Math.max(size.width, size.height) / 10 / transform.k;
      behaviour.translateBy(selection, dx * step, dy * step);
    },
    fit: () => fit(true),
  });
  const onKey = keyboard.onKey;
  canvas.addEventListener('keydown', onKey);

  const directDraw = () => {
    if (!scene) return;
    lastDraw = { ...drawGraph(ctx, scene, theme, transform, { ...size, ratio: ratio() }, selected, options.roles, options.overlay, { groupRoles: groups.roles(), selectedGroup: groups.selected }), source: 'direct' };
  };
  const hook = graphTestHook({
    reader,
    groups,
    scene: () => scene,
    roles: () => options.roles,
    transform: () => transform,
    ratio,
    frames: () => frames,
    layouts: () => layouts,
    lastDraw: () => lastDraw,
    selected: () => selected,
    zoomTo: (t) => apply(t, true),
    drawDirect: directDraw,
    timings: stageTimes,
  });

  const initial = store.state.selection[0];
  /** Waits for the first layout: installed, placed (the saved transform or fit) and drawn. */
  function layOutFirst(layout: Promise<GraphLayout>): void {
    showProgress();
    layout.then(
      (l) => {
        if (disposed) return;
        stage('layoutReceived');
        install(l);
        selected = initial === undefined ? undefined : reader.nodeIndex(initial);
        place();
        schedule();
        stage('sceneBuilt');
      },
      showFailure,
    );
  }
  layOutFirst(options.layout);

  return {
    element,
    select(nodeId) {
      selected = nodeId === undefined ? undefined : reader.nodeIndex(nodeId);
      if (nodeId !== undefined) groups.selected = undefined;
      schedule();
    },
    centreOn(nodeId) {
      if (!placed || !centre(nodeId)) pendingCentre = nodeId;
    },
    fit: () => fit(true),
    redraw: () => {
      groups.invalidate();
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
    expandAll: () => groups.expandAll(() => fit(true)),
    collapseAll: () => groups.collapseAll(() => fit(true)),
    expandedGroups: () => [...groups.expanded],
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
      withdrawTestHook(hook);
    },
  };
}

function testId(element: HTMLElement, id: string): HTMLElement {
  element.dataset.testid = id;
  return element;
}
