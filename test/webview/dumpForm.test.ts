// The Dump dialog page in headless chromium: prefilled from DumpInit, its own checks said beside
// the fields, the dump request posted with the fields as typed, the host's answers shown, and the
// weights and output folder following a newly chosen model.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { dumpStrings } from '../../src/extension/dumpStrings';
import { DUMP_INIT, DUMP_READY, type DumpForm, type DumpInit } from '../../src/protocol/dumpMessages';
import { format } from '../../src/protocol/strings';
import { repoRoot } from '../support/paths';
import { openDumpPage, type DumpPage } from './dumpPage';
import { launchChromium, themes } from './viewerPage';

const english = dumpStrings((m, ...args) => format(m, ...args.map(String)));
const zhBundle = JSON.parse(readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const chinese = dumpStrings((m, ...args) => format(zhBundle[m] ?? m, ...args.map(String)));

const prefill: Partial<DumpForm> = { model: '/models/lenet/lenet.prototxt', weights: '/models/lenet/lenet.caffemodel', starts: ['conv1'], ends: ['ip2'], outDir: '/models/lenet' };
const init = (form = prefill, strings = english): DumpInit => ({ type: DUMP_INIT, strings, form });

type Request = { type: 'request'; messageId: number; method: string; params: Record<string, unknown> };

const fieldValue = (p: Page, id: string) => p.getByTestId(`field-${id}`).evaluate((f) => (f as HTMLElement & { value: string }).value);
const typeInto = (p: Page, id: string, text: string) => p.getByTestId(`field-${id}`).locator('input').fill(text);
const errorOf = (p: Page, id: string) => p.getByTestId(`error-${id}`).textContent();

/** The requests the page has posted so far for `method`. */
async function requests(v: DumpPage, method: string): Promise<Request[]> {
  return (await v.posted()).filter((m): m is Request => m.type === 'request' && (m as Request).method === method);
}

async function waitForRequest(v: DumpPage, method: string, count: number): Promise<Request> {
  await v.page.waitForFunction(
    ([m, n]) => (window as unknown as { __posted: { type: string; method?: string }[] }).__posted.filter((x) => x.type === 'request' && x.method === m).length >= n,
    [method, count] as const,
  );
  return (await requests(v, method))[count - 1];
}

const reply = (v: DumpPage, request: Request, result: unknown) => v.send({ type: 'reply', inReplyTo: request.messageId, ok: true, result });

describe('Dump dialog webview (chromium)', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('says it is ready, then fills the form from DumpInit', async () => {
    const v = await openDumpPage(browser, 'light');
    try {
      assert.deepEqual(await v.posted(), [{ type: DUMP_READY }]);
      await v.send(init());
      const p = v.page;
      assert.equal(await p.locator('h1').textContent(), 'Dump Sub-model');
      assert.equal(await fieldValue(p, 'model'), '/models/lenet/lenet.prototxt');
      assert.equal(await fieldValue(p, 'weights'), '/models/lenet/lenet.caffemodel');
      assert.equal(await fieldValue(p, 'starts'), 'conv1');
      assert.equal(await fieldValue(p, 'ends'), 'ip2');
      assert.equal(await fieldValue(p, 'dumpData'), '');
      assert.equal(await fieldValue(p, 'offlineModel'), '');
      assert.equal(await fieldValue(p, 'outDir'), '/models/lenet');
      assert.equal(await p.locator('vscode-label[for="field-dumpData"]').textContent(), 'Dump Data Path (optional)');
    } finally {
      await v.close();
    }
  });

  it('says beside each field what is missing, in the theme error colour, and posts nothing', async () => {
    const v = await openDumpPage(browser, 'dark');
    try {
      await v.send(init({ model: '/models/lenet/lenet.prototxt', starts: [], ends: ['ip2'], outDir: '' }));
      const p = v.page;
      await typeInto(p, 'ends', ' , ');
      await p.getByTestId('dump').click();
      assert.equal(await errorOf(p, 'starts'), 'Enter at least one start node id.');
      assert.equal(await errorOf(p, 'ends'), 'Enter at least one end node id.');
      assert.equal(await errorOf(p, 'outDir'), 'Choose the output folder.');
      assert.equal(await errorOf(p, 'model'), '');
      const colour = await p.getByTestId('error-starts').evaluate((e) => getComputedStyle(e).color);
      assert.equal(colour, 'rgb(248, 81, 73)', `${themes.dark['--vscode-errorForeground']} expected`);
      assert.deepEqual(await requests(v, 'dump'), []);
      // Typing in a field clears its message.
      await typeInto(p, 'starts', 'conv1');
      assert.equal(await errorOf(p, 'starts'), '');
      assert.equal(await errorOf(p, 'outDir'), 'Choose the output folder.');
    } finally {
      await v.close();
    }
  });

  it('posts the dump request with the fields as typed, and shows the host refusal beside its field', async () => {
    const v = await openDumpPage(browser, 'light');
    try {
      await v.send(init());
      const p = v.page;
      await typeInto(p, 'starts', 'conv1, pool1,');
      await typeInto(p, 'dumpData', '/golden/npy');
      await p.getByTestId('dump').click();
      const first = await waitForRequest(v, 'dump', 1);
      assert.deepEqual(first.params, {
        model: '/models/lenet/lenet.prototxt',
        weights: '/models/lenet/lenet.caffemodel',
        starts: ['conv1', 'pool1'],
        ends: ['ip2'],
        dumpData: '/golden/npy',
        offlineModel: '',
        outDir: '/models/lenet',
        // The output folder is still the prefilled one: the host must not write there unasked outside the workspace.
        outDirChosen: false,
      });
      assert.equal(await p.getByTestId('status').textContent(), 'Dumping…');
      assert.equal(await p.getByTestId('dump').evaluate((b) => (b as HTMLElement & { disabled: boolean }).disabled), true);
      await reply(v, first, { ok: false, field: 'ends', message: '/models/lenet/lenet.prototxt: ip2 lies above pool1' });
      await p.getByTestId('error-ends').filter({ hasText: 'ip2 lies above pool1' }).waitFor();
      assert.equal(await errorOf(p, 'ends'), '/models/lenet/lenet.prototxt: ip2 lies above pool1');
      assert.equal(await p.getByTestId('status').textContent(), '');

      await typeInto(p, 'outDir', '/tmp/cuts');
      await p.getByTestId('dump').click();
      const second = await waitForRequest(v, 'dump', 2);
      assert.equal(second.params.outDir, '/tmp/cuts');
      assert.equal(second.params.outDirChosen, true);
      assert.equal(await errorOf(p, 'ends'), '');
      await reply(v, second, { ok: true, folder: '/tmp/cuts/dump_result_2026_12_02_09_30_00', files: ['dump.prototxt', 'dump.caffemodel', 'dump.log'] });
      await p.getByTestId('status').filter({ hasText: 'dump_result_' }).waitFor();
      assert.equal(await p.getByTestId('status').textContent(), 'Dumped to /tmp/cuts/dump_result_2026_12_02_09_30_00');

      await p.getByTestId('dump').click();
      await reply(v, await waitForRequest(v, 'dump', 3), { ok: false, cancelled: true });
      await p.getByTestId('status').filter({ hasText: 'cancelled' }).waitFor();
    } finally {
      await v.close();
    }
  });

  it('fills the weights and the output folder from the host when another model is chosen, unless the user set them', async () => {
    const v = await openDumpPage(browser, 'light');
    try {
      await v.send(init({ starts: ['a'], ends: ['b'] }));
      const p = v.page;
      const model = p.getByTestId('field-model').locator('input');
      await model.fill('/models/det/model.pdmodel');
      await model.dispatchEvent('change');
      const look = await waitForRequest(v, 'lookAtModel', 1);
      assert.deepEqual(look.params, { model: '/models/det/model.pdmodel' });
      await reply(v, look, { ok: true, weights: '/models/det/model.pdiparams', folder: '/models/det' });
      await p.waitForFunction(() => (document.querySelector('[data-testid=field-weights]') as HTMLElement & { value: string }).value !== '');
      assert.equal(await fieldValue(p, 'weights'), '/models/det/model.pdiparams');
      assert.equal(await fieldValue(p, 'outDir'), '/models/det');

      // Now the user names an output folder; another model changes the weights only.
      await typeInto(p, 'outDir', '/work/cuts');
      await model.fill('/models/cls/inference.pdmodel');
      await model.dispatchEvent('change');
      await reply(v, await waitForRequest(v, 'lookAtModel', 2), { ok: true, weights: '/models/cls/inference.pdiparams', folder: '/models/cls' });
      await p.waitForFunction(() => (document.querySelector('[data-testid=field-weights]') as HTMLElement & { value: string }).value.includes('cls'));
      assert.equal(await fieldValue(p, 'outDir'), '/work/cuts');

      // A model the host cannot read is said beside the model field.
      await model.fill('/models/broken.pdmodel');
      await model.dispatchEvent('change');
      await reply(v, await waitForRequest(v, 'lookAtModel', 3), { ok: false, message: '/models/broken.pdmodel: not a Paddle program' });
      await p.getByTestId('error-model').filter({ hasText: 'not a Paddle program' }).waitFor();
    } finally {
      await v.close();
    }
  });

  it('keeps the fields with setState and comes back with them when VS Code reloads the page', async () => {
    const v = await openDumpPage(browser, 'light');
    let saved: unknown;
    try {
      await v.send(init());
      await typeInto(v.page, 'ends', 'ip1, relu1');
      await typeInto(v.page, 'outDir', '/work/cuts');
      saved = await v.state();
      assert.deepEqual(saved, { ...prefill, ends: ['ip1', 'relu1'], outDir: '/work/cuts', dumpData: '', offlineModel: '', outDirChosen: true, weightsChosen: false });
    } finally {
      await v.close();
    }
    const again = await openDumpPage(browser, 'light', saved);
    try {
      // The host sends its prefill again; what the user typed wins.
      await again.send(init());
      assert.equal(await fieldValue(again.page, 'ends'), 'ip1, relu1');
      assert.equal(await fieldValue(again.page, 'outDir'), '/work/cuts');
      await again.page.getByTestId('dump').click();
      const request = await waitForRequest(again, 'dump', 1);
      assert.equal(request.params.outDirChosen, true);
    } finally {
      await again.close();
    }
  });

  it('shows the Chinese strings the host sends, and asks the host to browse for a field', async () => {
    const v = await openDumpPage(browser, 'high-contrast');
    try {
      await v.send(init({ ...prefill, starts: [] }, chinese));
      const p = v.page;
      assert.equal(await p.locator('h1').textContent(), '导出子模型');
      await p.getByTestId('dump').click();
      assert.equal(await errorOf(p, 'starts'), '请至少输入一个起始节点 ID。');
      await p.getByTestId('field-offlineModel').locator('xpath=..').locator('vscode-button').click();
      const browse = await waitForRequest(v, 'browse', 1);
      assert.deepEqual(browse.params, { field: 'offlineModel', current: '' });
      await reply(v, browse, '/models/lenet/lenet.bmodel');
      await p.waitForFunction(() => (document.querySelector('[data-testid=field-offlineModel]') as HTMLElement & { value: string }).value !== '');
      assert.equal(await fieldValue(p, 'offlineModel'), '/models/lenet/lenet.bmodel');
    } finally {
      await v.close();
    }
  });
});
