// The graph tab in headless chromium: the real viewer bundle draws a real model (laid out by its
// worker) on a canvas, in light, dark and high contrast; a click selects the node under the
// pointer at any zoom; the zoom the user leaves survives a reload; a row picked in the table and
// the graph's find field both centre the node.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CompactGraph } from '../../src/core/graph/compactGraph';
import { webviewStrings } from '../../src/extension/webviewStrings';
import { MessageType, type ModelView, type ToWebviewMessage } from '../../src/protocol/messages';
import { format } from '../../src/protocol/strings';
import { ifFullCorpus, sharedModel } from '../support/corpus';
import { repoRoot } from '../support/paths';
import { modelView } from './sampleModel';
import { launchChromium, nonBackgroundPixels, openViewerPage, themes, type ThemeName, type ViewerPage } from './viewerPage';

const english = webviewStrings((m, ...args) => format(m, ...args.map(String)));
const shots = path.join(repoRoot, 'e2e-shots');
const resource = 'file:///models/googlenet/deploy.prototxt';
type Sample = { model: ModelView; graph: CompactGraph };
let googlenet: Sample;
const init: ToWebviewMessage = { type: MessageType.Init, resource, locale: 'en', strings: english };
const loaded = (): ToWebviewMessage => ({ type: MessageType.ModelLoaded, version: 1, model: googlenet.model, graph: googlenet.graph, canRevealSource: false });

interface Transform { x: number; y: number; k: number }
/** What the page's test hook (webview/graph/graphView.ts, GraphTestHook) gives back as plain data. */
interface Box { x: number; y: number; width: number; height: number }

type HookWindow = {
  __npuGraph?: {
    layout: { x: Float64Array; y: Float64Array; width: Float64Array; height: Float64Array; totalWidth: number; totalHeight: number };
    nodeIndex(id: string): number | undefined;
    transform(): Transform;
    frames(): number;
    lastDraw(): { nodes: number; edges: number; text: boolean } | undefined;
    zoomTo(t: Transform): void;
  };
  __state?: { zoom: Transform | null; selection: string[]; view: string };
};

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => ((window as unknown as HookWindow).__npuGraph?.frames() ?? 0) > 0);
}

const transformOf = (page: Page) => page.evaluate(() => (window as unknown as HookWindow).__npuGraph!.transform());
const stateOf = (page: Page) => page.evaluate(() => (window as unknown as HookWindow).__state);

async function boxOf(page: Page, id: string): Promise<Box> {
  return page.evaluate((nodeId) => {
    const g = (window as unknown as HookWindow).__npuGraph!;
    const i = g.nodeIndex(nodeId)!;
    return { x: g.layout.x[i], y: g.layout.y[i], width: g.layout.width[i], height: g.layout.height[i] };
  }, id);
}

async function canvasRect(page: Page): Promise<Box> {
  return page.getByTestId('graph-canvas').evaluate((c) => {
    const r = c.getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  });
}

/** Where a point of the drawing is on the page, by the transform the view reports. */
function toPage(rect: Box, t: Transform, wx: number, wy: number): { x: number; y: number } {
  return { x: rect.x + wx * t.k + t.x, y: rect.y + wy * t.k + t.y };
}

/** Moves the view through the page's hook and returns once the view has drawn it. */
async function zoomTo(page: Page, t: Transform): Promise<void> {
  await page.evaluate(async (z) => {
    const g = (window as unknown as HookWindow).__npuGraph!;
    const seen = g.frames();
    g.zoomTo(z);
    while (g.frames() === seen) await new Promise((r) => requestAnimationFrame(r));
  }, t);
}

ifFullCorpus(describe)('graph view (chromium)', () => {
  let browser: Browser;
  before(async () => {
    googlenet = await modelView(sharedModel('caffe', 'bvlc_googlenet', 'deploy.prototxt'));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  async function open(theme: ThemeName = 'light', state?: unknown, deviceScaleFactor?: number): Promise<ViewerPage> {
    const v = await openViewerPage(browser, theme, state, { deviceScaleFactor });
    await v.send(init);
    await v.send(loaded());
    await ready(v.page);
    return v;
  }

  for (const theme of ['light', 'dark', 'high-contrast'] as ThemeName[]) {
    it(`draws GoogLeNet on the canvas in the ${theme} theme, fitted to the view`, async () => {
      const v = await open(theme);
      try {
        const p = v.page;
        const rect = await canvasRect(p);
        assert.ok(rect.width > 600 && rect.height > 600, `the graph does not fill the page: ${JSON.stringify(rect)}`);
        // Fit to view: the whole drawing inside the canvas, touching it on one side.
        const t = await transformOf(p);
        const layout = await p.evaluate(() => ({ w: (window as unknown as HookWindow).__npuGraph!.layout.totalWidth, h: (window as unknown as HookWindow).__npuGraph!.layout.totalHeight }));
        assert.ok(t.x >= 0 && t.y >= 0 && t.x + layout.w * t.k <= rect.width + 0.5 && t.y + layout.h * t.k <= rect.height + 0.5, `not fitted: ${JSON.stringify({ t, layout, rect })}`);
        assert.ok(Math.abs(layout.h * t.k - (rect.height - 32)) < 1 || Math.abs(layout.w * t.k - (rect.width - 32)) < 1, `fit leaves both sides loose: ${JSON.stringify({ t, layout, rect })}`);
        assert.equal(await p.evaluate(() => (window as unknown as HookWindow).__npuGraph!.lastDraw()!.nodes), googlenet.graph.nodeCount, 'every node is drawn at fit');

        // Inside the canvas's border: the background is the theme's editor background.
        const inner = { x: rect.x + 2, y: rect.y + 2, width: rect.width - 4, height: rect.height - 4 };
        const png = await p.screenshot({ clip: inner });
        mkdirSync(shots, { recursive: true });
        writeFileSync(path.join(shots, `webview-graph-${theme}.png`), png);
        const { differing, total } = await nonBackgroundPixels(p, png);
        assert.ok(differing / total > 0.02, `the graph looks blank: ${differing} of ${total} pixels differ from the background`);
        const corner = await pixel(p, png, 1, 1);
        assert.equal(corner, hex(themes[theme]['--vscode-editor-background']), 'the canvas background is not the theme\'s');

        // Zoomed in to 1:1 on the first convolution: boxes with their text, edges with shapes.
        const conv = await boxOf(p, 'conv1/7x7_s2');
        await zoomTo(p, { k: 1.5, x: rect.width / 2 - (conv.x + conv.width / 2) * 1.5, y: rect.height / 3 - conv.y * 1.5 });
        const drawn = await p.evaluate(() => (window as unknown as HookWindow).__npuGraph!.lastDraw()!);
        assert.ok(drawn.text && drawn.nodes > 0 && drawn.nodes < googlenet.graph.nodeCount, `zoomed in: ${JSON.stringify(drawn)}`);
        const close = await p.screenshot({ clip: inner });
        writeFileSync(path.join(shots, `webview-graph-${theme}-zoomed.png`), close);
        // Mostly background between the boxes, but their outlines, text and shapes are there.
        assert.ok((await nonBackgroundPixels(p, close)).differing / total > 0.005);
      } finally {
        await v.close();
      }
    });
  }

  it('follows a theme change live: VS Code rewrites the variables on <html>', async () => {
    const v = await open('light');
    try {
      const p = v.page;
      const rect = await canvasRect(p);
      const inner = { x: rect.x + 2, y: rect.y + 2, width: rect.width - 4, height: rect.height - 4 };
      assert.equal(await pixel(p, await p.screenshot({ clip: inner }), 1, 1), themes.light['--vscode-editor-background']);
      const seen = await p.evaluate(() => (window as unknown as HookWindow).__npuGraph!.frames());
      await p.evaluate((vars) => {
        for (const [k, val] of Object.entries(vars)) document.documentElement.style.setProperty(k, val);
      }, themes.dark as Record<string, string>);
      await p.waitForFunction((n) => (window as unknown as HookWindow).__npuGraph!.frames() > n, seen);
      assert.equal(await pixel(p, await p.screenshot({ clip: inner }), 1, 1), themes.dark['--vscode-editor-background']);
    } finally {
      await v.close();
    }
  });

  it('selects the node under a click at several zoom levels, and shows its details', async () => {
    const v = await open();
    try {
      const p = v.page;
      const rect = await canvasRect(p);
      // Far out (boxes a few pixels), as fitted, 1:1 and magnified; a different node each time.
      const cases: [string, number | 'fit'][] = [['inception_4a/3x3', 0.06], ['pool5/7x7_s1', 'fit'], ['inception_3b/pool_proj', 1], ['loss3/classifier', 3]];
      for (const [id, k] of cases) {
        const box = await boxOf(p, id);
        if (k !== 'fit') {
          // The node off-centre, so the click is not just "the middle of the canvas".
          const t = { k, x: rect.width / 3 - (box.x + box.width / 2) * k, y: rect.height / 3 - (box.y + box.height / 2) * k };
          await zoomTo(p, t);
        }
        const t = await transformOf(p);
        if (k !== 'fit') assert.equal(t.k, k);
        // Near the box's top-left corner rather than its centre: the hit test must use the real box.
        const at = toPage(rect, t, box.x + Math.min(6, box.width / 4), box.y + Math.min(6, box.height / 4));
        await p.mouse.click(at.x, at.y);
        await p.waitForFunction((want) => (window as unknown as HookWindow).__state?.selection[0] === want, id);
        const request = (await v.posted()).filter((m) => m.type === 'request').at(-1) as { method: string; params: unknown } | undefined;
        assert.deepEqual(request && { method: request.method, params: request.params }, { method: 'nodeDetails', params: { nodeId: id } }, `zoom ${k}`);
      }
      // The details sit beside the graph once something is selected.
      const details = await p.getByTestId('node-details').boundingBox();
      const canvas = await canvasRect(p);
      assert.ok(details && details.x >= canvas.x + canvas.width, `details not beside the graph: ${JSON.stringify({ details, canvas })}`);
      await p.screenshot({ path: path.join(shots, 'webview-graph-selected.png') });
      // A click on empty space selects nothing new.
      const before = (await stateOf(p))!.selection;
      await zoomTo(p, { k: 1, x: 5000, y: 5000 });
      await p.mouse.click(canvas.x + 20, canvas.y + 20);
      assert.deepEqual((await stateOf(p))!.selection, before);
    } finally {
      await v.close();
    }
  });

  it('draws at the device pixel ratio when idle and at one pixel per CSS pixel while a drag runs', async () => {
    const v = await open('light', undefined, 2);
    try {
      const p = v.page;
      const backing = () => p.getByTestId('graph-canvas').evaluate((c) => ({ width: (c as HTMLCanvasElement).width, css: c.clientWidth }));
      const idle = await backing();
      assert.equal(idle.width, idle.css * 2, `idle: ${JSON.stringify(idle)}`);
      const rect = await canvasRect(p);
      await p.mouse.move(rect.x + rect.width / 2, rect.y + rect.height / 2);
      await p.mouse.down();
      await p.mouse.move(rect.x + rect.width / 2 + 60, rect.y + rect.height / 2 + 40, { steps: 4 });
      await p.waitForFunction(() => (document.querySelector('[data-testid="graph-canvas"]') as HTMLCanvasElement).width === (document.querySelector('[data-testid="graph-canvas"]') as HTMLCanvasElement).clientWidth);
      await p.mouse.up();
      await p.waitForFunction(() => (document.querySelector('[data-testid="graph-canvas"]') as HTMLCanvasElement).width === 2 * (document.querySelector('[data-testid="graph-canvas"]') as HTMLCanvasElement).clientWidth);
    } finally {
      await v.close();
    }
  });

  it('keeps the zoom the user leaves across a reload of the page', async () => {
    const v = await open();
    let saved: HookWindow['__state'];
    let fitted: Transform;
    try {
      const p = v.page;
      fitted = await transformOf(p);
      assert.equal((await stateOf(p))?.zoom ?? null, null, 'fitting to view on first show is not a choice of the user\'s to save');
      const rect = await canvasRect(p);
      await p.mouse.move(rect.x + rect.width / 2, rect.y + rect.height / 3);
      await p.mouse.wheel(0, -400);
      await p.waitForFunction(() => (window as unknown as HookWindow).__state?.zoom != null);
      // A drag pans too.
      const wheeled = (await stateOf(p))!.zoom!;
      await p.mouse.down();
      await p.mouse.move(rect.x + rect.width / 2 - 120, rect.y + rect.height / 3 + 80, { steps: 5 });
      await p.mouse.up();
      await p.waitForFunction((x) => (window as unknown as HookWindow).__state?.zoom?.x !== x, wheeled.x);
      saved = await stateOf(p);
      const now = await transformOf(p);
      assert.deepEqual(saved!.zoom, now);
      assert.ok(now.k > fitted.k * 1.5, `the wheel did not zoom in: ${JSON.stringify({ fitted, now })}`);
    } finally {
      await v.close();
    }
    const again = await open('light', saved);
    try {
      assert.deepEqual(await transformOf(again.page), saved!.zoom);
    } finally {
      await again.close();
    }
  });

  it('zooms, pans and fits from the keyboard once the canvas has focus', async () => {
    const v = await open();
    try {
      const p = v.page;
      const fitted = await transformOf(p);
      await p.getByTestId('graph-canvas').focus();
      await p.keyboard.press('+');
      const zoomed = await transformOf(p);
      assert.ok(Math.abs(zoomed.k - fitted.k * 1.25) < 1e-9, JSON.stringify({ fitted, zoomed }));
      await p.keyboard.press('ArrowDown');
      const panned = await transformOf(p);
      assert.equal(panned.k, zoomed.k);
      assert.ok(panned.y < zoomed.y && panned.x === zoomed.x, `ArrowDown did not move the view down the graph: ${JSON.stringify({ zoomed, panned })}`);
      assert.deepEqual((await stateOf(p))!.zoom, panned);
      await p.keyboard.press('0');
      assert.deepEqual(await transformOf(p), fitted);
    } finally {
      await v.close();
    }
  });

  it('centres a node picked in the node table, and one found by the graph\'s find field', async () => {
    const v = await open();
    try {
      const p = v.page;
      await p.getByTestId('tab-overview').click();
      await p.getByTestId('node-table').waitFor({ state: 'visible' });
      assert.equal(await p.getByTestId('graph-canvas').isVisible(), false);
      await p.getByTestId('node-table').locator('tr[data-node-id="inception_5a/1x1"] td').nth(1).click();
      await p.getByTestId('tab-graph').click();
      await p.getByTestId('graph-canvas').waitFor({ state: 'visible' });
      const centred = async (id: string) => {
        const rect = await canvasRect(p);
        const box = await boxOf(p, id);
        const t = await transformOf(p);
        const c = toPage(rect, t, box.x + box.width / 2, box.y + box.height / 2);
        return Math.hypot(c.x - (rect.x + rect.width / 2), c.y - (rect.y + rect.height / 2));
      };
      assert.ok((await centred('inception_5a/1x1')) < 1, `not centred: ${await centred('inception_5a/1x1')} px off`);
      assert.ok((await transformOf(p)).k >= 0.5, 'centred too far out to read');

      await p.getByTestId('graph-tools').locator('vscode-textfield input').fill('4e/pool_proj');
      await p.waitForFunction(() => (window as unknown as HookWindow).__state?.selection[0] === 'inception_4e/pool_proj');
      assert.ok((await centred('inception_4e/pool_proj')) < 1, 'the find field did not centre its match');
      await p.waitForFunction(() => (window as unknown as HookWindow).__npuGraph!.lastDraw()!.text);
      await p.screenshot({ path: path.join(shots, 'webview-graph-found.png') });

      // Beside a prototxt the panel is narrow: the tools stay in view, the canvas fills what is left.
      await p.setViewportSize({ width: 460, height: 700 });
      const fitButton = await p.getByTestId('graph-tools').locator('vscode-button', { hasText: english.fitToView }).boundingBox();
      assert.ok(fitButton && fitButton.x + fitButton.width <= 460, `the Fit button is cut off: ${JSON.stringify(fitButton)}`);
      const exportButton = await p.getByTestId('export-view').boundingBox();
      assert.ok(exportButton && exportButton.x + exportButton.width <= 460, `the Export button is cut off: ${JSON.stringify(exportButton)}`);
      await p.waitForFunction(() => document.documentElement.scrollWidth <= 460);
      await p.getByTestId('graph-tools').locator('vscode-button', { hasText: english.fitToView }).click();
      const fitted = await transformOf(p);
      const narrow = await canvasRect(p);
      const drawing = await p.evaluate(() => ({ w: (window as unknown as HookWindow).__npuGraph!.layout.totalWidth, h: (window as unknown as HookWindow).__npuGraph!.layout.totalHeight }));
      const fits = Math.abs(drawing.h * fitted.k - (narrow.height - 32)) < 1 || Math.abs(drawing.w * fitted.k - (narrow.width - 32)) < 1;
      assert.ok(fits && drawing.h * fitted.k <= narrow.height && drawing.w * fitted.k <= narrow.width, `Fit to view did not fit: ${JSON.stringify({ fitted, narrow, drawing })}`);
      await p.screenshot({ path: path.join(shots, 'webview-graph-narrow.png') });
    } finally {
      await v.close();
    }
  });
});

function hex(css: string): string {
  return css.toLowerCase();
}

/** One pixel of a PNG as #rrggbb, decoded by the browser. */
async function pixel(page: Page, png: Buffer, x: number, y: number): Promise<string> {
  return page.evaluate(async ({ b64, x, y }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(x, y, 1, 1).data;
    return `#${[d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  }, { b64: png.toString('base64'), x, y });
}
