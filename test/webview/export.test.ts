// "Export" in the graph tools, in headless chromium on a LeNet the tests write: SVG asks the host
// for the rectangle the view shows (and that rectangle, drawn by graphSvg.ts as the host draws
// it, holds the boxes the canvas shows), PNG sends the canvas's own pixels.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { drawGraphSvg } from '../../src/core/layout/graphSvg';
import { writeCaffeSample } from '../../src/core/samples/caffeSample';
import { webviewStrings } from '../../src/extension/webviewStrings';
import { MessageType, type ModelView } from '../../src/protocol/messages';
import { format } from '../../src/protocol/strings';
import type { CompactGraph } from '../../src/core/graph/compactGraph';
import { boxOf, canvasRect, ready, zoomTo } from './graphPage';
import { modelView } from './sampleModel';
import { launchChromium, openViewerPage, type ViewerPage } from './viewerPage';

const english = webviewStrings((m, ...args) => format(m, ...args.map(String)));
type Posted = { type: string; messageId?: number; method?: string; params?: Record<string, unknown> };

describe('export of the graph view (chromium)', () => {
  let browser: Browser;
  let dir: string;
  let lenet: { model: ModelView; graph: CompactGraph };
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'npu-export-'));
    lenet = await modelView((await writeCaffeSample(dir)).prototxt);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(): Promise<ViewerPage> {
    const v = await openViewerPage(browser, 'light');
    await v.send({ type: MessageType.Init, resource: 'file:///models/lenet.prototxt', locale: 'en', strings: english });
    await v.send({ type: MessageType.ModelLoaded, version: 1, model: lenet.model, graph: lenet.graph, canRevealSource: false });
    await ready(v.page);
    return v;
  }

  const exportRequests = async (v: ViewerPage) => ((await v.posted()) as Posted[]).filter((m) => m.type === 'request' && m.method === 'exportView');

  it('asks the host for an SVG of the rectangle the view shows', async () => {
    const v = await open();
    try {
      const p = v.page;
      const rect = await canvasRect(p);
      const conv2 = await boxOf(p, 'conv2');
      // conv2 to pool2 in view at 1:1, the rest of the chain outside it.
      await zoomTo(p, { k: 1, x: 20, y: -conv2.y + 10 });
      await p.getByTestId('export-view').click();
      await p.getByTestId('export-menu').locator(`vscode-context-menu-item[label="${english.exportSvg}"]`).locator('a').click();
      await p.waitForFunction(() => (window as unknown as { __posted: { method?: string }[] }).__posted.some((m) => m.method === 'exportView'));
      const [request] = await exportRequests(v);
      const view = (request.params as { format: string; view: { x: number; y: number; width: number; height: number } });
      assert.equal(view.format, 'svg');
      assert.deepEqual(view.view, { x: -20, y: conv2.y - 10, width: rect.width, height: rect.height });
      // What the host draws for that rectangle: the boxes in it, not the first ones above it.
      const svg = drawGraphSvg(lenet.graph, { view: view.view }).svg;
      const nodes = [...svg.matchAll(/<g class="node" data-id="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(nodes.includes('conv2') && nodes.includes('pool2'), nodes.join());
      assert.ok(!nodes.includes('data') && !nodes.includes('conv1'), nodes.join());
      assert.equal((request.params as { range?: unknown }).range, undefined, 'no range chosen, none sent');
      await v.send({ type: 'reply', inReplyTo: request.messageId, ok: true, result: { saved: '/tmp/lenet.svg' } });
      await p.getByTestId('export-menu').waitFor({ state: 'detached' });
    } finally {
      await v.close();
    }
  });

  it('sends the chosen range with the SVG request, for the host to colour', async () => {
    const v = await openViewerPage(browser, 'light', { range: { starts: ['conv1'], ends: ['ip1'] } });
    try {
      await v.send({ type: MessageType.Init, resource: 'file:///models/lenet.prototxt', locale: 'en', strings: english });
      await v.send({ type: MessageType.ModelLoaded, version: 1, model: lenet.model, graph: lenet.graph, canRevealSource: false });
      const p = v.page;
      await ready(p);
      await p.getByTestId('export-view').click();
      await p.getByTestId('export-menu').locator(`vscode-context-menu-item[label="${english.exportSvg}"]`).locator('a').click();
      await p.waitForFunction(() => (window as unknown as { __posted: { method?: string }[] }).__posted.some((m) => m.method === 'exportView'));
      const [request] = await exportRequests(v);
      assert.deepEqual((request.params as { range?: unknown }).range, { starts: ['conv1'], ends: ['ip1'] });
    } finally {
      await v.close();
    }
  });

  it('sends the canvas as a PNG at its backing-store size', async () => {
    const v = await open();
    try {
      const p = v.page;
      await p.getByTestId('export-view').click();
      await p.getByTestId('export-menu').locator(`vscode-context-menu-item[label="${english.exportPng}"]`).locator('a').click();
      await p.waitForFunction(() => (window as unknown as { __posted: { method?: string }[] }).__posted.some((m) => m.method === 'exportView'));
      // Read in the page: the bytes are a PNG whose size is the canvas's and whose pixels are not all background.
      const png = await p.evaluate(async () => {
        const m = (window as unknown as { __posted: { method?: string; params?: { format: string; png: Uint8Array } }[] }).__posted.find((x) => x.method === 'exportView')!;
        const bytes = m.params!.png;
        const img = new Image();
        img.src = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, img.width, img.height).data;
        let differing = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) differing++;
        const canvas = document.querySelector('[data-testid="graph-canvas"]') as HTMLCanvasElement;
        return { format: m.params!.format, isTyped: bytes instanceof Uint8Array, signature: Array.from(bytes.slice(0, 4)), width: img.width, height: img.height, canvas: [canvas.width, canvas.height], differing };
      });
      assert.equal(png.format, 'png');
      assert.ok(png.isTyped);
      assert.deepEqual(png.signature, [0x89, 0x50, 0x4e, 0x47]);
      assert.deepEqual([png.width, png.height], png.canvas);
      assert.ok(png.differing > 1000, `the PNG looks blank: ${png.differing} pixels differ`);
    } finally {
      await v.close();
    }
  });
});
