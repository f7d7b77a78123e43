// The size of each node's box and the labels it shows, shared by `npu-deploy draw` (graphSvg.ts)
// and the viewer's layout worker, so the SVG and the canvas lay the same boxes out in the same
// places. Sized by character count in a monospace font: no browser is needed to measure text.

import type { CompactGraphReader } from '../graph/compactGraph';

export const FONT_PX = 12;
/** Monospace advance at FONT_PX, for sizing boxes without a browser. */
export const CHAR_PX = 7.2;
export const BOX_PADDING = 12;
export const BOX_HEIGHT = 40;
export const MIN_BOX = 72;
export const MAX_BOX = 280;
/** Baselines of the type (bold) and the name inside a box, from its top. */
export const TYPE_BASELINE = 16;
export const NAME_BASELINE = 32;

/** A label that fits its box: cut with an ellipsis past what the widest box holds. */
export function fitLabel(text: string): string {
  const most = Math.floor((MAX_BOX - 2 * BOX_PADDING) / CHAR_PX);
  return text.length > most ? `${text.slice(0, most - 1)}…` : text;
}

/** Width and height of every node's box: wide enough for its type and name, within MIN_BOX..MAX_BOX. */
export function nodeBoxes(r: CompactGraphReader): { width: Float64Array; height: Float64Array } {
  const g = r.graph;
  const n = g.nodeCount;
  const width = new Float64Array(n);
  const height = new Float64Array(n).fill(BOX_HEIGHT);
  for (let i = 0; i < n; i++) {
    const chars = Math.max(fitLabel(r.nodeType(i)).length, fitLabel(r.string(g.nodeName[i])).length);
    width[i] = Math.min(MAX_BOX, Math.max(MIN_BOX, chars * CHAR_PX + 2 * BOX_PADDING));
  }
  return { width, height };
}

/** An expanded group's frame: a header this tall (its name and chevron) over its own layout. */
export const GROUP_HEADER = 24;
/** The chevron that collapses or expands a group: this wide at the right end of its box's top row. */
export const GROUP_CHEVRON = 20;
/** Room on a collapsed group's second line for its node count (`1234 nodes`, `1234 个节点`). */
const GROUP_COUNT_CHARS = 11;

/** A collapsed group's box: one node's height, wide enough for its name, its count and the chevron. */
export function groupBoxWidth(label: string): number {
  const chars = Math.max(fitLabel(label).length, GROUP_COUNT_CHARS);
  return Math.min(MAX_BOX, Math.max(MIN_BOX, chars * CHAR_PX + 2 * BOX_PADDING + GROUP_CHEVRON));
}
