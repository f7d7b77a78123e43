// Where the view looks: the transform that fits the whole drawing in the viewport, and the one
// that puts a node in its centre. Plain arithmetic on d3-zoom's (x, y, k): screen = world·k + (x, y).

import type { ViewTransform } from './drawGraph';

const FIT_MARGIN = 16;
/** Fitting never magnifies a small graph past its drawn size. */
const FIT_MAX_SCALE = 1;

export function fitTransform(drawing: { width: number; height: number }, view: { width: number; height: number }): ViewTransform {
  const k = Math.min(
    FIT_MAX_SCALE,
    Math.max(view.width - 2 * FIT_MARGIN, 1) / Math.max(drawing.width, 1),
    Math.max(view.height - 2 * FIT_MARGIN, 1) / Math.max(drawing.height, 1),
  );
  return { k, x: (view.width - drawing.width * k) / 2, y: (view.height - drawing.height * k) / 2 };
}

/** The node's centre at the viewport's centre, at the current scale or, if its text would be unreadable there, at 1:1. */
export function centreTransform(box: { x: number; y: number; width: number; height: number }, view: { width: number; height: number }, k: number, readableScale: number): ViewTransform {
  const scale = k >= readableScale ? k : 1;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  return { k: scale, x: view.width / 2 - cx * scale, y: view.height / 2 - cy * scale };
}
