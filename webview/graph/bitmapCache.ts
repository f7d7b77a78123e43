// The far-zoom bitmap cache (rendering.md's `canvasc`): when the whole drawing covers about two
// viewports or less, it is drawn once into an offscreen canvas and a frame is one drawImage of it.
// Far out every node is in view, so a fresh frame costs all the boxes (about 350 ms at 55,000
// nodes); a copy costs a few milliseconds. Panning copies the bitmap pixel for pixel; during a
// zoom gesture it is scaled (soft for a moment); at rest, at a zoom or sub-pixel offset it was not
// drawn at, it is drawn again, so the view at rest is exactly what drawGraph draws.
// The selection is not in the bitmap (it is outlined over it each frame, so a click costs no
// redraw); the range's colours and the theme are, hence invalidate(). Nothing here decides what
// is under the pointer: hit-testing goes through the scene's grid at the real transform.

import { drawGraph, drawSelection, TEXT_MIN_SCALE, type DrawStats, type GraphOverlay, type GroupDrawing, type ViewTransform } from './drawGraph';
import type { GraphScene } from './graphScene';
import type { GraphTheme } from './graphTheme';

/** The cache serves a zoom at which the whole drawing covers at most this many viewports' area. */
const MAX_VIEWPORTS = 2;
/** Chromium refuses canvases over 32,767 pixels a side; a tall, thin net that long is drawn directly. */
const MAX_SIDE = 16_384;
/**
 * During a gesture a bitmap is magnified at most this much; further in it would be a blur, and
 * the view holds few enough nodes there for a fresh frame to be cheap.
 */
const MAX_STRETCH = 4;
/** Room past the layout's own margin (drawing units): arrowheads, and shape labels beside the last edges once text shows. */
const SLACK = 8;
const TEXT_SLACK = 96;

interface Bitmap {
  canvas: HTMLCanvasElement;
  /** The scene drawn: a group expanded or collapsed makes a new scene, and the bitmap stale. */
  scene: GraphScene;
  k: number;
  ratio: number;
  /** Device pixels from the bitmap's top-left corner to the drawing's origin, the view's sub-pixel offset included. */
  ox: number;
  oy: number;
  stats: DrawStats;
}

export interface ViewSize {
  width: number;
  height: number;
  ratio: number;
}

export class BitmapCache {
  private bitmap: Bitmap | undefined;

  /** The drawing changed (the range's colours, the comparison overlay, the theme): the next frame draws the bitmap again. */
  invalidate(): void {
    this.bitmap = undefined;
  }

  /**
   * Paints the frame from the bitmap, drawing the bitmap first where it is missing or stale;
   * undefined when the view is too close in for a bitmap of the whole drawing, and the caller
   * draws the frame directly.
   */
  paint(ctx: CanvasRenderingContext2D, scene: GraphScene, theme: GraphTheme, t: ViewTransform, view: ViewSize, gesture: boolean, selected: number | undefined, roles?: Uint8Array, overlay?: GraphOverlay, groups: GroupDrawing = {}): DrawStats | undefined {
    const r = view.ratio;
    if (this.bitmap && this.bitmap.scene !== scene) this.bitmap = undefined;
    let b = this.bitmap;
    let exact = b !== undefined && b.k === t.k && b.ratio === r && samePhase(b.ox, r * t.x) && samePhase(b.oy, r * t.y);
    if (!exact) {
      const stretch = b ? (r * t.k) / (b.ratio * b.k) : Infinity;
      // Mid-gesture any bitmap that is not a blur is good enough; at rest only an exact one.
      if (!(gesture && stretch <= MAX_STRETCH)) {
        if (!fitsCache(scene, t.k, view)) return undefined;
        b = this.bitmap = drawBitmap(scene, theme, t, r, roles, overlay, groups.groupRoles, this.bitmap?.canvas);
        exact = true;
      }
    }
    const bitmap = b!;
    const s = (r * t.k) / (bitmap.ratio * bitmap.k);
    // The drawing's point w is at device pixel r·(k·w + x) on screen and bitmap.k·ratio·w + ox in the bitmap.
    let dx = r * t.x - bitmap.ox * s;
    let dy = r * t.y - bitmap.oy * s;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    if (s === 1) {
      // A copy, never a resampling: exact when the phase matches, at most half a pixel off mid-gesture.
      dx = Math.round(dx);
      dy = Math.round(dy);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(bitmap.canvas, dx, dy);
    } else {
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(bitmap.canvas, dx, dy, bitmap.canvas.width * s, bitmap.canvas.height * s);
    }
    ctx.imageSmoothingEnabled = true;
    drawSelection(ctx, scene, theme, t, r, selected, groups.selectedGroup);
    return { ...bitmap.stats, source: exact ? 'cache' : 'scaled' };
  }
}

/** Whether a bitmap of the whole drawing at scale k is small enough to be worth keeping. */
export function fitsCache(scene: GraphScene, k: number, view: ViewSize): boolean {
  const { width, height } = bitmapSize(scene, k, view.ratio);
  return width <= MAX_SIDE && height <= MAX_SIDE && width * height <= MAX_VIEWPORTS * view.width * view.height * view.ratio * view.ratio;
}

function slackAt(k: number): number {
  return SLACK + (k >= TEXT_MIN_SCALE ? TEXT_SLACK : 0);
}

/** The border around the drawing in the bitmap, a whole number of device pixels. */
function padAt(k: number, ratio: number): number {
  return Math.ceil((slackAt(k) * k + 1) * ratio);
}

function bitmapSize(scene: GraphScene, k: number, ratio: number): { width: number; height: number } {
  const pad = padAt(k, ratio);
  // One more pixel for the sub-pixel offset.
  return { width: Math.ceil(scene.layout.totalWidth * k * ratio) + 2 * pad + 1, height: Math.ceil(scene.layout.totalHeight * k * ratio) + 2 * pad + 1 };
}

/**
 * The whole drawing at the view's scale and sub-pixel offset, so that copying it at a whole
 * pixel gives what drawGraph would have drawn in the view itself.
 */
function drawBitmap(scene: GraphScene, theme: GraphTheme, t: ViewTransform, ratio: number, roles: Uint8Array | undefined, overlay: GraphOverlay | undefined, groupRoles: Uint8Array | undefined, reuse: HTMLCanvasElement | undefined): Bitmap {
  const canvas = reuse ?? document.createElement('canvas');
  const size = bitmapSize(scene, t.k, ratio);
  canvas.width = size.width;
  canvas.height = size.height;
  const pad = padAt(t.k, ratio);
  const ox = pad + fraction(ratio * t.x);
  const oy = pad + fraction(ratio * t.y);
  const ctx = canvas.getContext('2d', { alpha: false })!;
  const stats = drawGraph(ctx, scene, theme, { k: t.k, x: ox / ratio, y: oy / ratio }, { width: size.width / ratio, height: size.height / ratio, ratio }, undefined, roles, overlay, { groupRoles });
  return { canvas, scene, k: t.k, ratio, ox, oy, stats };
}

function fraction(v: number): number {
  return v - Math.floor(v);
}

/** Whether a bitmap drawn with offset `o` copies to device offset `v` at a whole pixel (to a thousandth). */
function samePhase(o: number, v: number): boolean {
  const d = Math.abs(fraction(o) - fraction(v));
  return Math.min(d, 1 - d) < 1e-3;
}
