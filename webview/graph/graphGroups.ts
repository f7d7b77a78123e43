// The graph view's groups (nodeGroups.ts): which are expanded, which one is selected, and the
// changes that need a new layout. Groups collapse and expand by their chevron, a double-click,
// E and C (Enter too on a collapsed one), or all at once; each change asks the worker for the
// layout again (it lays out only what changed) and keeps the group under the pointer where it was
// on the screen. A node found, picked in the table or highlighted from the text while hidden in a
// collapsed group opens the groups around it first. The view (graphView.ts) owns the canvas and
// the transform; this file only decides, and tells the view through GroupsHost.

import { groupRoles } from '../../src/core/graph/groupRoles';
import type { NodeGrouping } from '../../src/core/graph/nodeGroups';
import type { GraphLayout } from '../../src/core/layout/graphLayout';
import { format } from '../../src/protocol/strings';
import type { ViewerStore } from '../state/viewerStore';
import type { GraphScene } from './graphScene';

/** What the groups need of the view that shows them. */
export interface GroupsHost {
  scene(): GraphScene | undefined;
  /** RangeRole by node index, when a range is being chosen. */
  roles(): Uint8Array | undefined;
  /** A new layout was asked for: show that it is coming. */
  layingOut(): void;
  /** The new layout came: install it, run `installed` (which may move the view), then draw. */
  laidOut(layout: GraphLayout, installed: () => void): void;
  /** Moves the view so what moved by (dx, dy) drawing units in the new layout stays put on the screen. */
  move(dx: number, dy: number): void;
  failed(error: unknown): void;
  /** The selection or the colours changed: draw again. */
  changed(): void;
  /** A group became the selection: the node selection lets go. */
  groupSelected(): void;
  announce(text: string): void;
}

export class GraphGroups {
  readonly expanded: Set<string>;
  /** The selected group, if the selection is a group. */
  selected: number | undefined;
  private roleCache: Uint8Array | undefined;
  private version = 0;
  /** The groups expanded in the layout shown now: what a cancelled change returns to. */
  private shown: string[];

  constructor(
    /** The model's groups; undefined when it has none. */
    readonly grouping: NodeGrouping | undefined,
    initial: readonly string[],
    private readonly again: ((expanded: string[]) => Promise<GraphLayout>) | undefined,
    private readonly store: ViewerStore,
    private readonly strings: { groupCollapsed: string },
    private readonly host: GroupsHost,
  ) {
    this.expanded = new Set(initial);
    this.shown = [...initial];
  }

  /** The change being laid out was cancelled: the groups are again those of the layout shown. */
  revert(): void {
    this.version++;
    this.expanded.clear();
    for (const path of this.shown) this.expanded.add(path);
    this.store.update({ expandedGroups: [...this.expanded] });
    if (this.selected !== undefined && this.host.scene()?.groups?.layout.groupExpanded[this.selected] !== (this.isExpanded(this.selected) ? 1 : 0)) this.select(undefined);
  }

  /** The range's colour per group, made again once the range or the layout changes. */
  roles(): Uint8Array | undefined {
    const roles = this.host.roles();
    return this.grouping && roles ? (this.roleCache ??= groupRoles(this.grouping, roles)) : undefined;
  }

  /** A new layout was installed, or the range changed: the colours per group are made again. */
  invalidate(): void {
    this.roleCache = undefined;
  }

  isExpanded(g: number): boolean {
    return this.expanded.has(this.grouping!.groupPath[g]);
  }

  /**
   * Asks for the layout with the groups now expanded; once it comes, `keep` (a box looked up in the
   * old scene and again in the new) stays where it was on the screen, or `then` runs.
   */
  relayout(keep?: () => { x: number; y: number } | undefined, then?: () => void): void {
    const again = this.again;
    if (!again) return;
    this.store.update({ expandedGroups: [...this.expanded], groupsChosen: true });
    const before = keep?.();
    const version = ++this.version;
    const asked = [...this.expanded];
    this.host.layingOut();
    again(asked).then(
      (layout) => {
        if (version !== this.version) return;
        this.shown = asked;
        this.host.laidOut(layout, () => {
          const after = keep?.();
          if (before && after && !Number.isNaN(before.x) && !Number.isNaN(after.x)) this.host.move(after.x - before.x, after.y - before.y);
          then?.();
        });
      },
      (e: unknown) => {
        if (version === this.version) this.host.failed(e);
      },
    );
  }

  /** Expands or collapses a group, keeping its box where it is on the screen; the group becomes the selection. */
  toggle(g: number): void {
    const path = this.grouping!.groupPath[g];
    if (this.expanded.has(path)) this.expanded.delete(path);
    else this.expanded.add(path);
    this.select(g);
    this.relayout(() => {
      const scene = this.host.scene();
      return scene?.groups && scene.groupBox(g);
    });
  }

  /** Opens every collapsed group around a node; false when none was closed. */
  reveal(node: number): boolean {
    const grouping = this.grouping;
    if (!grouping) return false;
    let changed = false;
    for (let g = grouping.nodeGroup[node]; g >= 0; g = grouping.groupParent[g]) {
      if (this.expanded.has(grouping.groupPath[g])) continue;
      this.expanded.add(grouping.groupPath[g]);
      changed = true;
    }
    if (changed) this.relayout();
    return changed;
  }

  /** Makes a group the selection (undefined: no group), and reads it out. */
  select(g: number | undefined): void {
    this.selected = g;
    if (g !== undefined) {
      const grouping = this.grouping!;
      this.host.groupSelected();
      this.host.announce(this.isExpanded(g) ? grouping.groupLabel[g] : format(this.strings.groupCollapsed, grouping.groupLabel[g], grouping.groupSize[g]));
    }
    this.host.changed();
  }

  /** The selected group if it is shown collapsed: what Enter and E expand, and where the arrows start. */
  selectedCollapsed(): number | undefined {
    const g = this.selected;
    return g !== undefined && !this.isExpanded(g) ? g : undefined;
  }

  /** What C collapses: the selected group if it is open, else the group around the selected node. */
  collapseTarget(selectedNode: number | undefined): number | undefined {
    const scene = this.host.scene();
    const grouping = this.grouping;
    if (!grouping || !scene?.groups) return undefined;
    const l = scene.groups.layout;
    if (this.selected !== undefined) return l.groupExpanded[this.selected] ? this.selected : nonNegative(grouping.groupParent[this.selected]);
    if (selectedNode === undefined) return undefined;
    const shown = l.nodeShownAs[selectedNode];
    return nonNegative(shown === selectedNode ? grouping.nodeGroup[selectedNode] : grouping.groupParent[shown - scene.nodeCount]);
  }

  expandAll(then: () => void): void {
    if (!this.grouping) return;
    for (const path of this.grouping.groupPath) this.expanded.add(path);
    this.relayout(undefined, then);
  }

  collapseAll(then: () => void): void {
    if (!this.grouping) return;
    this.expanded.clear();
    this.select(undefined);
    this.relayout(undefined, then);
  }

  /**
   * The group keys (E or Enter on a collapsed group, C, Escape on a group) with the selected node;
   * true when the key was the groups' and is handled.
   */
  onKey(e: KeyboardEvent, selectedNode: number | undefined): boolean {
    if (!this.grouping || !this.host.scene()) return false;
    const key = e.key.toLowerCase();
    const collapsed = this.selectedCollapsed();
    if (collapsed !== undefined && (key === 'e' || e.key === 'Enter')) {
      this.toggle(collapsed);
      return true;
    }
    if (key === 'c') {
      const target = this.collapseTarget(selectedNode);
      if (target !== undefined) this.toggle(target);
      return target !== undefined;
    }
    if (e.key === 'Escape' && this.selected !== undefined) {
      this.select(undefined);
      return true;
    }
    return false;
  }
}

function nonNegative(g: number): number | undefined {
  return g >= 0 ? g : undefined;
}
