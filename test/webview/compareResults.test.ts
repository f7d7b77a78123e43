// The comparison results page (dist/webview/compare.js) in headless chromium, on a result over
// the LeNet sample with conv2 perturbed (test/support/compareSample.ts): the table in the result's
// order with the first bad layer on top, sorted by a column and filtered; the overlay on the real
// LeNet graph, its pixels red where the metric fails and green where it passes, following the
// threshold slider; rows and nodes selecting each other; a tensor's detail drawn from the host's
// figures; Dump around the first bad layer asking for its producers to its consumers.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CompareResult } from '../../src/core/compare/compareResult';
import { tensorDetail } from '../../src/core/compare/tensorDetail';
import type { CompactGraph } from '../../src/core/graph/compactGraph';
import { writeCaffeSample } from '../../src/core/samples/caffeSample';
import { compareStrings } from '../../src/extension/compareStrings';
import { COMPARE_GRAPH, COMPARE_INIT, COMPARE_READY, type CompareGraph, type CompareInit, type CompareStrings } from '../../src/protocol/compareMessages';
import { format } from '../../src/protocol/strings';
import { lenetCompareResult } from '../support/compareSample';
import { repoRoot } from '../support/paths';
import { boxOf, canvasRect, pixelAt, ready, toPage, transformOf, zoomTo } from './graphPage';
import { modelView } from './sampleModel';
import { launchChromium, openViewerPage, type ViewerPage } from './viewerPage';

const english = compareStrings((m, ...args) => format(m, ...args.map(String)));
const zhBundle = JSON.parse(readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const chinese = compareStrings((m) => zhBundle[m] ?? m);

type Request = { type: 'request'; messageId: number; method: string; params: Record<string, unknown> };

function init(result: CompareResult, strings: CompareStrings = english): CompareInit {
  return { type: COMPARE_INIT, locale: 'en', strings, file: '/w/lenet/result.json', fileName: 'result.json', resource: 'file:///w/lenet/result.json', result };
}

async function openCompare(browser: Browser, result = lenetCompareResult(), strings: CompareStrings = english): Promise<ViewerPage> {
  const v = await openViewerPage(browser, 'light', undefined, { page: { script: 'compare.js', style: 'compare.css' } });
  assert.deepEqual(await v.posted(), [{ type: COMPARE_READY }]);
  await v.send(init(result, strings));
  await v.page.getByTestId('results-table').waitFor();
  return v;
}

/** The layer names of the table's rows, top to bottom. */
const shownNames = (p: Page) => p.locator('[data-testid="results-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.children[1].textContent ?? ''));

async function waitForRequest(v: ViewerPage, method: string, count = 1): Promise<Request> {
  await v.page.waitForFunction(
    ([m, n]) => (window as unknown as { __posted: { type: string; method?: string }[] }).__posted.filter((x) => x.type === 'request' && x.method === m).length >= n,
    [method, count] as const,
  );
  return (await v.posted()).filter((m): m is Request => m.type === 'request' && (m as Request).method === method)[count - 1];
}

/** A pixel inside the node's box near its bottom-right corner (away from its text), centred at scale 1. */
async function boxPixel(p: Page, id: string): Promise<[number, number, number]> {
  const rect = await canvasRect(p);
  const b = await boxOf(p, id);
  await zoomTo(p, { k: 1, x: rect.width / 2 - (b.x + b.width / 2), y: rect.height / 2 - (b.y + b.height / 2) });
  const at = toPage(rect, await transformOf(p), b.x + b.width - 6, b.y + b.height - 6);
  return pixelAt(p, at.x, at.y);
}

const isRed = ([r, g, b]: number[]) => r > g + 40 && r > b + 40;
const isGreen = ([r, g, b]: number[]) => g > r + 25 && g > b + 25;

describe('comparison results page (chromium)', () => {
  let browser: Browser;
  let dir: string;
  let lenet: { graph: CompactGraph };
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'npu-compare-view-'));
    const { prototxt } = await writeCaffeSample(dir);
    lenet = await modelView(prototxt);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the rows in the result\'s order with the first bad layer on top, failing rows marked, and a summary', async () => {
    const v = await openCompare(browser);
    try {
      const p = v.page;
      assert.deepEqual(await shownNames(p), ['conv2', 'conv1', 'pool1', 'pool2', 'ip1', 'relu1', 'ip2', 'prob']);
      const failing = await p.locator('[data-testid="results-table"] tbody tr.failing').evaluateAll((trs) => trs.map((tr) => tr.children[1].textContent));
      assert.deepEqual(failing, ['conv2', 'pool2', 'ip1', 'relu1', 'ip2', 'prob']);
      assert.equal(await p.getByTestId('summary').innerText(), '8 compared, 2 passed, 6 failed · Unmatched: 1 NPU, 1 golden');
      assert.match(await p.getByTestId('first-bad').innerText(), /First bad layer: conv2/);
      assert.equal(await p.getByTestId('rows-shown').innerText(), '8 of 8 rows');
    } finally {
      await v.close();
    }
  });

  it('sorts by a column both ways and back, and filters by name and by failing', async () => {
    const v = await openCompare(browser);
    try {
      const p = v.page;
      const result = lenetCompareResult();
      const byCosine = [...result.rows].sort((a, b) => a.cosine! - b.cosine!).map((r) => r.name);
      await p.getByTestId('sort-cosine').click();
      assert.deepEqual(await shownNames(p), byCosine);
      assert.equal(await p.locator('th[aria-sort="ascending"]').count(), 1);
      await p.getByTestId('sort-cosine').click();
      assert.deepEqual(await shownNames(p), [...byCosine].reverse());
      // kl is missing on one row: that row goes last whichever way.
      await p.getByTestId('sort-kl').click();
      assert.equal((await shownNames(p)).at(-1), 'prob');
      await p.getByTestId('sort-kl').click();
      await p.getByTestId('sort-kl').click();
      assert.deepEqual(await shownNames(p), ['conv2', 'conv1', 'pool1', 'pool2', 'ip1', 'relu1', 'ip2', 'prob']);

      await p.getByTestId('results-table').locator('..').locator('..').locator('vscode-textfield input').fill('pool');
      await p.waitForFunction(() => document.querySelectorAll('[data-testid="results-table"] tbody tr').length === 2);
      assert.deepEqual(await shownNames(p), ['pool1', 'pool2']);
      await p.getByTestId('checkbox-failing-only').click();
      await p.waitForFunction(() => document.querySelectorAll('[data-testid="results-table"] tbody tr').length === 1);
      assert.deepEqual(await shownNames(p), ['pool2']);
      assert.equal(await p.getByTestId('rows-shown').innerText(), '1 of 8 rows');
      const saved = await p.evaluate(() => (window as unknown as { __state?: { filter: string; failingOnly: boolean } }).__state);
      assert.deepEqual([saved?.filter, saved?.failingOnly], ['pool', true]);
    } finally {
      await v.close();
    }
  });

  it('draws at most 2,000 rows of a large result, says so, and finds the rest by filtering', async () => {
    const base = lenetCompareResult().rows[0];
    const rows = Array.from({ length: 2100 }, (_, i) => ({ ...base, name: `layer_${i}`, tensor: `layer_${i}:output:0`, pass: i !== 2050, cosine: i === 2050 ? 0.5 : 0.9999 }));
    const v = await openCompare(browser, { rows, unmatched: { npu: [], golden: [] }, firstBad: 'layer_2050', summary: { compared: 2100, passed: 2099, failed: 1 } });
    try {
      const p = v.page;
      assert.equal(await p.locator('[data-testid="results-table"] tbody tr').count(), 2000);
      assert.equal(await p.getByTestId('rows-shown').innerText(), '2100 of 2100 rows');
      assert.equal(await p.getByTestId('no-rows').innerText(), 'Showing the first 2000 rows; filter to see the rest.');
      // The first bad layer is on top although it lies beyond the first 2,000.
      assert.equal((await shownNames(p))[0], 'layer_2050');
      await p.getByTestId('results-table').locator('..').locator('..').locator('vscode-textfield input').fill('layer_2099');
      await p.waitForFunction(() => document.querySelectorAll('[data-testid="results-table"] tbody tr').length === 1);
      assert.deepEqual(await shownNames(p), ['layer_2099']);
    } finally {
      await v.close();
    }
  });

  it('colours the graph by the metric: failing nodes red, passing green, the threshold slider recolours', async () => {
    const v = await openCompare(browser);
    try {
      const p = v.page;
      await p.getByTestId('tab-graph').click();
      await v.send({ type: COMPARE_GRAPH, model: { file: '/w/lenet/lenet.prototxt', fileName: 'lenet.prototxt', resource: 'file:///w/lenet/lenet.prototxt', graph: lenet.graph } } satisfies CompareGraph);
      await ready(p);
      assert.ok(isRed(await boxPixel(p, 'conv2')), `conv2 (cosine 0.9312) not red: ${await boxPixel(p, 'conv2')}`);
      assert.ok(isRed(await boxPixel(p, 'prob')), 'prob not red');
      assert.ok(isGreen(await boxPixel(p, 'pool1')), `pool1 (cosine 0.99987) not green: ${await boxPixel(p, 'pool1')}`);
      // The input layer has no row: its box keeps the plain shade.
      const [r, g, b] = await boxPixel(p, 'data');
      assert.ok(Math.max(r, g, b) - Math.min(r, g, b) < 10, `data is tinted: ${[r, g, b]}`);

      // The threshold down to the slider's lowest, below the lowest cosine there is (conv2's 0.9312): every row now passes, conv2 turns green.
      await p.getByTestId('slider-threshold').evaluate((s: HTMLInputElement) => {
        s.value = s.min;
        s.dispatchEvent(new Event('input'));
      });
      assert.ok(Number(await p.getByTestId('threshold-value').innerText()) < 0.9312);
      // boxPixel moves the view and waits for the frame that draws it, with the new colours.
      assert.ok(isGreen(await boxPixel(p, 'conv2')), `conv2 not green at the lowest threshold: ${await boxPixel(p, 'conv2')}`);
      assert.ok(isGreen(await boxPixel(p, 'prob')), 'prob not green at the lowest threshold');
      await p.screenshot({ path: path.join(repoRoot, 'e2e-shots', 'compare-overlay.png') });
    } finally {
      await v.close();
    }
  });

  it('centres a row\'s node when the row is clicked, and selects a node\'s row when the node is clicked', async () => {
    const v = await openCompare(browser);
    try {
      const p = v.page;
      await p.getByTestId('tab-graph').click();
      await v.send({ type: COMPARE_GRAPH, model: { file: '/w/lenet/lenet.prototxt', fileName: 'lenet.prototxt', resource: 'file:///w/lenet/lenet.prototxt', graph: lenet.graph } } satisfies CompareGraph);
      await ready(p);
      // Clicking a node selects its row.
      const rect = await canvasRect(p);
      const b = await boxOf(p, 'ip1');
      await zoomTo(p, { k: 1, x: rect.width / 2 - (b.x + b.width / 2), y: rect.height / 2 - (b.y + b.height / 2) });
      const at = toPage(rect, await transformOf(p), b.x + b.width / 2, b.y + b.height / 2);
      await p.mouse.click(at.x, at.y);
      await p.locator('[data-testid="results-table"] tr[aria-selected="true"]').waitFor({ state: 'attached' });
      assert.equal(await p.locator('[data-testid="results-table"] tr[aria-selected="true"]').getAttribute('data-row'), '4');
      await waitForRequest(v, 'tensorDetail');

      // "Show in Graph" of the first bad layer centres conv2.
      await p.getByTestId('show-first-bad').click();
      await p.waitForFunction(() => {
        const g = (window as unknown as { __npuGraph: { transform(): { x: number; y: number; k: number }; layout: { x: Float64Array; y: Float64Array; width: Float64Array; height: Float64Array }; nodeIndex(id: string): number } }).__npuGraph;
        const i = g.nodeIndex('conv2');
        const t = g.transform();
        const canvas = document.querySelector('[data-testid="graph-canvas"]')!;
        const cx = (g.layout.x[i] + g.layout.width[i] / 2) * t.k + t.x;
        const cy = (g.layout.y[i] + g.layout.height[i] / 2) * t.k + t.y;
        return Math.abs(cx - canvas.clientWidth / 2) < 2 && Math.abs(cy - canvas.clientHeight / 2) < 2;
      });
      assert.equal(await p.locator('[data-testid="results-table"] tr[aria-selected="true"]').getAttribute('data-row'), '2');
    } finally {
      await v.close();
    }
  });

  it('draws a tensor\'s detail from the host\'s figures: histogram bins, scatter points, worst elements at their indices', async () => {
    const v = await openCompare(browser);
    try {
      const p = v.page;
      await p.locator('[data-testid="results-table"] tr[data-row="2"]').click();
      const request = await waitForRequest(v, 'tensorDetail');
      assert.deepEqual(request.params, { row: 2 });
      // conv2 is 1×50×8×8: 3200 elements, two of them off.
      const golden = new Float32Array(3200).map((_, i) => Math.sin(i));
      const npu = golden.slice();
      npu[130] += 2;
      npu[3199] -= 1;
      const detail = tensorDetail(npu, golden, { bins: 10, maxSamples: 500, worst: 3 });
      await v.send({ type: 'reply', inReplyTo: request.messageId, ok: true, result: { ok: true, detail } });
      await p.getByTestId('worst-elements').waitFor();
      assert.equal(await p.locator('[data-testid="detail-histogram"] rect.bar').count(), 10);
      assert.equal(await p.locator('[data-testid="detail-scatter"] circle.dot').count(), 500);
      const worst = await p.locator('[data-testid="worst-elements"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.children[0].textContent));
      // 130 = 2·64 + 2 → [0, 2, 0, 2]; 3199 → [0, 49, 7, 7].
      assert.deepEqual(worst.slice(0, 2), ['[0, 2, 0, 2]', '[0, 49, 7, 7]']);
      assert.match(await p.getByTestId('detail-counts').innerText(), /3200 elements, 0 not finite/);

      // A detail the host cannot give is said in one line.
      await p.locator('[data-testid="results-table"] tr[data-row="3"]').click();
      const second = await waitForRequest(v, 'tensorDetail', 2);
      await v.send({ type: 'reply', inReplyTo: second.messageId, ok: true, result: { ok: false, message: '/w/npu/pool2.bin: ENOENT' } });
      assert.equal(await p.getByTestId('detail-error').innerText(), '/w/npu/pool2.bin: ENOENT');
    } finally {
      await v.close();
    }
  });

  it('asks for the Dump dialog from the first bad layer\'s producers to its consumers, once the model is there', async () => {
    const v = await openCompare(browser);
    try {
      const p = v.page;
      assert.equal(await p.getByTestId('dump-around').evaluate((b) => (b as HTMLElement & { disabled: boolean }).disabled), true);
      await v.send({ type: COMPARE_GRAPH, model: { file: '/w/lenet/lenet.prototxt', fileName: 'lenet.prototxt', resource: 'file:///w/lenet/lenet.prototxt', graph: lenet.graph } } satisfies CompareGraph);
      await p.waitForFunction(() => !(document.querySelector('[data-testid="dump-around"]') as HTMLElement & { disabled: boolean }).disabled);
      await p.getByTestId('dump-around').click();
      const request = await waitForRequest(v, 'dumpRange');
      assert.deepEqual(request.params, { starts: ['pool1'], ends: ['pool2'] });
    } finally {
      await v.close();
    }
  });

  it('draws the metric along the model\'s order, points failing below the threshold', async () => {
    const v = await openCompare(browser);
    try {
      const p = v.page;
      await p.getByTestId('tab-curve').click();
      const classes = await p.locator('[data-testid="metric-curve"] circle').evaluateAll((cs) => cs.map((c) => `${c.getAttribute('data-row')}:${c.getAttribute('class')}`));
      assert.deepEqual(classes, lenetCompareResult().rows.map((r, i) => `${i}:point ${r.cosine! > 0.99 ? 'pass' : 'fail'}`));
      // Lower is better for KL; prob has none, so it has no point.
      await p.getByTestId('field-metric').evaluate((s: HTMLElement & { value: string }) => {
        s.value = 'kl';
        s.dispatchEvent(new Event('change'));
      });
      assert.equal(await p.locator('[data-testid="metric-curve"] circle').count(), 7);
    } finally {
      await v.close();
    }
  });

  it('keeps the results file and the model overlaid in its state, which a window reload reopens the panel from', async () => {
    // Started with the state of an earlier page (a reload): the user's choices stay beside the files.
    const v = await openViewerPage(browser, 'light', { tab: 'table', metric: 'kl', thresholds: {}, filter: 'conv', failingOnly: false, sort: null, selected: null, zoom: null }, { page: { script: 'compare.js', style: 'compare.css' } });
    try {
      const p = v.page;
      type Saved = { resource: string | null; model: string | null; metric: string; filter: string };
      const saved = () => p.evaluate(() => (window as unknown as { __state?: Saved }).__state);
      await v.send(init(lenetCompareResult()));
      await p.getByTestId('results-table').waitFor();
      assert.deepEqual(await saved().then((s) => s && { resource: s.resource, model: s.model, metric: s.metric, filter: s.filter }), { resource: 'file:///w/lenet/result.json', model: null, metric: 'kl', filter: 'conv' });
      await v.send({ type: COMPARE_GRAPH, model: { file: '/w/models/lenet.prototxt', fileName: 'lenet.prototxt', resource: 'file:///w/models/lenet.prototxt', graph: lenet.graph } } satisfies CompareGraph);
      await p.waitForFunction(() => (window as unknown as { __state?: Saved }).__state?.model === 'file:///w/models/lenet.prototxt');
      // A model that could not be read is not one to come back to.
      await v.send({ type: COMPARE_GRAPH, model: null, error: 'lenet.prototxt: gone' } satisfies CompareGraph);
      await p.getByTestId('model-error').waitFor({ state: 'attached' });
      assert.equal((await saved())?.model, null);
      assert.equal((await saved())?.resource, 'file:///w/lenet/result.json');
    } finally {
      await v.close();
    }
  });

  it('speaks Chinese with the zh-cn strings', async () => {
    const v = await openCompare(browser, lenetCompareResult(), chinese);
    try {
      const p = v.page;
      assert.equal(await p.getByTestId('summary').innerText(), '共比对 8 个，通过 2 个，失败 6 个 · 未匹配：NPU 侧 1 个，标杆侧 1 个');
      assert.match(await p.getByTestId('first-bad').innerText(), /首个问题层/);
      assert.equal(await p.getByTestId('sort-cosine').innerText(), '余弦相似度');
      // The metric's drop-down is named by its visible label, bound to it.
      assert.equal(await p.locator('vscode-label[for="field-metric"]').textContent(), '指标');
      assert.equal(await p.getByTestId('field-metric').getAttribute('aria-label'), '指标');
    } finally {
      await v.close();
    }
  });
});
