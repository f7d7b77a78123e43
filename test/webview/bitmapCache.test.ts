// The graph view's far-zoom bitmap cache (webview/graph/bitmapCache.ts), in headless chromium on
// a branchy net the test writes (inception-like blocks, a few hundred layers): a frame copied from
// the bitmap is, pixel for pixel, what a fresh drawing of the same view gives (at rest, panned by
// whole pixels, with a node selected, at device pixel ratio 1 and 2); while a zoom gesture runs
// the frame is the bitmap scaled, close to the fresh drawing; when the gesture ends the view is
// drawn exactly again; and a right-click in the middle of the gesture and a click after it find
// the node under the pointer.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CompactGraph } from '../../src/core/graph/compactGraph';
import { webviewStrings } from '../../src/extension/webviewStrings';
import { MessageType, type ModelView } from '../../src/protocol/messages';
import { format } from '../../src/protocol/strings';
import { boxOf, canvasRect, ready, stateOf, toPage, transformOf, twoFrames, zoomTo, type HookWindow, type Transform } from './graphPage';
import { modelView } from './sampleModel';
import { launchChromium, openViewerPage, type ViewerPage } from './viewerPage';

const english = webviewStrings((m, ...args) => format(m, ...args.map(String)));

/** Blocks of four parallel branches joined by a Concat, as GoogLeNet's inception blocks are. */
function branchyPrototxt(blocks: number): string {
  const out = ['name: "Branchy"', 'layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 8 dim: 32 dim: 32 } } }'];
  let x = 'data';
  for (let b = 0; b < blocks; b++) {
    const tops: string[] = [];
    for (let r = 0; r < 4; r++) {
      const name = `b${b}_r${r}`;
      out.push(`layer { name: "${name}" type: "Convolution" bottom: "${x}" top: "${name}" convolution_param { num_output: ${4 + r} kernel_size: 1 } }`);
      out.push(`layer { name: "${name}_relu" type: "ReLU" bottom: "${name}" top: "${name}" }`);
      tops.push(name);
    }
    out.push(`layer { name: "b${b}_cat" type: "Concat" ${tops.map((t) => `bottom: "${t}"`).join(' ')} top: "b${b}_cat" }`);
    x = `b${b}_cat`;
  }
  return `${out.join('\n')}\n`;
}

type CacheWindow = HookWindow & {
  __npuGraph: NonNullable<HookWindow['__npuGraph']> & { lastDraw(): { nodes: number; source?: string }; drawDirect(): void };
  __snaps?: Record<string, Uint8ClampedArray>;
};

/** Keeps the canvas's pixels under a name, in the page (a frame is megabytes; only counts come back). */
async function snap(page: Page, name: string): Promise<{ width: number; height: number }> {
  return page.evaluate((key) => {
    const c = document.querySelector('[data-testid="graph-canvas"]') as HTMLCanvasElement;
    const w = window as unknown as CacheWindow;
    w.__snaps ??= {};
    w.__snaps[key] = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    return { width: c.width, height: c.height };
  }, name);
}

/** Draws the view afresh (past the cache) and keeps its pixels under a name. */
async function snapDirect(page: Page, name: string): Promise<void> {
  await page.evaluate(() => (window as unknown as CacheWindow).__npuGraph.drawDirect());
  await snap(page, name);
}

/**
 * Pixels whose colour differs by more than `tolerance` in some channel, and pixels not of the
 * background colour in `a`. The outermost CSS pixel's ring is left out: Skia clips a line that
 * crosses the canvas's edge there, and a line drawn into the bigger bitmap is not clipped, so
 * the two anti-alias that row a few levels apart. Lines that run out of the view anti-alias a
 * few levels (at most 10 seen) apart near the edge too, hence the tolerance; a box, a line or a
 * label out of place differs by far more.
 */
async function differing(page: Page, a: string, b: string, width: number, tolerance = 12): Promise<{ differ: number; ink: number; total: number; where: number[][] }> {
  return page.evaluate(({ a, b, width, tolerance }) => {
    // One CSS pixel: two device rows at ratio 2.
    const ring = Math.round(devicePixelRatio);
    const s = (window as unknown as CacheWindow).__snaps!;
    const x = s[a];
    const y = s[b];
    if (x.length !== y.length) throw new Error(`frames of different sizes: ${x.length} and ${y.length}`);
    let differ = 0;
    let ink = 0;
    const where: number[][] = [];
    const height = x.length / 4 / width;
    for (let i = 0; i < x.length; i += 4) {
      const col = (i / 4) % width;
      const row = Math.floor(i / 4 / width);
      if (col < ring || row < ring || col >= width - ring || row >= height - ring) continue;
      if (Math.abs(x[i] - y[i]) > tolerance || Math.abs(x[i + 1] - y[i + 1]) > tolerance || Math.abs(x[i + 2] - y[i + 2]) > tolerance) {
        differ++;
        if (where.length < 8) where.push([i / 4, x[i], x[i + 1], x[i + 2], y[i], y[i + 1], y[i + 2]]);
      }
      if (Math.abs(x[i] - x[0]) + Math.abs(x[i + 1] - x[1]) + Math.abs(x[i + 2] - x[2]) > 30) ink++;
    }
    return { differ, ink, total: x.length / 4, where };
  }, { a, b, width, tolerance });
}

/**
 * How much of the ink (non-background pixels) of frame `a` has ink of frame `b` within `radius`
 * pixels, as a share: a scaled bitmap is softer than a fresh drawing but has its lines in the
 * same places; a bitmap placed or scaled wrongly does not.
 */
async function inkCovered(page: Page, a: string, b: string, width: number, radius: number): Promise<number> {
  return page.evaluate(({ a, b, width, radius }) => {
    const s = (window as unknown as CacheWindow).__snaps!;
    const x = s[a];
    const y = s[b];
    const height = x.length / 4 / width;
    const inkAt = (d: Uint8ClampedArray, p: number) => Math.abs(d[p] - d[0]) + Math.abs(d[p + 1] - d[1]) + Math.abs(d[p + 2] - d[2]) > 60;
    let ink = 0;
    let covered = 0;
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) {
        if (!inkAt(x, (row * width + col) * 4)) continue;
        ink++;
        search: for (let dy = -radius; dy <= radius; dy++) {
          for (let dx = -radius; dx <= radius; dx++) {
            const r = row + dy;
            const c = col + dx;
            if (r >= 0 && r < height && c >= 0 && c < width && inkAt(y, (r * width + c) * 4)) {
              covered++;
              break search;
            }
          }
        }
      }
    }
    return ink === 0 ? 0 : covered / ink;
  }, { a, b, width, radius });
}

/** Pixels of exactly one colour in a kept frame. */
function pixelsOf(page: Page, name: string, rgb: number[]): Promise<number> {
  return page.evaluate(({ name, rgb }) => {
    const d = (window as unknown as CacheWindow).__snaps![name];
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] === rgb[0] && d[i + 1] === rgb[1] && d[i + 2] === rgb[2]) n++;
    return n;
  }, { name, rgb });
}

const lastDraw = (page: Page) => page.evaluate(() => (window as unknown as CacheWindow).__npuGraph.lastDraw());
const frames = (page: Page) => page.evaluate(() => (window as unknown as CacheWindow).__npuGraph.frames());

/** Waits for a frame after `seen` whose source is `source`. */
async function frameFrom(page: Page, seen: number, source: string): Promise<void> {
  await page.waitForFunction(({ seen, source }) => {
    const g = (window as unknown as CacheWindow).__npuGraph;
    return g.frames() > seen && g.lastDraw().source === source;
  }, { seen, source });
}

describe('graph view: far-zoom bitmap cache (chromium)', () => {
  let browser: Browser;
  let dir: string;
  let net: { model: ModelView; graph: CompactGraph };
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'npu-bitmap-'));
    const file = path.join(dir, 'branchy.prototxt');
    writeFileSync(file, branchyPrototxt(30));
    net = await modelView(file);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(deviceScaleFactor = 1): Promise<ViewerPage> {
    const v = await openViewerPage(browser, 'light', undefined, { deviceScaleFactor });
    await v.send({ type: MessageType.Init, resource: `file://${net.model.file}`, locale: 'en', strings: english });
    await v.send({ type: MessageType.ModelLoaded, version: 1, model: net.model, graph: net.graph, canRevealSource: false });
    await ready(v.page);
    return v;
  }

  for (const dpr of [1, 2]) {
    it(`copies far-out frames from a bitmap that matches a fresh drawing pixel for pixel (device pixel ratio ${dpr})`, async () => {
      const v = await open(dpr);
      try {
        const p = v.page;
        // Fitted to the view, the whole net is in the bitmap.
        const fitted = await lastDraw(p);
        assert.equal(fitted.source, 'cache');
        assert.equal(fitted.nodes, net.graph.nodeCount, 'the bitmap holds every node');
        const size = await snap(p, 'cached');
        assert.equal(size.width, (await canvasRect(p)).width * dpr, 'the frame at rest is at the device pixel ratio');
        await snapDirect(p, 'fresh');
        const atFit = await differing(p, 'cached', 'fresh', size.width);
        assert.ok(atFit.ink > atFit.total * 0.01, `the frame looks blank: ${JSON.stringify(atFit)}`);
        assert.equal(atFit.differ, 0, `fitted: the cached frame differs from a fresh drawing: ${JSON.stringify(atFit)}`);

        // Panned by whole pixels (as a drag pans): still a copy, still exact.
        const t = await transformOf(p);
        const seen = await frames(p);
        await zoomTo(p, { k: t.k, x: t.x + 37, y: t.y - 23 });
        await frameFrom(p, seen, 'cache');
        await snap(p, 'panned');
        await snapDirect(p, 'panned-fresh');
        const panned = await differing(p, 'panned', 'panned-fresh', size.width);
        assert.equal(panned.differ, 0, `panned: ${JSON.stringify(panned)}`);
        // The pan did move the drawing: the two cached frames are not the same picture.
        assert.ok((await differing(p, 'cached', 'panned', size.width)).differ > panned.total * 0.01, 'the pan moved nothing');

        // A node selected: its outline over the copied bitmap, as a fresh drawing has it.
        const rect = await canvasRect(p);
        const now = await transformOf(p);
        const b = await boxOf(p, 'b12_r2');
        const before = await frames(p);
        const at = toPage(rect, now, b.x + b.width / 2, b.y + b.height / 2);
        await p.mouse.click(at.x, at.y);
        await p.waitForFunction(() => (window as unknown as CacheWindow).__state?.selection[0] === 'b12_r2');
        await frameFrom(p, before, 'cache');
        await snap(p, 'selected');
        await snapDirect(p, 'selected-fresh');
        const selected = await differing(p, 'selected', 'selected-fresh', size.width);
        assert.equal(selected.differ, 0, `selected: ${JSON.stringify(selected)}`);
        // The outline is there, in the theme's focus colour (viewerPage.ts: #005fb8), as it was not before.
        assert.ok((await pixelsOf(p, 'selected', [0x00, 0x5f, 0xb8])) > 10, 'the selection outline is not drawn');
        assert.equal(await pixelsOf(p, 'panned', [0x00, 0x5f, 0xb8]), 0);
      } finally {
        await v.close();
      }
    });
  }

  it('scales the bitmap while a zoom gesture runs, draws exactly when it ends, and hits the node under the pointer during and after it', async () => {
    const v = await open(1);
    try {
      const p = v.page;
      const rect = await canvasRect(p);
      const fitted = await transformOf(p);
      // The left button held down on a node and dragged 2 pixels, then the wheel: the gesture
      // stays open while the wheel zooms inside it. A drag and a wheel both keep the point under
      // the pointer where it is, so the node stays under the pointer throughout.
      const id = 'b14_r1';
      const b = await boxOf(p, id);
      const on = toPage(rect, fitted, b.x + b.width / 2, b.y + b.height / 2);
      await p.mouse.move(on.x - 2, on.y);
      await p.mouse.down();
      await p.mouse.move(on.x, on.y, { steps: 2 });
      await snap(p, 'before-zoom');
      await p.mouse.wheel(0, -300);
      // The zoom event schedules its frame for the next animation frame: two frames later it is drawn.
      await p.waitForFunction((k) => (window as unknown as CacheWindow).__npuGraph.transform().k > k, fitted.k);
      await twoFrames(p);
      const zoomed: Transform = await transformOf(p);
      assert.ok(zoomed.k > fitted.k * 1.3, `the wheel did not zoom in: ${JSON.stringify({ fitted, zoomed })}`);
      assert.equal((await lastDraw(p)).source, 'scaled', 'the frame mid-gesture is not the bitmap scaled');
      const { width } = await snap(p, 'scaled');
      // What the frame would have been drawn afresh (the next frame draws over it again).
      await snapDirect(p, 'scaled-fresh');
      // The scaled frame has the drawing where the fresh one has it, only softer.
      const scaledInExact = await inkCovered(p, 'scaled', 'scaled-fresh', width, 2);
      const exactInScaled = await inkCovered(p, 'scaled-fresh', 'scaled', width, 2);
      assert.ok(scaledInExact > 0.95 && exactInScaled > 0.9, `the scaled frame is not the drawing: ${JSON.stringify({ scaledInExact, exactInScaled })}`);
      // The measure tells: the frame before the zoom, at the same size, is not this drawing.
      assert.ok((await inkCovered(p, 'scaled-fresh', 'before-zoom', width, 2)) < 0.8, 'the ink comparison cannot tell two zooms apart');

      // Still mid-gesture (the left button is down), a right-click opens the range menu for the node under the pointer.
      const under = toPage(rect, zoomed, b.x + b.width / 2, b.y + b.height / 2);
      assert.ok(Math.abs(under.x - on.x) < (b.width * zoomed.k) / 2 && Math.abs(under.y - on.y) < (b.height * zoomed.k) / 2, `the node left the pointer: ${JSON.stringify({ on, under })}`);
      const during = await frames(p);
      await p.mouse.click(on.x, on.y, { button: 'right' });
      await p.locator(`[data-testid="range-menu"][data-node-id="${id}"] vscode-context-menu-item`).first().waitFor();
      await p.keyboard.press('Escape');
      await p.getByTestId('range-menu').waitFor({ state: 'detached' });

      // The gesture ends (d3-zoom ends it at the right button's release already): the bitmap is
      // drawn again at the new zoom, and matches a fresh drawing.
      await p.mouse.up();
      await frameFrom(p, during, 'cache');
      assert.deepEqual(await transformOf(p), zoomed, 'letting go moved the view');
      const settledSize = await snap(p, 'settled');
      await snapDirect(p, 'settled-fresh');
      const settled = await differing(p, 'settled', 'settled-fresh', settledSize.width);
      assert.equal(settled.differ, 0, `after the gesture: ${JSON.stringify(settled)}`);
      // After the gesture a click selects the node under the pointer.
      const other = 'b16_cat';
      const c = await boxOf(p, other);
      const click = toPage(rect, zoomed, c.x + c.width - 3, c.y + c.height - 3);
      await p.mouse.click(click.x, click.y);
      await p.waitForFunction((want) => (window as unknown as CacheWindow).__state?.selection[0] === want, other);
      assert.equal((await stateOf(p))!.selection[0], other);
    } finally {
      await v.close();
    }
  });
});
