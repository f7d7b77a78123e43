// The model viewer webview in headless chromium: the protocol's messages in, the overview out.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CompactGraph } from '../../src/core/graph/compactGraph';
import type { NodeDetails } from '../../src/core/graph/nodeDetails';
import { MessageType, type ModelView, type ToWebviewMessage } from '../../src/protocol/messages';
import { webviewStrings } from '../../src/extension/webviewStrings';
import { format } from '../../src/protocol/strings';
import { repoRoot } from '../support/paths';
import { launchChromium, nonBackgroundPixels, openViewerPage, type ThemeName } from './viewerPage';
import { lenetPrototxt, modelView, ppocrPdmodel } from './sampleModel';
import { ifFullCorpus, sharedModel } from '../support/corpus';

const english = webviewStrings((m, ...args) => format(m, ...args.map(String)));
const zhBundle = JSON.parse(readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const chinese = webviewStrings((m) => zhBundle[m] ?? m);
const shots = path.join(repoRoot, 'e2e-shots');

const resource = 'file:///models/lenet/lenet.prototxt';
const init = (strings = english, locale = 'en'): ToWebviewMessage => ({ type: MessageType.Init, resource, locale, strings });
type Sample = { model: ModelView; graph: CompactGraph };
let lenet: Sample;
const loaded = (canRevealSource = false, sample = lenet, version = 1): ToWebviewMessage => ({ type: MessageType.ModelLoaded, version, model: sample.model, graph: sample.graph, canRevealSource });
const state = (patch: Record<string, unknown>) => ({ view: 'graph', search: '', scrollTop: 0, resource, zoom: null, selection: [], expandedGroups: [], groupsChosen: false, range: { starts: [], ends: [] }, ...patch });

/** The graph is the first tab; the overview these tests read is the second. */
async function showOverview(page: Page): Promise<void> {
  await page.getByTestId('tab-overview').click();
  await page.getByTestId('node-table').waitFor({ state: 'visible' });
}
/** The node table's search field (the graph tab has a find field of its own). */
const tableSearch = (page: Page) => page.getByTestId('node-table').locator('vscode-textfield input');

ifFullCorpus(describe)('model viewer webview (chromium)', () => {
  let browser: Browser;
  before(async () => {
    lenet = await modelView(lenetPrototxt);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('says Ready, then draws the overview from ModelLoaded', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      assert.deepEqual(await v.posted(), [{ type: MessageType.Ready }]);
      await v.send(init());
      await v.send(loaded());
      const p = v.page;
      await showOverview(p);
      assert.equal(await p.getByTestId('model-name').textContent(), 'LeNet');
      assert.equal(await p.getByTestId('framework').textContent(), 'Caffe');
      assert.equal(await p.getByTestId('format').textContent(), 'prototxt');
      assert.equal(await p.getByTestId('node-count').textContent(), '9');
      assert.match(await p.getByTestId('inputs').innerText(), /data\s+\[64, 1, 28, 28\]\s+float32/);
      assert.match(await p.getByTestId('outputs').innerText(), /prob\s+\[64, 10\]\s+float32/);
      const ops = await p.getByTestId('op-types').locator('tbody tr').allInnerTexts();
      assert.equal(ops.length, 6);
      assert.equal(ops[0].replace(/\s+/g, ' ').trim(), 'Convolution 2');
      assert.equal(ops.at(-1)!.replace(/\s+/g, ' ').trim(), 'Softmax 1');
      assert.equal(await p.getByTestId('warnings').innerText().then((t) => t.includes('No warnings.')), true);
      assert.equal(await p.getByTestId('node-count-shown').textContent(), '9 of 9 nodes');
    } finally {
      await v.close();
    }
  });

  it('finds a node by search, keeps the search in state, and asks the host to reveal it', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      await v.send(init());
      await v.send(loaded(true));
      const p = v.page;
      await showOverview(p);
      await tableSearch(p).fill('relu');
      await p.getByTestId('node-count-shown').filter({ hasText: '1 of 9 nodes' }).waitFor();
      const rows = p.getByTestId('node-table').locator('tbody tr');
      assert.equal(await rows.count(), 1);
      assert.match(await rows.first().innerText(), /relu1\s+ReLU\s+ip1\s+ip1/);
      assert.deepEqual(await p.evaluate(() => (window as unknown as { __state: unknown }).__state), state({ search: 'relu', view: 'overview' }));
      // tensor names match too
      await tableSearch(p).fill('POOL2');
      await p.getByTestId('node-count-shown').filter({ hasText: '2 of 9 nodes' }).waitFor();
      await tableSearch(p).fill('no-such-node');
      await p.getByText('No node matches.').waitFor();
      await tableSearch(p).fill('conv2');
      await p.locator('button[data-node="conv2"]').click();
      const reveals = async () => (await v.posted()).filter((m) => m.type === MessageType.RevealNode);
      assert.deepEqual(await reveals(), [{ type: MessageType.RevealNode, nodeId: 'conv2' }]);
      // Revealing is about the text: it selects nothing here, so no details are asked for.
      assert.equal((await v.posted()).filter((m) => m.type === 'request').length, 0);
      // From the keyboard too: Enter on the focused id reveals it.
      await tableSearch(p).fill('ip1');
      await p.locator('button[data-node="ip1"]').focus();
      await p.keyboard.press('Enter');
      assert.deepEqual((await reveals()).at(-1), { type: MessageType.RevealNode, nodeId: 'ip1' });
    } finally {
      await v.close();
    }
  });

  it('restores the search and the tab from setState when shown again', async () => {
    const v = await openViewerPage(browser, 'light', state({ search: 'pool', view: 'overview' }));
    try {
      await v.send(init());
      await v.send(loaded());
      await v.page.getByTestId('node-table').waitFor({ state: 'visible' });
      assert.equal(await v.page.getByTestId('graph-canvas').isVisible(), false);
      assert.equal(await v.page.getByTestId('node-count-shown').textContent(), '4 of 9 nodes'); // pool1, pool2 and the two layers reading them
      assert.equal(await tableSearch(v.page).inputValue(), 'pool');
      // without canRevealSource, ids are plain text
      assert.equal(await v.page.locator('[data-node]').count(), 0);
    } finally {
      await v.close();
    }
  });

  it('draws a 238-op Paddle program and searches it by op type', async () => {
    const ppocr = await modelView(ppocrPdmodel());
    const v = await openViewerPage(browser, 'light');
    try {
      await v.send(init());
      await v.send(loaded(false, ppocr));
      const p = v.page;
      await showOverview(p);
      assert.equal(await p.getByTestId('framework').textContent(), 'PaddlePaddle');
      assert.equal(await p.getByTestId('node-count').textContent(), '238');
      assert.match(await p.getByTestId('inputs').innerText(), /x\s+\[-1, 3, -1, -1\]\s+float32/);
      const ops = await p.getByTestId('op-types').locator('tbody tr').allInnerTexts();
      assert.equal(ops.length, 15);
      assert.equal(ops[0].replace(/\s+/g, ' ').trim(), 'conv2d 57');
      await tableSearch(p).fill('hard_swish');
      await p.getByTestId('node-count-shown').filter({ hasText: '20 of 238 nodes' }).waitFor();
      assert.equal(await p.getByTestId('node-table').locator('tbody tr').count(), 20);
    } finally {
      await v.close();
    }
  });

  it('lists the warnings the reader gave', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      await v.send(init());
      const warned: Sample = { ...lenet, model: { ...lenet.model, info: { ...lenet.model.info, warnings: ['/m/deploy.prototxt:3:1: input_dim is deprecated; use input_shape'] } } };
      await v.send(loaded(false, warned));
      await showOverview(v.page);
      assert.match(await v.page.getByTestId('warnings').innerText(), /deploy\.prototxt:3:1: input_dim is deprecated/);
    } finally {
      await v.close();
    }
  });

  it('shows a parse error: the file and place once, then what is wrong; Reload posts Reload', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      await v.send(init());
      const file = '/models/bad.prototxt';
      const detail = 'expected "}" but found end of file';
      await v.send({ type: MessageType.ModelError, version: 1, error: { file, place: '7:3', detail, message: `${file}:7:3: ${detail}` } });
      assert.equal(await v.page.getByTestId('error-location').textContent(), '/models/bad.prototxt:7:3');
      assert.equal(await v.page.getByTestId('error-message').textContent(), detail);
      const text = await v.page.locator('#app').innerText();
      assert.equal(text.split(file).length - 1, 1, `the file is named more than once:\n${text}`);
      assert.ok(!text.includes('@'), `a stray "@" label:\n${text}`);
      await v.page.getByTestId('model-error').locator('vscode-button').click();
      assert.deepEqual((await v.posted()).at(-1), { type: MessageType.Reload });
    } finally {
      await v.close();
    }
  });

  it('hands the graph to the layout worker and shows the layering it answers', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      await v.send(init());
      await v.send(loaded());
      await showOverview(v.page);
      // LeNet is a chain (the in-place ReLU writes a new version of ip1): one layer per node.
      await v.page.getByTestId('layer-count').filter({ hasText: /^\d+$/ }).waitFor();
      assert.equal(await v.page.getByTestId('layer-count').textContent(), String(lenet.graph.nodeCount));
      const googlenet = await modelView(sharedModel('caffe', 'bvlc_googlenet', 'deploy.prototxt'));
      await v.send(loaded(false, googlenet, 2));
      await v.page.getByTestId('node-count').filter({ hasText: String(googlenet.graph.nodeCount) }).waitFor();
      await v.page.getByTestId('layer-count').filter({ hasText: /^\d+$/ }).waitFor();
      const layers = Number(await v.page.getByTestId('layer-count').textContent());
      // Inception blocks run four branches side by side: far fewer layers than nodes, but more than one.
      assert.ok(layers > 1 && layers < googlenet.graph.nodeCount / 2, `${layers} layers for ${googlenet.graph.nodeCount} nodes`);
    } finally {
      await v.close();
    }
  });

  it('shows an error without a place (`file: detail`) with the file once', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      await v.send(init());
      const file = '/models/x.pdparams';
      const detail = 'this is a Paddle training checkpoint, not an inference model';
      await v.send({ type: MessageType.ModelError, version: 1, error: { file, place: '', detail, message: `${file}: ${detail}` } });
      assert.equal(await v.page.getByTestId('error-location').textContent(), file);
      assert.equal(await v.page.getByTestId('error-message').textContent(), detail);
    } finally {
      await v.close();
    }
  });

  it('asks the host for a selected node\'s details (a paired request) and shows the reply', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      await v.send(init());
      await v.send(loaded());
      await showOverview(v.page);
      await v.page.getByTestId('node-table').locator('tr[data-node-id="conv1"] td').nth(1).click();
      const request = await v.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.find((m) => m.type === 'request')).then((h) => h.jsonValue()) as { messageId: number; method: string; params: unknown };
      assert.equal(request.method, 'nodeDetails');
      assert.deepEqual(request.params, { nodeId: 'conv1' });
      const details: NodeDetails = {
        id: 'conv1', name: 'conv1', type: 'Convolution', group: [], attributes: { convolution_param: { num_output: 20, kernel_size: [5] } },
        inputs: [{ slot: 'bottom[0]', tensor: 'data', name: 'data', shape: [1, 1, 28, 28], dtype: 'float32' }],
        outputs: [{ slot: 'top[0]', tensor: 'conv1', name: 'conv1', shape: [1, 20, 24, 24], dtype: 'float32' }],
        weights: [], location: null, origin: { kind: 'layer', index: 0 }, hasCallstack: false,
      };
      // A reply to another request is not taken for this one.
      await v.send({ type: 'reply', inReplyTo: request.messageId + 100, ok: true, result: { ...details, type: 'Wrong' } });
      await v.send({ type: 'reply', inReplyTo: request.messageId, ok: true, result: details });
      await v.page.getByTestId('details-type').filter({ hasText: 'Convolution' }).waitFor();
      assert.match(await v.page.getByTestId('details-attributes').innerText(), /convolution_param\s+\{"num_output":20,"kernel_size":\[5\]\}/);
      assert.match(await v.page.getByTestId('details-outputs').innerText(), /conv1\s+\[1, 20, 24, 24\]\s+float32/);
      assert.deepEqual((await v.page.evaluate(() => (window as unknown as { __state: { selection: string[] } }).__state)).selection, ['conv1']);
      mkdirSync(shots, { recursive: true });
      await v.page.getByTestId('node-details').screenshot({ path: path.join(shots, 'webview-node-details.png') });
    } finally {
      await v.close();
    }
  });

  it('never replaces a newer result with an older one that arrives late', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      await v.send(init());
      await v.send({ type: MessageType.ModelError, version: 3, error: { file: '/models/lenet.prototxt', place: '3:1', detail: 'expected a value', message: '/models/lenet.prototxt:3:1: expected a value' } });
      await v.send(loaded(false, lenet, 2));
      assert.equal(await v.page.getByTestId('error-location').textContent(), '/models/lenet.prototxt:3:1');
      assert.equal(await v.page.getByTestId('error-message').textContent(), 'expected a value');
      await v.send(loaded(false, lenet, 4));
      await v.page.getByTestId('model-name').waitFor({ state: 'attached' });
      assert.equal(await v.page.getByTestId('model-error').count(), 0);
    } finally {
      await v.close();
    }
  });

  it('wraps a long error between words, and breaks only a path too long for the line', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      await v.page.setViewportSize({ width: 420, height: 700 });
      await v.send(init());
      const longPath = `/work/${'very_long_folder_name/'.repeat(14)}model.pdmodel`;
      const detail = `the weights file holds 12 tensors but the program saves 14; missing from ${longPath} on, and the remaining parameters cannot be matched with the variables the program declares`;
      await v.send({ type: MessageType.ModelError, version: 1, error: { file: longPath, place: 'byte 1234', detail, message: `${longPath}: byte 1234: ${detail}` } });
      const layout = await v.page.getByTestId('error-message').evaluate((p) => {
        const text = p.firstChild as Text;
        const brokenWords: string[] = [];
        let lines = new Set<number>();
        for (const m of text.data.matchAll(/\S+/g)) {
          const r = document.createRange();
          r.setStart(text, m.index!);
          r.setEnd(text, m.index! + m[0].length);
          const tops = new Set([...r.getClientRects()].map((c) => Math.round(c.top)));
          lines = new Set([...lines, ...tops]);
          if (tops.size > 1) brokenWords.push(m[0]);
        }
        const overflowing = [...document.querySelectorAll('#app *')].filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible' && e.clientWidth > 0).map((e) => e.outerHTML.slice(0, 80));
        return { brokenWords, lines: lines.size, pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth, overflowing };
      });
      assert.ok(layout.lines >= 4, `the message did not wrap: ${JSON.stringify(layout)}`);
      // Only the path, longer than the panel is wide, may be broken; no ordinary word is.
      assert.deepEqual(layout.brokenWords.filter((w) => w !== longPath), [], JSON.stringify(layout));
      assert.equal(layout.pageOverflow, 0, `the page scrolls sideways: ${JSON.stringify(layout)}`);
      const where = await v.page.getByTestId('error-location').evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
      assert.ok(where.scroll <= where.client + 1, `the location overflows: ${JSON.stringify(where)}`);
      mkdirSync(shots, { recursive: true });
      await v.page.screenshot({ path: path.join(shots, 'webview-error-narrow.png') });
    } finally {
      await v.close();
    }
  });

  it('shows the strings the host sends (zh-cn)', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      await v.send(init(chinese, 'zh-cn'));
      await v.send(loaded());
      // The tabs, then the overview's headings.
      assert.deepEqual([await v.page.getByTestId('tab-graph').textContent(), await v.page.getByTestId('tab-overview').textContent()], ['计算图', '概览']);
      await showOverview(v.page);
      const text = await v.page.locator('#app').innerText();
      for (const s of ['算子类型', '输入', '输出', '框架', '共 9 个节点，显示 9 个']) assert.ok(text.includes(s), `missing "${s}"`);
      assert.equal(await v.page.evaluate(() => document.documentElement.lang), 'zh-cn');
    } finally {
      await v.close();
    }
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as ThemeName[]) {
    it(`renders in the ${theme} theme (screenshot checked non-blank)`, async () => {
      const v = await openViewerPage(browser, theme);
      try {
        await v.send(init());
        await v.send(loaded());
        await showOverview(v.page);
        const png = await v.page.screenshot({ fullPage: false });
        mkdirSync(shots, { recursive: true });
        writeFileSync(path.join(shots, `webview-overview-${theme}.png`), png);
        const { differing, total } = await nonBackgroundPixels(v.page, png);
        assert.ok(differing / total > 0.02, `screenshot looks blank: ${differing} of ${total} pixels differ from the background`);
        const bg = await v.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const fg = await v.page.evaluate(() => getComputedStyle(document.body).color);
        const lum = (c: string) => { const [r, g, b] = c.match(/\d+/g)!.map(Number); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        if (theme === 'light') assert.ok(lum(bg) > 200 && lum(fg) < 100, `light theme not applied: ${bg} / ${fg}`);
        else assert.ok(lum(bg) < 60 && lum(fg) > 150, `${theme} theme not applied: ${bg} / ${fg}`);
        if (theme === 'high-contrast') {
          // the theme's contrast border reaches the tables
          const border = await v.page.locator('table.grid th').first().evaluate((th) => getComputedStyle(th).borderBottomColor);
          assert.equal(border, 'rgb(111, 195, 223)');
        }
      } finally {
        await v.close();
      }
    });
  }
});
