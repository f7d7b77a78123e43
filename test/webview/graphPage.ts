// What the range tests do to the graph view in chromium, through its test hook
// (webview/graph/graphView.ts, GraphTestHook) and the pointer: wait for the first frame, find a
// node's box, zoom, right-click a node and pick from its menu. The helpers that only evaluate in
// the page or find its elements also take the viewer's frame inside VS Code (test/e2e).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** A page, or a frame holding the viewer: what the hook is read through. */
export type ViewerScope = Pick<Page, 'evaluate' | 'waitForFunction'>;
/** A page, or the frame locator of the viewer's webview: what the menu is found in. */
export type MenuScope = Pick<Page, 'getByTestId'>;

export interface Transform { x: number; y: number; k: number }
export interface Box { x: number; y: number; width: number; height: number }

export type HookWindow = {
  __npuGraph?: {
    layout: { x: Float64Array; y: Float64Array; width: Float64Array; height: Float64Array; totalWidth: number; totalHeight: number };
    nodeIndex(id: string): number | undefined;
    transform(): Transform;
    frames(): number;
    zoomTo(t: Transform): void;
    rangeRoles(): { inside: string[]; starts: string[]; ends: string[] };
  };
  __state?: { zoom: Transform | null; selection: string[]; view: string; range: { starts: string[]; ends: string[] } };
};

export async function ready(page: ViewerScope): Promise<void> {
  await page.waitForFunction(() => ((window as unknown as HookWindow).__npuGraph?.frames() ?? 0) > 0);
}

export const transformOf = (page: ViewerScope) => page.evaluate(() => (window as unknown as HookWindow).__npuGraph!.transform());
export const stateOf = (page: Page) => page.evaluate(() => (window as unknown as HookWindow).__state);
export const rangeRoles = (page: ViewerScope) => page.evaluate(() => (window as unknown as HookWindow).__npuGraph!.rangeRoles());

export async function boxOf(page: ViewerScope, id: string): Promise<Box> {
  return page.evaluate((nodeId) => {
    const g = (window as unknown as HookWindow).__npuGraph!;
    const i = g.nodeIndex(nodeId);
    if (i === undefined) throw new Error(`no node ${nodeId}`);
    return { x: g.layout.x[i], y: g.layout.y[i], width: g.layout.width[i], height: g.layout.height[i] };
  }, id);
}

export async function canvasRect(page: Page): Promise<Box> {
  return page.getByTestId('graph-canvas').evaluate((c) => {
    const r = c.getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  });
}

/** Where a point of the drawing is on the page, by the transform the view reports. */
export function toPage(rect: Box, t: Transform, wx: number, wy: number): { x: number; y: number } {
  return { x: rect.x + wx * t.k + t.x, y: rect.y + wy * t.k + t.y };
}

/** Moves the view through the page's hook and returns once the view has drawn it. */
export async function zoomTo(page: ViewerScope, t: Transform): Promise<void> {
  await page.evaluate(async (z) => {
    const g = (window as unknown as HookWindow).__npuGraph!;
    const seen = g.frames();
    g.zoomTo(z);
    while (g.frames() === seen) await new Promise((r) => requestAnimationFrame(r));
  }, t);
}

/** Returns after two animation frames: time for a right-click's handlers to have shown a menu, had they. */
export async function twoFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The node centred (at scale k, or as it is), then right-clicked near its top-left corner; resolves when its menu shows. */
export async function rightClickNode(page: Page, id: string, options: { k?: number; shift?: boolean } = {}): Promise<void> {
  const rect = await canvasRect(page);
  const box = await boxOf(page, id);
  if (options.k !== undefined) {
    const k = options.k;
    // Off-centre, so a right-click is not just "the middle of the canvas".
    await zoomTo(page, { k, x: rect.width / 3 - (box.x + box.width / 2) * k, y: rect.height / 3 - (box.y + box.height / 2) * k });
  }
  const t = await transformOf(page);
  // Near the corner rather than the centre: the hit test must use the real box.
  const at = toPage(rect, t, box.x + Math.min(6, box.width / 4), box.y + Math.min(6, box.height / 4));
  if (options.shift) await page.keyboard.down('Shift');
  await page.mouse.click(at.x, at.y, { button: 'right' });
  if (options.shift) await page.keyboard.up('Shift');
  await page.locator(`[data-testid="range-menu"][data-node-id="${id}"] vscode-context-menu-item`).first().waitFor();
}

/** The labels of the open range menu, separators left out. */
export async function menuLabels(page: MenuScope): Promise<string[]> {
  return page.getByTestId('range-menu').locator('vscode-context-menu-item:not([separator])').evaluateAll((items) => items.map((i) => i.getAttribute('label') ?? ''));
}

/** Picks an entry of the open range menu (Shift held if asked) and waits for the menu to go. */
export async function choose(page: MenuScope, label: string, shift = false): Promise<void> {
  await page.getByTestId('range-menu').locator(`vscode-context-menu-item[label="${label}"]`).locator('a').click({ modifiers: shift ? ['Shift'] : [] });
  await page.getByTestId('range-menu').waitFor({ state: 'detached' });
}

/** One pixel of the page as [r, g, b], from a screenshot of it. */
export async function pixelAt(page: Page, x: number, y: number): Promise<[number, number, number]> {
  const png = await page.screenshot({ clip: { x: Math.round(x), y: Math.round(y), width: 1, height: 1 } });
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = c.height = 1;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2]] as [number, number, number];
  }, png.toString('base64'));
}

/** Green for the start, blue between, orange for the end, the plain grey shade outside the range. */
export function assertRangeColours(start: number[], between: number[], end: number[], outside: number[], theme: string): void {
  assert.ok(start[1] > start[0] + 20 && start[1] > start[2] + 20, `${theme}: start not green: ${start}`);
  assert.ok(between[2] > between[0] + 40, `${theme}: between not blue: ${between}`);
  assert.ok(end[0] > end[2] + 40, `${theme}: end not orange: ${end}`);
  assert.ok(Math.max(...outside) - Math.min(...outside) < 10, `${theme}: a node outside the range is tinted: ${outside}`);
}
