// The viewer in headless chromium on Paddle 3 PIR programs (every one of the collection, each laid
// out and drawn with all its nodes) and on a checkpoint folder (no graph: it opens on the
// overview, which lists the variables with dtype and shape).
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { webviewStrings } from '../../src/extension/webviewStrings';
import { MessageType, type ToWebviewMessage } from '../../src/protocol/messages';
import { format } from '../../src/protocol/strings';
import { encodeTensorRecord } from '../../src/core/formats/paddle/tensorRecordWriter';
import { VarKind } from '../../src/core/formats/paddle/programTypes';
import { corpus, ifFullCorpus } from '../support/corpus';
import { modelView } from './sampleModel';
import { launchChromium, nonBackgroundPixels, openViewerPage } from './viewerPage';

const english = webviewStrings((m, ...args) => format(m, ...args.map(String)));

type HookWindow = { __npuGraph?: { frames(): number; lastDraw(): { nodes: number } | undefined; layout: { x: Float64Array } } };

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => ((window as unknown as HookWindow).__npuGraph?.frames() ?? 0) > 0);
}

ifFullCorpus(describe)('the viewer on PIR programs and checkpoint folders (chromium)', () => {
  let browser: Browser;
  const folder = mkdtempSync(path.join(tmpdir(), 'npu-ckpt-view-'));
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  for (const model of corpus.models.filter((m) => m.framework === 'paddle-pir')) {
    it(`draws paddle-pir/${model.name}: every node laid out and drawn`, async () => {
      const file = model.path((model.reference as unknown as { program_file: string }).program_file);
      const sample = await modelView(file);
      const v = await openViewerPage(browser, 'light');
      try {
        await v.send({ type: MessageType.Init, resource: `file://${file}`, locale: 'en', strings: english } satisfies ToWebviewMessage);
        await v.send({ type: MessageType.ModelLoaded, version: 1, model: sample.model, graph: sample.graph, canRevealSource: false } satisfies ToWebviewMessage);
        const p = v.page;
        await ready(p);
        const nodeCount = (model.reference as unknown as { op_count_total: number }).op_count_total;
        assert.equal(sample.graph.nodeCount, nodeCount);
        assert.equal(await p.evaluate(() => (window as unknown as HookWindow).__npuGraph!.layout.x.length), nodeCount);
        assert.equal(await p.evaluate(() => (window as unknown as HookWindow).__npuGraph!.lastDraw()!.nodes), nodeCount);
        const { differing, total } = await nonBackgroundPixels(p, await p.screenshot());
        assert.ok(differing / total > 0.005, `the graph looks blank: ${differing} of ${total}`);
      } finally {
        await v.close();
      }
    });
  }

  it('a checkpoint folder opens on the overview, its variables in a table', async () => {
    writeFileSync(path.join(folder, 'fc_0.w_0'), encodeTensorRecord({ name: 'fc_0.w_0', dataType: VarKind.FP32, dims: [13, 1], data: new Uint8Array(52) }));
    writeFileSync(path.join(folder, 'fc_0.b_0'), encodeTensorRecord({ name: 'fc_0.b_0', dataType: VarKind.FP32, dims: [1], data: new Uint8Array(4) }));
    const sample = await modelView(folder);
    const v = await openViewerPage(browser, 'light');
    try {
      await v.send({ type: MessageType.Init, resource: `file://${folder}`, locale: 'en', strings: english } satisfies ToWebviewMessage);
      await v.send({ type: MessageType.ModelLoaded, version: 1, model: sample.model, graph: sample.graph, canRevealSource: false } satisfies ToWebviewMessage);
      const p = v.page;
      const table = p.getByTestId('variables');
      await table.waitFor({ state: 'visible' });
      assert.match(await table.innerText(), /Variables\s+2[\s\S]*fc_0\.b_0\s+\[1\]\s+float32[\s\S]*fc_0\.w_0\s+\[13, 1\]\s+float32/);
      assert.equal(await p.getByTestId('format').textContent(), 'persistables');
      assert.match(await p.getByTestId('warnings').innerText(), /tools\/export_model\.py --m=<model name> --p=/);
    } finally {
      await v.close();
    }
  });
});
