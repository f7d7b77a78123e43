// Groups in the graph view, in headless chromium with the real viewer bundle, on a ResNet-style
// net the test writes (no model collection needed), big enough (over 2,000 nodes) to open with
// its groups collapsed: a double-click expands a group in place and its nodes can be clicked; its
// chevron collapses it; E and C do the same from the keyboard; Expand all and Collapse all; the
// find field opens the group holding its match; a range across collapsed groups colours the
// groups it holds whole; a click finds a group at several zoom levels.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { nodeGroups } from '../../src/core/graph/nodeGroups';
import { GROUP_CHEVRON, GROUP_HEADER } from '../../src/core/layout/nodeBoxes';
import { webviewStrings } from '../../src/extension/webviewStrings';
import { MessageType, type ModelView, type ToWebviewMessage } from '../../src/protocol/messages';
import { format } from '../../src/protocol/strings';
import type { CompactGraph } from '../../src/core/graph/compactGraph';
import { writeGroupedNet } from '../support/groupedNets';
import { boxOf, canvasRect, choose, pixelAt, ready, rightClickNode, stateOf, toPage, transformOf, twoFrames, zoomTo, type Box } from './graphPage';
import { modelView } from './sampleModel';
import { launchChromium, openViewerPage, type ViewerPage } from './viewerPage';

const english = webviewStrings((m, ...args) => format(m, ...args.map(String)));

interface GroupBox extends Box {
  expanded: boolean;
  role: number;
}
type GroupHook = {
  __npuGraph?: {
    groupBox(path: string): GroupBox | undefined;
    expanded(): string[];
    layouts(): number;
    frames(): number;
    selectedGroup(): string | undefined;
    lastDraw(): { nodes: number; edges: number; groups: number } | undefined;
  };
};

const groupBox = (page: Page, p: string) => page.evaluate((g) => (window as unknown as GroupHook).__npuGraph!.groupBox(g)!, p);
const expandedOf = (page: Page) => page.evaluate(() => (window as unknown as GroupHook).__npuGraph!.expanded().sort());
const layoutsOf = (page: Page) => page.evaluate(() => (window as unknown as GroupHook).__npuGraph!.layouts());

/** Runs `action` and returns once the view has installed a new layout and drawn it. */
async function relaidOut(page: Page, action: () => Promise<void>): Promise<void> {
  const before = await layoutsOf(page);
  await action();
  await page.waitForFunction((n) => (window as unknown as GroupHook).__npuGraph!.layouts() > n, before);
  await twoFrames(page);
}

/** A group's box centred at scale k. */
async function centreGroup(page: Page, p: string, k: number): Promise<{ rect: Box; box: GroupBox }> {
  const rect = await canvasRect(page);
  const box = await groupBox(page, p);
  await zoomTo(page, { k, x: rect.width / 2 - (box.x + box.width / 2) * k, y: rect.height / 2 - (box.y + box.height / 2) * k });
  return { rect, box };
}

describe('graph groups (chromium)', () => {
  let browser: Browser;
  let dir: string;
  let sample: { model: ModelView; graph: CompactGraph };
  let groupPaths: string[];
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'npu-groups-'));
    sample = await modelView(writeGroupedNet(dir, { resBlocks: 230, inceptionBlocks: 2 }));
    groupPaths = nodeGroups(sample.graph).groupPath;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(state?: unknown): Promise<ViewerPage> {
    const v = await openViewerPage(browser, 'light', state);
    await v.send({ type: MessageType.Init, resource: `file://${sample.model.file}`, locale: 'en', strings: english } satisfies ToWebviewMessage);
    await v.send({ type: MessageType.ModelLoaded, version: 1, model: sample.model, graph: sample.graph, canRevealSource: false } satisfies ToWebviewMessage);
    await ready(v.page);
    return v;
  }

  it('opens a net of over 2,000 nodes collapsed; a double-click expands a group in place, its nodes clickable; the chevron collapses it', async () => {
    assert.ok(sample.graph.nodeCount > 2000 && groupPaths.length > 200);
    const v = await open();
    try {
      const p = v.page;
      assert.deepEqual(await expandedOf(p), []);
      const drawn = await p.evaluate(() => (window as unknown as GroupHook).__npuGraph!.lastDraw()!);
      assert.equal(drawn.groups, groupPaths.length, 'at fit every group is one box');
      assert.equal(drawn.nodes, 4, 'and only the four top-level nodes are boxes of their own');

      const { rect, box } = await centreGroup(p, 'res2c', 1);
      const t = await transformOf(p);
      const before = toPage(rect, t, box.x, box.y);
      // The left half of the box: the chevron is at its right end.
      await relaidOut(p, () => p.mouse.dblclick(before.x + box.width / 4, before.y + box.height / 2));
      const opened = await groupBox(p, 'res2c');
      assert.equal(opened.expanded, true);
      assert.ok(opened.height > box.height && opened.width >= box.width);
      assert.deepEqual(await expandedOf(p), ['res2c']);
      assert.equal((await transformOf(p)).k, t.k, 'the zoom stays');
      const after = toPage(rect, await transformOf(p), opened.x, opened.y);
      assert.ok(Math.hypot(after.x - before.x, after.y - before.y) < 1, `the group stays put on the screen: ${JSON.stringify({ before, after })}`);
      assert.equal((await stateOf(p))?.zoom?.k, t.k);

      // Its nodes are drawn and hit: a click on one selects it.
      const node = await boxOf(p, 'res2c_branch2b');
      assert.ok(node.x >= opened.x && node.y >= opened.y + GROUP_HEADER && node.y + node.height <= opened.y + opened.height);
      const at = toPage(rect, await transformOf(p), node.x + node.width / 2, node.y + node.height / 2);
      await p.mouse.click(at.x, at.y);
      await p.waitForFunction(() => (window as unknown as { __state?: { selection: string[] } }).__state?.selection[0] === 'res2c_branch2b');

      // The chevron at the right end of the header collapses it again.
      const chevron = toPage(rect, await transformOf(p), opened.x + opened.width - GROUP_CHEVRON / 2, opened.y + GROUP_HEADER / 2);
      await relaidOut(p, () => p.mouse.click(chevron.x, chevron.y));
      assert.equal((await groupBox(p, 'res2c')).expanded, false);
      assert.ok(Number.isNaN((await boxOf(p, 'res2c_branch2b')).x), 'its nodes are hidden again');
      assert.deepEqual((await stateOf(p) as unknown as { expandedGroups: string[] }).expandedGroups, []);
    } finally {
      await v.close();
    }
  });

  it('from the keyboard: a clicked group expands with E, and C collapses the group around the selected node', async () => {
    const v = await open();
    try {
      const p = v.page;
      const { rect, box } = await centreGroup(p, 'res2d', 1);
      const at = toPage(rect, await transformOf(p), box.x + 10, box.y + box.height / 2);
      await p.mouse.click(at.x, at.y);
      assert.equal(await p.evaluate(() => (window as unknown as GroupHook).__npuGraph!.selectedGroup()), 'res2d');
      assert.match(await p.getByTestId('graph-announce').innerText(), /Group res2d, 9 nodes, collapsed/);
      await relaidOut(p, () => p.keyboard.press('e'));
      assert.deepEqual(await expandedOf(p), ['res2d']);
      const node = await boxOf(p, 'bn2d_branch2a');
      const on = toPage(rect, await transformOf(p), node.x + node.width / 2, node.y + node.height / 2);
      await p.mouse.click(on.x, on.y);
      await relaidOut(p, () => p.keyboard.press('c'));
      assert.deepEqual(await expandedOf(p), []);
      assert.equal(await p.evaluate(() => (window as unknown as GroupHook).__npuGraph!.selectedGroup()), 'res2d');
    } finally {
      await v.close();
    }
  });

  it('the arrow keys move over what is shown: a node\'s edge into a collapsed group lands on its box, and Enter expands it', async () => {
    const v = await open({ selection: ['data'] });
    try {
      const p = v.page;
      const hook = () => p.evaluate(() => {
        const g = (window as unknown as GroupHook & { __npuGraph: { selectedNode(): string | undefined } }).__npuGraph;
        return { node: g.selectedNode(), group: g.selectedGroup() };
      });
      await p.getByTestId('graph-canvas').focus();
      // data's consumer conv1 hides in the collapsed group conv1: the cursor goes to that box.
      await p.keyboard.press('ArrowDown');
      assert.deepEqual(await hook(), { node: undefined, group: 'conv1' });
      assert.match(await p.getByTestId('graph-announce').innerText(), /Group conv1, 4 nodes, collapsed/);
      // From a group's box, along the edges of the nodes it hides, to the next group below.
      await p.keyboard.press('ArrowDown');
      assert.deepEqual(await hook(), { node: undefined, group: 'res2a' });
      await p.keyboard.press('ArrowUp');
      await p.keyboard.press('ArrowUp');
      assert.deepEqual(await hook(), { node: 'data', group: undefined });
      await p.keyboard.press('ArrowDown');
      await p.keyboard.press('ArrowDown');
      assert.deepEqual(await hook(), { node: undefined, group: 'res2a' });
      // The group's box is in view, and Enter expands it.
      const box = await groupBox(p, 'res2a');
      const rect = await canvasRect(p);
      const t = await transformOf(p);
      const corner = toPage(rect, t, box.x, box.y);
      assert.ok(corner.x >= rect.x && corner.y >= rect.y && corner.x + box.width * t.k <= rect.x + rect.width && corner.y + box.height * t.k <= rect.y + rect.height, 'the cursor\'s box is in view');
      await relaidOut(p, () => p.keyboard.press('Enter'));
      assert.deepEqual(await expandedOf(p), ['res2a']);
    } finally {
      await v.close();
    }
    // Expanded, a group's nodes are stops of their own: Down from the box above enters it at a node.
    const expanded = await open({ selection: ['data'], expandedGroups: ['res2a'], groupsChosen: true });
    try {
      const p = expanded.page;
      await p.getByTestId('graph-canvas').focus();
      await p.keyboard.press('ArrowDown');
      await p.keyboard.press('ArrowDown');
      const at = await p.evaluate(() => {
        const g = (window as unknown as GroupHook & { __npuGraph: { selectedNode(): string | undefined } }).__npuGraph;
        return { node: g.selectedNode(), group: g.selectedGroup() };
      });
      assert.equal(at.group, undefined);
      assert.match(at.node ?? '', /^res2a/);
    } finally {
      await expanded.close();
    }
  });

  it('Cancel stops the worker: a first layout cancelled offers to lay out again; a cancelled Expand all keeps the drawing as it was', async () => {
    // Requests to the worker are held in the page until released, so the layout is still coming when Cancel is clicked.
    const hold = (p: Page) => p.evaluate(() => {
      const w = window as unknown as { __send?: typeof Worker.prototype.postMessage };
      w.__send ??= Worker.prototype.postMessage;
      Worker.prototype.postMessage = function held() {};
    });
    const release = (p: Page) => p.evaluate(() => {
      Worker.prototype.postMessage = (window as unknown as { __send: typeof Worker.prototype.postMessage }).__send;
    });
    const v = await openViewerPage(browser, 'light');
    try {
      const p = v.page;
      await v.send({ type: MessageType.Init, resource: `file://${sample.model.file}`, locale: 'en', strings: english } satisfies ToWebviewMessage);
      await hold(p);
      await v.send({ type: MessageType.ModelLoaded, version: 1, model: sample.model, graph: sample.graph, canRevealSource: false } satisfies ToWebviewMessage);
      await p.getByTestId('layout-cancel').click();
      assert.equal(await p.getByTestId('layout-cancelled').innerText(), english.layoutCancelled);
      assert.equal(await p.evaluate(() => (window as unknown as GroupHook).__npuGraph?.frames() ?? 0), 0, 'nothing drawn');
      await release(p);
      await p.getByTestId('layout-again').click();
      await ready(p);
      assert.equal(await p.getByTestId('graph-status').count(), 0);
      assert.deepEqual(await expandedOf(p), []);

      const layouts = await layoutsOf(p);
      await hold(p);
      await p.getByTestId('expand-all').click();
      await p.getByTestId('layout-cancel').click();
      await p.getByTestId('graph-status').waitFor({ state: 'detached' });
      await release(p);
      assert.deepEqual(await expandedOf(p), [], 'the groups are those drawn');
      assert.deepEqual((await stateOf(p) as unknown as { expandedGroups: string[] }).expandedGroups, []);
      assert.equal(await layoutsOf(p), layouts, 'the drawing stays');
      assert.equal((await groupBox(p, 'res2c')).expanded, false);
      // The worker is started again for the next change.
      await relaidOut(p, () => p.getByTestId('expand-all').click());
      assert.deepEqual(await expandedOf(p), [...groupPaths].sort());
    } finally {
      await v.close();
    }
  });

  it('Expand all and Collapse all, each fitted to the view; the choice survives a reload', async () => {
    const v = await open();
    try {
      const p = v.page;
      await relaidOut(p, () => p.getByTestId('expand-all').click());
      assert.deepEqual(await expandedOf(p), [...groupPaths].sort());
      const everything = await p.evaluate(() => (window as unknown as GroupHook).__npuGraph!.lastDraw()!);
      assert.equal(everything.groups, groupPaths.length);
      const state = await stateOf(p);
      const reopened = await open(state);
      try {
        assert.deepEqual(await expandedOf(reopened.page), [...groupPaths].sort(), 'the expanded groups come back');
        assert.equal((await groupBox(reopened.page, 'inception_3a')).expanded, true);
      } finally {
        await reopened.close();
      }
      await relaidOut(p, () => p.getByTestId('collapse-all').click());
      assert.deepEqual(await expandedOf(p), []);
      assert.equal((await groupBox(p, 'inception_3a')).expanded, false);
    } finally {
      await v.close();
    }
  });

  it('the find field opens the group holding its match and centres the node', async () => {
    const v = await open();
    try {
      const p = v.page;
      const field = p.getByTestId('graph-tools').locator('vscode-textfield input');
      await field.click();
      await p.keyboard.type('res2e_branch2a_relu');
      await p.waitForFunction(() => (window as unknown as { __state?: { selection: string[] } }).__state?.selection[0] === 'res2e_branch2a_relu');
      await p.waitForFunction(() => (window as unknown as GroupHook).__npuGraph!.expanded().includes('res2e'));
      await p.waitForFunction(() => {
        const g = (window as unknown as { __npuGraph: { nodeIndex(id: string): number; layout: { x: Float64Array } } }).__npuGraph;
        return !Number.isNaN(g.layout.x[g.nodeIndex('res2e_branch2a_relu')]);
      });
      await twoFrames(p);
      const rect = await canvasRect(p);
      const box = await boxOf(p, 'res2e_branch2a_relu');
      const c = toPage(rect, await transformOf(p), box.x + box.width / 2, box.y + box.height / 2);
      assert.ok(Math.hypot(c.x - (rect.x + rect.width / 2), c.y - (rect.y + rect.height / 2)) < 1, `not centred: ${JSON.stringify({ c, rect })}`);
    } finally {
      await v.close();
    }
  });

  it('a range across collapsed groups colours blue the groups it holds whole', async () => {
    const v = await open();
    try {
      const p = v.page;
      const { rect, box } = await centreGroup(p, 'res2b', 1);
      const inside = toPage(rect, await transformOf(p), box.x + box.width - 30, box.y + 6);
      const plain = await pixelAt(p, inside.x, inside.y);
      await rightClickNode(p, 'data', { k: 1 });
      await choose(p, 'Set as start');
      await rightClickNode(p, 'pool5', { k: 1 });
      await choose(p, 'Set as end');
      for (const g of ['conv1', 'res2a', 'res2b', 'inception_3b']) assert.equal((await groupBox(p, g)).role, 1, `${g} lies wholly in the range`);
      // Centred again: the details panel beside the canvas has made it narrower.
      const again = await centreGroup(p, 'res2b', 1);
      await twoFrames(p);
      const there = toPage(again.rect, await transformOf(p), again.box.x + again.box.width - 30, again.box.y + 6);
      const blue = await pixelAt(p, there.x, there.y);
      assert.notDeepEqual(blue, plain, 'the group box is drawn in the range colour');
      assert.ok(blue[2] > blue[0] + 20, `bluish: ${blue.join(',')}`);
    } finally {
      await v.close();
    }
  });

  it('a node highlighted from the text, hidden in a collapsed group, opens it and is centred', async () => {
    const v = await open();
    try {
      const p = v.page;
      await v.send({ type: MessageType.HighlightNode, nodeId: 'res2f_branch2a' } satisfies ToWebviewMessage);
      await p.waitForFunction(() => (window as unknown as GroupHook).__npuGraph!.expanded().includes('res2f'));
      await p.waitForFunction(() => (window as unknown as { __state?: { selection: string[] } }).__state?.selection[0] === 'res2f_branch2a');
      await p.waitForFunction(() => {
        const g = (window as unknown as { __npuGraph: { nodeIndex(id: string): number; layout: { x: Float64Array } } }).__npuGraph;
        return !Number.isNaN(g.layout.x[g.nodeIndex('res2f_branch2a')]);
      });
      await twoFrames(p);
      const rect = await canvasRect(p);
      const box = await boxOf(p, 'res2f_branch2a');
      const c = toPage(rect, await transformOf(p), box.x + box.width / 2, box.y + box.height / 2);
      assert.ok(Math.hypot(c.x - (rect.x + rect.width / 2), c.y - (rect.y + rect.height / 2)) < 1, `not centred: ${JSON.stringify({ c, rect })}`);
    } finally {
      await v.close();
    }
  });

  it('a click finds the group under the pointer at several zoom levels', async () => {
    const v = await open();
    try {
      const p = v.page;
      for (const [k, g] of [[0.3, 'res2k'], [1, 'res2m'], [2.5, 'inception_3a']] as const) {
        const { rect, box } = await centreGroup(p, g, k);
        // Near the box's top-left corner, off its chevron: the hit test must use the real box.
        const at = toPage(rect, await transformOf(p), box.x + Math.min(6, box.width / 4), box.y + Math.min(6, box.height / 4));
        await p.mouse.click(at.x, at.y);
        assert.equal(await p.evaluate(() => (window as unknown as GroupHook).__npuGraph!.selectedGroup()), g, `at zoom ${k}`);
      }
    } finally {
      await v.close();
    }
  });
});
