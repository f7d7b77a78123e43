// Selecting a range in the real VS Code (code-server driven by headless chromium, the packaged
// VSIX), as a user does: "Open Graph" on a Caffe net from the Explorer, a right-click on a node →
// Set as start, then another node selected with a click and its menu opened from the keyboard
// (Shift+F10) → Set as end. The range panel must count the nodes and list the sub-model's inputs
// and outputs with their shapes, and the pixels of the drawing must show the range's colours. The
// model is the LeNet the project writes, so this runs without the model collection.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { CAFFE_SAMPLE_NAME, writeCaffeSample } from '../../src/core/samples/caffeSample';
import { assertRangeColours, boxOf, choose, menuLabels, pixelAt, rangeRoles, ready, transformOf, toPage, zoomTo, type Box } from '../webview/graphPage';
import { packagedCodeServer, shotsDir as shots } from './codeServerHarness';
import { explorerContextMenu, findInPalette, waitForExplorerRow, webviewContent } from './workbench';

/**
 * What the sample's layers make of the range pool1 → ip2 (src/core/samples/caffeSample.ts, worked
 * out by hand): the chain between them, the in-place ReLU included; fed with conv1's output (a 5×5
 * convolution of 20 channels on 28×28 gives 24×24) and delivering ip2's 10 values.
 */
const START = 'pool1';
const END = 'ip2';
const INSIDE = ['conv2', 'pool2', 'ip1', 'relu1'];
const INPUTS = ['conv1 [1, 20, 24, 24] float32'];
const OUTPUTS = ['ip2 [1, 10] float32'];

/** The viewer's webview: its frame locator (for elements) and its frame (for the graph's test hook). */
interface Viewer { content: FrameLocator; frame: Frame }

async function openViewer(page: Page): Promise<Viewer> {
  const content = await webviewContent(page, '[data-testid="model-name"]', CAFFE_SAMPLE_NAME, 90_000);
  const frame = await (await content.locator('body').elementHandle())?.ownerFrame();
  assert.ok(frame, 'the viewer\'s webview has no frame');
  return { content, frame };
}

/** The canvas on the page (not in the webview's frame), where the mouse clicks and the screenshot reads. */
async function canvasOnPage(v: Viewer): Promise<Box> {
  const box = await v.content.getByTestId('graph-canvas').boundingBox();
  assert.ok(box, 'the graph canvas is not shown');
  return box;
}

/** Centres the view on a point of a node's box at scale 1 and returns where that point is on the page. */
async function centreOn(v: Viewer, id: string, at: (b: Box) => { x: number; y: number }): Promise<{ x: number; y: number }> {
  const rect = await canvasOnPage(v);
  const b = await boxOf(v.frame, id);
  const p = at(b);
  await zoomTo(v.frame, { k: 1, x: rect.width / 2 - p.x, y: rect.height / 2 - p.y });
  return toPage(rect, await transformOf(v.frame), p.x, p.y);
}

const rows = (v: Viewer, id: string) => v.content.getByTestId(id).locator('tbody tr').allInnerTexts().then((r) => r.map((t) => t.replace(/\s+/g, ' ').trim()));
const menuOn = (v: Viewer, id: string) => v.content.locator(`[data-testid="range-menu"][data-node-id=${JSON.stringify(id)}] vscode-context-menu-item`).first();

describe('range selection in code-server', { timeout: 20 * 60_000 }, () => {
  const session = packagedCodeServer();

  it('sets a start by right-click and an end by Shift+F10 on a Caffe net, and shows the range in the panel and the drawing', { timeout: 15 * 60_000 }, async () => {
    const { profile } = session.packagedProfile('range');
    const ws = path.join(profile.dir, 'ws');
    mkdirSync(ws, { recursive: true });
    await writeCaffeSample(ws);
    const { server, page } = await session.openWorkspace(profile, ws);
    try {
      await waitForExplorerRow(page, 'lenet.prototxt');
      // The Explorer's menu offers Open Graph once the extension host has registered the extension.
      await findInPalette(page, 'NPU Deploy: Open Graph');
      await page.keyboard.press('Escape');
      await explorerContextMenu(page, 'lenet.prototxt', 'Open Graph');
      const v = await openViewer(page);
      await ready(v.frame);
      assert.equal(await v.content.getByTestId('range-panel').isVisible(), false, 'a range panel before any choice');

      // Right-click near the start's top-left corner (the hit test must use the real box) → Set as start.
      const startAt = await centreOn(v, START, (b) => ({ x: b.x + Math.min(6, b.width / 4), y: b.y + Math.min(6, b.height / 4) }));
      await page.mouse.click(startAt.x, startAt.y, { button: 'right' });
      await menuOn(v, START).waitFor();
      assert.deepEqual(await menuLabels(v.content), ['Set as start', 'Set as end']);
      await choose(v.content, 'Set as start');
      assert.deepEqual(await rangeRoles(v.frame), { inside: [], starts: [START], ends: [] });

      // The end from the keyboard: a click selects the node, Shift+F10 opens its menu.
      const endAt = await centreOn(v, END, (b) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 }));
      await page.mouse.click(endAt.x, endAt.y);
      await v.content.getByTestId('graph-canvas').focus();
      await page.keyboard.press('Shift+F10');
      await menuOn(v, END).waitFor();
      await choose(v.content, 'Set as end');

      const roles = await rangeRoles(v.frame);
      assert.deepEqual({ ...roles, inside: [...roles.inside].sort() }, { inside: [...INSIDE].sort(), starts: [START], ends: [END] });
      assert.equal((await v.content.getByTestId('range-starts').innerText()).trim(), START);
      assert.equal((await v.content.getByTestId('range-ends').innerText()).trim(), END);
      assert.equal((await v.content.getByTestId('range-count').innerText()).trim(), String(INSIDE.length + 2));
      assert.deepEqual(await rows(v, 'range-inputs'), INPUTS);
      assert.deepEqual(await rows(v, 'range-outputs'), OUTPUTS);

      // The colours as VS Code shows them (the theme the fresh profile starts with: light), read from
      // screenshots of the page: each node centred in turn, the pixel in its box's left padding (no
      // text there). prob, below the end, stays the plain shade.
      const colour = async (id: string) => {
        const at = await centreOn(v, id, (b) => ({ x: b.x + 5, y: b.y + b.height / 2 }));
        return pixelAt(page, at.x, at.y);
      };
      const inside = await colour('conv2');
      assertRangeColours(await colour(START), inside, await colour(END), await colour('prob'), 'code-server');
      // Every node between is blue, not only the one checked with the others.
      for (const id of INSIDE) {
        const [r, , b] = await colour(id);
        assert.ok(b > r + 40, `${id} is inside the range but not blue: ${await colour(id)}`);
      }
      await centreOn(v, 'pool2', (b) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 }));
      await page.screenshot({ path: path.join(shots, 'e2e-range-lenet.png') });
    } catch (e) {
      await page.screenshot({ path: path.join(shots, 'e2e-range-failure.png') }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n(code-server log: ${server.logFile}; screenshot e2e-shots/e2e-range-failure.png)`, { cause: e });
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
