// The details panel's on-request parts against the host's replies: a Paddle op's call stack (frames
// in the workspace as links that ask the host to open them) and a weight's statistics.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CompactGraph } from '../../src/core/graph/compactGraph';
import type { NodeDetails } from '../../src/core/graph/nodeDetails';
import type { WeightStatistics } from '../../src/core/weights/weightStatistics';
import { MessageType, type CallstackFrame, type ModelView, type ToWebviewMessage } from '../../src/protocol/messages';
import { webviewStrings } from '../../src/extension/webviewStrings';
import { format } from '../../src/protocol/strings';
import { launchChromium, openViewerPage, type ViewerPage } from './viewerPage';
import { lenetPrototxt, modelView } from './sampleModel';
import { ifFullCorpus } from '../support/corpus';
import { repoRoot } from '../support/paths';

const english = webviewStrings((m, ...args) => format(m, ...args.map(String)));
const resource = 'file:///models/lenet/lenet.prototxt';
const shots = path.join(repoRoot, 'e2e-shots');
let lenet: { model: ModelView; graph: CompactGraph };

type Request = { messageId: number; method: string; params: Record<string, unknown> };
/** The n-th request the page posted for `method`, waiting for it. */
async function request(page: Page, method: string, n = 0): Promise<Request> {
  const handle = await page.waitForFunction(([m, i]) => (window as unknown as { __posted: { type: string; method?: string }[] }).__posted.filter((p) => p.type === 'request' && p.method === m)[i as number], [method, n] as const);
  return (await handle.jsonValue()) as unknown as Request;
}

const conv1: NodeDetails = {
  id: 'conv1', name: 'conv1', type: 'Convolution', group: [], attributes: {},
  inputs: [{ slot: 'bottom[0]', tensor: 'data', name: 'data', shape: [1, 1, 28, 28], dtype: 'float32' }],
  outputs: [{ slot: 'top[0]', tensor: 'conv1', name: 'conv1', shape: [1, 20, 24, 24], dtype: 'float32' }],
  weights: [
    { slot: 'blobs[0]', name: 'conv1/blobs[0]', shape: [20, 1, 5, 5], dtype: 'float32', stored: true },
    { slot: 'blobs[1]', name: 'conv1/blobs[1]', shape: [20], dtype: 'float32', stored: false },
  ],
  location: null, origin: { kind: 'layer', index: 1 }, hasCallstack: true,
};

/** Opens the viewer on LeNet, selects conv1 in the table and answers its details with `details`. */
async function selectConv1(v: ViewerPage, details: NodeDetails): Promise<void> {
  await v.send({ type: MessageType.Init, resource, locale: 'en', strings: english } satisfies ToWebviewMessage);
  await v.send({ type: MessageType.ModelLoaded, version: 1, model: lenet.model, graph: lenet.graph, canRevealSource: false } satisfies ToWebviewMessage);
  await v.page.getByTestId('tab-overview').click();
  await v.page.getByTestId('node-table').locator('tr[data-node-id="conv1"] td').nth(1).click();
  const r = await request(v.page, 'nodeDetails');
  await v.send({ type: 'reply', inReplyTo: r.messageId, ok: true, result: details });
  await v.page.getByTestId('details-type').waitFor();
}

ifFullCorpus(describe)('details panel: call stack and weight statistics (chromium)', () => {
  let browser: Browser;
  before(async () => {
    lenet = await modelView(lenetPrototxt);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('asks for the call stack only on request and links the frames the host found in the workspace', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      await selectConv1(v, conv1);
      const stack = v.page.getByTestId('details-callstack');
      assert.equal((await v.posted()).filter((m) => m.type === 'request' && m.method === 'callstack').length, 0);
      await stack.getByTestId('show-callstack').click();
      const r = await request(v.page, 'callstack');
      assert.deepEqual(r.params, { nodeId: 'conv1' });
      const frames: CallstackFrame[] = [
        { text: '  File "/usr/lib/python3/site-packages/paddle/nn/layer/layers.py", line 1429, in __call__' },
        { text: '  File "/ws/proj/model.py", line 42, in forward\n    x = self.conv(x)', source: { file: '/ws/proj/model.py', line: 42 } },
      ];
      await v.send({ type: 'reply', inReplyTo: r.messageId, ok: true, result: frames });
      await stack.getByTestId('callstack-frame').nth(1).waitFor();
      assert.equal(await stack.getByTestId('callstack-frame').count(), 2);
      // The frame outside the workspace is plain text; the one inside is the only link.
      assert.equal(await stack.getByTestId('callstack-link').count(), 1);
      assert.match(await stack.getByTestId('callstack-frame').nth(0).innerText(), /layers\.py", line 1429/);
      const link = stack.getByTestId('callstack-link');
      assert.match(await link.innerText(), /model\.py", line 42, in forward\s+x = self\.conv\(x\)/);
      assert.equal(await link.getAttribute('title'), 'Open /ws/proj/model.py at line 42');
      mkdirSync(shots, { recursive: true });
      await v.page.getByTestId('node-details').screenshot({ path: path.join(shots, 'webview-callstack.png') });
      await link.click();
      const open = await request(v.page, 'openSource');
      assert.deepEqual(open.params, { file: '/ws/proj/model.py', line: 42 });
    } finally {
      await v.close();
    }
  });

  it('asks for a stored weight\'s statistics on request and shows the figures and a histogram in the theme\'s colour', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      await selectConv1(v, conv1);
      const weights = v.page.getByTestId('details-weights');
      // blobs[1] has no bytes loaded: nothing to measure, no button.
      assert.equal(await weights.getByTestId('show-statistics').count(), 1);
      assert.equal(await weights.getByTestId('weight-stats').getAttribute('data-slot'), 'blobs[0]');
      assert.equal((await v.posted()).filter((m) => m.type === 'request' && m.method === 'weightStatistics').length, 0);
      await weights.getByTestId('show-statistics').click();
      const r = await request(v.page, 'weightStatistics');
      assert.deepEqual(r.params, { nodeId: 'conv1', slot: 'blobs[0]' });
      const histogram = Array.from({ length: 32 }, (_, i) => (i === 16 ? 400 : i % 4));
      const stats: WeightStatistics = { dtype: 'float32', count: 500, nan: 2, posInf: 1, negInf: 0, min: -0.123456789, max: 0.5, mean: 0.01, std: 0.0712345678, histogram };
      await v.send({ type: 'reply', inReplyTo: r.messageId, ok: true, result: stats });
      await weights.getByTestId('stat-min').waitFor();
      assert.equal(await weights.getByTestId('stat-min').innerText(), '-0.123457');
      assert.equal(await weights.getByTestId('stat-max').innerText(), '0.5');
      assert.equal(await weights.getByTestId('stat-mean').innerText(), '0.01');
      assert.equal(await weights.getByTestId('stat-std').innerText(), '0.0712346');
      assert.equal(await weights.getByTestId('stat-count').innerText(), '500');
      assert.equal(await weights.getByTestId('stat-nonfinite').innerText(), 'NaN 2, +Inf 1, −Inf 0');
      const bars = await weights.getByTestId('stat-histogram').locator('rect').evaluateAll((rects) => rects.map((r) => ({
        count: Number(r.getAttribute('data-count')), height: Number(r.getAttribute('height')), fill: getComputedStyle(r).fill,
      })));
      assert.equal(bars.length, 32);
      assert.deepEqual(bars.map((b) => b.count), histogram);
      // The tallest bar is the fullest bin; empty bins draw nothing; the colour is --vscode-charts-blue.
      assert.equal(Math.max(...bars.map((b) => b.height)), bars[16].height);
      assert.equal(bars[0].height, 0);
      assert.ok(bars[1].height >= 1 && bars[1].height < bars[16].height);
      assert.deepEqual([...new Set(bars.map((b) => b.fill))], ['rgb(26, 133, 255)']);
      mkdirSync(shots, { recursive: true });
      await v.page.getByTestId('node-details').screenshot({ path: path.join(shots, 'webview-weight-statistics.png') });
    } finally {
      await v.close();
    }
  });

  it('says so when the host has no bytes for the weight any more', async () => {
    const v = await openViewerPage(browser, 'dark');
    try {
      await selectConv1(v, conv1);
      await v.page.getByTestId('show-statistics').click();
      const r = await request(v.page, 'weightStatistics');
      await v.send({ type: 'reply', inReplyTo: r.messageId, ok: true, result: null });
      await v.page.getByTestId('weight-stats').getByText('The values of this weight are not loaded.').waitFor();
      assert.equal(await v.page.getByTestId('stat-histogram').count(), 0);
    } finally {
      await v.close();
    }
  });

  it('offers no call stack for a node that keeps none', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      await selectConv1(v, { ...conv1, hasCallstack: false });
      assert.equal(await v.page.getByTestId('details-callstack').count(), 0);
      assert.equal(await v.page.getByTestId('details-weights').count(), 1);
    } finally {
      await v.close();
    }
  });
});
