// The graph view's minimap, in headless chromium on a LeNet the tests write: hidden while the
// whole graph is in view, shown in the corner once zoomed in with the range in its colours, and a
// click on it moves the view to the point clicked.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { CompactGraph } from '../../src/core/graph/compactGraph';
import { writeCaffeSample } from '../../src/core/samples/caffeSample';
import { webviewStrings } from '../../src/extension/webviewStrings';
import { MessageType, type ModelView } from '../../src/protocol/messages';
import { format } from '../../src/protocol/strings';
import { boxOf, canvasRect, ready, stateOf, transformOf, zoomTo, type HookWindow } from './graphPage';
import { modelView } from './sampleModel';
import { launchChromium, openViewerPage } from './viewerPage';

const english = webviewStrings((m, ...args) => format(m, ...args.map(String)));

describe('graph minimap (chromium)', () => {
  let browser: Browser;
  let dir: string;
  let lenet: { model: ModelView; graph: CompactGraph };
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'npu-minimap-'));
    lenet = await modelView((await writeCaffeSample(dir)).prototxt);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows once zoomed in, and moves the view to the point clicked on it', async () => {
    const v = await openViewerPage(browser, 'dark', { range: { starts: ['conv1'], ends: ['ip1'] } });
    try {
      await v.send({ type: MessageType.Init, resource: 'file:///models/lenet.prototxt', locale: 'en', strings: english });
      await v.send({ type: MessageType.ModelLoaded, version: 1, model: lenet.model, graph: lenet.graph, canRevealSource: false });
      const p = v.page;
      await ready(p);
      const minimap = p.getByTestId('graph-minimap');
      assert.equal(await minimap.isVisible(), false, 'the whole graph is in view: no minimap');

      const rect = await canvasRect(p);
      const conv1 = await boxOf(p, 'conv1');
      await zoomTo(p, { k: 3, x: rect.width / 2 - (conv1.x + conv1.width / 2) * 3, y: rect.height / 2 - (conv1.y + conv1.height / 2) * 3 });
      await minimap.waitFor({ state: 'visible' });
      // The drawing inside the minimap's border.
      const map = await minimap.evaluate((c) => {
        const r = c.getBoundingClientRect();
        return { x: r.left + c.clientLeft, y: r.top + c.clientTop, width: c.clientWidth, height: c.clientHeight };
      });
      assert.ok(map.x + map.width <= rect.x + rect.width && map.y + map.height <= rect.y + rect.height && map.x > rect.x + rect.width / 2, `not in the bottom-right corner: ${JSON.stringify({ map, rect })}`);
      const drawing = await p.evaluate(() => ({ w: (window as unknown as HookWindow).__npuGraph!.layout.totalWidth, h: (window as unknown as HookWindow).__npuGraph!.layout.totalHeight }));
      assert.ok(Math.abs(map.width / map.height - drawing.w / drawing.h) < 0.1, 'the minimap has the drawing\'s proportions');

      // The range shows in it too: conv2's dot in the range's blue, prob's in the plain outline grey.
      const dot = async (id: string) => {
        const b = await boxOf(p, id);
        return minimap.evaluate((el, at) => {
          const c = el as HTMLCanvasElement;
          return Array.from(c.getContext('2d')!.getImageData(Math.round((at.x * c.width) / c.clientWidth), Math.round((at.y * c.height) / c.clientHeight), 1, 1).data);
        }, { x: (b.x + b.width / 2) * (map.width / drawing.w), y: (b.y + b.height / 2) * (map.width / drawing.w) });
      };
      const [conv2, prob] = [await dot('conv2'), await dot('prob')];
      assert.ok(conv2[2] > conv2[0] + 80, `conv2 not blue in the minimap: ${conv2}`);
      assert.ok(Math.max(...prob.slice(0, 3)) - Math.min(...prob.slice(0, 3)) < 10, `prob tinted in the minimap: ${prob}`);

      // A click on ip2's dot puts ip2 in the middle of the view, at the same zoom.
      const ip2 = await boxOf(p, 'ip2');
      const scale = map.width / drawing.w;
      const target = { x: ip2.x + ip2.width / 2, y: ip2.y + ip2.height / 2 };
      const before = await transformOf(p);
      await p.mouse.click(map.x + target.x * scale, map.y + target.y * scale);
      await p.waitForFunction((y) => (window as unknown as HookWindow).__npuGraph!.transform().y !== y, before.y);
      const t = await transformOf(p);
      assert.equal(t.k, 3);
      const centre = { x: (rect.width / 2 - t.x) / t.k, y: (rect.height / 2 - t.y) / t.k };
      assert.ok(Math.hypot(centre.x - target.x, centre.y - target.y) < 2 / scale, `the view's middle ${JSON.stringify(centre)} is not ip2's ${JSON.stringify(target)}`);
      assert.deepEqual((await stateOf(p))!.zoom, t, 'the moved view is saved');
    } finally {
      await v.close();
    }
  });
});
