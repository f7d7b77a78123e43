// The conversion form page in headless chromium, answered by the real checks: the test plays the
// extension's part with src/core's prefill and checks on an NMS detector it writes (image
// [-1,3,608,608] between im_shape and scale_factor). The page fills its fields from ConvertInit,
// shows the rows of the chosen tool, asks for a check as the user types and shows each message
// beside its field (Convert disabled while there is an error), and posts Convert, Copy Command
// Line and Save as Task with the fields as typed. A screenshot of the zh-cn form is kept in e2e-shots.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { formCommandLine, formFields, prefillConversionForm, type ConversionForm } from '../../src/core/convert/conversionForm';
import { checkConversionForm } from '../../src/core/convert/conversionFormChecks';
import { openConversionModel } from '../../src/core/convert/conversionJob';
import type { HostConfig } from '../../src/core/hosts/hostsFile';
import { ModelService } from '../../src/core/modelService';
import { SOPHON_TOOLS } from '../../src/core/convert/toolChoice';
import { convertStrings } from '../../src/extension/convertStrings';
import { CONVERT_INIT, CONVERT_READY, type ConvertInit, type FormState } from '../../src/protocol/convertMessages';
import { format } from '../../src/protocol/strings';
import { ifFullCorpus, sharedModel } from '../support/corpus';
import { writeNmsDetector } from '../support/deployModels';
import { repoRoot } from '../support/paths';
import { openFormPage, type DumpPage } from './dumpPage';
import { launchChromium } from './viewerPage';

const english = convertStrings((m, ...args) => format(m, ...args.map(String)), 'sophon');
const zhBundle = JSON.parse(readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const chinese = convertStrings((m, ...args) => format(zhBundle[m] ?? m, ...args.map(String)), 'sophon');
const shots = path.join(repoRoot, 'e2e-shots');

const HOSTS: HostConfig[] = [
  { name: 'bm', kind: 'sophon', target: 'BM1684X', ssh: 'me@sdk-box', workdir: '/tmp/npu-deploy' },
  { name: 'local', kind: 'sophon', target: 'BM1684', workdir: '/tmp/npu-deploy' },
];

type Request = { type: 'request'; messageId: number; method: string; params: ConversionForm };

const fieldValue = (p: Page, id: string) => p.getByTestId(`field-${id}`).evaluate((f) => (f as HTMLElement & { value: string }).value);
const typeInto = (p: Page, id: string, text: string) => p.getByTestId(`field-${id}`).locator('input').fill(text);
const errorOf = (p: Page, id: string) => p.getByTestId(`error-${id}`).textContent();
const rowHidden = (p: Page, id: string) => p.locator(`.field-row[data-field="${id}"]`).evaluate((r) => (r as HTMLElement).hidden);
const convertDisabled = (p: Page) => p.getByTestId('convert').evaluate((b) => (b as HTMLElement & { disabled: boolean }).disabled);

async function waitForRequest(v: DumpPage, method: string, count: number): Promise<Request> {
  await v.page.waitForFunction(
    ([m, n]) => (window as unknown as { __posted: { type: string; method?: string }[] }).__posted.filter((x) => x.type === 'request' && x.method === m).length >= n,
    [method, count] as const,
  );
  return (await v.posted()).filter((m): m is Request => m.type === 'request' && (m as Request).method === method)[count - 1];
}

const reply = (v: DumpPage, request: Request, result: unknown) => v.send({ type: 'reply', inReplyTo: request.messageId, ok: true, result });

/** The check the page asked for last, once typing has paused (the page shows only the answer to its latest). */
async function latestCheck(v: DumpPage): Promise<Request> {
  await waitForRequest(v, 'check', 1);
  // Longer than the page's pause before it checks, so no later check is still to come.
  await v.page.waitForTimeout(400);
  const checks = (await v.posted()).filter((m): m is Request => m.type === 'request' && (m as Request).method === 'check');
  return checks[checks.length - 1];
}

describe('conversion form webview (chromium)', () => {
  let browser: Browser;
  let dir: string;
  let model: string;
  let form: ConversionForm;
  const models = new ModelService();
  let facts: Parameters<typeof checkConversionForm>[1]['facts'];
  /** What the extension answers to a check (ConvertPanel.check), from src/core. */
  const stateOf = async (f: ConversionForm): Promise<FormState> => ({
    fields: formFields(f.tool),
    check: await checkConversionForm(f, { models, hosts: HOSTS, facts }),
    commandLine: formCommandLine(f),
  });
  const init = async (strings = english): Promise<ConvertInit> => ({ type: CONVERT_INIT, strings, form, hosts: HOSTS.map((h) => ({ name: h.name, detail: `${h.target} · ${h.ssh ?? 'here'}` })), tools: [...SOPHON_TOOLS], state: await stateOf(form) });

  before(async () => {
    browser = await launchChromium();
    dir = mkdtempSync(path.join(tmpdir(), 'npu-convert-page-'));
    await writeNmsDetector(dir);
    model = path.join(dir, 'detector.pdmodel');
    const opened = await openConversionModel(model);
    facts = opened && { framework: opened.framework, name: opened.name, inputs: opened.inputs, outputs: opened.outputs };
    form = prefillConversionForm({ model, kind: 'sophon', hosts: HOSTS, opened });
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fills the fields from ConvertInit and shows only the rows of the tool', async () => {
    const v = await openFormPage(browser, 'light', 'convert');
    try {
      assert.deepEqual(await v.posted(), [{ type: CONVERT_READY }]);
      await v.send(await init());
      const p = v.page;
      assert.equal(await p.locator('h1').textContent(), 'Convert for Sophon');
      assert.equal(await p.getByTestId('model').textContent(), model);
      assert.equal(await fieldValue(p, 'host'), 'bm');
      assert.equal(await fieldValue(p, 'tool'), 'bmpaddle');
      assert.equal(await fieldValue(p, 'shapes'), '[1,2],[1,3,608,608],[1,2]');
      assert.equal(await fieldValue(p, 'descs'), '[0,fp32,608,609],[2,fp32,1,2]');
      assert.equal(await fieldValue(p, 'target'), 'BM1684X');
      assert.equal(await fieldValue(p, 'opt'), '1');
      for (const id of ['framework', 'inputShape', 'socVersion', 'weight']) assert.equal(await rowHidden(p, id), true, id);
      for (const id of ['inputNames', 'outputNames', 'descs', 'netName']) assert.equal(await rowHidden(p, id), false, id);
      assert.equal(await convertDisabled(p), false);
      assert.match((await p.getByTestId('command-line').textContent()) ?? '', /^npu-deploy convert .*detector\.pdmodel --host bm --tool bmpaddle --out /);
    } finally {
      await v.close();
    }
  });

  it('checks as the user types: the message lands beside its field and Convert waits until it is fixed', async () => {
    const v = await openFormPage(browser, 'dark', 'convert');
    try {
      await v.send(await init());
      const p = v.page;
      await typeInto(p, 'shapes', '[1,2],[1,3,600,608],[1,2]');
      let check = await latestCheck(v);
      assert.equal(check.params.shapes, '[1,2],[1,3,600,608],[1,2]');
      await reply(v, check, await stateOf(check.params));
      await p.waitForFunction(() => document.querySelector('[data-testid="error-shapes"]')?.textContent !== '');
      assert.match((await errorOf(p, 'shapes')) ?? '', /608/);
      assert.equal(await convertDisabled(p), true);
      assert.equal(await p.getByTestId('field-shapes').evaluate((f) => f.hasAttribute('invalid')), true);

      await typeInto(p, 'shapes', '[1,2],[1,3,608,608],[1,2]');
      await typeInto(p, 'descs', '');
      check = await latestCheck(v);
      assert.deepEqual([check.params.shapes, check.params.descs], ['[1,2],[1,3,608,608],[1,2]', '']);
      await reply(v, check, await stateOf(check.params));
      await p.waitForFunction(() => document.querySelector('[data-testid="error-shapes"]')?.textContent === '');
      // Without --descs the vendor's NMS warning stands beside the field, and Convert still may run.
      assert.match((await errorOf(p, 'descs')) ?? '', /NMS/);
      assert.equal(await p.getByTestId('error-descs').evaluate((e) => e.classList.contains('field-warning')), true);
      assert.equal(await convertDisabled(p), false);
    } finally {
      await v.close();
    }
  });

  it('shows the rows of another tool when the user picks it', async () => {
    const v = await openFormPage(browser, 'light', 'convert');
    try {
      await v.send(await init());
      const p = v.page;
      await p.getByTestId('field-tool').evaluate((s) => {
        (s as HTMLElement & { value: string }).value = 'bmnetc';
        s.dispatchEvent(new Event('change'));
      });
      const check = await latestCheck(v);
      assert.equal(check.params.tool, 'bmnetc');
      await reply(v, check, await stateOf(check.params));
      await p.waitForFunction(() => (document.querySelector('.field-row[data-field="inputNames"]') as HTMLElement).hidden);
      assert.equal(await rowHidden(p, 'descs'), true, 'bmnetc takes no --descs');
      assert.equal(await rowHidden(p, 'shapes'), false);
    } finally {
      await v.close();
    }
  });

  it('posts Convert, Copy Command Line and Save as Task with the fields as typed, and says how each went (zh-cn)', async () => {
    const v = await openFormPage(browser, 'light', 'convert');
    try {
      await v.send(await init(chinese));
      const p = v.page;
      assert.equal(await p.locator('h1').textContent(), '为 Sophon 转换');
      assert.equal(await p.locator('vscode-label[for="field-shapes"]').textContent(), '输入形状（--shapes）');
      await typeInto(p, 'netName', 'det_608');
      await p.getByTestId('copy-command-line').click();
      const copy = await waitForRequest(v, 'copyCommandLine', 1);
      assert.equal(copy.params.netName, 'det_608');
      await reply(v, copy, formCommandLine(copy.params));
      await p.waitForFunction((text) => document.querySelector('[data-testid="status"]')?.textContent === text, chinese.copied);

      await p.getByTestId('save-as-task').click();
      const save = await waitForRequest(v, 'saveAsTask', 1);
      await reply(v, save, { ok: true, file: '/w/.vscode/tasks.json' });
      await p.waitForFunction((text) => document.querySelector('[data-testid="status"]')?.textContent === text, format(chinese.saved, '/w/.vscode/tasks.json'));

      mkdirSync(shots, { recursive: true });
      await p.screenshot({ path: path.join(shots, 'webview-convert-form-zh.png'), fullPage: true });

      await p.getByTestId('convert').click();
      const convert = await waitForRequest(v, 'convert', 1);
      assert.equal(convert.params.netName, 'det_608');
      assert.equal(await p.getByTestId('status').textContent(), chinese.converting);
      await reply(v, convert, { verdict: 'success', outputs: ['/m/compilation.bmodel'] });
      await p.waitForFunction((text) => document.querySelector('[data-testid="status"]')?.textContent === text, format(chinese.succeeded, '/m/compilation.bmodel'));
    } finally {
      await v.close();
    }
  });

  it('per-layer error statistics: a choice beside --cmp, off at first; on, it leads the command line; with --cmp=false a warning stands beside it', async () => {
    const v = await openFormPage(browser, 'light', 'convert');
    try {
      await v.send(await init());
      const p = v.page;
      assert.equal(await rowHidden(p, 'statErr'), false);
      assert.equal(await fieldValue(p, 'statErr'), '0');
      assert.equal(await p.locator('vscode-label[for="field-statErr"]').textContent(), 'Per-layer error statistics (BMCOMPILER_STAT_ERR)');
      const pick = (id: string, value: string) =>
        p.getByTestId(`field-${id}`).evaluate((s, value) => {
          (s as HTMLElement & { value: string }).value = value;
          s.dispatchEvent(new Event('change'));
        }, value);
      await pick('statErr', '1');
      let check = await latestCheck(v);
      assert.equal(check.params.statErr, '1');
      await reply(v, check, await stateOf(check.params));
      await p.waitForFunction(() => document.querySelector('[data-testid="command-line"]')?.textContent?.startsWith('BMCOMPILER_STAT_ERR=1 npu-deploy convert '));
      await pick('cmp', 'false');
      check = await latestCheck(v);
      assert.deepEqual([check.params.cmp, check.params.statErr], ['false', '1']);
      await reply(v, check, await stateOf(check.params));
      await p.waitForFunction(() => document.querySelector('[data-testid="error-statErr"]')?.textContent !== '');
      assert.match((await errorOf(p, 'statErr')) ?? '', /--cmp=false/);
      assert.equal(await convertDisabled(p), false, 'a warning does not stop Convert');
    } finally {
      await v.close();
    }
  });

  it('a compile that fails in its compare step: the page says why and runs the same job again with --cmp=false', async () => {
    const v = await openFormPage(browser, 'dark', 'convert');
    try {
      await v.send(await init());
      const p = v.page;
      const offer = p.getByTestId('compare-failed');
      assert.equal(await offer.isVisible(), false);
      // A failure of the compile itself offers nothing.
      await p.getByTestId('convert').click();
      await reply(v, await waitForRequest(v, 'convert', 1), { verdict: 'failure', message: 'The conversion failed.' });
      await p.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent === 'The conversion failed.');
      assert.equal(await offer.isVisible(), false);

      await p.getByTestId('convert').click();
      const first = await waitForRequest(v, 'convert', 2);
      assert.equal(first.params.cmp, 'true');
      await reply(v, first, { verdict: 'failure', message: 'The conversion failed.', compareFailed: true });
      await offer.waitFor({ state: 'visible' });
      assert.match((await offer.textContent()) ?? '', /compare step.*accumulated error.*OCR detection.*--cmp=false.*application level/is);
      await p.getByTestId('compile-without-cmp').click();
      const again = await waitForRequest(v, 'convert', 3);
      assert.deepEqual(again.params, { ...first.params, cmp: 'false' }, 'the same job, --cmp=false alone changed');
      assert.equal(await fieldValue(p, 'cmp'), 'false');
      assert.equal(await offer.isVisible(), false);
      await reply(v, again, { verdict: 'success', outputs: ['/m/compilation.bmodel'] });
      await p.waitForFunction((text) => document.querySelector('[data-testid="status"]')?.textContent === text, format(english.succeeded, '/m/compilation.bmodel'));
    } finally {
      await v.close();
    }
  });

  ifFullCorpus(it)('a Paddle 3 PIR program for bmpaddle: the page says bmpaddle reads only the legacy program, names the routes, and Convert goes through ONNX', async () => {
    const pirModel = sharedModel('paddle-pir', 'pplcnet_x0_25_textline_ori', 'inference.json');
    const opened = await openConversionModel(pirModel);
    const pirFacts = opened && { framework: opened.framework, name: opened.name, inputs: opened.inputs, outputs: opened.outputs };
    const pirForm = prefillConversionForm({ model: pirModel, kind: 'sophon', hosts: HOSTS, opened });
    const pirState = async (f: ConversionForm): Promise<FormState> => ({
      fields: formFields(f.tool),
      check: await checkConversionForm(f, { models, hosts: HOSTS, facts: pirFacts, format: opened?.format }),
      commandLine: formCommandLine(f),
    });
    const v = await openFormPage(browser, 'light', 'convert');
    try {
      await v.send({ ...(await init()), form: pirForm, state: await pirState(pirForm) });
      const p = v.page;
      const notice = p.getByTestId('pir-route');
      await notice.waitFor({ state: 'visible' });
      const text = (await notice.textContent()) ?? '';
      assert.match(text, /bmpaddle reads only the legacy program/);
      assert.match(text, /FLAGS_enable_pir_api=0/);
      assert.match(text, /paddle2onnx/);
      assert.equal(await p.getByTestId('general').textContent(), '', 'the routes, not an error');
      assert.equal(await p.getByTestId('convert').textContent(), format(english.convertThroughOnnx, 'bmneto'));
      assert.equal(await convertDisabled(p), false);
      await p.getByTestId('convert').click();
      const convert = await waitForRequest(v, 'convert', 1);
      assert.deepEqual([convert.params.model, convert.params.tool], [pirModel, 'bmpaddle']);

      // A tool that reads the program: no routes, the plain Convert.
      await p.getByTestId('field-tool').evaluate((s) => {
        (s as HTMLElement & { value: string }).value = 'bmneto';
        s.dispatchEvent(new Event('change'));
      });
      const check = await latestCheck(v);
      await reply(v, check, await pirState(check.params));
      await notice.waitFor({ state: 'hidden' });
      assert.equal(await p.getByTestId('convert').textContent(), english.convert);
    } finally {
      await v.close();
    }
  });
});
