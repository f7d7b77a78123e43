// The graph view from the keyboard, once the canvas has focus: + and − zoom about the centre, 0
// fits the whole graph; Shift+F10 or the menu key opens the range menu on the selected node. With
// a node or a collapsed group selected, the arrows move a cursor over what is shown
// (nodeNeighbours.ts): a node is drawn as selected and read out (Enter shows its details, Escape
// lets go), a collapsed group's box is selected as a click selects it (Enter or E expands it,
// graphGroups.ts). Without a cursor, or with Shift, the arrows pan by a tenth of the view.

import type { CompactGraphReader } from '../../src/core/graph/compactGraph';
import type { GraphGroups } from './graphGroups';
import type { GraphScene } from './graphScene';
import { NodeNeighbours, type Direction } from './nodeNeighbours';

type Box = { x: number; y: number; width: number; height: number };

/** What the keys act on: the view's state and moves, all through functions. */
export interface KeyboardHost {
  reader: CompactGraphReader;
  groups: GraphGroups;
  scene(): GraphScene | undefined;
  selected(): number | undefined;
  /** Draws the node as selected (undefined: none) and redraws. */
  setSelected(node: number | undefined): void;
  /** Where a shown item (a node, or nodeCount + g for a collapsed group) is drawn. */
  itemBox(item: number): Box;
  /** Moves the view so the box is in the middle, when any of it lies outside the view. */
  bringIntoView(box: Box): void;
  announce(text: string): void;
  /** The range menu for the selected node, at its box; Shift when asked with Shift. */
  openMenu(shift: boolean): void;
  /** Shows the node's details (what a click does). */
  showDetails(node: number): void;
  zoomBy(factor: number): void;
  /** Pans by a share of the view: (1, 0) moves the drawing a tenth of the view to the right. */
  panBy(dx: number, dy: number): void;
  fit(): void;
}

const ARROWS: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

export class GraphKeyboard {
  private neighbours: NodeNeighbours | undefined;

  constructor(private readonly host: KeyboardHost) {}

  /** A new layout is shown: the neighbours are found in it from now on. */
  reset(): void {
    this.neighbours = undefined;
  }

  readonly onKey = (e: KeyboardEvent): void => {
    const host = this.host;
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      host.openMenu(e.key === 'ContextMenu' && e.shiftKey);
      return;
    }
    const plain = !e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey;
    const selected = host.selected();
    if (plain && host.groups.onKey(e, selected)) {
      e.preventDefault();
      return;
    }
    const direction = ARROWS[e.key];
    const cursor = plain && direction ? this.cursorItem() : undefined;
    if (cursor !== undefined) {
      e.preventDefault();
      const next = this.neighbours!.next(cursor, direction);
      if (next !== undefined) this.moveCursor(next);
      return;
    }
    if (plain && host.scene() && selected !== undefined) {
      if (e.key === 'Enter') {
        e.preventDefault();
        host.showDetails(selected);
        return;
      }
      if (e.key === 'Escape') {
        host.setSelected(undefined);
        return;
      }
    }
    const keys: Record<string, () => void> = {
      '+': () => host.zoomBy(1.25),
      '=': () => host.zoomBy(1.25),
      '-': () => host.zoomBy(0.8),
      ArrowLeft: () => host.panBy(1, 0),
      ArrowRight: () => host.panBy(-1, 0),
      ArrowUp: () => host.panBy(0, 1),
      ArrowDown: () => host.panBy(0, -1),
      '0': () => host.fit(),
    };
    const action = keys[e.key];
    if (!action || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    action();
  };

  /** Where the cursor is: the selected node as shown (its collapsed group's box if hidden), or the selected collapsed group. */
  private cursorItem(): number | undefined {
    const scene = this.host.scene();
    if (!scene) return undefined;
    this.neighbours ??= new NodeNeighbours(scene);
    const selected = this.host.selected();
    if (selected !== undefined) return this.neighbours.shownAs(selected);
    const g = this.host.groups.selectedCollapsed();
    return g === undefined ? undefined : scene.nodeCount + g;
  }

  /** The cursor moved to a shown item: brought into view, then selected and read out. */
  private moveCursor(item: number): void {
    const host = this.host;
    host.bringIntoView(host.itemBox(item));
    const n = host.scene()!.nodeCount;
    if (item >= n) {
      host.groups.select(item - n);
      return;
    }
    host.groups.selected = undefined;
    host.setSelected(item);
    host.announce(`${host.reader.nodeType(item)} ${host.reader.nodeId(item)}`);
  }
}
