// Range selection in the graph view, in headless chromium with the real viewer bundle: a
// right-click on a node opens its menu (at every zoom, and from the keyboard), starts and ends
// chosen there colour the nodes between them, the panel lists the sub-model's inputs and outputs,
// a choice the core rule refuses says why and changes nothing, and the choice survives the tab
// being hidden and shown. On a LeNet the tests write (always) and on GoogLeNet's inception_3a
// (with the model collection).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { CompactGraph } from '../../src/core/graph/compactGraph';
import { CompactGraphReader } from '../../src/core/graph/compactGraph';
import { writeCaffeSample } from '../../src/core/samples/caffeSample';
import { webviewStrings } from '../../src/extension/webviewStrings';
import { MessageType, type ModelView, type ToWebviewMessage } from '../../src/protocol/messages';
import { format, type WebviewStrings } from '../../src/protocol/strings';
import { ifFullCorpus, sharedModel } from '../support/corpus';
import { repoRoot } from '../support/paths';
import { assertRangeColours, boxOf, canvasRect, choose, menuLabels, twoFrames, pixelAt, rangeRoles, ready, rightClickNode, stateOf, toPage, transformOf, zoomTo } from './graphPage';
import { modelView } from './sampleModel';
import { launchChromium, openViewerPage, type ThemeName, type ViewerPage } from './viewerPage';

const english = webviewStrings((m, ...args) => format(m, ...args.map(String)));
const zhBundle = JSON.parse(readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const chinese = webviewStrings((m) => zhBundle[m] ?? m);
const shots = path.join(repoRoot, 'e2e-shots');
type Sample = { model: ModelView; graph: CompactGraph };

const text = (page: ViewerPage['page'], id: string) => page.getByTestId(id).innerText().then((t) => t.replace(/\s+/g, ' ').trim());
const sorted = (ids: string[]) => [...ids].sort();

async function openSample(browser: Browser, sample: Sample, options: { theme?: ThemeName; state?: unknown; strings?: WebviewStrings } = {}): Promise<ViewerPage> {
  const v = await openViewerPage(browser, options.theme ?? 'light', options.state);
  await v.send({ type: MessageType.Init, resource: `file://${sample.model.file}`, locale: 'en', strings: options.strings ?? english } satisfies ToWebviewMessage);
  await v.send({ type: MessageType.ModelLoaded, version: 1, model: sample.model, graph: sample.graph, canRevealSource: false } satisfies ToWebviewMessage);
  await ready(v.page);
  return v;
}

/** A left click in the middle of the node's box, once the selection says it took. */
async function selectByClick(p: ViewerPage['page'], id: string): Promise<void> {
  const rect = await canvasRect(p);
  const t = await transformOf(p);
  const b = await boxOf(p, id);
  const at = toPage(rect, t, b.x + b.width / 2, b.y + b.height / 2);
  await p.mouse.click(at.x, at.y);
  await p.waitForFunction((want) => (window as unknown as { __state?: { selection: string[] } }).__state?.selection[0] === want, id);
}

describe('range selection on a LeNet the tests write (chromium)', () => {
  let browser: Browser;
  let dir: string;
  let lenet: Sample;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'npu-range-'));
    const { prototxt } = await writeCaffeSample(dir);
    lenet = await modelView(prototxt);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets a start and an end from the menu, colours the nodes between, and lists the sub-model\'s ports', async () => {
    const v = await openSample(browser, lenet);
    let saved: unknown;
    try {
      const p = v.page;
      assert.equal(await p.getByTestId('range-panel').isVisible(), false, 'no range panel before a choice');
      await rightClickNode(p, 'conv1', { k: 1 });
      assert.deepEqual(await menuLabels(p), ['Set as start', 'Set as end']);
      // What a screen reader hears: a menu named for the range, of menu items.
      assert.equal(await p.getByRole('menu', { name: 'Range selection' }).count(), 1);
      assert.equal(await p.getByRole('menuitem').count(), 2);
      assert.equal(await p.getByRole('menuitem', { name: 'Set as end' }).count(), 1);
      await choose(p, 'Set as start');
      assert.deepEqual(await rangeRoles(p), { inside: [], starts: ['conv1'], ends: [] });
      assert.equal(await text(p, 'range-starts'), 'conv1');
      assert.match(await text(p, 'range-panel'), /Right-click a node and choose Set as start or Set as end/);

      await rightClickNode(p, 'ip1');
      await choose(p, 'Set as end');
      assert.deepEqual(await rangeRoles(p), { inside: ['pool1', 'conv2', 'pool2'], starts: ['conv1'], ends: ['ip1'] });
      assert.equal(await text(p, 'range-count'), '5');
      assert.deepEqual(await p.getByTestId('range-inputs').locator('tbody tr').allInnerTexts().then((r) => r.map((t) => t.replace(/\s+/g, ' ').trim())), ['data [1, 1, 28, 28] float32']);
      assert.deepEqual(await p.getByTestId('range-outputs').locator('tbody tr').allInnerTexts().then((r) => r.map((t) => t.replace(/\s+/g, ' ').trim())), ['ip1 [1, 64] float32']);
      assert.deepEqual((await stateOf(p))!.range, { starts: ['conv1'], ends: ['ip1'] });

      // The colours on the canvas, in the box's left padding (no text there): green for the start,
      // blue between, orange for the end, the plain shade outside the range.
      await zoomTo(p, { k: 1, x: 40, y: 20 });
      const rect = await canvasRect(p);
      const t = await transformOf(p);
      const colour = async (id: string) => {
        const b = await boxOf(p, id);
        const at = toPage(rect, t, b.x + 5, b.y + b.height / 2);
        return pixelAt(p, at.x, at.y);
      };
      assertRangeColours(await colour('conv1'), await colour('conv2'), await colour('ip1'), await colour('prob'), 'light');
      mkdirSync(shots, { recursive: true });
      await p.screenshot({ path: path.join(shots, 'webview-range-lenet.png') });
      saved = await stateOf(p);
    } finally {
      await v.close();
    }

    // The tab hidden and shown again: the webview starts afresh from the saved state.
    const again = await openSample(browser, lenet, { state: saved });
    try {
      assert.deepEqual(await rangeRoles(again.page), { inside: ['pool1', 'conv2', 'pool2'], starts: ['conv1'], ends: ['ip1'] });
      assert.equal(await text(again.page, 'range-count'), '5');
      // Dump Sub-model… hands the range to the host, which opens the Dump dialog with it.
      await again.page.getByTestId('range-panel').locator('vscode-button', { hasText: 'Dump Sub-model…' }).click();
      assert.deepEqual((await again.posted()).filter((m) => m.type === MessageType.DumpRange), [{ type: MessageType.DumpRange, starts: ['conv1'], ends: ['ip1'] }]);
      await again.page.getByTestId('range-panel').locator('vscode-button', { hasText: 'Clear range' }).click();
      assert.deepEqual((await stateOf(again.page))!.range, { starts: [], ends: [] });
      assert.deepEqual(await rangeRoles(again.page), { inside: [], starts: [], ends: [] });
    } finally {
      await again.close();
    }
  });

  for (const theme of ['dark', 'high-contrast'] as ThemeName[]) {
    it(`draws the range in the ${theme} theme's colours too`, async () => {
      const v = await openSample(browser, lenet, { theme, state: { range: { starts: ['conv1'], ends: ['ip1'] } } });
      try {
        const p = v.page;
        await zoomTo(p, { k: 1, x: 40, y: 20 });
        const rect = await canvasRect(p);
        const t = await transformOf(p);
        const colour = async (id: string) => {
          const b = await boxOf(p, id);
          const at = toPage(rect, t, b.x + 5, b.y + b.height / 2);
          return pixelAt(p, at.x, at.y);
        };
        assertRangeColours(await colour('conv1'), await colour('conv2'), await colour('ip1'), await colour('prob'), theme);
        await p.screenshot({ path: path.join(shots, `webview-range-lenet-${theme}.png`) });
      } finally {
        await v.close();
      }
    });
  }

  it('refuses an end above the start, says why (in English and Chinese), and keeps the selection', async () => {
    for (const [strings, expected] of [
      [english, 'Not changed: the end data is above the start conv1: an end must come after its start'],
      [chinese, '未更改：终点 data 位于起点 conv1 之上：终点必须在起点之后'],
    ] as const) {
      const v = await openSample(browser, lenet, { strings, state: { range: { starts: ['conv1'], ends: ['pool2'] } } });
      try {
        const p = v.page;
        const before = await rangeRoles(p);
        assert.deepEqual(before, { inside: ['pool1', 'conv2'], starts: ['conv1'], ends: ['pool2'] });
        await rightClickNode(p, 'data', { k: 1 });
        await choose(p, strings.setAsEnd);
        assert.equal(await text(p, 'range-refusal'), expected);
        assert.deepEqual(await rangeRoles(p), before);
        assert.deepEqual((await stateOf(p))!.range, { starts: ['conv1'], ends: ['pool2'] });
        assert.equal(await text(p, 'range-count'), '4');
        // The next accepted choice clears the refusal.
        await rightClickNode(p, 'ip2');
        await choose(p, strings.setAsEnd);
        assert.equal(await p.getByTestId('range-refusal').count(), 0);
        assert.deepEqual((await stateOf(p))!.range, { starts: ['conv1'], ends: ['ip2'] });
      } finally {
        await v.close();
      }
    }
  });

  it('reflows in a narrow editor (300 px): the panel goes under the graph, wraps, and scrolls instead of overflowing', async () => {
    const v = await openSample(browser, lenet, { state: { range: { starts: ['conv1'], ends: ['ip2'] }, selection: ['conv2'] } });
    try {
      const p = v.page;
      await p.setViewportSize({ width: 300, height: 640 });
      await twoFrames(p);
      // A refusal too: the longest line the panel shows.
      await rightClickNode(p, 'data', { k: 1 });
      await choose(p, english.setAsEnd);
      await p.getByTestId('range-refusal').waitFor();
      const layout = await p.evaluate(() => {
        const box = (e: Element) => e.getBoundingClientRect().toJSON() as { left: number; right: number; top: number; bottom: number; width: number; height: number };
        const panel = document.querySelector('[data-testid="range-panel"]')!;
        const column = panel.parentElement!;
        const wide = [...panel.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map((e) => e.outerHTML.slice(0, 80));
        return {
          canvas: box(document.querySelector('[data-testid="graph-canvas"]')!),
          column: box(column),
          columnOverflow: getComputedStyle(column).overflowY,
          pageScrollWidth: document.documentElement.scrollWidth,
          panelScrollWidth: panel.scrollWidth,
          panelClientWidth: panel.clientWidth,
          wide,
        };
      });
      assert.deepEqual(layout.wide, [], 'nothing in the panel reaches past the window\'s right edge');
      assert.ok(layout.panelScrollWidth <= layout.panelClientWidth + 1, `the panel overflows sideways: ${JSON.stringify(layout)}`);
      assert.ok(layout.pageScrollWidth <= 300, `the page scrolls sideways: ${layout.pageScrollWidth}`);
      assert.ok(layout.column.top >= layout.canvas.bottom - 1, `the panel sits under the graph: ${JSON.stringify(layout)}`);
      assert.ok(layout.canvas.width >= 250 && layout.canvas.height >= 150, `the graph keeps a usable area: ${JSON.stringify(layout.canvas)}`);
      assert.ok(layout.column.bottom <= 640 + 1 && layout.columnOverflow === 'auto', `the column scrolls within the window: ${JSON.stringify(layout)}`);
      // Still usable: Clear is there to click.
      await p.getByTestId('range-panel').getByText(english.clearRange).click();
      assert.deepEqual((await stateOf(p))!.range, { starts: [], ends: [] });
    } finally {
      await v.close();
    }
  });

  it('opens the menu on the selected node with Shift+F10, and gives the focus back to the graph', async () => {
    const v = await openSample(browser, lenet);
    try {
      const p = v.page;
      const rect = await canvasRect(p);
      const t = await transformOf(p);
      const b = await boxOf(p, 'pool2');
      const at = toPage(rect, t, b.x + b.width / 2, b.y + b.height / 2);
      await p.mouse.click(at.x, at.y);
      await p.waitForFunction(() => (window as unknown as { __state?: { selection: string[] } }).__state?.selection[0] === 'pool2');
      await p.getByTestId('graph-canvas').focus();
      await p.keyboard.press('Shift+F10');
      await p.locator('[data-testid="range-menu"][data-node-id="pool2"] vscode-context-menu-item').first().waitFor();
      assert.equal(await p.locator('[data-testid="range-menu"]').count(), 1, 'one menu, not one per event');
      await p.keyboard.press('ArrowDown');
      await p.keyboard.press('Enter');
      await p.getByTestId('range-menu').waitFor({ state: 'detached' });
      assert.deepEqual((await stateOf(p))!.range, { starts: ['pool2'], ends: [] });
      assert.equal(await p.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'graph-canvas');

      // Escape closes it without a choice; a right-click on empty canvas opens none.
      await p.keyboard.press('Shift+F10');
      await p.getByTestId('range-menu').locator('vscode-context-menu-item').first().waitFor();
      await p.keyboard.press('Escape');
      await p.getByTestId('range-menu').waitFor({ state: 'detached' });
      await zoomTo(p, { k: 1, x: 5000, y: 5000 });
      await p.mouse.click(rect.x + 20, rect.y + 20, { button: 'right' });
      await twoFrames(p);
      assert.equal(await p.getByTestId('range-menu').count(), 0);
      assert.deepEqual((await stateOf(p))!.range, { starts: ['pool2'], ends: [] });
    } finally {
      await v.close();
    }
  });
  it('moves a node cursor along the edges with the arrow keys, selects it with Enter, and pans again after Escape', async () => {
    const v = await openSample(browser, lenet);
    try {
      const p = v.page;
      await selectByClick(p, 'conv2');
      await p.getByTestId('graph-canvas').focus();
      const requests = async () => (await v.posted()).filter((m) => m.type === 'request').map((m) => (m as unknown as { params: { nodeId: string } }).params.nodeId);
      assert.deepEqual(await requests(), ['conv2']);
      await p.keyboard.press('ArrowDown');
      assert.equal(await text(p, 'graph-announce'), 'Pooling pool2');
      await p.keyboard.press('ArrowDown');
      assert.equal(await text(p, 'graph-announce'), 'InnerProduct ip1');
      await p.keyboard.press('ArrowUp');
      await p.keyboard.press('ArrowUp');
      await p.keyboard.press('ArrowUp');
      assert.equal(await text(p, 'graph-announce'), 'Pooling pool1');
      // Nothing beside it in a chain: Left stays.
      await p.keyboard.press('ArrowLeft');
      assert.equal(await text(p, 'graph-announce'), 'Pooling pool1');
      // Moving asks for nothing; Enter selects, as a click does.
      assert.deepEqual(await requests(), ['conv2']);
      assert.equal((await stateOf(p))!.selection[0], 'conv2');
      await p.keyboard.press('Enter');
      await p.waitForFunction(() => (window as unknown as { __state?: { selection: string[] } }).__state?.selection[0] === 'pool1');
      assert.deepEqual(await requests(), ['conv2', 'pool1']);
      // Shift+F10 acts on the node the cursor is on.
      await p.keyboard.press('ArrowDown');
      await p.keyboard.press('Shift+F10');
      await p.locator('[data-testid="range-menu"][data-node-id="conv2"] vscode-context-menu-item').first().waitFor();
      await p.keyboard.press('Escape');
      await p.getByTestId('range-menu').waitFor({ state: 'detached' });
      await p.keyboard.press('Escape');
      const before = await transformOf(p);
      await p.keyboard.press('ArrowDown');
      const after = await transformOf(p);
      assert.ok(after.y < before.y && after.x === before.x, `ArrowDown did not pan after Escape: ${JSON.stringify({ before, after })}`);
    } finally {
      await v.close();
    }
  });
});

ifFullCorpus(describe)('range selection on GoogLeNet (chromium)', () => {
  let browser: Browser;
  let googlenet: Sample;
  const heads = ['inception_3a/1x1', 'inception_3a/3x3_reduce', 'inception_3a/5x5_reduce', 'inception_3a/pool'];
  before(async () => {
    googlenet = await modelView(sharedModel('caffe', 'bvlc_googlenet', 'deploy.prototxt'));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('the four branch heads of inception_3a as starts (Shift) and its output as end select exactly that block', async () => {
    const v = await openSample(browser, googlenet);
    try {
      const p = v.page;
      await rightClickNode(p, heads[0], { k: 1 });
      await choose(p, 'Set as start');
      // Shift at the right-click offers "Add as start"; Shift while choosing "Set as start" adds too.
      await rightClickNode(p, heads[1], { k: 1, shift: true });
      assert.deepEqual(await menuLabels(p), ['Add as start', 'Add as end', 'Clear range']);
      await choose(p, 'Add as start');
      await rightClickNode(p, heads[2], { k: 1 });
      await choose(p, 'Set as start', true);
      await rightClickNode(p, heads[3], { k: 1, shift: true });
      await choose(p, 'Add as start');
      assert.deepEqual((await stateOf(p))!.range, { starts: heads, ends: [] });
      await rightClickNode(p, 'inception_3a/output', { k: 0.8 });
      await choose(p, 'Set as end');

      const reader = new CompactGraphReader(googlenet.graph);
      const block = Array.from({ length: googlenet.graph.nodeCount }, (_, i) => reader.nodeId(i)).filter((id) => id.startsWith('inception_3a/'));
      const roles = await rangeRoles(p);
      assert.deepEqual(sorted(roles.starts), sorted(heads));
      assert.deepEqual(roles.ends, ['inception_3a/output']);
      assert.deepEqual(sorted([...roles.inside, ...roles.starts, ...roles.ends]), sorted(block));
      assert.equal(await text(p, 'range-count'), String(block.length));
      assert.match(await text(p, 'range-inputs'), /pool2\/3x3_s2 \[10, 192, 28, 28\] float32/);
      assert.equal(await p.getByTestId('range-inputs').locator('tbody tr').count(), 1);
      assert.match(await text(p, 'range-outputs'), /inception_3a\/output \[10, 256, 28, 28\] float32/);
      await p.screenshot({ path: path.join(shots, 'webview-range-googlenet.png') });

      // An end on another branch than three of the starts, then one above them: refused, with the
      // reason, and the block stays selected.
      await rightClickNode(p, 'inception_3a/relu_1x1', { k: 1 });
      await choose(p, 'Set as end');
      assert.equal(await text(p, 'range-refusal'), 'Not changed: no path leads from inception_3a/3x3_reduce to inception_3a/relu_1x1: they are on different branches');
      assert.deepEqual(await rangeRoles(p), roles);
      await rightClickNode(p, 'conv1/7x7_s2', { k: 1 });
      await choose(p, 'Set as end');
      assert.equal(await text(p, 'range-refusal'), 'Not changed: the end conv1/7x7_s2 is above the start inception_3a/1x1: an end must come after its start');
      assert.deepEqual(await rangeRoles(p), roles);
      assert.deepEqual((await stateOf(p))!.range, { starts: heads, ends: ['inception_3a/output'] });
    } finally {
      await v.close();
    }
  });

  it('moves the node cursor across the row of branch heads and along the edges', async () => {
    const v = await openSample(browser, googlenet);
    try {
      const p = v.page;
      const box = await boxOf(p, 'inception_3a/3x3_reduce');
      const rect = await canvasRect(p);
      await zoomTo(p, { k: 1, x: rect.width / 2 - (box.x + box.width / 2), y: rect.height / 2 - (box.y + box.height / 2) });
      await selectByClick(p, 'inception_3a/3x3_reduce');
      await p.getByTestId('graph-canvas').focus();
      const at = async (key: string) => {
        await p.keyboard.press(key);
        return text(p, 'graph-announce');
      };
      assert.equal(await at('ArrowRight'), 'Convolution inception_3a/5x5_reduce');
      assert.equal(await at('ArrowRight'), 'Pooling inception_3a/pool');
      assert.equal(await at('ArrowLeft'), 'Convolution inception_3a/5x5_reduce');
      assert.equal(await at('ArrowLeft'), 'Convolution inception_3a/3x3_reduce');
      assert.equal(await at('ArrowLeft'), 'Convolution inception_3a/1x1');
      assert.equal(await at('ArrowUp'), 'Pooling pool2/3x3_s2');
      // Back down the edge it came up, though another head lies nearer below the pooling.
      assert.equal(await at('ArrowDown'), 'Convolution inception_3a/1x1');
      assert.equal(await at('ArrowDown'), 'ReLU inception_3a/relu_1x1');
      assert.equal(await at('ArrowDown'), 'Concat inception_3a/output');
      // The cursor's node is kept in view as it moves.
      const t = await transformOf(p);
      const out = await boxOf(p, 'inception_3a/output');
      const screen = toPage(rect, t, out.x, out.y);
      assert.ok(screen.x >= rect.x && screen.y >= rect.y && screen.x + out.width * t.k <= rect.x + rect.width && screen.y + out.height * t.k <= rect.y + rect.height, 'the cursor\'s node is out of view');
    } finally {
      await v.close();
    }
  });

  it('opens the menu on the node under the pointer at several zoom levels', async () => {
    const v = await openSample(browser, googlenet, { theme: 'dark' });
    try {
      const p = v.page;
      const cases: [string, number | undefined][] = [['inception_4a/3x3', 0.06], ['pool5/7x7_s1', undefined], ['inception_3b/pool_proj', 1], ['loss3/classifier', 3]];
      for (const [id, k] of cases) {
        await rightClickNode(p, id, { k });
        if (k !== undefined) assert.equal((await transformOf(p)).k, k);
        assert.equal(await p.getByTestId('range-menu').count(), 1, `zoom ${k}: one menu`);
        assert.equal(await p.getByTestId('range-menu').getAttribute('data-node-id'), id, `zoom ${k}`);
        // The right-click selects the node as a click would.
        assert.equal((await stateOf(p))!.selection[0], id);
      }
      await p.keyboard.press('Escape');
      await p.getByTestId('range-menu').waitFor({ state: 'detached' });
    } finally {
      await v.close();
    }
  });
});
