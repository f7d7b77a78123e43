// Finding in the graph (webview/graph/graphFind.ts), in headless chromium with the real viewer
// bundle, on a LeNet the test writes: the operator types with their counts, a type chosen finds
// its nodes, next and previous (buttons, Enter, Shift+Enter) go through the matches and round
// past either end, the text narrows a type's matches, and a text matching nothing says so.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CompactGraph } from '../../src/core/graph/compactGraph';
import { writeCaffeSample } from '../../src/core/samples/caffeSample';
import { webviewStrings } from '../../src/extension/webviewStrings';
import { MessageType, type ModelView, type ToWebviewMessage } from '../../src/protocol/messages';
import { format } from '../../src/protocol/strings';
import { ready, stateOf } from './graphPage';
import { modelView } from './sampleModel';
import { launchChromium, openViewerPage } from './viewerPage';

const english = webviewStrings((m, ...args) => format(m, ...args.map(String)));

/** Waits until the count reads `want` and the selection is `node`. */
async function shows(p: Page, want: string, node?: string): Promise<void> {
  await p.waitForFunction((w) => document.querySelector('[data-testid="find-count"]')?.textContent === w, want);
  if (node !== undefined) await p.waitForFunction((id) => (window as unknown as { __state?: { selection: string[] } }).__state?.selection[0] === id, node);
}

const chooseType = (p: Page, type: string) => p.evaluate((t) => {
  const list = document.querySelector('[data-testid="field-find-type"]') as HTMLElement & { value: string };
  list.value = t;
  list.dispatchEvent(new Event('change'));
}, type);

describe('finding in the graph (chromium)', () => {
  let browser: Browser;
  let dir: string;
  let lenet: { model: ModelView; graph: CompactGraph };
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'npu-find-'));
    lenet = await modelView((await writeCaffeSample(dir)).prototxt);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the operator types with counts, and goes through a type\'s nodes with next, previous, Enter and Shift+Enter', async () => {
    const v = await openViewerPage(browser, 'light');
    try {
      const p = v.page;
      await v.send({ type: MessageType.Init, resource: `file://${lenet.model.file}`, locale: 'en', strings: english } satisfies ToWebviewMessage);
      await v.send({ type: MessageType.ModelLoaded, version: 1, model: lenet.model, graph: lenet.graph, canRevealSource: false } satisfies ToWebviewMessage);
      await ready(p);
      const options = await p.evaluate(() => [...document.querySelectorAll('[data-testid="field-find-type"] vscode-option')].map((o) => o.textContent));
      assert.deepEqual(options, ['All operator types', 'Convolution (2)', 'InnerProduct (2)', 'Pooling (2)', 'Input (1)', 'ReLU (1)', 'Softmax (1)']);

      await chooseType(p, 'Pooling');
      await shows(p, '1 of 2', 'pool1');
      const field = p.getByTestId('graph-tools').locator('vscode-textfield input');
      await field.focus();
      await p.keyboard.press('Enter');
      await shows(p, '2 of 2', 'pool2');
      await p.keyboard.press('Enter');
      await shows(p, '1 of 2', 'pool1');
      await p.keyboard.press('Shift+Enter');
      await shows(p, '2 of 2', 'pool2');
      await p.getByTestId('find-next').click();
      await shows(p, '1 of 2', 'pool1');
      await p.getByTestId('find-previous').click();
      await shows(p, '2 of 2', 'pool2');

      // The text narrows the type's matches; with every type, it matches ids, types and tensors.
      await chooseType(p, 'Convolution');
      await shows(p, '1 of 2', 'conv1');
      await field.fill('conv2');
      await shows(p, '1 of 1', 'conv2');
      await chooseType(p, '');
      await field.fill('relu1');
      await shows(p, '1 of 1', 'relu1');
      await field.fill('no such layer');
      await shows(p, 'No match');
      assert.equal((await stateOf(p))?.selection[0], 'relu1', 'no match leaves the selection as it was');
    } finally {
      await v.close();
    }
  });
});
