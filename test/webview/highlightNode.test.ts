// The host's HighlightNode (the cursor in the prototxt beside the graph moved into a layer): the
// page selects the node, centres it in the graph, and asks for its details; an id the model does
// not have changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CompactGraph } from '../../src/core/graph/compactGraph';
import { webviewStrings } from '../../src/extension/webviewStrings';
import { MessageType, type ModelView, type ToWebviewMessage } from '../../src/protocol/messages';
import { format } from '../../src/protocol/strings';
import { ifFullCorpus, sharedModel } from '../support/corpus';
import { modelView } from './sampleModel';
import { launchChromium, openViewerPage } from './viewerPage';

const english = webviewStrings((m, ...args) => format(m, ...args.map(String)));
const resource = 'file:///models/googlenet/deploy.prototxt';
let googlenet: { model: ModelView; graph: CompactGraph };

interface Transform { x: number; y: number; k: number }
type HookWindow = {
  __npuGraph?: {
    layout: { x: Float64Array; y: Float64Array; width: Float64Array; height: Float64Array };
    nodeIndex(id: string): number | undefined;
    transform(): Transform;
    frames(): number;
  };
  __state?: { selection: string[] };
  __posted: { type: string; method?: string; params?: unknown }[];
};

/** How far the node's centre is from the canvas's centre, in page pixels. */
async function offCentre(page: Page, id: string): Promise<number> {
  const rect = await page.getByTestId('graph-canvas').evaluate((c) => {
    const r = c.getBoundingClientRect();
    return { width: r.width, height: r.height };
  });
  return page.evaluate(([nodeId, r]) => {
    const g = (window as unknown as HookWindow).__npuGraph!;
    const i = g.nodeIndex(nodeId)!;
    const t = g.transform();
    const cx = (g.layout.x[i] + g.layout.width[i] / 2) * t.k + t.x;
    const cy = (g.layout.y[i] + g.layout.height[i] / 2) * t.k + t.y;
    return Math.hypot(cx - r.width / 2, cy - r.height / 2);
  }, [id, rect] as const);
}

ifFullCorpus(describe)('highlighting a node from the text cursor (chromium)', () => {
  let browser: Browser;
  before(async () => {
    googlenet = await modelView(sharedModel('caffe', 'bvlc_googlenet', 'deploy.prototxt'));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('selects and centres the node, asks for its details, and ignores an id the model lacks', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      const p = v.page;
      await v.send({ type: MessageType.Init, resource, locale: 'en', strings: english } satisfies ToWebviewMessage);
      await v.send({ type: MessageType.ModelLoaded, version: 1, model: googlenet.model, graph: googlenet.graph, canRevealSource: true } satisfies ToWebviewMessage);
      await p.waitForFunction(() => ((window as unknown as HookWindow).__npuGraph?.frames() ?? 0) > 0);
      // Near the top of a tall graph fitted to the view: far from the centre until highlighted.
      const id = 'conv2/3x3';
      assert.ok((await offCentre(p, id)) > 50, 'the node is centred before it is asked for');
      await v.send({ type: MessageType.HighlightNode, nodeId: id } satisfies ToWebviewMessage);
      await p.waitForFunction((n) => (window as unknown as HookWindow).__state?.selection[0] === n, id);
      assert.ok((await offCentre(p, id)) < 1, `not centred: ${await offCentre(p, id)} px off`);
      await p.waitForFunction((n) => (window as unknown as HookWindow).__posted.some((m) => m.type === 'request' && m.method === 'nodeDetails' && (m.params as { nodeId: string }).nodeId === n), id);

      const before = await p.evaluate(() => (window as unknown as HookWindow).__npuGraph!.transform());
      await v.send({ type: MessageType.HighlightNode, nodeId: 'no_such_layer' } satisfies ToWebviewMessage);
      // A message the page handles after it: by then the unknown id has been seen (and ignored).
      await v.send({ type: MessageType.HighlightNode, nodeId: id } satisfies ToWebviewMessage);
      assert.deepEqual((await p.evaluate(() => (window as unknown as HookWindow).__state))?.selection, [id]);
      assert.deepEqual(await p.evaluate(() => (window as unknown as HookWindow).__npuGraph!.transform()), before);
    } finally {
      await v.close();
    }
  });
});
