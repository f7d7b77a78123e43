// The minimap in the graph view's corner: the whole drawing shrunk (every box, a collapsed
// group's too, a dot in the outline colour, the range's in its colours) with the rectangle the
// view shows; a click or a drag on it moves the view there. The shrunk drawing is painted once
// into a bitmap (again only when the theme, the range or the groups change), so a frame costs one
// drawImage and one rectangle even at 55,000 nodes. Hidden while the view shows the whole
// drawing: there is nothing to find then.

import { RangeRole } from '../range/rangeChoice';
import type { ViewTransform } from './drawGraph';
import type { GraphScene } from './graphScene';
import type { GraphTheme } from './graphTheme';

/** The minimap's largest size in CSS pixels: this wide, and this share of the view's height. */
const MAX_WIDTH = 180;
const MAX_HEIGHT_SHARE = 0.4;

export class Minimap {
  readonly element: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private bitmap: HTMLCanvasElement | undefined;
  /** CSS pixels per drawing unit. */
  private scale = 1;
  private dragging = false;

  constructor(
    private readonly scene: GraphScene,
    private theme: GraphTheme,
    private readonly roles: Uint8Array | undefined,
    /** Centres the view on a point of the drawing. */
    private readonly moveTo: (x: number, y: number) => void,
    /** RangeRole by group, for collapsed groups' boxes, when a range is being chosen. */
    private readonly groupRoles: () => Uint8Array | undefined = () => undefined,
  ) {
    this.element = document.createElement('canvas');
    this.element.className = 'graph-minimap';
    this.element.dataset.testid = 'graph-minimap';
    // The keyboard already moves the view (arrows, 0 to fit); the minimap is for the pointer.
    this.element.setAttribute('aria-hidden', 'true');
    this.ctx = this.element.getContext('2d')!;
    this.element.addEventListener('pointerdown', this.onDown);
    this.element.addEventListener('pointermove', this.onMove);
    this.element.addEventListener('pointerup', this.onUp);
    this.element.addEventListener('pointercancel', this.onUp);
  }

  /** The theme or the range changed: the shrunk drawing is painted again at the next draw. */
  invalidate(theme?: GraphTheme): void {
    if (theme) this.theme = theme;
    this.bitmap = undefined;
  }

  /** Shows the view's rectangle over the shrunk drawing, or hides the minimap when the view holds the whole drawing. */
  draw(t: ViewTransform, view: { width: number; height: number }, ratio: number): void {
    const { totalWidth: W, totalHeight: H } = this.scene.layout;
    const x0 = -t.x / t.k;
    const y0 = -t.y / t.k;
    const x1 = x0 + view.width / t.k;
    const y1 = y0 + view.height / t.k;
    const whole = x0 <= 0 && y0 <= 0 && x1 >= W && y1 >= H;
    this.element.hidden = whole;
    if (whole) return;
    const scale = Math.min(MAX_WIDTH / W, (MAX_HEIGHT_SHARE * view.height) / H);
    const width = Math.max(1, Math.round(W * scale));
    const height = Math.max(1, Math.round(H * scale));
    if (scale !== this.scale || !this.bitmap || this.bitmap.width !== Math.round(width * ratio)) {
      this.scale = scale;
      this.bitmap = this.paint(width, height, ratio);
    }
    if (this.element.width !== this.bitmap.width || this.element.height !== this.bitmap.height) {
      this.element.width = this.bitmap.width;
      this.element.height = this.bitmap.height;
      this.element.style.width = `${width}px`;
      this.element.style.height = `${height}px`;
    }
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.bitmap, 0, 0);
    ctx.setTransform(ratio * scale, 0, 0, ratio * scale, 0, 0);
    // The view's rectangle tinted as well as outlined: its outline often runs along the minimap's edge.
    ctx.fillStyle = this.theme.selection;
    ctx.globalAlpha = 0.2;
    ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
    ctx.globalAlpha = 1;
    ctx.lineWidth = 1.5 / scale;
    ctx.strokeStyle = this.theme.selection;
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
  }

  /**
   * The whole drawing at this size, once: each box a block of pixels (never under one), written
   * straight into an ImageData. One fillRect per box measured 65–140 ms at 55,000 nodes; this is
   * a few milliseconds.
   */
  private paint(width: number, height: number, ratio: number): HTMLCanvasElement {
    const bitmap = document.createElement('canvas');
    const bw = (bitmap.width = Math.round(width * ratio));
    const bh = (bitmap.height = Math.round(height * ratio));
    const ctx = bitmap.getContext('2d')!;
    const image = ctx.createImageData(bw, bh);
    const data = image.data;
    const colour = [this.theme.border, this.theme.rangeInside, this.theme.rangeStart, this.theme.rangeEnd].map(rgba);
    const background = rgba(this.theme.box || this.theme.background);
    for (let k = 0; k < data.length; k += 4) data.set(background, k);
    const s = this.scale * ratio;
    const block = (x: number, y: number, w: number, h: number, c: Uint8ClampedArray) => {
      // A node hidden in a collapsed group has no place: no block.
      if (Number.isNaN(x)) return;
      const x0 = Math.min(bw - 1, Math.max(0, Math.floor(x * s)));
      const y0 = Math.min(bh - 1, Math.max(0, Math.floor(y * s)));
      const x1 = Math.min(bw, Math.max(x0 + 1, Math.round((x + w) * s)));
      const y1 = Math.min(bh, Math.max(y0 + 1, Math.round((y + h) * s)));
      for (let py = y0; py < y1; py++) for (let px = x0; px < x1; px++) data.set(c, (py * bw + px) * 4);
    };
    const { x, y, width: w, height: h } = this.scene.layout;
    for (let i = 0; i < x.length; i++) block(x[i], y[i], w[i], h[i], colour[this.roles?.[i] ?? RangeRole.None] ?? colour[0]);
    const groups = this.scene.groups?.layout;
    const groupRoles = this.groupRoles();
    if (groups) {
      for (let g = 0; g < groups.groupX.length; g++) {
        if (!groups.groupExpanded[g]) block(groups.groupX[g], groups.groupY[g], groups.groupWidth[g], groups.groupHeight[g], colour[groupRoles?.[g] ?? RangeRole.None] ?? colour[0]);
      }
    }
    ctx.putImageData(image, 0, 0);
    return bitmap;
  }

  private readonly onDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    e.preventDefault();
    this.dragging = true;
    this.element.setPointerCapture?.(e.pointerId);
    this.follow(e);
  };

  private readonly onMove = (e: PointerEvent) => {
    if (this.dragging) this.follow(e);
  };

  private readonly onUp = () => {
    this.dragging = false;
  };

  private follow(e: PointerEvent): void {
    // From the drawing's corner, inside the border.
    const r = this.element.getBoundingClientRect();
    this.moveTo((e.clientX - r.left - this.element.clientLeft) / this.scale, (e.clientY - r.top - this.element.clientTop) / this.scale);
  }

  dispose(): void {
    this.element.removeEventListener('pointerdown', this.onDown);
    this.element.removeEventListener('pointermove', this.onMove);
    this.element.removeEventListener('pointerup', this.onUp);
    this.element.removeEventListener('pointercancel', this.onUp);
    this.element.remove();
  }
}

let swatch: CanvasRenderingContext2D | undefined;

/** A CSS colour (a theme variable's value: hex, rgb(), a name) as the RGBA bytes the canvas paints it with. */
function rgba(css: string): Uint8ClampedArray {
  swatch ??= Object.assign(document.createElement('canvas'), { width: 1, height: 1 }).getContext('2d', { willReadFrequently: true })!;
  swatch.clearRect(0, 0, 1, 1);
  swatch.fillStyle = '#000';
  swatch.fillStyle = css;
  swatch.fillRect(0, 0, 1, 1);
  const c = swatch.getImageData(0, 0, 1, 1).data;
  // A translucent theme colour is taken opaque: the minimap has nothing under it to show through.
  return Uint8ClampedArray.of(c[0], c[1], c[2], 255);
}
